import AssessCore
import AssessReporters
import Foundation

/// What `grade` adds inside a GitHub Actions job: annotations on standard error (the runner
/// reads workflow commands there too) unless `--format github` already writes them, so no
/// other format's standard output is ever mixed with them; and every finding as a Markdown
/// table appended to `$GITHUB_STEP_SUMMARY`, since GitHub shows only 10 annotations of each
/// kind per step.
enum GitHubActions {
    /// Returns false when the step summary could not be written (the error is printed).
    static func annotate(
        _ report: Report, options: ReporterOptions, formats: [String],
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> Bool {
        guard environment["GITHUB_ACTIONS"] == "true" else { return true }
        let reporter = GitHubAnnotationsReporter(options: options)
        if !formats.contains(GitHubAnnotationsReporter.identifier) {
            try? FileHandle.standardError.write(contentsOf: reporter.render(report))
        }
        guard let summary = environment["GITHUB_STEP_SUMMARY"], !summary.isEmpty else { return true }
        guard let handle = FileHandle(forWritingAtPath: summary) ?? create(summary) else {
            CLIExit.printError("error: cannot write '\(summary)' (GITHUB_STEP_SUMMARY): \(String(cString: strerror(errno)))")
            return false
        }
        do {
            try handle.seekToEnd()
            try handle.write(contentsOf: Data(reporter.stepSummary(report).utf8))
            try handle.close()
        } catch {
            CLIExit.printError("error: cannot write '\(summary)' (GITHUB_STEP_SUMMARY): \(error.localizedDescription)")
            return false
        }
        return true
    }

    private static func create(_ path: String) -> FileHandle? {
        FileManager.default.createFile(atPath: path, contents: nil) ? FileHandle(forWritingAtPath: path) : nil
    }
}
