import AssessCore
import AssessGraders
import AssessTestSupport
import Foundation
import Testing

/// Rollouts follow Argo Rollouts' canary spec and AnalysisTemplate/AnalysisRun types
/// (argoproj/argo-rollouts pkg/apis/rollouts/v1alpha1); the Canary follows Flagger's
/// `flagger.app/v1beta1` reference. Written by hand; the corpus holds the projects' examples.
@Suite struct RolloutCanaryGraderTests {
    let good = RolloutCanaryGrader.description.examples[0].files["deploy/checkout.yaml"]!

    let failedRun = """
        apiVersion: argoproj.io/v1alpha1
        kind: AnalysisRun
        metadata:
          name: checkout-6d4f9-2
          ownerReferences: [{ apiVersion: argoproj.io/v1alpha1, kind: Rollout, name: checkout }]
        spec: { metrics: [{ name: error-rate, successCondition: "result[0] < 0.01" }] }
        status:
          phase: Failed
          message: metric "error-rate" assessed Failed due to failed (2) > failureLimit (1)
          metricResults:
          - name: error-rate
            phase: Failed
            failed: 2
            measurements: [{ phase: Failed, value: "[0.083]" }, { phase: Failed, value: "[0.121]" }]

        """

    let flagger = """
        apiVersion: flagger.app/v1beta1
        kind: Canary
        metadata: { name: payments, namespace: shop }
        spec:
          targetRef: { apiVersion: apps/v1, kind: Deployment, name: payments }
          analysis:
            interval: 1m
            threshold: 5
            maxWeight: 50
            stepWeight: 10
            metrics:
            - name: request-success-rate
              thresholdRange: { min: 99 }
              interval: 1m
        status: { phase: Failed, canaryWeight: 0, failedChecks: 5 }

        """

    @Test func aCanaryWithAnalysisAndARolledBackReleasePasses() async throws {
        let r = try await gradeSingle(
            grader: "rollout.canary", with: "{ services: [checkout, payments], rolled_back: true }",
            files: ["deploy/checkout.yaml": good, "results/run.yaml": failedRun, "deploy/payments.yaml": flagger])
        #expect(r.status == .passed, "\(r.findings)")
        #expect(
            r.findings.map(\.message) == [
                "AnalysisRun 'checkout-6d4f9-2' failed on 'error-rate' ([0.083], [0.121]): the release was aborted and traffic returned to the stable version",
                "Canary 'payments' failed its analysis (5 failed checks): Flagger rolled it back",
            ])
        #expect(r.measurements.map(\.value) == [2, 2])
    }

    @Test func missingAnalysisLatencyAndServicesAreNamed() async throws {
        let r = try await gradeSingle(
            grader: "rollout.canary", with: "{ services: [checkout, payments, cart], analysis: [error-rate, latency] }",
            files: ["deploy/checkout.yaml": good, "deploy/payments.yaml": flagger])
        #expect(r.status == .partial)
        #expect(
            r.findings.map(\.description) == [
                "deploy/checkout.yaml:11:5: error: Rollout 'checkout': no analysis metric with a success or failure condition measures latency",
                "deploy/payments.yaml:7:5: error: Canary 'payments': no analysis metric with a thresholdRange measures latency",
                "deploy/payments.yaml:1:1: info: Canary 'payments' failed its analysis (5 failed checks): Flagger rolled it back",
                "deploy/checkout.yaml:1:1: error: service 'cart' has no Argo Rollout or Flagger Canary",
            ])
    }

    @Test func noAnalysisMeansNoAutomaticAbort() async throws {
        let bare = RolloutCanaryGrader.description.examples[1].files["deploy/checkout.yaml"]!
        let r = try await gradeSingle(grader: "rollout.canary", with: "", files: ["deploy/checkout.yaml": bare])
        #expect(r.status == .partial)
        #expect(
            r.findings.map(\.message) == [
                "Rollout 'checkout' runs no analysis, so nothing measures error-rate or aborts a bad release"
            ])
    }

    @Test func malformedInputAndOptions() async throws {
        let r = try await gradeSingle(
            grader: "rollout.canary", with: "", files: ["deploy/x.yaml": "kind: Rollout\nspec: [\n"])
        #expect(r.status == .failed)
        #expect(r.findings.first?.location?.file == "deploy/x.yaml")
        let node = try YAMLParser().parse("analysis: [errors]\n", file: "o.yaml")
        let error = try #require(throws: RubricError.self) { try RolloutCanaryGrader.options(from: node) }
        #expect(
            error.diagnostics.map(\.description) == [
                "o.yaml:1:12: error: unknown 'errors' in 'analysis'; expected one of error-rate, latency"
            ])
    }

    /// The corpus's Argo and Flagger examples: Flagger's podinfo canary measures both; the Argo
    /// app-mesh example has its analysis commented out; the failed AnalysisRun counts as a rollback.
    @Test(.enabled(if: sharedCorpus != nil, "../shared/corpus is absent: rollout examples not checked"))
    func corpusRollouts() async throws {
        let folder = try sharedCorpusPath("public/k8s-istio/")
        func file(_ name: String) throws -> String { try String(contentsOfFile: folder + name, encoding: .utf8) }
        let flagger = try await gradeSingle(
            grader: "rollout.canary", with: "{ analysis: [error-rate, latency] }",
            files: ["c.yaml": try file("flagger_istio-canary.yaml")])
        #expect(flagger.status == .passed, "\(flagger.findings)")
        let argo = try await gradeSingle(
            grader: "rollout.canary", with: "",
            files: [
                "r.yaml": try file("argo-rollouts_prometheus-analysistemplate-canary.yaml"),
                "run.yaml": try file("argo-rollouts_analysisrun-failed.yaml"),
            ])
        #expect(argo.status == .partial)
        #expect(argo.measurements.last?.value == 0)
        #expect(
            argo.findings.map(\.message).first
                == "Rollout 'my-rollout' runs no analysis, so nothing measures error-rate or aborts a bad release")
    }
}
