import AssessCore
import AssessGraders
import AssessTestSupport
import Foundation
import Testing

/// Contracts written by hand to the Pact specification v2 and v4 READMEs
/// (pact-foundation/pact-specification); corpus files are pact-jvm's and pact-reference's.
@Suite struct PactContractsGraderTests {
    static let spec = """
        openapi: 3.0.3
        info: { title: Orders Service, version: 1.0.0 }
        servers: [{ url: 'https://orders.example.com/api' }]
        paths:
          /orders:
            get:
              responses: { '200': { description: Orders } }
            post:
              responses: { '201': { description: Created } }
          /orders/{id}:
            get:
              responses: { '200': { description: The order } }

        """

    static func pact(_ interactions: [(String, String)], consumer: String = "web", v4: Bool = false) -> String {
        let items = interactions.enumerated().map { index, call in
            """
                {
                  \(v4 ? "\"type\": \"Synchronous/HTTP\", \"key\": \"k\(index)\"," : "")
                  "description": "call \(index)",
                  "request": { "method": "\(call.0)", "path": "\(call.1)" },
                  "response": { "status": 200 }
                }
            """
        }
        return """
            {
              "consumer": { "name": "\(consumer)" },
              "provider": { "name": "orders" },
              "interactions": [
            \(items.joined(separator: ",\n"))
              ],
              "metadata": { "pactSpecification": { "version": "\(v4 ? "4.0" : "2.0.0")" } }
            }
            """
    }

    @Test func contractsThatMatchTheSpecPass() async throws {
        let r = try await gradeSingle(
            grader: "pact.contracts", with: "{ pairs: ['web -> orders', 'mobile -> orders'] }",
            files: [
                "pacts/web-orders.json": Self.pact([("GET", "/orders"), ("POST", "/orders")]),
                "pacts/mobile-orders.json": Self.pact([("GET", "/api/orders/7")], consumer: "mobile", v4: true),
                "api/orders-service.yaml": Self.spec,
            ])
        #expect(r.status == .passed, "\(r.findings)")
        #expect(r.measurements.first { $0.name == "interactions" }?.value == 3)
    }

    @Test func aPathMissingFromTheProviderSpecHasBothLocations() async throws {
        let r = try await gradeSingle(
            grader: "pact.contracts", with: "{ pairs: ['web -> orders'] }",
            files: [
                "pacts/web-orders.json": Self.pact([("GET", "/orders"), ("GET", "/customers/1")]),
                "api/orders.yaml": Self.spec,
            ])
        #expect(r.status == .partial)
        let miss = r.findings.first { $0.severity == .error }
        #expect(
            miss?.description
                == "pacts/web-orders.json:14:45: error: web calls GET /customers/1, which is not a path of orders's spec api/orders.yaml (paths at api/orders.yaml:4:1)",
            "\(r.findings)")
        #expect(miss?.hint?.contains("api/orders.yaml:4:1") == true)
    }

    @Test func aMethodTheSpecDoesNotOfferIsNamed() async throws {
        let r = try await gradeSingle(
            grader: "pact.contracts", with: "{}",
            files: ["pacts/web-orders.json": Self.pact([("DELETE", "/orders/3")]), "api/orders.yaml": Self.spec])
        #expect(r.status == .partial)
        #expect(r.findings.contains { $0.message.contains("'/orders/{id}'") && $0.message.contains("has no DELETE") })
    }

    @Test func aContractNoProviderSpecConfirmsIsAMiss() async throws {
        let other = Self.spec.replacingOccurrences(of: "Orders Service", with: "Catalog")
        let r = try await gradeSingle(
            grader: "pact.contracts", with: "{}",
            files: ["pacts/web-orders.json": Self.pact([("GET", "/orders")]), "api/catalog.yaml": other])
        #expect(r.status != .passed)
        #expect(
            r.findings.contains {
                $0.message
                    == "no OpenAPI document of the provider 'orders' to check 1 interaction of web's contract against"
                    && $0.location?.file == "pacts/web-orders.json"
                    && $0.hint
                        == "name orders in its spec's info.title or file name (api/catalog.yaml names another service)"
            }, "\(r.findings)")
    }

    @Test func aTitleThatNamesTheProviderAmongOtherWordsIsItsSpec() async throws {
        let spec = Self.spec.replacingOccurrences(of: "Orders Service", with: "Bookstore order API")
        let r = try await gradeSingle(
            grader: "pact.contracts", with: "{}",
            files: ["pacts/web-orders.json": Self.pact([("GET", "/orders/7/status")]), "api/openapi.yaml": spec])
        #expect(
            r.findings.contains {
                $0.message.hasPrefix(
                    "web calls GET /orders/7/status, which is not a path of orders's spec api/openapi.yaml")
            }, "\(r.findings)")
    }

    @Test func aMissingPairFails() async throws {
        let r = try await gradeSingle(
            grader: "pact.contracts", with: "{ pairs: ['billing -> orders'], cross_check: false }",
            files: ["pacts/web-orders.json": Self.pact([("GET", "/orders")])])
        #expect(r.status == .partial)
        #expect(r.findings.contains { $0.message == "no contract between billing → orders" })
    }

    @Test func aMalformedContractIsLocated() async throws {
        let r = try await gradeSingle(
            grader: "pact.contracts", with: "{}",
            files: [
                "pacts/a.json": Self.pact([("GET", "/orders")]),
                "pacts/b.json": "{ \"consumer\": {\n  \"name\": web }\n",
            ])
        #expect(r.findings.first?.location?.file == "pacts/b.json")
        #expect(r.findings.first?.location?.line == 2)
    }

    @Test func badPairsAreRubricErrors() async throws {
        await #expect(throws: (any Error).self) {
            _ = try await gradeSingle(grader: "pact.contracts", with: "{ pairs: ['web orders'] }", files: [:])
        }
    }

    @Test(.enabled(if: sharedCorpus != nil, "needs ../shared/corpus"))
    func corpusContractsOfEverySpecificationRead() async throws {
        var files: [String: String] = [:]
        for name in [
            "pact-v2_query.json", "pact-v2_test_pact_matchers.json", "pact-v3_match-values.json",
            "pact-v3_message-pact.json", "pact-v4_combined-http-and-message.json",
            "pact-v4_compat-suite_pact-broker_c1.json",
        ] {
            files["pacts/\(name)"] = try String(
                contentsOfFile: (try sharedCorpusPath("public/pact/")) + name, encoding: .utf8)
        }
        let r = try await gradeSingle(
            grader: "pact.contracts", with: "{ pairs: ['test_consumer -> test_provider'] }", files: files)
        let summaries = r.findings.filter { $0.severity == .info }.map(\.message)
        #expect(summaries.count == 6, "\(r.findings)")
        #expect(summaries.contains("contract consumer → provider (Pact 3.0.0): 2 interactions"))
        #expect(summaries.contains("contract test_consumer → test_provider (Pact 4.0): 2 interactions"))
        #expect(r.status != .error)
    }
}
