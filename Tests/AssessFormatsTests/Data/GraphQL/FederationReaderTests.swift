import AssessFormats
import AssessTestSupport
import AssessYAML
import Foundation
import Testing

/// A fixture of `Data/Fixtures/graphql/`, written to Apollo's docs as its README says.
func graphQLFixture(_ name: String) throws -> String {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/graphql/\(name)")
    return try String(contentsOf: url, encoding: .utf8)
}

func subgraph(_ text: String, file: String = "s.graphql") throws -> SubgraphSchema {
    guard case .subgraph(let schema) = try FederationDocument(parsing: text, file: file) else {
        Issue.record("\(file) read as a supergraph")
        throw GraphQLSyntaxError("not a subgraph", at: SourceLocation(file: file, line: 1, column: 1))
    }
    return schema
}

func supergraph(_ text: String, file: String = "supergraph.graphql") throws -> SupergraphSchema {
    guard case .supergraph(let schema) = try FederationDocument(parsing: text, file: file) else {
        Issue.record("\(file) read as a subgraph")
        throw GraphQLSyntaxError("not a supergraph", at: SourceLocation(file: file, line: 1, column: 1))
    }
    return schema
}

@Suite struct FederationReaderTests {
    static let corpusMissing: Comment = "../shared/corpus is absent: real federation files not checked"

    @Test func readsRenamedAndNamespacedFederationDirectives() throws {
        let accounts = try subgraph(try graphQLFixture("shop/accounts.graphql"), file: "accounts.graphql")
        #expect(accounts.federationVersion == "2.3")
        #expect(accounts.problems.isEmpty)
        let user = try #require(accounts.type("User"))
        #expect(user.keys.map(\.text) == ["id"])
        #expect(user.location == SourceLocation(file: "accounts.graphql", line: 12, column: 6))
        let address = try #require(accounts.type("Address"))
        #expect(address.fields.allSatisfy { $0.isShareable })
        #expect(user.fields.allSatisfy { !$0.isShareable })
    }

    @Test func readsSeveralKeysNestedSelectionsAndExtensions() throws {
        let catalog = try subgraph(try graphQLFixture("shop/catalog.graphql"))
        let product = try #require(catalog.type("Product"))
        #expect(product.keys.map(\.text) == ["sku", "id", "sku variant { code }"])
        #expect(product.keys[2].fields?.paths == ["sku", "variant", "variant.code"])
        #expect(product.keys.allSatisfy { catalog.missingFields(of: $0, on: product).isEmpty })
        #expect(catalog.keyFieldCoordinates == ["Product.sku", "Product.id", "Product.variant", "Variant.code"])

        let orders = try subgraph(try graphQLFixture("shop/orders.graphql"))
        let extended = try #require(orders.type("Product"))
        #expect(extended.isExtension)
        #expect(extended.field("weight")?.isExternal == true)
        #expect(extended.field("shippingEstimate")?.requires == "weight")
        #expect(orders.type("Order")?.field("buyer")?.provides == "username")
        #expect(!orders.type("Order")!.isExtension)
    }

    @Test func readsAComposedSupergraphAndWhoResolvesWhat() throws {
        let shop = try supergraph(try graphQLFixture("shop/supergraph.graphql"))
        #expect(shop.joinVersion == "0.3")
        #expect(shop.graphs.map(\.name) == ["accounts", "catalog", "orders"])
        #expect(shop.graph("ORDERS")?.url == "http://orders:4003/graphql")
        #expect(shop.problems.isEmpty)
        let product = try #require(shop.type("Product"))
        #expect(product.owners == ["catalog"])
        #expect(product.resolvers(of: product.field("weight")!) == ["catalog"])
        #expect(product.resolvers(of: product.field("sku")!) == ["catalog", "orders"])
        #expect(shop.type("Money")?.owners == ["catalog", "orders"])
        #expect(shop.ownedTypes["orders"] == ["Money", "Order", "OrderLine", "User"])
        #expect(shop.keyFieldCoordinates.contains("Variant.code"))
        #expect(product.joins.allSatisfy { shop.missingFields(of: $0, on: product).isEmpty })
    }

    @Test func readsTheRoverConfigWithLocations() throws {
        let root = try YAMLParser().parse(try graphQLFixture("shop/supergraph.yaml"), file: "graph/supergraph.yaml")
        let config = try #require(RoverConfig(root, file: "graph/supergraph.yaml"))
        #expect(config.federationVersion == "=2.3.2")
        #expect(config.subgraphs.map(\.name) == ["accounts", "catalog", "orders"])
        #expect(config.subgraphs[2].schema == .file("./orders.graphql"))
        #expect(config.subgraphs[2].location.line == 13)
        #expect(RoverConfig.resolve("./orders.graphql", from: "graph/supergraph.yaml") == "graph/orders.graphql")
        #expect(RoverConfig.resolve("../../x.graphql", from: "graph/supergraph.yaml") == nil)
        let other = try YAMLParser().parse(
            "subgraphs:\n  a:\n    schema: { subgraph_url: 'http://a:4000' }\n  b:\n    schema: { graphref: 'g@current', subgraph: b }\n",
            file: "s.yaml")
        #expect(
            RoverConfig(other, file: "s.yaml")?.subgraphs.map(\.schema) == [
                .subgraphURL("http://a:4000"), .graphRef("g@current", subgraph: "b"),
            ])
        #expect(RoverConfig(try YAMLParser().parse("services:\n  a: {}\n", file: "c.yaml"), file: "c.yaml") == nil)
    }

    @Test func findsFieldsResolvedTwiceWithoutShareable() throws {
        let catalog = try subgraph(try graphQLFixture("shop/catalog.graphql"))
        let orders = try subgraph(try graphQLFixture("shop/orders.graphql"))
        let accounts = try subgraph(try graphQLFixture("shop/accounts.graphql"))
        let good = FieldSharing.sharedFields([("accounts", accounts), ("catalog", catalog), ("orders", orders)])
        #expect(good.allSatisfy { $0.unshareable.isEmpty })
        #expect(Set(good.map(\.coordinate)) == ["Product.sku", "User.id", "Money.amount", "Money.currency"])

        let bad = try subgraph(try graphQLFixture("orders-unshareable.graphql"), file: "orders.graphql")
        let shared = FieldSharing.sharedFields([("catalog", catalog), ("orders", bad)])
        let name = try #require(shared.first { $0.coordinate == "Product.name" })
        #expect(name.unshareable.map(\.subgraph) == ["catalog", "orders"])
        #expect(shared.first { $0.coordinate == "Money.amount" }?.unshareable.map(\.subgraph) == ["orders"])
        let order = try #require(bad.type("Order"))
        #expect(bad.missingFields(of: order.keys[0], on: order) == ["orderNumber"])
    }

    @Test func theSupergraphWithoutOneSubgraphListsTheOthers() throws {
        let partial = try supergraph(try graphQLFixture("supergraph-without-orders.graphql"))
        #expect(partial.graphs.map(\.name) == ["accounts", "catalog"])
        #expect(partial.type("Order") == nil)
        #expect(partial.problems.isEmpty)
    }

    @Test func aSyntaxErrorCarriesItsLineAndColumn() throws {
        #expect {
            _ = try FederationDocument(
                parsing: try graphQLFixture("catalog-malformed.graphql"), file: "catalog.graphql")
        } throws: { error in
            guard let error = error as? GraphQLSyntaxError else { return false }
            return error.location == SourceLocation(file: "catalog.graphql", line: 8, column: 8)
                && error.message == "syntax error: Expected :, found Name \"String\""
        }
    }

    @Test func columnsCountCharactersNotBytes() {
        #expect {
            _ = try SDLDocument(parsing: "\"\"\"Größe\"\"\" type T { a: }", file: "t.graphql")
        } throws: { error in
            (error as? GraphQLSyntaxError)?.location.column == 25
        }
    }

    @Test func anUnimportedDirectiveAndABadKeyAreProblems() throws {
        let schema = try subgraph(
            """
            extend schema @link(url: "https://specs.apollo.dev/federation/v2.0", import: ["@key"])
            type T @key(fields: "id {") @shareable { id: ID! }
            """)
        #expect(schema.problems.count == 2)
        #expect(
            schema.problems.contains { $0.message.hasPrefix("@shareable is not imported") && $0.location?.line == 2 })
        #expect(schema.problems.contains { $0.message.contains("@key(fields: \"id {\")") })
        #expect(schema.type("T")?.fields.first?.isShareable == false)
    }

    @Test func aFederationOneSubgraphSharesEverything() throws {
        let schema = try subgraph("type User @key(fields:\"email\") { email:ID! name: String }")
        #expect(schema.federationVersion == nil)
        #expect(schema.type("User")?.fields.allSatisfy { $0.isShareable } == true)
    }

    @Test(.enabled(if: sharedCorpus != nil, corpusMissing))
    func readsTheCorpusSubgraphs() throws {
        let dir = (try sharedCorpusPath("public/graphql-federation/"))
        func read(_ name: String) throws -> SubgraphSchema {
            try subgraph(try String(contentsOfFile: dir + name, encoding: .utf8), file: name)
        }
        let products = try read("subgraph_products_fed2.0_compat-2023.graphql")
        #expect(products.federationVersion == "2.0")
        #expect(products.problems.isEmpty)
        #expect(products.type("Product")?.keys.map(\.text) == ["id", "sku package", "sku variation { id }"])
        #expect(products.type("User")?.isExtension == true)
        #expect(products.type("User")?.field("name")?.overrideFrom == "users")
        #expect(products.type("ProductDimension")?.fields.allSatisfy { $0.isShareable } == true)
        #expect(products.entities.map(\.name) == ["Product", "DeprecatedProduct", "ProductResearch", "User"])

        let inventory = try read("subgraph_inventory_fed2.0_compat-2023.graphql")
        #expect(inventory.type("Product")?.field("delivery")?.requires == "dimensions { size weight }")

        let users = try read("subgraph_users_no-link-fed1-style_compat-2023.graphql")
        #expect(users.federationVersion == nil)
        #expect(users.type("User")?.keys.first?.text == "email")

        let current = try read("subgraph_products_fed2.3-all-directives_compat.graphql")
        #expect(current.federationVersion == "2.3")
        #expect(current.problems.isEmpty)
        #expect(current.type("Inventory")?.isInterfaceObject == true)

        let shared = FieldSharing.sharedFields([("inventory", inventory), ("products", products), ("users", users)])
        #expect(shared.allSatisfy { $0.unshareable.isEmpty })
    }

    @Test(.enabled(if: sharedCorpus != nil, corpusMissing))
    func readsTheCorpusSupergraphsAndConfig() throws {
        let dir = (try sharedCorpusPath("public/graphql-federation/"))
        let v3 = try supergraph(
            try String(
                contentsOfFile: dir + "supergraph_join-v0.3_composed-from-the-three_compat-2023.graphql",
                encoding: .utf8))
        #expect(v3.joinVersion == "0.3")
        #expect(v3.graphs.map(\.name) == ["inventory", "products", "users"])
        // The file starts with an empty line.
        #expect(v3.graph("inventory")?.location.line == 55)
        let user = try #require(v3.type("User"))
        #expect(user.owners == ["users"])
        #expect(user.resolvers(of: user.field("totalProductsCreated")!) == ["users"])
        #expect(user.resolvers(of: user.field("name")!) == ["products"])
        #expect(v3.ownedTypes["inventory"] == ["DeliveryEstimates", "ProductDimension"])

        let v1 = try supergraph(
            try String(contentsOfFile: dir + "supergraph_join-v0.1_fed1_compat-2022.graphql", encoding: .utf8))
        #expect(v1.joinVersion == "0.1")
        #expect(v1.graphs.map(\.url) == ["http://inventory:4003", "http://products:4001", "http://users:4002"])
        #expect(v1.type("Product")?.owners == ["products"])
        #expect(v1.type("Product")?.joins.count == 4)
        #expect(v1.problems.isEmpty)

        let file = "rover-supergraph-config_compat-2023.yaml"
        let root = try YAMLParser().parse(try String(contentsOfFile: dir + file, encoding: .utf8), file: file)
        let config = try #require(RoverConfig(root, file: file))
        #expect(config.federationVersion == "2")
        #expect(config.subgraphs.map(\.name) == ["inventory", "users", "products"])
        #expect(Set(config.subgraphs.compactMap(\.routingURL)) == Set(v3.graphs.compactMap(\.url)))
        #expect(config.subgraphs[0].schema == .file("./subgraphs/inventory/inventory.graphql"))
    }
}
