import AssessCore
import AssessGraders
import AssessTestSupport
import Testing

@Suite struct TraceLatencyGraderTests {
    /// Ten checkouts; payments takes 30 ms, except two that take 400 and 900 ms.
    static let traces = otlpLines(
        (1...10).flatMap { n in checkout(n, at: n * 2000, paymentsMs: n == 9 ? 400 : n == 10 ? 900 : 30) })

    @Test func thresholdsThatHoldPass() async throws {
        let r = try await gradeSingle(
            grader: "trace.latency",
            with: "{ thresholds: ['p(99)<1500', 'avg<500'], operations: { 'GET /checkout': ['p(50)<200'] } }",
            files: ["t.jsonl": Self.traces])
        #expect(r.status == .passed, "\(r.summary)")
        #expect(abs((r.measurements.first { $0.name == "'gateway GET /checkout' p(50)" }?.value ?? 0) - 130) < 0.2)
        let slow = try #require(r.findings.first { $0.message.hasPrefix("slow trace") })
        #expect(slow.message.contains("1000 ms; critical path: gateway 'GET /checkout'"))
        #expect(slow.message.contains("payments 'POST /payments' 906 ms"))
        #expect((r.charts ?? []).map(\.kind) == [.waterfall, .series, .graph])
        #expect(r.charts?.first?.title == "The slowest trace")
        #expect(r.charts?.first?.spans?.first?.duration == 1000)
    }

    @Test func aBrokenPercentileFailsAndToleranceGivesPartialCredit() async throws {
        let strict = try await gradeSingle(
            grader: "trace.latency", with: "{ thresholds: ['p(95)<500'] }", files: ["t.jsonl": Self.traces])
        #expect(strict.status == .failed)
        #expect(strict.findings[0].message == "end-to-end duration: p(95) is 1000 ms, breaking p(95)<500")
        let tolerant = try await gradeSingle(
            grader: "trace.latency", with: "{ thresholds: ['p(95)<500', 'p(50)<200'], tolerance: 1.5 }",
            files: ["t.jsonl": Self.traces])
        #expect(tolerant.status == .partial)
        #expect(abs(tolerant.score - (1 + (1 - 500.0 / 750)) / 2) < 0.01)
    }

    @Test func selfTimePerServiceIsJudged() async throws {
        let r = try await gradeSingle(
            grader: "trace.latency",
            with: "{ self_time: { payments: ['p(50)<50'], orders: ['max<60'], shipping: ['p(95)<1'] } }",
            files: ["t.jsonl": Self.traces])
        #expect(r.status == .partial)
        #expect(abs(r.score - 1.0 / 3) < 1e-3)
        let messages = r.findings.filter { $0.severity == .error }.map(\.message)
        #expect(messages.contains { $0.hasPrefix("no span of service 'shipping'") })
        #expect(messages.contains { $0.hasPrefix("orders self time: max is") })
        #expect(r.findings.contains { $0.message.hasPrefix("payments self time per trace: p50 36") })
    }

    @Test func malformedInputAndBadThresholds() async throws {
        let r = try await gradeSingle(
            grader: "trace.latency", with: "{ thresholds: ['p(99)<1500'] }", files: ["t.jsonl": "{\"resourceSpans\": ["]
        )
        #expect(r.status == .failed)
        #expect(r.findings.first?.location?.description == "t.jsonl:1:20")
        await #expect(throws: RubricError.self) {
            _ = try await gradeSingle(grader: "trace.latency", with: "{ thresholds: ['p95<100'] }", files: [:])
        }
        let few = try await gradeSingle(
            grader: "trace.latency", with: "{ thresholds: ['p(99)<1500'], min_traces: 50 }",
            files: ["t.jsonl": Self.traces])
        #expect(few.status == .inconclusive)
    }
}
