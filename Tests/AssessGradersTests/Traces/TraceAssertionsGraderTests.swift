import AssessCore
import AssessGraders
import AssessTestSupport
import Testing

@Suite struct TraceAssertionsGraderTests {
    static let traces = otlpLines(
        (1...4).flatMap { checkout($0, at: $0 * 1000, paymentsError: $0 == 4 ? "declined" : nil) })

    @Test func selectorsAndAssertionsInBothAttributeConventions() async throws {
        let r = try await gradeSingle(
            grader: "trace.assertions",
            with: """
                specs:
                  - name: orders creates orders
                    selector: span[service.name="orders" kind="server"]
                    assertions: ['attr:http.status_code = 201', 'attr:http.route = "/orders"', 'duration < 200ms', 'count = 4']
                  - name: the gateway's first call
                    selector: span[service.name="gateway" name="GET /checkout"] span[kind=client]:first
                    assertions: ['count = 1', 'attr:tracetest.span.type = http', 'attr:server.address contains ord']
                  - selector: span[tracetest.span.type="database"], span[name="nothing"]
                    assertions: ['count >= 4', 'attr:net.peer.name = db']
                """, files: ["t.jsonl": Self.traces])
        #expect(r.status == .passed, "\(r.findings)")
        #expect(r.measurements.map(\.value) == [4, 1, 4])
    }

    @Test func aFailingAssertionNamesTheSpanAndScoresTheShareThatHolds() async throws {
        let r = try await gradeSingle(
            grader: "trace.assertions",
            with: """
                specs:
                  - name: payments succeed
                    selector: span[service.name="payments" kind="server"]
                    assertions: ['attr:http.response.status_code = 200', 'attr:tracetest.span.duration < 1s']
                """, files: ["t.jsonl": Self.traces])
        #expect(r.status == .partial)
        #expect(r.score == 0.875)
        let finding = try #require(r.findings.first)
        #expect(
            finding.message
                == "'payments succeed': 'attr:http.response.status_code = 200' fails on 1 of 4 spans; payments SERVER 'POST /payments' (span \(spanHex(405))) has http.response.status_code = 502"
        )
        #expect(finding.location?.line == 3)
        #expect(r.charts?.first?.kind == .waterfall)
    }

    @Test func aSelectorThatPicksNothingFails() async throws {
        let r = try await gradeSingle(
            grader: "trace.assertions",
            with:
                "{ specs: [{ selector: 'span[service.name=\"shipping\"]', assertions: ['count >= 1', 'duration < 5ms'] }] }",
            files: ["t.jsonl": Self.traces])
        #expect(r.status == .failed)
        #expect(
            r.findings.map(\.message).first
                == "'span[service.name=\"shipping\"]': 'count >= 1' fails: the selector picks 0 spans")
    }

    @Test func malformedSelectorsAndAssertionsAreRubricErrorsWithColumns() async throws {
        do {
            _ = try await gradeSingle(
                grader: "trace.assertions",
                with: "{ specs: [{ selector: 'span[service.name ~ \"x\"]', assertions: ['latency < 5'] }] }", files: [:]
            )
            Issue.record("expected a rubric error")
        } catch let error as RubricError {
            let messages = error.diagnostics.map { "\($0.location?.column ?? 0) \($0.message)" }
            #expect(messages.count == 2)
            #expect(messages[0].contains("expected a comparison"))
            #expect(
                messages[1].contains("an assertion starts with 'attr:NAME', 'duration' or 'count' (found 'latency')"))
        }
        let truncated = try await gradeSingle(
            grader: "trace.assertions", with: "{ specs: [{ selector: 'span', assertions: ['count >= 1'] }] }",
            files: ["t.jsonl": String(Self.traces.prefix(900))])
        #expect(truncated.findings.contains { $0.severity == .warning && $0.location?.line == 1 })
        #expect(truncated.status == .passed)
    }
}
