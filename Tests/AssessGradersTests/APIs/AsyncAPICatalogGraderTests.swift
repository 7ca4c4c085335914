import AssessCore
import AssessGraders
import AssessTestSupport
import Foundation
import Testing

/// Documents written by hand to AsyncAPI 2.6.0 and 3.0.0 (asyncapi/spec); the corpus holds the
/// spec's streetlights examples.
@Suite struct AsyncAPICatalogGraderTests {
    static let ordersV2 = """
        asyncapi: '2.6.0'
        info: { title: Orders, version: 1.0.0 }
        channels:
          orders.v1.order-placed:
            subscribe:
              message: { $ref: '#/components/messages/OrderPlaced' }
          payments.v1.payment-captured:
            publish:
              message:
                name: PaymentCaptured
                payload: { type: object }
        components:
          messages:
            OrderPlaced:
              name: OrderPlaced
              payload: { type: object, properties: { orderId: { type: string } } }

        """

    static let paymentsV3 = """
        asyncapi: 3.0.0
        info: { title: Payments, version: 1.0.0 }
        channels:
          captured:
            address: payments.v1.payment-captured
            messages:
              paymentCaptured: { name: PaymentCaptured, payload: { type: object } }
          placed:
            address: orders.v1.order-placed
            messages:
              orderPlaced: { name: OrderPlaced, payload: { type: object } }
        operations:
          sendCaptured: { action: send, channel: { $ref: '#/channels/captured' } }
          onPlaced: { action: receive, channel: { $ref: '#/channels/placed' } }

        """

    @Test func aCatalogAcrossVersionsPasses() async throws {
        let r = try await gradeSingle(
            grader: "asyncapi.catalog", with: "{ events: [[order created, OrderPlaced], PaymentCaptured] }",
            files: ["events/orders.yaml": Self.ordersV2, "events/payments.yaml": Self.paymentsV3])
        #expect(r.status == .passed, "\(r.findings)")
        #expect(
            r.findings.contains { $0.message == "event 'order created': produced by Orders, consumed by Payments" })
    }

    @Test func missingEventsConsumersAndVersionsAreNamed() async throws {
        let unversioned = Self.ordersV2.replacingOccurrences(of: "orders.v1.order-placed", with: "orders.order-placed")
        let r = try await gradeSingle(
            grader: "asyncapi.catalog", with: "{ events: [OrderPlaced, OrderShipped] }",
            files: ["events/orders.yaml": unversioned])
        #expect(r.status == .partial)
        #expect(
            r.findings.filter { $0.severity == .error }.map(\.description) == [
                "events/orders.yaml:6:16: error: message 'OrderPlaced' on 'orders.order-placed' carries no version in its channel or name",
                "events/orders.yaml:6:16: error: event 'OrderPlaced' has no consumer (no application receives it)",
                "error: no message for event 'OrderShipped'",
            ], "\(r.findings)")
    }

    @Test func aMessageWithoutPayloadFails() async throws {
        let r = try await gradeSingle(
            grader: "asyncapi.catalog", with: "{ versioned: false }",
            files: ["a.yaml": Self.paymentsV3.replacingOccurrences(of: ", payload: { type: object }", with: "")])
        #expect(r.status == .failed)
    }

    @Test func aMalformedDocumentIsLocated() async throws {
        let r = try await gradeSingle(
            grader: "asyncapi.catalog", with: "{}",
            files: ["a.yaml": Self.paymentsV3, "b.yaml": "asyncapi: 3.0.0\nchannels: [\n"])
        #expect(r.status == .partial)
        #expect(r.findings.first?.location?.file == "b.yaml")
    }

    @Test(.enabled(if: sharedCorpus != nil, "needs ../shared/corpus"))
    func theStreetlightsExamplesRead() async throws {
        var files: [String: String] = [:]
        for name in ["asyncapi-2.6_streetlights-kafka.yml", "asyncapi-3.1_streetlights-kafka.yml"] {
            files[name] = try String(contentsOfFile: (try sharedCorpusPath("public/asyncapi/")) + name, encoding: .utf8)
        }
        let r = try await gradeSingle(
            grader: "asyncapi.catalog",
            with: "{ events: [[lightMeasured, light measured]], producers_and_consumers: false }",
            files: files)
        #expect(r.status == .passed, "\(r.findings)")
        #expect(r.findings.filter { $0.severity == .info }.count == 2)
    }
}
