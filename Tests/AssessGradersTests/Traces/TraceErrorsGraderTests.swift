import AssessCore
import AssessGraders
import AssessTestSupport
import Testing

@Suite struct TraceErrorsGraderTests {
    @Test func recordedErrorsUnderTheRatioPass() async throws {
        let spans = (1...10).flatMap { checkout($0, at: $0 * 1000, paymentsError: $0 == 3 ? "card declined" : nil) }
        let r = try await gradeSingle(
            grader: "trace.errors", with: "{ max_ratio: 0.05, min_errors: 1 }", files: ["t.jsonl": otlpLines(spans)])
        #expect(r.status == .passed, "\(r.summary)")
        #expect(r.summary == "2 error spans of 80 (2.5 %); 0 hidden errors, 0 without exception or message")
        let waterfall = try #require(r.charts?.first { $0.kind == .waterfall })
        #expect(waterfall.title == "A failing trace")
        #expect(waterfall.spans?.filter(\.failed).map(\.service) == ["orders", "payments"])
    }

    @Test func hiddenAndUnexplainedErrorsAreFound() async throws {
        var spans = checkout(1, at: 1000)
        spans[4].attributes["http.status_code"] = "503"  // the older attribute name, status left unset
        spans[4].attributes["http.response.status_code"] = nil
        spans += [FixtureSpan(2, 901, "inventory", .server, "GET /stock", 5000, 5010, error: "")]
        let r = try await gradeSingle(grader: "trace.errors", with: "{}", files: ["t.jsonl": otlpLines(spans)])
        #expect(r.status == .failed)
        let messages = r.findings.filter { $0.severity == .error }.map(\.message)
        #expect(
            messages.contains(
                "hidden error: payments SERVER 'POST /payments' (span \(spanHex(105))) has HTTP status 503 but status unset"
            ))
        #expect(messages.contains { $0.hasPrefix("inventory SERVER 'GET /stock' (span \(spanHex(901))) fails here") })
    }

    @Test func tooManyErrorsArePartial() async throws {
        let spans = (1...4).flatMap { checkout($0, at: $0 * 1000, paymentsError: $0 <= 2 ? "declined" : nil) }
        let r = try await gradeSingle(
            grader: "trace.errors", with: "{ max_ratio: 0.05 }", files: ["t.jsonl": otlpLines(spans)])
        #expect(r.status == .partial)
        #expect(r.measurements.first { $0.name == "error ratio" }?.value == 0.125)
    }

    @Test func malformedJaegerIsLocated() async throws {
        let r = try await gradeSingle(
            grader: "trace.errors", with: "{}",
            files: ["j.json": "{\"data\": [{\"traceID\": \"1\", \"spans\": [{\"spanID\": 7}]}]}"])
        #expect(r.status == .failed)
        #expect(
            r.findings.first?.description
                == "j.json:1:49: warning: not valid JSON: expected a string for 'spanID', found '7'")
    }
}
