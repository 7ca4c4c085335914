public import AssessCore
public import Foundation

/// GitLab's Code Quality report (`artifacts: reports: codequality:`), the subset of the Code
/// Climate format GitLab documents: a JSON array of issues, each with `description`,
/// `check_name`, `fingerprint` (unique per issue), `severity` (`info`, `minor`, `major`,
/// `critical`, `blocker`) and `location.path` + `location.lines.begin`, paths from the
/// repository root. Every issue has a place (the learner's file, else the rubric line).
public struct CodeQualityReporter: Reporter {
    public static let identifier = "codequality"
    var paths: ReportPaths

    public init(options: ReporterOptions = ReporterOptions()) {
        paths = options.paths
    }

    struct Issue: Encodable {
        var type = "issue"
        var description: String
        var check_name: String
        var fingerprint: String
        var severity: String
        var location: Location
        var categories = ["Assess"]
    }
    struct Location: Encodable {
        var path: String
        var lines: Lines
    }
    struct Lines: Encodable { var begin: Int }

    public func render(_ report: Report) -> Data {
        var seen: [String: Int] = [:]
        let issues = Shortfall.all(in: report, paths: paths).map { shortfall -> Issue in
            let c = shortfall.criterion
            let path = shortfall.location?.file ?? (paths.submission.isEmpty ? "." : paths.submission)
            let identity = "\(c.id)\u{0}\(path)\u{0}\(shortfall.message)"
            let repeatIndex = seen[identity, default: 0]
            seen[identity] = repeatIndex + 1
            let severity: String
            if shortfall.severity == .warning {
                severity = "minor"
            } else if c.required {
                severity = "blocker"
            } else {
                severity = c.status == .failed || c.status == .error ? "major" : "minor"
            }
            return Issue(
                description: "\(c.title): \(shortfall.message)\(shortfall.hint.map { " Hint: \($0)" } ?? "")",
                check_name: c.id,
                fingerprint: StableHash.fingerprint("\(identity)\u{0}\(repeatIndex)"),
                severity: severity,
                location: Location(path: path, lines: Lines(begin: max(1, shortfall.location?.line ?? 1))))
        }
        return StableJSON.encode(issues)
    }
}
