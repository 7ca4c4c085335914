import AssessCore
import AssessFormats
import AssessYAML
import Testing

@testable import AssessGraders

/// `loadtest.compare` judges a before and an after run recorded here in Swift, request by
/// request, every request of a run equally slow, so each ratio is exact and the test says
/// which one makes the verdict.
@Suite struct LoadTestCompareJudgingTests {
    /// `requests` requests a tenth of a second apart, each taking `latencyMs`.
    static func run(_ file: String, requests: Int = 200, latencyMs: Double) -> LoadTestRun {
        var recorder = LoadTestRecorder(file: file, tool: .jmeter)
        for index in 0..<requests {
            recorder.request(
                time: Double(index) / 10, latency: latencyMs, failed: false, status: "200", name: "GET /orders")
        }
        return recorder.finish()
    }

    static let rubric = AssessYAML.SourceLocation(file: "rubric.yaml", line: 12, column: 7)

    /// p95 at least halved, and no fewer requests served.
    static func grader() throws -> LoadTestCompareGrader {
        let duration = try MetricSelector(parsing: "http_req_duration")
        let requests = try MetricSelector(parsing: "http_reqs")
        return LoadTestCompareGrader(
            options: .init(
                before: Glob("bench/before.jtl"), after: Glob("bench/after.jtl"),
                checks: [
                    .init(
                        selector: duration, statistic: try Threshold(parsing: "p(95)<1").statistic, minRatio: nil,
                        maxRatio: 0.5, location: Self.rubric),
                    .init(
                        selector: requests, statistic: try Threshold(parsing: "count>0").statistic, minRatio: 1,
                        maxRatio: nil, location: Self.rubric),
                ], warmUp: 0))
    }

    static let input = ["bench/before.jtl", "bench/after.jtl"]
    static let before = run("bench/before.jtl", latencyMs: 100)

    @Test func aHalvedP95WithAsManyRequestsPasses() throws {
        let outcome = try Self.grader().judge(
            [Self.before, Self.run("bench/after.jtl", latencyMs: 40)], readFindings: [], input: Self.input)
        #expect(outcome.status == .passed, "\(outcome.summary) \(outcome.findings)")
        #expect(outcome.summary == "2 of 2 before/after checks met (bench/before.jtl → bench/after.jtl)")
        #expect(
            outcome.measurements.map { "\($0.name) \($0.value)" } == [
                "http_req_duration p(95) after ÷ before 0.4", "http_reqs count after ÷ before 1.0",
            ])
    }

    @Test func aSlowerP95AndFewerRequestsFailBothAtTheAfterRun() throws {
        let outcome = try Self.grader().judge(
            [Self.before, Self.run("bench/after.jtl", requests: 100, latencyMs: 80)], readFindings: [],
            input: Self.input)
        #expect(outcome.status == .failed, "\(outcome.summary)")
        let errors = outcome.findings.filter { $0.severity == .error }
        #expect(
            errors.map(\.message) == [
                "http_req_duration p(95) went from 100 to 80 (× 0.8); required <= 0.5",
                "http_reqs count went from 200 to 100 (× 0.5); required >= 1",
            ])
        #expect(
            errors.allSatisfy { $0.location == AssessYAML.SourceLocation(file: "bench/after.jtl", line: 1, column: 1) })
    }

    @Test func oneRatioOfTwoMetIsPartial() throws {
        let outcome = try Self.grader().judge(
            [Self.before, Self.run("bench/after.jtl", latencyMs: 80)], readFindings: [], input: Self.input)
        #expect(outcome.status == .partial && outcome.score == 0.5, "\(outcome.summary) \(outcome.score)")
        #expect(
            outcome.findings.map(\.message) == [
                "http_req_duration p(95) went from 100 to 80 (× 0.8); required <= 0.5"
            ])
    }

    @Test func noAfterRunFailsNamingTheInputWithTheReadersFindings() throws {
        let unreadable = Finding.error(
            "not a load-test output", at: AssessYAML.SourceLocation(file: "bench/after.jtl", line: 1, column: 1))
        let outcome = try Self.grader().judge([Self.before], readFindings: [unreadable], input: Self.input)
        #expect(outcome.status == .failed && outcome.findings == [unreadable])
        #expect(outcome.summary == "no readable after (bench/after.jtl) run among bench/before.jtl, bench/after.jtl")
    }
}
