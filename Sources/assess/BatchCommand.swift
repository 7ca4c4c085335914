import ArgumentParser
import AssessBatch
import AssessCore
import AssessGraders
import AssessPlugins
import AssessReporters
import Foundation

/// `assess batch DIR --rubric R`: grade a cohort.
struct BatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "batch",
        abstract: "Grade every submission (sub-folder, .zip or .tar.gz) of a cohort folder.",
        discussion:
            "Exit codes: 0 every submission passed or is provisional and can still pass, 1 some failed, 2 usage or rubric error (or another batch holds --out), 3 some submission could not be fully graded."
    )

    @Argument(help: "The cohort folder.", completion: .directory)
    var cohort: String

    @Option(help: "A rubric file, or a rubric id looked up in --rubrics.", completion: ShellCompletion.rubric)
    var rubric: String

    @Option(help: "Where rubric ids are looked up.", completion: .directory)
    var rubrics: String = "Rubrics"

    @Option(
        help: "Output folder: reports/, gradebook.csv, gradebook.json, summary.{json,md,html}.", completion: .directory)
    var out: String = "assess-out"

    @Option(help: "Submissions graded at once.")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Extra per-submission report formats besides JSON.", completion: ShellCompletion.formats)
    var format: [String] = []

    @Option(help: "Grade only shard K of N (1-based), e.g. 2/4.")
    var shard: String?

    @Option(help: "Take the shard from JOB_COMPLETION_INDEX (with this total) or CI_NODE_INDEX/CI_NODE_TOTAL.")
    var shardsFromEnvironment: Int?

    @Option(
        help:
            "A folder of reviews files, ID.yaml per submission id (the format of grade --reviews); a submission without one stays pending.",
        completion: .directory)
    var reviews: String?

    @Flag(help: "Print the cohort summary as JSON on standard output.")
    var json = false

    @Flag(help: "Also flag shared passages and shared evidence (OUT/integrity.{json,md,html}); never a score.")
    var integrity = false

    @Option(name: .customLong("starter"), help: "With --integrity: a folder of starter files the course handed out.")
    var starters: [String] = []

    func run() async throws {
        let loaded: Rubric
        do {
            loaded = try RubricCatalog(
                directory: rubrics, loader: .commandLine
            ).rubric(
                for: rubric, submission: nil)
        } catch {
            throw CLIExit.rubric(error)
        }
        var chosen: Shard?
        if let shard {
            guard let parsed = Shard(shard) else {
                throw ValidationError("--shard takes K/N with 1 ≤ K ≤ N, e.g. 2/4; got '\(shard)'")
            }
            chosen = parsed
        } else if let total = shardsFromEnvironment {
            guard let parsed = Shard.fromEnvironment(ProcessInfo.processInfo.environment, total: total) else {
                throw ValidationError(
                    "--shards-from-environment: neither JOB_COMPLETION_INDEX nor CI_NODE_INDEX/CI_NODE_TOTAL is set")
            }
            chosen = parsed
        }
        for identifier in format where ReporterCatalogue.reporter(for: identifier, options: ReporterOptions()) == nil {
            throw ValidationError(
                "unknown format '\(identifier)'; formats are \(ReporterCatalogue.identifiers.joined(separator: ", "))")
        }
        guard FileManager.default.fileExists(atPath: cohort) else {
            throw ValidationError("cohort folder '\(cohort)' does not exist")
        }
        if let reviews {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: reviews, isDirectory: &isDirectory), isDirectory.boolValue
            else {
                throw ValidationError("--reviews folder '\(reviews)' does not exist")
            }
        }
        let runner = BatchRunner(
            rubric: loaded, cohort: cohort, out: out, jobs: jobs, formats: format, shard: chosen, reviews: reviews)
        let progress = ProgressPrinter()
        let outcome: BatchRunner.Outcome
        do {
            outcome = try await runner.run { done, total in progress.update(done: done, total: total) }
        } catch let error as BatchError where error.locked {
            CLIExit.printError("error: \(error)")
            throw CLIExit.usage.code
        } catch {
            CLIExit.printError("error: batch failed: \(error)")
            throw CLIExit.internalError.code
        }
        let s = outcome.summary
        if json {
            do {
                try ReportWriter.write(s.json, to: nil)
            } catch {
                CLIExit.printError("error: the cohort summary: \(error)")
                throw CLIExit.internalError.code
            }
        } else {
            CLIExit.printError(
                "\(s.submissions) submissions\(chosen.map { " (shard \($0))" } ?? ""): \(s.passed) passed, \(s.failed) failed, \(s.provisional) provisional, \(s.errors) not fully graded; \(outcome.reused) reused from an earlier run. Gradebook: \(out)/gradebook.csv"
            )
        }
        if integrity {
            do {
                let report = try IntegrityScan(rubric: loaded, cohort: cohort, starters: starters).run()
                try report.write(to: out)
                CLIExit.printError(report.summaryLine(in: out))
            } catch {
                CLIExit.printError("error: integrity: \(error)")
                throw CLIExit.internalError.code
            }
        }
        if outcome.exitCode != 0 { throw ExitCode(outcome.exitCode) }
    }
}

/// `assess merge OUT…`: join shard outputs into one gradebook.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge", abstract: "Join the outputs of sharded batch runs into one gradebook.")

    @Argument(help: "The --out folders of the shards.")
    var outs: [String]

    @Option(help: "Where the merged gradebook and summaries go.")
    var out: String = "assess-merged"

    func run() throws {
        let result: GradebookMerge.Result
        do {
            result = try GradebookMerge.merge(outs)
        } catch {
            CLIExit.printError("error: \(error)")
            throw CLIExit.usage.code
        }
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        try BatchRunner.writeCohortFiles(result.gradebook, to: out)
        if !result.missing.isEmpty {
            CLIExit.printError(
                "error: no shard graded \(result.missing.count) submission(s): \(result.missing.joined(separator: ", "))"
            )
            throw CLIExit.internalError.code
        }
        CLIExit.printError(
            "merged \(result.gradebook.rows.count) submissions from \(outs.count) outputs into \(out)/gradebook.csv")
        let code = BatchRunner.exitCode(result.gradebook.rows)
        if code != 0 { throw ExitCode(code) }
    }
}

/// `assess rubric impact OLD NEW --against OUT`: whose verdict a rubric change would move.
struct ImpactCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "impact",
        abstract: "Regrade a graded cohort under a changed rubric and list whose verdict, band or score moves.")

    @Argument(help: "The rubric the cohort was graded with.")
    var old: String

    @Argument(help: "The changed rubric.")
    var new: String

    @Option(help: "The --out folder of the batch run that graded the cohort with OLD.")
    var against: String

    @Option(help: "The cohort folder that batch run graded.")
    var cohort: String

    @Option(help: "Submissions graded at once.")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    func run() async throws {
        let loader = RubricLoader.commandLine
        let oldRubric: Rubric
        let newRubric: Rubric
        do {
            oldRubric = try loader.load(file: old)
            newRubric = try loader.load(file: new)
        } catch {
            throw CLIExit.rubric(error)
        }
        guard let data = FileManager.default.contents(atPath: against + "/gradebook.json"),
            let gradebook = try? JSONDecoder().decode(Gradebook.self, from: data)
        else { throw ValidationError("'\(against)' has no readable gradebook.json") }
        guard gradebook.rubricSHA256 == oldRubric.sha256 else {
            throw ValidationError(
                "'\(against)' was graded with rubric digest \(gradebook.rubricSHA256.prefix(12)), not with '\(old)' (\(oldRubric.sha256.prefix(12)))"
            )
        }
        let impact = try await RubricImpact.measure(gradebook: gradebook, cohort: cohort, new: newRubric, jobs: jobs)
        print(impact.markdown, terminator: "")
    }
}
