public import AssessCore
public import Foundation

/// For a pull-request comment or `$GITHUB_STEP_SUMMARY`: the verdict, a table of criteria,
/// a collapsible section per criterion that fell short, and the service graph as mermaid.
public struct MarkdownReporter: Reporter {
    public static let identifier = "markdown"

    public init(options: ReporterOptions = ReporterOptions()) {}

    public func render(_ report: Report) -> Data {
        var out =
            "## \(report.verdict == .passed ? "✅" : report.verdict == .failed ? "❌" : "⏳") \(ReportText.verdict(report)): \(cell(report.rubric.title))\n\n"
        out +=
            "**\(report.score.percent.compact(places: 2))%** of \(report.score.possible.compact) points; pass mark \(report.score.pass.compact)%"
        if let range = report.score.range {
            out += "; attainable \(range.min.compact(places: 2))–\(range.max.compact(places: 2))%"
        }
        if let band = report.band { out += "; band **\(band)**" }
        out += " · submission `\(report.submission.name)`\(report.submission.learner.map { " (\($0))" } ?? "")\n\n"
        if !report.failedGates.isEmpty {
            out += "Required criteria not passed: \(report.failedGates.map { "`\($0)`" }.joined(separator: ", "))\n\n"
        }
        out += "| | criterion | points | result |\n| --- | --- | --- | --- |\n"
        for c in report.criteria {
            out +=
                "| \(ReportText.emoji(c.status)) | \(cell(c.title))\(c.required ? " (required)" : "") | \(ReportText.points(c)) | \(cell(c.summary)) |\n"
        }
        let shortfalls = report.criteria.filter { [.failed, .partial, .error, .inconclusive].contains($0.status) }
        if !shortfalls.isEmpty { out += "\n### What to fix\n" }
        for c in shortfalls {
            out +=
                "\n<details><summary>\(ReportText.emoji(c.status)) <b>\(html(c.title))</b>: \(html(c.summary))</summary>\n\n"
            for finding in c.findings where finding.severity != .info {
                out += "- \(finding.location.map { "`\($0)` " } ?? "")\(finding.message)\n"
            }
            if let hint = c.hint { out += "\n**Hint:** \(hint)\n" }
            if let comment = c.review?.comment { out += "\n**Reviewer:** \(comment)\n" }
            out += "\n</details>\n"
        }
        let edges = ReportText.graphEdges(report)
        if !edges.isEmpty {
            var ids: [String: String] = [:]
            func id(_ name: String) -> String {
                if let known = ids[name] { return known }
                let made = "n\(ids.count + 1)"
                ids[name] = made
                return made
            }
            out += "\n### Service graph\n\n```mermaid\nflowchart LR\n"
            for edge in edges {
                let label = edge.label.map { "|\(mermaid($0))|" } ?? ""
                out +=
                    "    \(id(edge.from))[\"\(mermaid(edge.from))\"] -->\(label) \(id(edge.to))[\"\(mermaid(edge.to))\"]\n"
            }
            out += "```\n"
        }
        return Data(out.utf8)
    }

    private func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }

    private func html(_ text: String) -> String { HTMLText.escape(text, quotes: false) }

    private func mermaid(_ text: String) -> String {
        text.replacingOccurrences(of: "\"", with: "#quot;").replacingOccurrences(of: "|", with: "#124;")
    }
}
