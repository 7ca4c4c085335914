public import AssessCore
public import Foundation

/// Gradescope's autograder `results.json`, so Assess drops into a Gradescope autograder
/// unchanged: one test per criterion with its output (findings, hint, reviewer comment) and
/// the criterion's visibility, and the score scaled to the assignment's points
/// (`--gradescope-points`, default 100): each test's `max_score` is its share of the graded
/// weight, so the tests add up to the total Gradescope shows. A criterion awaiting a
/// reviewer is neither passed nor failed: it has no `status`, no `score`, and says so.
public struct GradescopeReporter: Reporter {
    public static let identifier = "gradescope"
    var points: Double

    public init(options: ReporterOptions = ReporterOptions()) {
        points = options.gradescopePoints > 0 ? options.gradescopePoints : 100
    }

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
        var score: Double?
        var max_score: Double
        var status: String?
        var output: String
        var visibility: String
        var tags: [String]
    }

    public func render(_ report: Report) -> Data {
        // Skipped criteria leave the denominator, as in the report's own score.
        let possible = report.score.possible
        func scaled(_ value: Double) -> Double {
            possible > 0 ? (value / possible * points * 10_000).rounded() / 10_000 : 0
        }
        let tests = report.criteria.enumerated().map { index, c in
            var lines: [String] = [c.summary]
            lines += c.findings.filter { $0.severity != .info }.map(\.description)
            if c.status != .passed, c.status != .pending, let hint = c.hint { lines.append("Hint: \(hint)") }
            if let comment = c.review?.comment { lines.append("Reviewer: \(comment)") }
            let status: String?
            switch c.status {
            case .passed: status = "passed"
            case .pending, .skipped: status = nil
            default: status = "failed"
            }
            let counted = c.status != .skipped
            return Test(
                name: c.status == .pending ? "\(c.title) (awaiting a reviewer)" : c.title, number: "\(index + 1)",
                score: c.status == .pending || !counted ? nil : scaled(c.points),
                max_score: counted ? scaled(c.weight) : 0, status: status, output: lines.joined(separator: "\n"),
                visibility: c.visibility.gradescope, tags: [c.id, c.status.rawValue])
        }
        var output =
            "\(report.verdict.rawValue): \(report.score.percent.compact(places: 2))% (pass mark \(report.score.pass.compact)%)"
        if let range = report.score.range {
            output += "; awaiting a reviewer, attainable \(range.min.compact(places: 2))–\(range.max.compact(places: 2))%"
        }
        let results = Results(
            score: (report.score.percent / 100 * points * 10_000).rounded() / 10_000,
            output: output,
            tests: tests,
            extra_data: [
                "rubric": report.rubric.id, "rubric_sha256": report.rubric.sha256, "verdict": report.verdict.rawValue,
                "percent": report.score.percent.compact(places: 2), "points_possible": points.compact,
            ])
        return StableJSON.encode(results)
    }
}

extension Visibility {
    /// Gradescope's name for it.
    var gradescope: String { rawValue }
}
