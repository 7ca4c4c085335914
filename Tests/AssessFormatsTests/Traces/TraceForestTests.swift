import AssessFormats
import AssessTestSupport
import AssessYAML
import Foundation
import Testing

/// A span for assembly tests: ids as small numbers, times in milliseconds.
func span(
    _ id: UInt64, parent: UInt64? = nil, trace: UInt64 = 1, service: String = "svc", kind: SpanKind = .internal,
    _ start: Int64, _ end: Int64, shared: Bool = false
) -> Span {
    Span(
        traceID: TraceID(high: 0, low: trace), spanID: SpanID(id), parentID: parent.map(SpanID.init), kind: kind,
        shared: shared, startNanos: start * 1_000_000, endNanos: end * 1_000_000, service: service, name: "op\(id)",
        location: SourceLocation(file: "t.json", line: Int(id), column: 1))
}

@Suite struct TraceForestTests {
    @Test func orphansMultipleRootsCyclesSkewAndDuplicatesAreFoundAndCounted() {
        let forest = TraceForest(spans: [
            // trace 1: whole
            span(1, 0, 100), span(2, parent: 1, 10, 50),
            // trace 2: two roots, and an orphan whose parent 99 is missing
            span(3, trace: 2, 0, 10), span(4, trace: 2, 5, 20), span(5, parent: 99, trace: 2, 1, 2),
            // trace 3: a cycle 6 → 7 → 6, with 8 hanging under it; a root 9 with a skewed child 10
            span(6, parent: 7, trace: 3, 0, 5), span(7, parent: 6, trace: 3, 0, 5), span(8, parent: 7, trace: 3, 1, 2),
            span(9, trace: 3, 100, 200), span(10, parent: 9, trace: 3, 150, 250),
            // trace 4: the same span exported twice
            span(11, trace: 4, 0, 10), span(11, trace: 4, 0, 10),
        ])
        #expect(forest.traces.count == 4)
        let (t1, t2, t3, t4) = (forest.traces[0], forest.traces[1], forest.traces[2], forest.traces[3])
        #expect(t1.isWhole && t1.roots == [0] && forest.children(of: 0) == [1])
        #expect(!t2.isWhole && t2.roots == [2, 3] && t2.orphans == [4])
        #expect(t3.cyclic.sorted() == [5, 6, 7] && t3.roots == [8] && t3.skewed == [9])
        #expect(forest.depths[5] == -1 && forest.depths[9] == 1)
        #expect(t4.duplicates == [11] && t4.isWhole && t4.roots == [10])
        #expect(t2.durationNanos == 20_000_000)
        #expect(forest.span(traceID: TraceID(high: 0, low: 3), spanID: SpanID(10)) == 9)
        #expect(forest.span(traceID: TraceID(high: 0, low: 3), spanID: SpanID(42)) == nil)
    }

    @Test func aZipkinSharedServerHalfIsTheChildOfItsClientHalf() {
        let forest = TraceForest(spans: [
            span(1, service: "a", kind: .server, 0, 100),
            span(2, parent: 1, service: "a", kind: .client, 10, 90),
            span(2, parent: 1, service: "b", kind: .server, 20, 80, shared: true),
            span(3, parent: 2, service: "b", kind: .client, 30, 40),
        ])
        #expect(forest.traces[0].isWhole && forest.traces[0].duplicates.isEmpty)
        #expect(forest.parents == [-1, 0, 1, 2])
        #expect(forest.serviceGraph.edges.map { "\($0.caller)->\($0.callee)" } == ["a->b"])
    }

    @Test func aConsumerLinkedToItsProducerIsAMessagingHop() {
        var consumer = span(5, trace: 2, service: "inventory", kind: .consumer, 50, 60)
        consumer.links = [SpanLink(traceID: TraceID(high: 0, low: 1), spanID: SpanID(2))]
        let forest = TraceForest(spans: [
            span(1, service: "orders", kind: .server, 0, 40),
            span(2, parent: 1, service: "orders", kind: .producer, 10, 12),
            consumer,
        ])
        let edge = forest.serviceGraph.edges.first
        #expect(edge?.caller == "orders" && edge?.callee == "inventory" && edge?.hop == .messaging)
        #expect(edge?.viaLinks == 1)
    }
}

@Suite(.enabled(if: sharedCorpus != nil, "../shared/corpus is absent: real trace exports not checked"))
struct TraceCorpusTests {
    func read(_ name: String) throws -> TraceSet {
        let path = try sharedCorpusPath("public/traces/") + name
        return TraceReader().read(try Data(contentsOf: URL(fileURLWithPath: path)), file: name)
    }

    @Test func everyExportIsRecognisedAndReadWithoutProblems() throws {
        let expected: [String: (TraceFormat, Int)] = [
            "otlp-json_opentelemetry-proto-example-trace.json": (.otlpJSON, 1),
            "otlp-json_jaeger-otlp2jaeger-in.json": (.otlpJSON, 2),
            "otlp-json_jaeger-integration-example_trace.json": (.otlpJSON, 5),
            "jaeger-apiv3_GetTrace-snapshot.json": (.otlpJSON, 1),
            "jaeger-ui_otlp2jaeger-out.json": (.jaegerJSON, 2),
            "jaeger-ui_ui_01.json": (.jaegerJSON, 5),
            "zipkin-v2_messaging.json": (.zipkinJSON, 4),
            "zipkin-v2_skew.json": (.zipkinJSON, 4),
            "zipkin-v2_yelp.json": (.zipkinJSON, 16),
        ]
        for (name, (format, count)) in expected {
            let set = try read(name)
            #expect(set.formats == [format], "\(name)")
            #expect(set.spans.count == count, "\(name)")
            #expect(set.problems.isEmpty, "\(name): \(set.problems)")
        }
    }

    @Test func theOTLPAndJaegerHalvesOfJaegersOwnConversionTestAgree() throws {
        let otlp = try read("otlp-json_jaeger-otlp2jaeger-in.json").spans
        let jaeger = try read("jaeger-ui_otlp2jaeger-out.json").spans
        for (a, b) in zip(otlp, jaeger) {
            #expect(a.traceID == b.traceID && a.spanID == b.spanID && a.parentID == b.parentID)
            #expect(a.startNanos == b.startNanos && a.endNanos == b.endNanos)
            #expect(a.service == b.service && a.kind == b.kind && a.name == b.name)
            #expect(a.attribute("peer.service") == b.attribute("peer.service"))
        }
        // The span is exported twice and its parent is not in the file.
        let forest = TraceForest(spans: otlp)
        #expect(forest.traces[0].duplicates.count == 1 && forest.traces[0].orphans.count == 1)
    }

    @Test func jaegerTypedTagsReferencesAndLogs() throws {
        let spans = try read("jaeger-ui_ui_01.json").spans
        let tagged = spans[1]
        #expect(tagged.status == .error)
        #expect(tagged.attribute("peer.ipv4") == .int(23456))
        #expect(tagged.attribute("temperature") == .double(72.5))
        #expect(tagged.attribute("javascript_limit") == .int(9_223_372_036_854_775_222))
        #expect(tagged.attribute("blob") == .bytes("AAAwOQ=="))
        #expect(spans[0].events.map(\.name) == ["some-event", "log"])
        #expect(spans[2].service == "service-y")
        // CHILD_OF in another trace is a link; CHILD_OF in this one the parent; FOLLOWS_FROM the same span adds nothing.
        #expect(spans[3].parentID == SpanID(2) && spans[3].links.map(\.traceID) == [TraceID(high: 0, low: 0xff)])
    }

    @Test func zipkinSharedSpansFromYelpAssembleIntoOneTree() throws {
        let forest = TraceForest(try read("zipkin-v2_yelp.json"))
        let trace = forest.traces[0]
        #expect(trace.isWhole && trace.duplicates.isEmpty)
        #expect(forest.spans[Int(trace.roots[0])].service == "routing")
        #expect(forest.serviceGraph.edge(from: "yelp-main", to: "mobile_api") != nil)
        #expect(forest.serviceGraph.edge(from: "mobile_api", to: "spectre") != nil)
    }

    @Test func zipkinSkewIsCountedAndMessagingIsAHop() throws {
        let skew = TraceForest(try read("zipkin-v2_skew.json"))
        #expect(skew.traces[0].isWhole)
        #expect(skew.traces[0].skewed.count == 1)
        let messaging = TraceForest(try read("zipkin-v2_messaging.json"))
        #expect(
            messaging.serviceGraph.edges.map { "\($0.caller)->\($0.callee) \($0.hop)" } == [
                "frontend->backend messaging"
            ])
    }
}
