import AssessCore
import AssessGraders
import AssessTestSupport
import Foundation
import Testing

/// Manifests follow the Kubernetes API reference (apps/v1 Deployment, policy/v1
/// PodDisruptionBudget, autoscaling/v2 HorizontalPodAutoscaler); the checks follow kube-score's
/// container-resources, probes and deployment-has-poddisruptionbudget rules. Written by hand.
@Suite struct KubernetesPolicyGraderTests {
    let cart = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: cart
          namespace: shop
        spec:
          selector: { matchLabels: { app: cart } }
          template:
            metadata: { labels: { app: cart, version: v1 } }
            spec:
              containers:
              - name: cart
                image: shop/cart
                resources:
                  requests: { cpu: 100m }
                readinessProbe: { httpGet: { path: /ready, port: 8080 } }

        """

    let extras = """
        apiVersion: policy/v1
        kind: PodDisruptionBudget
        metadata: { name: checkout, namespace: shop }
        spec: { minAvailable: 1, selector: { matchLabels: { app: checkout } } }
        ---
        apiVersion: autoscaling/v2
        kind: HorizontalPodAutoscaler
        metadata: { name: checkout, namespace: shop }
        spec:
          scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: checkout }
          minReplicas: 3
          maxReplicas: 10

        """

    @Test func aWellConfiguredWorkloadPassesEveryCheck() async throws {
        let deployment = KubernetesPolicyGrader.description.examples[0].files["k8s/checkout.yaml"]!
        let r = try await gradeSingle(
            grader: "k8s.policy", with: "{ checks: [resources, probes, replicas, pdb, hpa, image-tag] }",
            files: ["k8s/checkout.yaml": deployment, "k8s/extras.yaml": extras])
        #expect(r.status == .passed, "\(r.findings)")
    }

    @Test func eachFailingWorkloadAndFieldIsNamed() async throws {
        let deployment = KubernetesPolicyGrader.description.examples[0].files["k8s/checkout.yaml"]!
        let r = try await gradeSingle(
            grader: "k8s.policy", with: "{ checks: [resources, probes, replicas, pdb, image-tag] }",
            files: ["k8s/checkout.yaml": deployment, "k8s/cart.yaml": cart, "k8s/extras.yaml": extras])
        #expect(r.status == .partial)
        #expect(
            r.findings.map(\.description) == [
                "k8s/cart.yaml:15:11: error: Deployment 'cart' container 'cart' has no resources.requests.memory, resources.limits.cpu, resources.limits.memory",
                "k8s/cart.yaml:12:9: error: Deployment 'cart' container 'cart' has no livenessProbe",
                "k8s/cart.yaml:4:9: error: Deployment 'cart': replicas is not set (1); needs at least 2",
                "k8s/cart.yaml:4:9: error: Deployment 'cart' has no PodDisruptionBudget selecting its pods (app=cart, version=v1)",
                "k8s/cart.yaml:13:16: error: Deployment 'cart' container 'cart' runs image 'shop/cart' (no tag means latest)",
            ])
        #expect(r.summary == "1 of 2 workloads meet resources, probes, replicas, pdb, image-tag")
        #expect(r.score == 0.5)
    }

    @Test func malformedManifestsAndOptions() async throws {
        let r = try await gradeSingle(
            grader: "k8s.policy", with: "",
            files: ["k8s/bad.yaml": "apiVersion: apps/v1\nkind: Deployment\n  spec: [\n"])
        #expect(r.status == .failed)
        #expect(r.findings.map { $0.location?.file } == ["k8s/bad.yaml"])
        let node = try YAMLParser().parse("checks: [pdbs]\nmin_replicas: 0\n", file: "o.yaml")
        let error = try #require(throws: RubricError.self) { try KubernetesPolicyGrader.options(from: node) }
        #expect(
            error.diagnostics.map(\.description) == [
                "o.yaml:1:10: error: unknown 'pdbs' in 'checks'; expected one of resources, probes, replicas, pdb, hpa, service, image-tag; did you mean 'pdb'?",
                "o.yaml:2:15: error: 'min_replicas' is at least 1",
            ])
    }

    /// Manifests from the corpus: the Argo example Rollout requests resources but has no probes or limits.
    @Test(.enabled(if: sharedCorpus != nil, "../shared/corpus is absent: corpus manifests not checked"))
    func corpusRolloutIsAWorkload() async throws {
        let text = try String(
            contentsOfFile: try sharedCorpusPath("public/k8s-istio/argo-rollouts_istio-subset-split.yaml"),
            encoding: .utf8)
        let r = try await gradeSingle(
            grader: "k8s.policy", with: "{ checks: [resources, image-tag] }", files: ["r.yaml": text])
        #expect(
            r.findings.map(\.message) == [
                "Rollout 'istio-subset-split' container 'istio-subset-split' has no resources.limits.cpu, resources.limits.memory"
            ])
    }
}
