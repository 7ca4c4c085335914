public import AssessCore
public import Foundation

/// GitHub Actions workflow commands: `::error file=…,line=…,col=…,title=…::message` for each
/// finding, so the run's summary and the pull request show them on the learner's lines.
public struct GitHubAnnotationsReporter: Reporter {
    public static let identifier = "github"

    public init(options: ReporterOptions = ReporterOptions()) {}

    public func render(_ report: Report) -> Data {
        var out = ""
        for c in report.criteria {
            for finding in c.findings where finding.severity != .info {
                var properties = ["title=\(property("\(c.title) (\(c.status.rawValue))"))"]
                if let at = finding.location {
                    properties = ["file=\(property(at.file))", "line=\(at.line)", "col=\(at.column)"] + properties
                }
                let hint = (finding.hint ?? c.hint).map { "\nHint: \($0)" } ?? ""
                out +=
                    "::\(finding.severity == .error ? "error" : "warning") \(properties.joined(separator: ","))::\(data(finding.message + hint))\n"
            }
        }
        out +=
            "::notice title=\(property(report.rubric.title))::\(data("\(report.verdict.rawValue): \(report.score.percent.compact(places: 2))% (pass mark \(report.score.pass.compact)%)"))\n"
        return Data(out.utf8)
    }

    private func data(_ text: String) -> String {
        text.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D")
            .replacingOccurrences(of: "\n", with: "%0A")
    }

    private func property(_ text: String) -> String {
        data(text).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }
}
