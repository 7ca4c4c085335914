import AssessCore
import AssessGraders
import AssessTestSupport
import Testing

@Suite struct ConsistencyNamesGraderTests {
    let options = "names: { section: Bounded Contexts }\nagainst: [{ diagram: flowchart }]"

    func design(_ diagram: String) -> String {
        "# Design\n\n## Bounded Contexts\n\n- **Ordering**: orders\n- **Payments**: money\n- **Customer Accounts**: people\n\n```mermaid\nflowchart LR\n\(diagram)\n```\n"
    }

    @Test func passesWhenTheDiagramShowsTheSameContextsUnderOtherSpellings() async throws {
        let r = try await gradeSingle(
            grader: "consistency.names", with: options,
            files: ["d.md": design("  order-service --> PaymentsService\n  customerAccounts --> order-service")])
        #expect(r.status == .passed, "\(r.findings)")
    }

    /// The must-show: a flowchart whose nodes do not match the listed contexts.
    @Test func namesEveryMismatchOnBothSides() async throws {
        let r = try await gradeSingle(
            grader: "consistency.names", with: options,
            files: ["d.md": design("  Ordering --> Warehouse\n  Ordering --> Billing")])
        #expect(r.status == .partial)
        #expect(
            r.findings.map(\.description) == [
                "d.md:6:1: error: 'Payments' from section 'Bounded Contexts' is missing from the flowchart diagram",
                "d.md:7:1: error: 'Customer Accounts' from section 'Bounded Contexts' is missing from the flowchart diagram",
                "d.md:11:3: error: 'Warehouse' in the flowchart diagram is not in section 'Bounded Contexts'",
                "d.md:12:3: error: 'Billing' in the flowchart diagram is not in section 'Bounded Contexts'",
            ])
        #expect(r.score == 0.3333)
    }

    @Test func foldersFilesAndOneWayComparison() async throws {
        let files = [
            "d.md": design("  Ordering --> Payments"), "services/ordering/main.go": "package main",
            "services/billing/main.go": "package main",
            "api/payments.yaml": "openapi: 3.0.3", "api/ordering.yaml": "openapi: 3.0.3",
            "api/customer-accounts.yaml": "openapi: 3.0.3",
        ]
        let folders = try await gradeSingle(
            grader: "consistency.names",
            with: "names: { section: Bounded Contexts }\nagainst: [{ folders: 'services/*' }]\nboth_ways: false",
            paths: ["d.md"], files: files)
        #expect(
            folders.findings.map(\.message) == [
                "'Payments' from section 'Bounded Contexts' is missing from the folders 'services/*'",
                "'Customer Accounts' from section 'Bounded Contexts' is missing from the folders 'services/*'",
            ])
        let specs = try await gradeSingle(
            grader: "consistency.names",
            with: "names: { section: Bounded Contexts }\nagainst: [{ files: 'api/*.yaml' }]",
            paths: ["d.md"], files: files)
        #expect(specs.status == .passed)
    }

    @Test func malformedSourceAndOptions() async throws {
        let r = try await gradeSingle(
            grader: "consistency.names", with: options, files: ["d.md": "# Nothing to compare\n"])
        #expect(r.status == .failed)
        #expect(r.findings.map(\.message) == ["found no names in section 'Bounded Contexts' to compare"])
        let node = try YAMLParser().parse(
            "names: { sections: X }\nagainst: [{ diagram: flowchart, folders: x }]\n", file: "o.yaml")
        let error = try #require(throws: RubricError.self) { try ConsistencyNamesGrader.options(from: node) }
        #expect(
            error.diagnostics.map(\.description) == [
                "o.yaml:1:8: error: 'names' needs 'section', 'diagram', 'folders' or 'files'",
                "o.yaml:1:10: error: unknown key 'sections' in 'names'; did you mean 'section'?",
                "o.yaml:2:11: error: an entry of 'against' takes one of 'diagram', 'folders' or 'files', not diagram and folders",
            ])
    }

    /// Operations files as places: workload names, VirtualService hosts, catalog components and
    /// SLO services (manifests written by hand after the Kubernetes, Istio, Backstage and OpenSLO docs).
    @Test func operationsFilesAsPlaces() async throws {
        let files = [
            "d.md": design("  Ordering --> Payments"),
            "k8s/apps.yaml":
                "apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: ordering }\n---\napiVersion: apps/v1\nkind: StatefulSet\nmetadata: { name: payments-svc }\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: { name: warehouse }\n",
            "mesh/vs.yaml":
                "apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: { name: routes }\nspec:\n  hosts: [ordering.shop.svc.cluster.local, payments, customer-accounts]\n",
            "catalog-info.yaml":
                "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: { name: ordering-service }\nspec: { type: service }\n---\napiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: { name: payments }\nspec: { type: service }\n",
            "slo/ordering.yaml":
                "apiVersion: openslo/v1\nkind: SLO\nmetadata: { name: ordering-availability }\nspec: { service: ordering }\n",
        ]
        let workloads = try await gradeSingle(
            grader: "consistency.names",
            with: "names: { section: Bounded Contexts }\nagainst: [{ workloads: 'k8s/*.yaml' }]",
            paths: ["d.md"], files: files)
        #expect(
            workloads.findings.map(\.description) == [
                "d.md:7:1: error: 'Customer Accounts' from section 'Bounded Contexts' is missing from the workloads in 'k8s/*.yaml'",
                "k8s/apps.yaml:11:19: error: 'warehouse' in the workloads in 'k8s/*.yaml' is not in section 'Bounded Contexts'",
            ])
        let hosts = try await gradeSingle(
            grader: "consistency.names",
            with: "names: { section: Bounded Contexts }\nagainst: [{ hosts: 'mesh/*.yaml' }]",
            paths: ["d.md"], files: files)
        #expect(hosts.status == .passed, "\(hosts.findings)")
        let catalog = try await gradeSingle(
            grader: "consistency.names",
            with: "names: { components: catalog-info.yaml }\nagainst: [{ slos: 'slo/*.yaml' }]\nboth_ways: false",
            paths: ["catalog-info.yaml"], files: files)
        #expect(
            catalog.findings.map(\.message) == [
                "'payments' from the catalog components in 'catalog-info.yaml' is missing from the SLO services in 'slo/*.yaml'"
            ])
    }

    @Test func federatedSubgraphsAsAPlace() async throws {
        // A rover config (rover's supergraph config docs) and a subgraph file it does not name.
        let files = [
            "d.md": "## Bounded Contexts\n- **Ordering**\n- **Accounts**\n- **Catalog**\n",
            "graph/supergraph.yaml":
                "subgraphs:\n  orders:\n    routing_url: http://orders:4001\n    schema: { file: ./orders.graphql }\n  accounts:\n    routing_url: http://accounts:4002\n    schema: { file: ./accounts.graphql }\n",
            "graph/warehouse/schema.graphql": "type Query { stock: Int }\n",
        ]
        let r = try await gradeSingle(
            grader: "consistency.names",
            with: "names: { section: Bounded Contexts }\nagainst: [{ subgraphs: 'graph/**' }]",
            paths: ["d.md"], files: files)
        #expect(
            r.findings.map(\.description) == [
                "d.md:4:1: error: 'Catalog' from section 'Bounded Contexts' is missing from the GraphQL subgraphs in 'graph/**'",
                "graph/warehouse/schema.graphql:1:1: error: 'warehouse' in the GraphQL subgraphs in 'graph/**' is not in section 'Bounded Contexts'",
            ])
    }
}
