import AssessCore
import AssessFormats
import AssessYAML
import Foundation
import Testing

@testable import AssessGraders

/// `compose.services` and `graphql.federation` judge what their readers made of text held
/// here: Compose files read by `ComposeReader`, and a federated graph read from the shop
/// fixtures (Apollo Federation 2, see Tests/AssessFormatsTests/Data/Fixtures/README.md).
@Suite struct ServiceGraphJudgingTests {
    static func compose(_ text: String) throws -> Evidence<ComposeFile> {
        let model = try ComposeReader().read(EvidenceFile(path: "compose.yaml", contents: text)).model
        return Evidence(read: [("compose.yaml", model)], findings: [], unreadable: [], failure: nil)
    }

    @Test func servicesWithHealthchecksAndHealthyDependenciesPass() throws {
        let grader = try configured(
            ComposeServicesGrader.self, "{ min_services: 2, healthchecks: true, healthy_dependencies: true }")
        let healthy = try Self.compose(
            """
            services:
              db:
                image: postgres:16
                healthcheck: { test: ["CMD", "pg_isready"], interval: 5s }
              api:
                build: .
                depends_on: { db: { condition: service_healthy } }
                healthcheck: { test: ["CMD", "curl", "-f", "http://localhost:8080/health"] }
            """)
        #expect(grader.judge(healthy).status == .passed)
        let waiting = try Self.compose(
            """
            services:
              db:
                image: postgres:16
              api:
                build: .
                depends_on: [db]
            """)
        let outcome = grader.judge(waiting)
        #expect(outcome.status == .partial)
        #expect(outcome.findings.contains { $0.message == "service 'db' has no healthcheck" && $0.location?.line == 2 })
        #expect(grader.judge(Evidence(read: [], findings: [], unreadable: [], failure: nil)).status == .failed)
    }

    static let shop = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("AssessFormatsTests/Data/Fixtures/graphql/shop")

    static func graph(without: String? = nil) -> FederationEvidence {
        let names: [String] = ["supergraph.yaml", "accounts.graphql", "catalog.graphql", "orders.graphql"]
            .filter { $0 != without }
        let paths = names.map { "graph/" + $0 }
        return FederationEvidence(paths: paths, existing: paths) { path in
            try String(contentsOf: shop.appendingPathComponent(String(path.dropFirst("graph/".count))), encoding: .utf8)
        }
    }

    @Test func aGraphWithEveryEntityKeyedPassesAndAMissingSubgraphFileIsNamed() throws {
        let grader = try configured(GraphQLFederationGrader.self, "{ min_subgraphs: 3, entities: [Product, Order] }")
        let whole = grader.judge(Self.graph())
        #expect(whole.status == .passed, "\(whole.findings)")
        let missing = grader.judge(Self.graph(without: "orders.graphql"))
        #expect(missing.status != .passed)
        #expect(
            missing.findings.contains { $0.severity == .error && $0.message.contains("orders") }, "\(missing.findings)")
    }
}
