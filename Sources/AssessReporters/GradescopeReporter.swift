public import AssessCore
public import Foundation

/// Gradescope's autograder `results.json`, so Assess drops into a Gradescope autograder
/// unchanged: one test per criterion (score, max_score, status, output with findings and
/// hint, visibility), the total as `score`.
public struct GradescopeReporter: Reporter {
    public static let identifier = "gradescope"

    public init(options: ReporterOptions = ReporterOptions()) {}

    struct Results: Encodable {
        var score: Double
        var output: String
        var visibility = "visible"
        var stdout_visibility = "hidden"
        var tests: [Test]
        var extra_data: [String: String]
    }

    struct Test: Encodable {
        var name: String
        var number: String
        var score: Double
        var max_score: Double
        var status: String
        var output: String
        var visibility: String
    }

    public func render(_ report: Report) -> Data {
        let tests = report.criteria.enumerated().map { index, c in
            var lines: [String] = [c.summary]
            lines += c.findings.filter { $0.severity != .info }.map(\.description)
            if c.status != .passed, let hint = c.hint { lines.append("Hint: \(hint)") }
            if let comment = c.review?.comment { lines.append("Reviewer: \(comment)") }
            return Test(
                name: c.title, number: "\(index + 1)", score: c.points, max_score: c.weight,
                status: c.status == .passed ? "passed" : "failed", output: lines.joined(separator: "\n"),
                visibility: c.visibility.gradescope)
        }
        let results = Results(
            score: report.score.points,
            output:
                "\(report.verdict.rawValue): \(report.score.percent.compact(places: 2))% (pass mark \(report.score.pass.compact)%)",
            tests: tests,
            extra_data: [
                "rubric": report.rubric.id, "rubric_sha256": report.rubric.sha256, "verdict": report.verdict.rawValue,
            ])
        return StableJSON.encode(results)
    }
}

extension Visibility {
    /// Gradescope's name for it.
    var gradescope: String { rawValue }
}
