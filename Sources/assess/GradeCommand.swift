import ArgumentParser
import AssessCore
import AssessGraders
import AssessPlugins
import AssessReporters
import Foundation

/// `assess grade SUBMISSION`: grade one submission and write its report.
struct GradeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grade", abstract: "Grade one submission against a rubric.")

    @OptionGroup var target: SubmissionOptions

    @Option(
        help: "Output format: \(ReporterCatalogue.identifiers.joined(separator: ", ")). Repeat for several.",
        completion: ShellCompletion.formats)
    var format: [String] = []

    @Option(
        help: ArgumentHelp(
            "Where a report goes: FILE (the one format), FORMAT=FILE (adds FORMAT to the run), or - (standard output). Repeat for several.",
            valueName: "FILE|FORMAT=FILE"), completion: .file())
    var output: [String] = []

    @Option(
        help: "A reviewer's scores for manual criteria (YAML keyed by criterion id).",
        completion: .file(extensions: ["yaml", "yml"]))
    var reviews: String?

    @Option(help: "How many criteria are graded at once.")
    var jobs: Int?

    @Option(
        help: ArgumentHelp(
            "The folder SARIF, Code Quality and GitHub annotation paths are relative to (default: the repository root holding the submission, else the working folder).",
            valueName: "DIR"), completion: .directory)
    var sarifBase: String?

    @Option(help: "The assignment's total points in Gradescope; the score and each test are scaled to it.")
    var gradescopePoints: Double = 100

    @Option(help: "Colour the terminal report: auto (a TTY without NO_COLOR or TERM=dumb), always, never.")
    var color: ColorChoice = .auto

    func validate() throws {
        guard gradescopePoints > 0, gradescopePoints.isFinite else {
            throw ValidationError("--gradescope-points must be a positive number, got \(gradescopePoints)")
        }
    }

    func run() async throws {
        let plan = try OutputPlan(formats: format, outputs: output)
        let (opened, graded) = try target.open()
        let reviewScores: Reviews
        do {
            reviewScores =
                try reviews.map { path throws(RubricError) in try Reviews.load(path, rubric: graded) } ?? Reviews()
        } catch {
            throw CLIExit.rubric(error)
        }
        var engine = Engine()
        if let jobs { engine.concurrency = max(1, jobs) }
        let report = await engine.grade(opened, against: graded, reviews: reviewScores)
        let base = sarifBase ?? ReportPaths.repositoryRoot(containing: target.submission) ?? "."
        var options = ReporterOptions(
            paths: ReportPaths(rubric: graded, submission: target.submission, base: base),
            gradescopePoints: gradescopePoints, width: ColorChoice.terminalWidth, markdown: .cmarkGFM)
        var failed = false
        for (identifier, path) in plan.targets {
            options.color = path == nil && color.enabled(isTTY: ColorChoice.standardOutputIsTTY)
            guard let reporter = ReporterCatalogue.reporter(for: identifier, options: options) else { continue }
            do {
                try ReportWriter.write(reporter.render(report), to: path)
            } catch {
                // Every other output is still written before the failing exit.
                CLIExit.printError("error: the \(identifier) report: \(error)")
                failed = true
            }
        }
        failed = !GitHubActions.annotate(report, options: options, formats: plan.formats) || failed
        if failed { throw CLIExit.internalError.code }
        if !report.canStillPass { throw CLIExit.failed.code }
    }
}
