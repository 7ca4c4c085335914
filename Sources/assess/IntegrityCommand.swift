import ArgumentParser
import AssessBatch
import AssessCore
import AssessGraders
import Foundation

/// `assess integrity COHORT --rubric R --out OUT`: shared passages and shared evidence across a
/// cohort, as flags for a reviewer (`integrity.json`, `.md`, `.html`); never a score.
struct IntegrityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "integrity",
        abstract: "Flag submissions of a cohort that share passages or evidence beyond the template.")

    @Argument(help: "The cohort folder: one folder or archive per submission.")
    var cohort: String

    @Option(help: "A rubric file, or a rubric id looked up in --rubrics.")
    var rubric: String

    @Option(help: "Where rubric ids are looked up.")
    var rubrics: String = "Rubrics"

    @Option(help: "Where integrity.json, integrity.md and integrity.html are written.")
    var out: String

    @Option(name: .customLong("starter"), help: "A folder of starter files the course handed out (repeatable).")
    var starters: [String] = []

    @Option(help: "Share of fingerprints two submissions must share to be listed, 0-1.")
    var threshold: Double = 0.2

    @Option(help: "Fingerprints held by more than this share of the cohort are common phrasing, 0-1.")
    var common: Double = 0.1

    func run() throws {
        let loaded: Rubric
        do {
            loaded = try RubricCatalog(directory: rubrics, loader: .commandLine).rubric(for: rubric, submission: nil)
        } catch {
            throw CLIExit.rubric(error)
        }
        var integrity = CohortIntegrity()
        integrity.threshold = threshold
        integrity.commonShare = common
        let report = try IntegrityScan(rubric: loaded, cohort: cohort, starters: starters).run(integrity)
        try report.write(to: out)
        print(report.summaryLine(in: out))
    }
}
