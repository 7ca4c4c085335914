import AssessCore
import AssessFormats
import AssessYAML
import Testing

@testable import AssessGraders

/// `loadtest.thresholds` judges runs recorded here in Swift, request by request: the latencies
/// are chosen so the p95 lands where the test needs it, and no tool output is written or read.
@Suite struct LoadTestJudgingTests {
    /// 200 requests one a second apart: `slow` of them take `slowMs`, the rest 40 ms; `failed`
    /// of them fail.
    static func run(slow: Int, slowMs: Double = 300, failed: Int = 0) -> LoadTestRun {
        var recorder = LoadTestRecorder(file: "results.jtl", tool: .jmeter)
        for index in 0..<200 {
            recorder.request(
                time: Double(index) / 10, latency: index < 200 - slow ? 40 : slowMs, failed: index < failed,
                status: index < failed ? "500" : "200", name: "GET /orders")
        }
        return recorder.finish()
    }

    static func grader(_ thresholds: [String: String], tolerance: Double = 0) throws -> LoadTestThresholdsGrader {
        let parsed = try thresholds.sorted { $0.key < $1.key }.map { metric, text in
            MetricThreshold(
                selector: try MetricSelector(parsing: metric), threshold: try Threshold(parsing: text), location: nil)
        }
        return LoadTestThresholdsGrader(
            options: .init(thresholds: parsed, tolerance: tolerance, warmUp: 0, minSamples: 1, maxSpread: nil))
    }

    @Test func aRunWithinItsThresholdsPasses() throws {
        let outcome = try Self.grader(["http_req_duration": "p(95)<100", "http_req_failed": "rate<0.01"])
            .judge([Self.run(slow: 2)], readFindings: [])
        #expect(outcome.status == .passed, "\(outcome.summary) \(outcome.findings)")
        #expect(outcome.measurements.map(\.name).contains("http_req_duration p(95)"), "\(outcome.measurements)")
    }

    @Test func aP95OverItsLimitFails() throws {
        let outcome = try Self.grader(["http_req_duration": "p(95)<100"]).judge([Self.run(slow: 40)], readFindings: [])
        #expect(outcome.status == .failed, "\(outcome.summary)")
        #expect(
            outcome.findings.contains { $0.severity == .error && $0.message.contains("p(95)") }, "\(outcome.findings)")
    }

    @Test func oneThresholdOfTwoMissedIsPartial() throws {
        let outcome = try Self.grader(["http_req_duration": "p(95)<100", "http_req_failed": "rate<0.01"])
            .judge([Self.run(slow: 2, failed: 20)], readFindings: [])
        #expect(outcome.status == .partial && outcome.score == 0.5, "\(outcome.summary) \(outcome.score)")
    }

    @Test func noRunIsAnErrorWithTheReadersFindings() throws {
        let unreadable = Finding.error(
            "not a load-test output", at: AssessYAML.SourceLocation(file: "x.txt", line: 1, column: 1))
        let outcome = try Self.grader(["http_req_duration": "p(95)<100"]).judge([], readFindings: [unreadable])
        #expect(outcome.status == .error && outcome.findings == [unreadable])
    }
}
