import AssessFormats
import Foundation
import Testing

/// The span-selector language on its own, over a real Jaeger export (Fixtures/README.md).
@Suite struct SpanSelectorTests {
    let forest: TraceForest = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/checkout.jaeger.json")
        return TraceForest(TraceReader().read(try! Data(contentsOf: url), file: "checkout.jaeger.json"))
    }()

    func names(_ selector: String) throws -> [String] {
        try SpanSelector(selector).select(in: forest).map { forest.spans[$0].name }
    }

    @Test func selectsByServiceAndName() throws {
        // One span of the payments service; the orders service's client call has the same name.
        #expect(try names(#"span[service.name="payments"]"#) == ["POST /payments"])
        #expect(try names(#"span[name="POST /payments"]"#).count == 2)
        #expect(try names(#"span[name contains "orders"]"#).allSatisfy { $0.contains("orders") })
        #expect(try names(#"span[service.name="nowhere"]"#).isEmpty)
    }

    @Test func aChainSelectsDescendants() throws {
        let under = try names(#"span[name="GET /checkout"] span[service.name="orders"]"#)
        #expect(under == ["POST /orders", "POST /payments", "orders publish"])
        #expect(try names(#"span[service.name="payments"] span[name="GET /checkout"]"#).isEmpty)
    }

    @Test func pseudoClassesPickOneSpanByStart() throws {
        #expect(try names(#"span[service.name="orders"]:first"#) == ["POST /orders"])
        #expect(try names(#"span[service.name="orders"]:last"#) == ["orders publish"])
        #expect(try names(#"span[service.name="orders"]:nth_child(2)"#) == ["POST /payments"])
        #expect(try names(#"span[service.name="orders"]:nth_child(9)"#).isEmpty)
    }

    @Test(
        "mistakes point at their column",
        arguments: [
            ("spam[name=x]", 0, "expected 'span[…]'"),
            ("span[name=x", 11, "never closed"),
            ("span[name ~ x]", 10, "expected a comparison"),
            ("span[name=\"x]", 10, "never closed"),
            ("span[name=x]:nth_child(0)", 23, "':nth_child' takes a number"),
            (", span[name=x]", 0, "a ',' with no selector"),
            ("span[name=x],", 13, "the selector is empty"),
        ])
    func mistakes(_ text: String, _ offset: Int, _ message: String) {
        #expect {
            _ = try SpanSelector(text)
        } throws: { error in
            guard let error = error as? TraceExpressionError else { return false }
            return error.message.contains(message) && error.offset == offset
        }
    }

    @Test func literalsReadNumbersAndDurations() {
        #expect(Literal("200", quoted: false).number == 200)
        #expect(Literal("150ms", quoted: false).number == 150e6)
        #expect(Literal("150ms", quoted: false).isDuration)
        #expect(Literal("150ms", quoted: true).number == nil)
        #expect(SpanComparator.greater.holds(.int(300), Literal("200", quoted: false)))
        #expect(SpanComparator.contains.holds(.string("POST /orders"), Literal("orders", quoted: true)))
    }
}
