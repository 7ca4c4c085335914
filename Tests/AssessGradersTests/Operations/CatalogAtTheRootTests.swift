import AssessCore
import AssessGraders
import AssessTestSupport
import Foundation
import Testing

/// The Phase 4 brief and `assess init` offer `catalog-info.yaml` at the root (Backstage's
/// default); the names-consistency criterion must read it there. And the public host of an
/// ingress VirtualService (`shop.example.com` bound to a Gateway) is where users arrive, not a
/// service called "shop".
@Suite struct CatalogAtTheRootTests {
    /// The shipped passing sample, with its catalog moved to the root and an ingress route added.
    func handin() throws -> TemporaryTree {
        let tree = try TemporaryTree()
        let source = repositoryRoot + "/Submissions/phase4-operations/pass"
        let files = FileManager.default.enumerator(atPath: source)?.compactMap { $0 as? String } ?? []
        for path in files {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: source + "/" + path, isDirectory: &isDirectory),
                !isDirectory.boolValue
            else { continue }
            let text = try String(contentsOfFile: source + "/" + path, encoding: .utf8)
            try tree.write(path == "catalog/catalog-info.yaml" ? "catalog-info.yaml" : path, text)
        }
        try tree.write(
            "mesh/ingress.yaml",
            """
            apiVersion: networking.istio.io/v1
            kind: Gateway
            metadata: { name: shop-gateway, namespace: shop }
            spec:
              selector: { istio: ingressgateway }
              servers:
              - port: { number: 443, name: https, protocol: HTTPS }
                hosts: [shop.example.com]
                tls: { mode: SIMPLE, credentialName: shop-example-com }
            ---
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata: { name: storefront, namespace: shop }
            spec:
              hosts: [shop.example.com]
              gateways: [shop-gateway]
              http:
              - route:
                - destination: { host: checkout.shop.svc.cluster.local }
                timeout: 3s

            """)
        return tree
    }

    @Test func theCatalogAtTheRootIsReadAndThePublicHostIsNoService() async throws {
        let tree = try handin()
        #expect(!FileManager.default.fileExists(atPath: tree.path + "/catalog"))
        let rubric = try RubricLoader(registry: .builtIn).load(file: repositoryRoot + "/Rubrics/phase4-operations.yaml")
        let report = await Engine().grade(
            try Submission(path: tree.path), against: rubric,
            reviews: try Reviews.load(repositoryRoot + "/Submissions/phase4-operations/pass.reviews.yaml", rubric: rubric))
        let names = try #require(report.criteria.first { $0.id == "service-names-consistent" })
        #expect(names.status == .passed, "\(names.summary) \(names.findings.map(\.description))")
        let ownership = try #require(report.criteria.first { $0.id == "catalog-ownership" })
        #expect(ownership.status == .passed, "\(ownership.findings.map(\.description))")
    }
}
