public import AssessCore
public import Foundation

/// GitHub Actions workflow commands: `::error file=…,line=…,col=…,title=…::message`, so the
/// run's summary and the pull request show findings on the learner's lines. GitHub shows at
/// most 10 error and 10 warning annotations per step, so only the most important of each are
/// written (failed required criteria first, then the points lost); `stepSummary` lists every
/// one as a Markdown table for `$GITHUB_STEP_SUMMARY`. File paths are given from the
/// repository root (`ReportPaths`), as the runner resolves them.
public struct GitHubAnnotationsReporter: Reporter {
    public static let identifier = "github"
    /// GitHub's per-step limit for each of errors and warnings.
    public static let limit = 10

    var paths: ReportPaths

    public init(options: ReporterOptions = ReporterOptions()) {
        paths = options.paths
    }

    /// The annotations written: at most `limit` errors and `limit` warnings, most important first.
    public func annotated(_ report: Report) -> [Shortfall] {
        let ranked = Shortfall.ranked(in: report, paths: paths)
        return Array(ranked.filter { $0.severity == .error }.prefix(Self.limit))
            + Array(ranked.filter { $0.severity == .warning }.prefix(Self.limit))
    }

    public func render(_ report: Report) -> Data {
        var out = ""
        for shortfall in annotated(report) {
            let c = shortfall.criterion
            var properties = ["title=\(property("\(c.title) (\(c.status.rawValue))"))"]
            if let at = shortfall.location {
                properties = ["file=\(property(at.file))", "line=\(max(1, at.line))", "col=\(max(1, at.column))"] + properties
            }
            let hint = shortfall.hint.map { "\nHint: \($0)" } ?? ""
            out +=
                "::\(shortfall.severity == .error ? "error" : "warning") \(properties.joined(separator: ","))::\(data(shortfall.message + hint))\n"
        }
        let all = Shortfall.all(in: report, paths: paths).count
        let left = all - annotated(report).count
        let rest = left > 0 ? "; \(left) more finding\(left == 1 ? "" : "s") in the step summary" : ""
        out +=
            "::notice title=\(property(report.rubric.title))::\(data("\(report.verdict.rawValue): \(report.score.percent.compact(places: 2))% (pass mark \(report.score.pass.compact)%)\(rest)"))\n"
        return Data(out.utf8)
    }

    /// Markdown for `$GITHUB_STEP_SUMMARY`: the verdict and every finding as a table, most
    /// important first, marking those shown as annotations.
    public func stepSummary(_ report: Report) -> String {
        let shown = Set(annotated(report))
        var out = "### \(cell(report.rubric.title)): \(report.verdict.rawValue), \(report.score.percent.compact(places: 2))% (pass mark \(report.score.pass.compact)%)\n\n"
        let ranked = Shortfall.ranked(in: report, paths: paths)
        guard !ranked.isEmpty else { return out + "No findings.\n" }
        out += "| | criterion | where | finding | annotated |\n| --- | --- | --- | --- | --- |\n"
        for shortfall in ranked {
            let place = shortfall.location.map { "`\(cell($0.description))`" } ?? ""
            out +=
                "| \(shortfall.severity.rawValue) | \(cell(shortfall.criterion.title)) (`\(shortfall.criterion.id)`)\(shortfall.criterion.required ? " required" : "") | \(place) | \(cell(shortfall.message)) | \(shown.contains(shortfall) ? "yes" : "no") |\n"
        }
        return out
    }

    private func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }

    private func data(_ text: String) -> String {
        text.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D")
            .replacingOccurrences(of: "\n", with: "%0A")
    }

    private func property(_ text: String) -> String {
        data(text).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }
}
