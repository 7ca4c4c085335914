import AssessCore
import AssessGraders
import AssessTestSupport
import Foundation
import Testing

/// The services a design document names agree with the OpenAPI titles, the Pact participants
/// and the AsyncAPI applications (files written by hand to those specifications).
@Suite struct InterfaceNamesConsistencyTests {
    static let design = "## Services\n- Orders\n- Payments\n- Web\n"
    static let files: [String: String] = [
        "design.md": design,
        "api/orders.yaml": "openapi: 3.1.0\ninfo: { title: Orders API, version: 1.0.0 }\npaths: {}\n",
        "api/payments.yaml": "openapi: 3.1.0\ninfo: { title: Payments Service, version: 1.0.0 }\npaths: {}\n",
        "pacts/web-orders.json": #"{"consumer": {"name": "web"}, "provider": {"name": "orders"}, "interactions": []}"#,
        "events/payments.yaml": "asyncapi: 3.0.0\ninfo: { title: Payments, version: 1.0.0 }\nchannels: {}\n",
    ]

    @Test func theDesignsServicesMatchTheInterfaces() async throws {
        let r = try await gradeSingle(
            grader: "consistency.names",
            with:
                "{ names: { section: Services }, against: [{ pacts: 'pacts/*.json' }, { asyncapi: 'events/*.yaml' }], both_ways: false }",
            paths: ["design.md"], files: Self.files)
        #expect(r.status == .partial, "\(r.findings)")
        #expect(
            r.findings.filter { $0.severity == .error }.map(\.message) == [
                "'Payments' from section 'Services' is missing from the Pact participants in 'pacts/*.json'",
                "'Orders' from section 'Services' is missing from the AsyncAPI applications in 'events/*.yaml'",
                "'Web' from section 'Services' is missing from the AsyncAPI applications in 'events/*.yaml'",
            ])
    }

    @Test func anAPINotInTheDesignIsReportedAtItsTitle() async throws {
        var files = Self.files
        files["api/billing.yaml"] = "openapi: 3.0.3\ninfo:\n  title: Billing\n  version: 1.0.0\npaths: {}\n"
        let r = try await gradeSingle(
            grader: "consistency.names", with: "{ names: { section: Services }, against: [{ openapi: 'api/*.yaml' }] }",
            paths: ["design.md"], files: files)
        #expect(
            r.findings.contains {
                $0.description
                    == "api/billing.yaml:3:10: error: 'Billing' in the OpenAPI titles in 'api/*.yaml' is not in section 'Services'"
            }, "\(r.findings)")
    }
}
