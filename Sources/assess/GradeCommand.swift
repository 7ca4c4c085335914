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

    @Option(help: "Output format: \(ReporterCatalogue.identifiers.joined(separator: ", ")). Repeat for several.")
    var format: [String] = []

    @Option(help: "Write the report to FILE instead of standard output; with several formats, FORMAT=FILE.")
    var output: [String] = []

    @Option(help: "A reviewer's scores for manual criteria (YAML keyed by criterion id).")
    var reviews: String?

    @Option(help: "How many criteria are graded at once.")
    var jobs: Int?

    func run() async throws {
        let requested = format.isEmpty ? [TerminalReporter.identifier] : format
        let destinations = try OutputDestinations(output, formats: requested)
        var formats = requested
        // In GitHub Actions, annotate the learner's lines as well (on standard output, where
        // the runner reads workflow commands), unless an output file already takes them.
        if ProcessInfo.processInfo.environment["GITHUB_ACTIONS"] == "true",
            !formats.contains(GitHubAnnotationsReporter.identifier)
        {
            formats.append(GitHubAnnotationsReporter.identifier)
        }
        let reporters = try formats.map { identifier in
            guard
                let reporter = ReporterCatalogue.reporter(
                    for: identifier, options: ReporterOptions(color: Self.useColor))
            else {
                throw ValidationError(
                    "unknown format '\(identifier)'\(Suggestion.didYouMean(identifier, in: ReporterCatalogue.identifiers)); formats are \(ReporterCatalogue.identifiers.joined(separator: ", "))"
                )
            }
            return (identifier, reporter)
        }

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
        for (identifier, reporter) in reporters {
            do {
                try ReportWriter.write(reporter.render(report), to: destinations.path(for: identifier))
            } catch {
                CLIExit.printError("error: cannot write the \(identifier) report: \(error.localizedDescription)")
                throw CLIExit.internalError.code
            }
        }
        if !report.canStillPass { throw CLIExit.failed.code }
    }

    /// Colour on a terminal, never when `NO_COLOR` is set.
    static var useColor: Bool {
        isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"].map(\.isEmpty) ?? true
    }
}

/// `--output FILE` (one format) or `--output FORMAT=FILE` (several).
struct OutputDestinations {
    private var paths: [String: String] = [:]

    init(_ values: [String], formats: [String]) throws {
        for value in values {
            if let equals = value.firstIndex(of: "="), formats.contains(String(value[..<equals])) {
                paths[String(value[..<equals])] = String(value[value.index(after: equals)...])
            } else if formats.count == 1 {
                paths[formats[0]] = value
            } else {
                throw ValidationError("with several formats, write --output FORMAT=FILE (got '\(value)')")
            }
        }
    }

    func path(for format: String) -> String? { paths[format] }
}
