import AssessCore
import AssessGraders
import AssessTestSupport
import Testing

@Suite struct TracePropagationGraderTests {
    static let whole = otlpLines((1...4).flatMap { checkout($0, at: $0 * 1000) })

    @Test func wholeTracesPass() async throws {
        let r = try await gradeSingle(grader: "trace.propagation", with: "{}", files: ["traces.jsonl": Self.whole])
        #expect(r.status == .passed, "\(r.summary)")
        #expect(r.summary == "4 of 4 traces whole and unbroken")
        #expect(r.measurements.first { $0.name == "propagation breaks" }?.value == 0)
        let kinds = (r.charts ?? []).map(\.kind)
        #expect(kinds == [.graph])
        let edges = (r.charts ?? []).first { $0.kind == .graph }?.edges?.map {
            "\($0.from)->\($0.to) \($0.label ?? "")"
        }
        #expect(edges == ["gateway->orders 4 calls", "orders->inventory 4 calls", "orders->payments 4 calls"])
    }

    @Test func aServiceThatDropsTheContextIsNamedWithTheSpanWhereTheTraceBreaks() async throws {
        // payments never continues its caller's trace; orders' calls to inventory keep theirs.
        // Two requests skip payments altogether (a cached answer) and stay whole.
        let spans =
            (1...3).flatMap { checkout($0, at: $0 * 1000, paymentsJoins: false) }
            + (4...5).flatMap { n in checkout(n, at: n * 1000).filter { ![404, 405, 504, 505].contains($0.id) } }
        let r = try await gradeSingle(
            grader: "trace.propagation", with: "{}", files: ["traces.jsonl": otlpLines(spans)])
        #expect(r.status == .partial)
        // Requests 1-3 each split into two traces: 2 of 8 traces are whole and unbroken.
        #expect(r.score == 0.25)
        #expect(
            r.summary
                == "2 of 8 traces whole and unbroken; the context is lost at orders → payments (payments drops it)")
        let finding = try #require(r.findings.first { $0.message.hasPrefix("broken propagation") })
        #expect(finding.severity == .error)
        #expect(finding.message.contains("'payments' drops the trace context on orders → payments (3 calls)"))
        #expect(finding.message.contains("payments SERVER 'POST /payments' (span \(spanHex(105)))"))
        #expect(finding.message.contains("while orders CLIENT 'POST' (span \(spanHex(104)))"))
        #expect(finding.message.contains("payments does not extract the incoming context"))
        // The finding points at the payments span: line 3 of the file holds the payments resource.
        #expect(finding.location?.file == "traces.jsonl" && finding.location?.line == 3)
        #expect((r.charts ?? []).contains { $0.kind == .waterfall && $0.title.contains("breaks") })
    }

    @Test func aCallerThatNeverInjectsIsNamedWhenTheCalleeContinuesOthersTraces() async throws {
        // orders starts new traces downstream; payments continues a refunds call properly.
        var spans = checkout(1, at: 1000, ordersInjects: false)
        spans += [
            FixtureSpan(9, 901, "refunds", .server, "POST /refunds", 5000, 5100),
            FixtureSpan(
                9, 902, parent: 901, "refunds", .client, "POST", 5010, 5090, attributes: ["peer.service": "payments"]),
            FixtureSpan(9, 903, parent: 902, "payments", .server, "POST /payments", 5020, 5080),
        ]
        let r = try await gradeSingle(grader: "trace.propagation", with: "{}", files: ["t.jsonl": otlpLines(spans)])
        let messages = r.findings.filter { $0.message.hasPrefix("broken propagation") }.map(\.message)
        #expect(messages.count == 2)
        #expect(messages.contains { $0.contains("'orders' drops the trace context on orders → payments") })
        #expect(messages.contains { $0.contains("orders does not inject the context") })
        #expect(r.status == .failed || r.status == .partial)
    }

    @Test func orphansAndSeveralRootsAreFoundAndLocated() async throws {
        var spans = checkout(1, at: 1000)
        spans.removeAll { $0.id == 103 }  // orders' SERVER span is missing: its children are orphans
        spans.append(FixtureSpan(1, 199, "gateway", .internal, "cron", 1500, 1510))
        let r = try await gradeSingle(
            grader: "trace.propagation", with: "{ min_whole: 0.5 }", files: ["t.jsonl": otlpLines(spans)])
        #expect(r.status == .failed)
        let orphan = r.findings.filter { $0.message.contains("an orphan") }
        #expect(orphan.count == 3)
        #expect(orphan[0].message.contains("names parent \(spanHex(103))"))
        #expect(
            r.findings.contains {
                $0.message.hasPrefix("trace \(traceHex(1).dropFirst(16)) has 2 roots")
                    || $0.message.contains("has 2 roots")
            })
        #expect(r.measurements.first { $0.name == "orphan spans" }?.value == 3)
    }

    @Test func aTruncatedFileIsAFindingWithItsLineAndTheRestIsGraded() async throws {
        var lines = Self.whole.split(separator: "\n").map(String.init)
        lines[1] = String(lines[1].prefix(lines[1].count / 2))
        let r = try await gradeSingle(
            grader: "trace.propagation", with: "{}", files: ["t.jsonl": lines.joined(separator: "\n") + "\n"])
        let warning = try #require(r.findings.first { $0.severity == .warning })
        #expect(warning.location?.line == 2)
        #expect(warning.message.hasPrefix("not valid JSON"))
        // The orders spans after the cut are missing: their children are orphans.
        #expect(r.status == .partial || r.status == .failed)
        #expect(r.findings.contains { $0.message.contains("an orphan") })
        #expect(r.measurements.first { $0.name == "traces" }?.value == 4)
    }

    @Test func aFileOfNoTraceFormatFailsWithTheReason() async throws {
        let r = try await gradeSingle(grader: "trace.propagation", with: "{}", files: ["t.json": "{\"hello\": 1}"])
        #expect(r.status == .failed)
        #expect(r.findings.first?.message.hasPrefix("not a trace file") == true)
        #expect(r.findings.first?.location?.description == "t.json:1:1")
    }

    @Test func badOptionsAreRubricErrors() async throws {
        await #expect(throws: RubricError.self) {
            _ = try await gradeSingle(grader: "trace.propagation", with: "{ min_whole: 2 }", files: [:])
        }
        await #expect(throws: RubricError.self) {
            _ = try await gradeSingle(grader: "trace.propagation", with: "{ min_hole: 1 }", files: [:])
        }
    }
}
