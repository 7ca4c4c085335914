import AssessCore
import AssessFormats
import AssessYAML
import Testing

@testable import AssessGraders

/// The trace graders judge a forest built here in Swift, span by span: no export is written
/// or read, so each test says exactly which spans make the verdict.
@Suite struct TraceJudgingTests {
    /// gateway SERVER → gateway CLIENT → orders SERVER, one trace; `failing` marks the orders
    /// span ERROR, with or without a status message.
    static func checkout(ordersStatus: StatusCode = .ok, message: String = "") -> TraceEvidence {
        let trace = TraceID(high: 1, low: 1)
        func span(
            _ id: UInt64, parent: UInt64?, _ service: String, _ kind: SpanKind, _ name: String,
            status: StatusCode = .ok, message: String = "", attributes: [SpanAttribute] = [], line: Int
        ) -> Span {
            Span(
                traceID: trace, spanID: SpanID(id), parentID: parent.map(SpanID.init), kind: kind, status: status,
                statusMessage: message, startNanos: Int64(id) * 1_000_000, endNanos: 90_000_000, service: service,
                name: name, attributes: attributes,
                location: AssessYAML.SourceLocation(file: "traces.json", line: line, column: 1))
        }
        let spans = [
            span(1, parent: nil, "gateway", .server, "GET /checkout", line: 1),
            span(2, parent: 1, "gateway", .client, "POST /orders", line: 2),
            span(
                3, parent: 2, "orders", .server, "POST /orders", status: ordersStatus, message: message,
                attributes: ordersStatus == .error ? [SpanAttribute("http.response.status_code", .int(503))] : [],
                line: 3),
        ]
        return TraceEvidence(forest: TraceForest(spans: spans))
    }

    @Test func noErrorSpansPass() {
        let grader = TraceErrorsGrader(options: .init(maxRatio: 0, minErrors: 0, recorded: true))
        let outcome = grader.judge(Self.checkout())
        #expect(outcome.status == .passed, "\(outcome.summary)")
        #expect(outcome.score == 1)
    }

    @Test func anErrorOverTheAllowedRatioFailsAtItsSpan() {
        let grader = TraceErrorsGrader(options: .init(maxRatio: 0, minErrors: 0, recorded: false))
        let outcome = grader.judge(Self.checkout(ordersStatus: .error, message: "upstream timed out"))
        #expect(outcome.status == .failed, "\(outcome.summary)")
        #expect(
            outcome.findings.contains { $0.severity == .error && $0.message.contains("1 of 3") }, "\(outcome.findings)")
    }

    @Test func anExpectedErrorWithoutItsReasonEarnsPartOfTheScore() {
        // Errors are wanted (a failure drill) but the span where it starts says nothing of why.
        let grader = TraceErrorsGrader(options: .init(maxRatio: nil, minErrors: 1, recorded: true))
        let outcome = grader.judge(Self.checkout(ordersStatus: .error))
        #expect(outcome.status == .partial, "\(outcome.summary) \(outcome.findings)")
        #expect(outcome.score > 0 && outcome.score < 1)
        #expect(outcome.findings.contains { $0.location?.line == 3 }, "\(outcome.findings)")
    }

    @Test func coverageCountsTheServicesFound() {
        let all = TraceCoverageGrader(options: .init(services: ["gateway", "orders"], edges: [], endToEnd: []))
        #expect(all.judge(Self.checkout()).status == .passed)
        let half = TraceCoverageGrader(
            options: .init(services: ["gateway", "payments"], edges: [], endToEnd: []))
        let outcome = half.judge(Self.checkout())
        #expect(outcome.status == .partial && outcome.score == 0.5, "\(outcome.summary)")
        #expect(outcome.findings.contains { $0.message.contains("payments") }, "\(outcome.findings)")
        let none = TraceCoverageGrader(options: .init(services: ["payments"], edges: [], endToEnd: []))
        #expect(none.judge(Self.checkout()).status == .failed)
    }

    @Test func noSpansAtAllFails() {
        let grader = TraceErrorsGrader(options: .init(maxRatio: 0, minErrors: 0, recorded: true))
        let outcome = grader.judge(TraceEvidence(forest: TraceForest(spans: [])))
        #expect(outcome.status == .failed && outcome.summary == "no spans could be read from 1 file")
    }
}
