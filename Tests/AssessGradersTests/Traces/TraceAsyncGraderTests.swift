import AssessCore
import AssessGraders
import AssessTestSupport
import Testing

@Suite struct TraceAsyncGraderTests {
    /// orders publishes `order.created`; inventory consumes it as a child, or in its own trace with a link.
    static func published(_ n: Int, consumer: String) -> [FixtureSpan] {
        let id = n * 100
        var spans = [
            FixtureSpan(n, id + 1, "orders", .server, "POST /orders", n * 1000, n * 1000 + 40),
            FixtureSpan(
                n, id + 2, parent: id + 1, "orders", .producer, "order.created publish", n * 1000 + 10, n * 1000 + 12,
                attributes: ["messaging.system": "kafka", "messaging.destination.name": "order.created"]),
        ]
        switch consumer {
        case "child":
            spans.append(
                FixtureSpan(
                    n, id + 3, parent: id + 2, "inventory", .consumer, "order.created process",
                    n * 1000 + 50, n * 1000 + 70))
        case "link":
            spans.append(
                FixtureSpan(
                    500 + n, id + 3, "inventory", .consumer, "order.created process", n * 1000 + 50,
                    n * 1000 + 70, link: (n, id + 2)))
        case "new trace":
            spans.append(
                FixtureSpan(
                    500 + n, id + 3, "inventory", .consumer, "order.created process", n * 1000 + 50,
                    n * 1000 + 70))
        default: break
        }
        return spans
    }

    @Test(arguments: ["child", "link"])
    func aHopThroughTheBrokerIsRecognisedByParentOrLink(_ how: String) async throws {
        let spans = (1...3).flatMap { Self.published($0, consumer: how) }
        let r = try await gradeSingle(
            grader: "trace.async", with: "{ hops: ['orders -> inventory'] }", files: ["t.jsonl": otlpLines(spans)])
        #expect(r.status == .passed, "\(r.summary)")
        #expect(r.measurements.first { $0.name == "messaging hops" }?.value == 3)
        #expect(r.measurements.first { $0.name == "hops via links" }?.value == (how == "link" ? 3 : 0))
        let first = try #require(r.findings.first)
        #expect(
            first.message.hasPrefix(
                "messaging hop orders → inventory on 'order.created' "
                    + (how == "link" ? "via a span link" : "as parent and child in trace \(traceHex(1).suffix(16))")))
        let graph = try #require(r.charts?.first { $0.kind == .graph })
        #expect(graph.edges?.map { "\($0.from)->\($0.to) \($0.label ?? "")" } == ["orders->inventory 3 messages"])
    }

    @Test func aMissingConsumerSpanIsReportedWithTheProducer() async throws {
        let spans =
            Self.published(1, consumer: "child") + Self.published(2, consumer: "none")
            + Self.published(3, consumer: "new trace")
        let r = try await gradeSingle(
            grader: "trace.async", with: "{ hops: ['orders -> inventory'] }", files: ["t.jsonl": otlpLines(spans)])
        #expect(r.status == .partial)
        let errors = r.findings.filter { $0.severity == .error }
        #expect(errors.count == 3)
        #expect(
            errors[0].message
                == "missing consumer span: orders PRODUCER 'order.created publish' (span \(spanHex(202))) sends to 'order.created' in trace \(traceHex(2).suffix(16)), and no CONSUMER span continues it or links to it"
        )
        #expect(errors[0].location?.line == 1)
        #expect(
            errors[2].message.contains("inventory CONSUMER 'order.created process' (span \(spanHex(303))) starts trace")
        )
        // The hop is there (1); of 3 producers and 2 consumers, 2 producers and 1 consumer are not joined: (1 + 2/5) / 2.
        #expect(abs(r.score - 0.7) < 1e-3)
    }

    @Test func noHopAtAllFailsAndAMalformedLineIsLocated() async throws {
        let text = otlpLines(checkout(1, at: 1000)) + "{\"resourceSpans\": [}\n"
        let r = try await gradeSingle(
            grader: "trace.async", with: "{ hops: ['orders -> inventory'] }", files: ["t.jsonl": text])
        #expect(r.status == .failed)
        #expect(
            r.findings.contains {
                $0.message.hasPrefix("no messaging hop orders → inventory in the traces: orders has no PRODUCER span")
            })
        #expect(r.findings.contains { $0.severity == .warning && $0.location?.line == 5 })
    }
}
