import AssessCore
import AssessGraders
import AssessTestSupport
import Foundation
import Testing

/// Fixtures follow Istio's networking and security API reference (istio/api
/// networking/v1alpha3/virtual_service.proto, destination_rule.proto,
/// security/v1beta1/peer_authentication.proto) and the Bookinfo samples; written by hand.
@Suite struct MeshTrafficGraderTests {
    let virtualService = """
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: { name: ratings, namespace: shop }
        spec:
          hosts: [ratings]
          http:
          - name: ratings-canary
            route:
            - destination: { host: ratings, subset: stable }
              weight: 3
            - destination:
                host: ratings
                subset: canary
              weight: 1
            timeout: 3s
            retries: { attempts: 3, perTryTimeout: 1s }

        """

    func destinationRule(_ subsets: [String], policy: String = "") -> String {
        """
        apiVersion: networking.istio.io/v1beta1
        kind: DestinationRule
        metadata: { name: ratings, namespace: shop }
        spec:
          host: ratings.shop.svc.cluster.local
        \(policy)  subsets:
        \(subsets.map { "  - { name: \($0), labels: { track: \($0) } }" }.joined(separator: "\n"))

        """
    }

    let strict =
        "apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: { name: default, namespace: istio-system }\nspec: { mtls: { mode: STRICT } }\n"

    let policy = """
          trafficPolicy:
            connectionPool: { tcp: { maxConnections: 100 } }
            outlierDetection: { consecutive5xxErrors: 5, interval: 10s, baseEjectionTime: 30s }

        """

    /// The issue's must-show: a subset no DestinationRule defines is named with its host and line.
    @Test func aSubsetNoDestinationRuleDefinesIsNamedWithHostAndLine() async throws {
        let r = try await gradeSingle(
            grader: "mesh.traffic", with: "{ checks: [subsets] }",
            files: ["vs.yaml": virtualService, "dr.yaml": destinationRule(["stable"])])
        #expect(r.status == .partial)
        #expect(
            r.findings.map(\.description) == [
                "vs.yaml:13:17: error: VirtualService 'ratings' routes host 'ratings' to subset 'canary', which no DestinationRule for that host defines (it has 'stable')"
            ])
    }

    @Test func everythingInPlacePasses() async throws {
        let r = try await gradeSingle(
            grader: "mesh.traffic", with: "{ canary: { hosts: [ratings], share: { min: 0.05, max: 0.3 } } }",
            files: [
                "mesh.yaml": virtualService + "---\n" + destinationRule(["stable", "canary"], policy: policy) + "---\n"
                    + strict
            ])
        #expect(r.status == .passed, "\(r.findings)")
        #expect(r.findings.map(\.message) == ["VirtualService 'ratings' sends 25 % to its canary"])
    }

    @Test func permissiveMTLSMissingResilienceAndDeprecatedFieldsArePartial() async throws {
        let permissive = strict.replacingOccurrences(of: "STRICT", with: "PERMISSIVE")
        let old = policy.replacingOccurrences(of: "consecutive5xxErrors", with: "consecutiveErrors")
            .replacingOccurrences(of: "connectionPool: { tcp: { maxConnections: 100 } }\n", with: "")
        let route = virtualService.replacingOccurrences(of: "    timeout: 3s\n", with: "")
            .replacingOccurrences(of: "perTryTimeout: 1s", with: "retryOn: 5xx")
        let r = try await gradeSingle(
            grader: "mesh.traffic", with: "",
            files: [
                "vs.yaml": route, "dr.yaml": destinationRule(["stable", "canary"], policy: old), "pa.yaml": permissive,
            ])
        #expect(r.status == .partial)
        #expect(
            r.findings.map(\.description) == [
                "vs.yaml:15:14: error: VirtualService 'ratings' route 'ratings-canary' retries 3 times without a perTryTimeout",
                "vs.yaml:7:5: error: VirtualService 'ratings' route 'ratings-canary' has no timeout (Istio sets none by default)",
                "dr.yaml:7:48: warning: DestinationRule 'ratings' uses the deprecated 'consecutiveErrors'; write 'consecutive5xxErrors'",
                "dr.yaml:7:9: error: DestinationRule 'ratings' (host 'ratings.shop.svc.cluster.local') has no connectionPool",
                "pa.yaml:4:23: error: PeerAuthentication 'default' in namespace 'istio-system' sets mTLS PERMISSIVE; production needs STRICT",
                "pa.yaml:1:1: error: namespace 'shop' has no STRICT mTLS: no mesh-wide PeerAuthentication in istio-system and none for the namespace",
            ])
    }

    @Test func malformedFileIsAFindingAndTheRestIsGraded() async throws {
        let r = try await gradeSingle(
            grader: "mesh.traffic", with: "{ checks: [subsets] }",
            files: [
                "mesh.yaml": virtualService + "---\n" + destinationRule(["stable", "canary"]) + "---\nkind: [broken\n"
            ])
        #expect(r.status == .partial)
        #expect(r.findings.count == 1)
        #expect(r.findings[0].location?.file == "mesh.yaml")
        // The unterminated flow sequence (line 27) is reported where the file ends.
        #expect(r.findings[0].location?.line == 28)
        let none = try await gradeSingle(grader: "mesh.traffic", with: "", files: ["x.yaml": "a: 1\n"])
        #expect(none.status == .failed)
        let node = try YAMLParser().parse("checks: [subset]\n", file: "o.yaml")
        let error = try #require(throws: RubricError.self) { try MeshTrafficGrader.options(from: node) }
        #expect(
            error.diagnostics.map(\.description) == [
                "o.yaml:1:10: error: unknown 'subset' in 'checks'; expected one of subsets, canary, retries, timeout, outlier-detection, connection-pool, mtls; did you mean 'subsets'?"
            ])
    }

    /// The Istio samples in the shared corpus: the Bookinfo 90/10 split is a canary; the
    /// subset-split example routes only to subsets its DestinationRule defines.
    @Test(.enabled(if: sharedCorpus != nil, "../shared/corpus is absent: Istio samples not checked"))
    func istioSamplesFromTheCorpus() async throws {
        let folder = try sharedCorpusPath("public/k8s-istio/")
        func file(_ name: String) throws -> String { try String(contentsOfFile: folder + name, encoding: .utf8) }
        let split = try await gradeSingle(
            grader: "mesh.traffic", with: "{ checks: [subsets] }",
            files: ["a.yaml": try file("argo-rollouts_istio-subset-split.yaml")])
        #expect(split.status == .passed, "\(split.findings)")
        let bookinfo = try await gradeSingle(
            grader: "mesh.traffic", with: "{ checks: [subsets, canary, mtls] }",
            files: [
                "vs.yaml": try file("istio_VirtualService_reviews-90-10.yaml"),
                "dr.yaml": try file("istio_DestinationRule_all-mtls.yaml"),
                "pa.yaml": try file("istio_PeerAuthentication_strict.yaml"),
            ])
        #expect(
            bookinfo.findings.map(\.message) == [
                "VirtualService 'reviews' sends 10 % to its canary",
                "namespace 'default' has no STRICT mTLS: no mesh-wide PeerAuthentication in istio-system and none for the namespace",
            ])
    }
}
