public import AssessCore
public import Foundation

/// JUnit XML as CI systems read it (Jenkins, GitLab, GitHub test reporters): one
/// `<testsuite>` for the submission, one `<testcase>` per criterion — passed, `<failure>`
/// (failed, partial, inconclusive), `<error>` (the grader failed) or `<skipped>` (optional
/// input absent, awaiting review) — with the scores as suite properties.
public struct JUnitReporter: Reporter {
    public static let identifier = "junit"

    public init(options: ReporterOptions = ReporterOptions()) {}

    public func render(_ report: Report) -> Data {
        let criteria = report.criteria
        let failures = criteria.filter { [.failed, .partial, .inconclusive].contains($0.status) }.count
        let errors = criteria.filter { $0.status == .error }.count
        let skipped = criteria.filter { $0.status == .skipped || $0.status == .pending }.count
        let suite = "\(report.rubric.id).\(report.submission.name)"
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out +=
            "<testsuites name=\"assess\" tests=\"\(criteria.count)\" failures=\"\(failures)\" errors=\"\(errors)\" skipped=\"\(skipped)\" time=\"0\">\n"
        out +=
            "  <testsuite name=\"\(x(suite))\" tests=\"\(criteria.count)\" failures=\"\(failures)\" errors=\"\(errors)\" skipped=\"\(skipped)\" time=\"0\">\n"
        out += "    <properties>\n"
        var properties: [(String, String)] = [
            ("score.percent", report.score.percent.compact(places: 2)), ("score.points", report.score.points.compact),
            ("score.possible", report.score.possible.compact), ("pass", report.score.pass.compact),
            ("verdict", report.verdict.rawValue), ("rubric.sha256", report.rubric.sha256),
        ]
        if let band = report.band { properties.append(("band", band)) }
        if let learner = report.submission.learner { properties.append(("learner", learner)) }
        for c in criteria { properties.append(("criterion.\(c.id).score", c.score.compact)) }
        for (name, value) in properties { out += "      <property name=\"\(x(name))\" value=\"\(x(value))\"/>\n" }
        out += "    </properties>\n"
        for c in criteria {
            out += "    <testcase classname=\"\(x(suite))\" name=\"\(x("\(c.id): \(c.title)"))\" time=\"0\""
            let details =
                ([c.summary] + c.findings.filter { $0.severity != .info }.map(\.description)
                + (c.hint.map { ["hint: \($0)"] } ?? []))
                .joined(separator: "\n")
            switch c.status {
            case .passed:
                out += "/>\n"
            case .failed, .partial, .inconclusive:
                out +=
                    ">\n      <failure message=\"\(x(c.summary))\" type=\"\(c.status.rawValue)\">\(x(details))</failure>\n    </testcase>\n"
            case .error:
                out +=
                    ">\n      <error message=\"\(x(c.summary))\" type=\"error\">\(x(details))</error>\n    </testcase>\n"
            case .skipped, .pending:
                out += ">\n      <skipped message=\"\(x(c.summary))\"/>\n    </testcase>\n"
            }
        }
        out += "  </testsuite>\n</testsuites>\n"
        return Data(out.utf8)
    }

    /// XML-escaped, with characters XML 1.0 cannot hold dropped.
    private func x(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\n": out += "&#10;"
            case "\t", "\r": out += " "
            default:
                if scalar.value >= 0x20 && scalar.value != 0xFFFE && scalar.value != 0xFFFF {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }
}
