import AssessCore
import AssessGraders
import AssessTestSupport
import Foundation
import Testing

/// Entities follow Backstage's descriptor format (backstage/backstage
/// docs/features/software-catalog/descriptor-format.md and references.md); written by hand.
@Suite struct CatalogOwnershipGraderTests {
    let good = CatalogOwnershipGrader.description.examples[0].files["catalog-info.yaml"]!

    let cart = """
        apiVersion: backstage.io/v1alpha1
        kind: Component
        metadata:
          name: cart
        spec:
          type: service
          owner: user:default/jane
          providesApis: ['api:cart-api']
          consumesApis: [checkout-api]

        """

    @Test func aCompleteCatalogPasses() async throws {
        let r = try await gradeSingle(
            grader: "catalog.ownership", with: "{ api_files: 'api/*.yaml' }",
            files: ["catalog-info.yaml": good, "api/checkout-api.yaml": "openapi: 3.0.3\n"])
        #expect(r.status == .passed, "\(r.findings)")
    }

    @Test func eachGapIsNamedAtItsLine() async throws {
        let r = try await gradeSingle(
            grader: "catalog.ownership", with: "{ services: [checkout, cart, payments], api_files: 'api/*.yaml' }",
            files: ["catalog-info.yaml": good, "services/cart/catalog-info.yaml": cart])
        #expect(r.status == .partial)
        #expect(
            r.findings.map(\.description) == [
                "services/cart/catalog-info.yaml:7:10: error: Component 'cart' is owned by a user (user:default/jane); ownership belongs to a team Group",
                "services/cart/catalog-info.yaml:6:3: error: Component 'cart' has no spec.lifecycle",
                "services/cart/catalog-info.yaml:6:3: error: Component 'cart' has no spec.system",
                "services/cart/catalog-info.yaml:8:18: error: Component 'cart' provides API 'cart-api', which is not declared as an API entity",
                "catalog-info.yaml:1:1: error: service 'payments' has no catalog Component",
                "catalog-info.yaml:13:19: error: API 'checkout-api' (openapi) has no specification file matching 'api/*.yaml'",
            ])
    }

    @Test func servicesFromTheWorkloads() async throws {
        let deployment = "apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: checkout-service }\nspec: {}\n"
        let r = try await gradeSingle(
            grader: "catalog.ownership", with: "{ services: { from: workloads } }",
            files: ["catalog-info.yaml": good, "k8s/checkout.yaml": deployment])
        #expect(r.status == .passed, "\(r.findings)")
    }

    @Test func malformedCatalogAndOptions() async throws {
        let r = try await gradeSingle(
            grader: "catalog.ownership", with: "",
            files: ["catalog-info.yaml": "apiVersion: backstage.io/v1alpha1\nkind: [\n"])
        #expect(r.status == .failed)
        #expect(r.findings.first?.location?.file == "catalog-info.yaml")
        let node = try YAMLParser().parse("require: [owners]\n", file: "o.yaml")
        let error = try #require(throws: RubricError.self) { try CatalogOwnershipGrader.options(from: node) }
        #expect(
            error.diagnostics.map(\.description) == [
                "o.yaml:1:11: error: unknown 'owners' in 'require'; expected one of owner, lifecycle, system; did you mean 'owner'?"
            ])
    }

    /// The Backstage examples in the corpus: artist-lookup is owned by team-a (declared) in a
    /// declared system; petstore's owner 'sre' and its APIs are not declared; the invalid
    /// component is owned by a user.
    @Test(.enabled(if: sharedCorpus != nil, "../shared/corpus is absent: Backstage examples not checked"))
    func backstageExamplesFromTheCorpus() async throws {
        let folder = try sharedCorpusPath("public/backstage/")
        var files: [String: String] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder) where name.hasSuffix(".yaml") {
            files[name] = try String(contentsOfFile: folder + name, encoding: .utf8)
        }
        let r = try await gradeSingle(grader: "catalog.ownership", with: "", files: files)
        #expect(r.status == .partial)
        #expect(r.summary == "1 of 3 services have a complete catalog entry")
        #expect(r.measurements.last?.value == 11)
        #expect(
            r.findings.map(\.message) == [
                "Component 'invalid component' is owned by a user (user:default/guest); ownership belongs to a team Group",
                "Component 'invalid component' is part of system 'audio-playback', which the catalog does not declare",
                "Component 'petstore' is owned by 'sre', which is not a Group declared in the catalog",
                "Component 'petstore' has no spec.system",
                "Component 'petstore' provides API 'petstore', which is not declared as an API entity",
                "Component 'petstore' provides API 'streetlights', which is not declared as an API entity",
                "Component 'petstore' provides API 'playback-order', which is not declared as an API entity",
                "Component 'petstore' consumes API 'searcher', which is not declared as an API entity",
            ])
    }
}
