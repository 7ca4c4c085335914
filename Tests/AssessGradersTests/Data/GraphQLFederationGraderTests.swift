import AssessCore
import AssessGraders
import AssessTestSupport
import Foundation
import Testing

// The graph below is written to Apollo's Federation 2 docs (entities, @shareable value types,
// @external/@requires) and rover's supergraph config docs; the supergraph to the join v0.3 spec.
@Suite struct GraphQLFederationGraderTests {
    static let config = """
        federation_version: =2.3.2
        subgraphs:
          accounts:
            routing_url: http://accounts:4001/graphql
            schema:
              file: ./accounts.graphql
          catalog:
            routing_url: http://catalog:4002/graphql
            schema:
              file: ./catalog.graphql
          orders:
            routing_url: http://orders:4003/graphql
            schema:
              file: ./orders.graphql

        """
    static let accounts = """
        extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
        type Query { me: User }
        type User @key(fields: "id") {
          id: ID!
          email: String!
        }

        """
    static let catalog = """
        extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@shareable"])
        type Query { product(sku: String!): Product }
        type Product @key(fields: "sku") @key(fields: "sku variant { code }") {
          sku: String!
          name: String!
          variant: Variant
          price: Money!
        }
        type Variant { code: String! }
        type Money @shareable { amount: Float! currency: String! }

        """
    static let orders = """
        extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@shareable", "@external", "@requires"])
        type Order @key(fields: "id") {
          id: ID!
          buyer: User!
          total: Money!
        }
        type User @key(fields: "id") { id: ID! orders: [Order!]! }
        extend type Product @key(fields: "sku") {
          sku: String!
          name: String! @external
          label: String @requires(fields: "name")
        }
        type Money @shareable { amount: Float! currency: String! }

        """
    static let composed = """
        schema
          @link(url: "https://specs.apollo.dev/link/v1.0")
          @link(url: "https://specs.apollo.dev/join/v0.3", for: EXECUTION)
        {
          query: Query
        }

        enum join__Graph {
          ACCOUNTS @join__graph(name: "accounts", url: "http://accounts:4001/graphql")
          CATALOG @join__graph(name: "catalog", url: "http://catalog:4002/graphql")
          ORDERS @join__graph(name: "orders", url: "http://orders:4003/graphql")
        }

        type Query
          @join__type(graph: ACCOUNTS)
          @join__type(graph: CATALOG)
          @join__type(graph: ORDERS)
        {
          me: User @join__field(graph: ACCOUNTS)
          product(sku: String!): Product @join__field(graph: CATALOG)
        }

        type User
          @join__type(graph: ACCOUNTS, key: "id")
          @join__type(graph: ORDERS, key: "id")
        {
          id: ID!
          email: String! @join__field(graph: ACCOUNTS)
          orders: [Order!]! @join__field(graph: ORDERS)
        }

        type Order
          @join__type(graph: ORDERS, key: "id")
        {
          id: ID!
          buyer: User!
          total: Money!
        }

        type Product
          @join__type(graph: CATALOG, key: "sku")
          @join__type(graph: CATALOG, key: "sku variant { code }")
          @join__type(graph: ORDERS, key: "sku", extension: true)
        {
          sku: String!
          name: String! @join__field(graph: CATALOG) @join__field(graph: ORDERS, external: true)
          variant: Variant @join__field(graph: CATALOG)
          price: Money! @join__field(graph: CATALOG)
          label: String @join__field(graph: ORDERS, requires: "name")
        }

        type Variant
          @join__type(graph: CATALOG)
        {
          code: String!
        }

        type Money
          @join__type(graph: CATALOG)
          @join__type(graph: ORDERS)
        {
          amount: Float!
          currency: String!
        }

        """

    /// The supergraph above, or as composed before the orders subgraph existed.
    static func supergraph(without orders: Bool = false) -> String {
        guard orders else { return composed }
        return composed.components(separatedBy: "\n\n").filter { !$0.hasPrefix("type Order\n") }
            .joined(separator: "\n\n")
            .replacingOccurrences(of: " @join__field(graph: ORDERS, external: true)", with: "")
            .split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.contains("ORDERS") && !$0.hasPrefix("  orders:") && !$0.hasPrefix("  label:") }
            .joined(separator: "\n")
    }

    static let rubric =
        "{ min_subgraphs: 3, subgraphs: [accounts, [catalog, products], orders], entities: [User, Product, Order] }"

    func files(_ changes: [String: String?] = [:]) -> [String: String] {
        var files = [
            "graph/supergraph.yaml": Self.config, "graph/accounts.graphql": Self.accounts,
            "graph/catalog.graphql": Self.catalog, "graph/orders.graphql": Self.orders,
            "graph/supergraph.graphql": Self.supergraph(),
        ]
        for (path, text) in changes { files[path] = text }
        return files
    }

    @Test func passesOnAConsistentGraphAndListsOwnership() async throws {
        let r = try await gradeSingle(
            grader: "graphql.federation", with: Self.rubric, paths: ["graph/**"], files: files())
        #expect(r.status == .passed, "\(r.findings)")
        #expect(r.findings.allSatisfy { $0.severity == .info })
        #expect(r.findings.contains { $0.message == "subgraph 'catalog' owns Money, Product, Variant" })
        #expect(r.findings.contains { $0.message == "subgraph 'accounts' owns User" })
        #expect(r.measurements.first { $0.name == "entities" }?.value == 3)
    }

    @Test func aSupergraphMissingOneSubgraphOfTheConfigNamesIt() async throws {
        // As the rubric writes it: `- { id: federation, grader: graphql.federation, input: graphs }`.
        let r = try await gradeSingle(
            grader: "graphql.federation", with: "", paths: ["graph/**"],
            files: files(["graph/supergraph.graphql": Self.supergraph(without: true)]))
        #expect(r.status == .partial)
        let finding = try #require(r.findings.first { $0.message.contains("'orders'") && $0.severity == .error })
        #expect(
            finding.message
                == "subgraph 'orders' of graph/supergraph.yaml is missing from the supergraph graph/supergraph.graphql (its join__Graph lists accounts, catalog)"
        )
        #expect(finding.location?.file == "graph/supergraph.yaml")
        #expect(finding.location?.line == 11)
    }

    @Test func aFieldResolvedByTwoSubgraphsWithoutShareableFails() async throws {
        let orders = Self.orders.replacingOccurrences(of: "  name: String! @external\n", with: "  name: String!\n")
        let r = try await gradeSingle(
            grader: "graphql.federation", with: "{}", paths: ["graph/**"],
            files: files(["graph/orders.graphql": orders]))
        #expect(r.status == .partial)
        #expect(
            r.findings.contains {
                $0.message == "Product.name is resolved by catalog and orders but is not @shareable in 'orders'"
                    && $0.location?.file == "graph/orders.graphql" && $0.location?.line == 10
            })
        #expect(r.findings.contains { $0.message.hasSuffix("not @shareable in 'catalog'") })
        #expect(r.measurements.first { $0.name.hasPrefix("fields resolved") }?.value == 1)
    }

    @Test func theSupergraphTellsOfASharedFieldWhenOneSubgraphFileIsAtHand() async throws {
        let supergraph = Self.supergraph().replacingOccurrences(
            of: "  email: String! @join__field(graph: ACCOUNTS)",
            with: "  email: String! @join__field(graph: ACCOUNTS) @join__field(graph: ORDERS)")
        let r = try await gradeSingle(
            grader: "graphql.federation", with: "{}", paths: ["graph/accounts.graphql", "graph/supergraph.graphql"],
            files: files(["graph/supergraph.graphql": supergraph, "graph/supergraph.yaml": nil]))
        #expect(
            r.findings.contains {
                $0.message
                    == "the supergraph resolves User.email in accounts and orders, but 'accounts' does not mark it @shareable"
            })
    }

    @Test func anEntityKeyNamingAMissingFieldFails() async throws {
        let orders = Self.orders.replacingOccurrences(
            of: "type Order @key(fields: \"id\")", with: "type Order @key(fields: \"number\")")
        let r = try await gradeSingle(
            grader: "graphql.federation", with: "{}", paths: ["graph/**"],
            files: files(["graph/orders.graphql": orders]))
        #expect(r.status == .partial)
        #expect(
            r.findings.contains {
                $0.message
                    == "@key(fields: \"number\") on Order in subgraph 'orders' names 'number', which Order does not have"
                    && $0.location?.line == 2
            })
    }

    @Test func aNestedKeyIsFollowedThroughTheFieldsType() async throws {
        let catalog = Self.catalog.replacingOccurrences(of: "variant { code }", with: "variant { sku }")
        let r = try await gradeSingle(
            grader: "graphql.federation", with: "{}", paths: ["graph/**"],
            files: files(["graph/catalog.graphql": catalog]))
        #expect(r.findings.contains { $0.message.contains("names 'variant.sku', which Product does not have") })
    }

    @Test func missingSchemaFilesAndUnmetOptionsArePartial() async throws {
        let r = try await gradeSingle(
            grader: "graphql.federation", with: Self.rubric, paths: ["graph/**"],
            files: files(["graph/orders.graphql": nil, "graph/supergraph.graphql": Self.supergraph(without: true)]))
        #expect(r.status == .partial)
        #expect(
            r.findings.contains {
                $0.message == "the schema file of subgraph 'orders' is missing: graph/orders.graphql"
            })
        #expect(r.findings.contains { $0.message.hasPrefix("no entity 'Order'") })
        // orders is still named by the config, so three subgraphs are counted.
        #expect(r.measurements.first { $0.name == "subgraphs" }?.value == 3)
        #expect(r.score > 0.5 && r.score < 1)
    }

    @Test func configSchemasOutsideTheGlobAreReadAndURLSourcesNeedAFile() async throws {
        let config = Self.config.replacingOccurrences(
            of: "      file: ./orders.graphql", with: "      subgraph_url: http://orders:4003/graphql")
        let r = try await gradeSingle(
            grader: "graphql.federation", with: "{ supergraph: true }", paths: ["graph/supergraph.*"],
            files: files(["graph/supergraph.yaml": config]))
        #expect(
            r.findings.contains { $0.message.contains("subgraph 'orders' takes its schema from http://orders:4003") })
        #expect(!r.findings.contains { $0.message.contains("schema file of subgraph 'catalog'") })
        #expect(r.status == .partial)
    }

    @Test func aSyntaxErrorIsAnErrorAtItsLineAndColumn() async throws {
        let broken = Self.catalog.replacingOccurrences(of: "  name: String!", with: "  name String!")
        let r = try await gradeSingle(
            grader: "graphql.federation", with: "{}", paths: ["graph/**"],
            files: files(["graph/catalog.graphql": broken]))
        #expect(r.status == .partial)
        let error = try #require(r.findings.first { $0.message.hasPrefix("syntax error") })
        #expect(error.location == SourceLocation(file: "graph/catalog.graphql", line: 5, column: 8))
    }

    @Test func nothingReadableIsAnError() async throws {
        let r = try await gradeSingle(
            grader: "graphql.federation", with: "{}", files: ["schema.graphql": "type Query {"])
        #expect(r.status == .error)
        #expect(r.findings.first?.location?.line == 1)
    }

    @Test func requiresASupergraphWhenAsked() async throws {
        let r = try await gradeSingle(
            grader: "graphql.federation", with: "{ supergraph: true }", paths: ["graph/**"],
            files: files(["graph/supergraph.graphql": nil]))
        #expect(r.status == .partial)
        #expect(r.findings.contains { $0.message.hasPrefix("no composed supergraph") })
    }

    @Test func badOptionsAreRubricErrors() async throws {
        await #expect(throws: RubricError.self) {
            _ = try await gradeSingle(grader: "graphql.federation", with: "{ min_subgraphs: 0 }", files: [:])
        }
    }

    @Test(.enabled(if: sharedCorpus != nil, "needs ../shared/corpus"))
    func gradesTheCorpusGraph() async throws {
        let dir = (try sharedCorpusPath("public/graphql-federation/"))
        func read(_ name: String) throws -> String { try String(contentsOfFile: dir + name, encoding: .utf8) }
        // Laid out where the corpus's rover config points.
        let tree = [
            "supergraph.yaml": try read("rover-supergraph-config_compat-2023.yaml"),
            "supergraph.graphql": try read("supergraph_join-v0.3_composed-from-the-three_compat-2023.graphql"),
            "subgraphs/inventory/inventory.graphql": try read("subgraph_inventory_fed2.0_compat-2023.graphql"),
            "subgraphs/users/users.graphql": try read("subgraph_users_no-link-fed1-style_compat-2023.graphql"),
            "implementations/_template_library_/products.graphql": try read(
                "subgraph_products_fed2.0_compat-2023.graphql"),
        ]
        let r = try await gradeSingle(
            grader: "graphql.federation",
            with: "{ min_subgraphs: 3, subgraphs: [inventory, products, users], entities: [Product, User] }",
            paths: ["*.yaml", "*.graphql"], files: tree)
        #expect(r.status == .passed, "\(r.findings)")
        #expect(
            r.findings.contains {
                $0.message == "subgraph 'inventory' owns DeliveryEstimates, ProductDimension; extends Product"
            })

        let v1 = try await gradeSingle(
            grader: "graphql.federation", with: "{}", paths: ["*.yaml", "*.graphql"],
            files: tree.merging(["supergraph.graphql": try read("supergraph_join-v0.1_fed1_compat-2022.graphql")]) {
                $1
            })
        #expect(v1.status == .passed, "\(v1.findings)")
    }
}
