import AssessCore
import AssessGraders
import AssessTestSupport
import Foundation
import Testing

/// Journals follow chaostoolkit-lib's journal layout (`steady_states.before/after`, `run`,
/// `rollbacks`, `deviated`); the ChaosResult follows litmuschaos/chaos-operator's
/// `chaosresult_types.go`. Written by hand; the corpus supplies a real deviated journal.
@Suite struct ChaosExperimentsGraderTests {
    func journal(
        title: String = "Checkout survives losing a pod", action: String = "terminate_pods", after: Bool = true,
        deviated: Bool = false, rollbacks: String = "[]", declaredRollbacks: String = "[]"
    ) -> String {
        """
        {
          "chaoslib-version": "1.42.0",
          "experiment": {"title": "\(title)", "method": [], "rollbacks": \(declaredRollbacks)},
          "status": "\(deviated ? "failed" : "completed")",
          "deviated": \(deviated),
          "steady_states": {
            "before": {"steady_state_met": true, "probes": [
              {"activity": {"type": "probe", "name": "checkout-p95-under-300ms"}, "status": "succeeded", "tolerance_met": true}]},
            "after": {"steady_state_met": \(after), "probes": [
              {"activity": {"type": "probe", "name": "checkout-p95-under-300ms"}, "status": "succeeded", "tolerance_met": \(after)}]},
            "during": []
          },
          "run": [{"activity": {"type": "action", "name": "inject", "provider": {"type": "python", "module": "chaosk8s.pod.actions", "func": "\(action)"}}, "status": "succeeded"}],
          "rollbacks": \(rollbacks)
        }
        """
    }

    /// The issue's must-show: `deviated: true` fails and names the probe; the well-formed journal passes.
    @Test func aDeviatedJournalFailsAndNamesTheProbe() async throws {
        let good = try await gradeSingle(
            grader: "chaos.experiments", with: "", files: ["chaos/journal.json": journal()])
        #expect(good.status == .passed, "\(good.findings)")
        let bad = try await gradeSingle(
            grader: "chaos.experiments", with: "", files: ["chaos/journal.json": journal(after: false, deviated: true)])
        #expect(bad.status == .partial)
        #expect(
            bad.findings.map(\.description) == [
                "chaos/journal.json:10:7: error: experiment 'Checkout survives losing a pod' deviated: the steady state did not hold after the method; probe 'checkout-p95-under-300ms' did not meet its tolerance"
            ])
    }

    @Test func requiredFaultTypesAndRollbacks() async throws {
        let latency = journal(
            title: "Slow payments", action: "add_latency",
            rollbacks: #"[{"activity": {"type": "action", "name": "remove-latency"}, "status": "failed"}]"#,
            declaredRollbacks: #"[{"type": "action", "name": "remove-latency"}]"#)
        let r = try await gradeSingle(
            grader: "chaos.experiments", with: "{ require: [pod-kill, latency, network-loss], min: 2 }",
            files: ["a/journal.json": journal(), "b/journal.json": latency])
        #expect(r.status == .partial)
        #expect(
            r.findings.map(\.message) == [
                "experiment 'Slow payments': 0 of 1 declared rollback ran and succeeded",
                "no experiment run injects 'network-loss'",
            ])
        #expect(r.summary == "1 of 2 experiment runs held their hypothesis; 2 of 3 fault types run")
    }

    @Test func litmusResultsInOldAndNewShapes() async throws {
        let current = """
            apiVersion: litmuschaos.io/v1alpha1
            kind: ChaosResult
            metadata: { name: cart-pod-network-loss, namespace: shop }
            spec: { engine: cart, experiment: pod-network-loss }
            status:
              experimentStatus: { phase: Completed, verdict: Fail, probeSuccessPercentage: "50" }
              probeStatuses:
              - name: cart-availability
                type: httpProbe
                mode: Continuous
                status: { verdict: Failed, description: "Probe failed" }
            """
        let old = """
            apiVersion: litmuschaos.io/v1alpha1
            kind: ChaosResult
            metadata: { name: app-pod-delete }
            spec: { engine: app, experiment: pod-delete }
            status:
              experimentstatus: { phase: Completed, verdict: pass, probeSuccessPercentage: "100" }
              probeStatus:
              - name: check-frontend-access-url
                type: HTTPProbe
                status: { Continuous: "Passed 👍" }
            """
        let r = try await gradeSingle(
            grader: "chaos.experiments", with: "{ require: [pod-kill, network-loss] }",
            files: ["new.yaml": current, "old.yaml": old])
        #expect(r.status == .partial)
        #expect(
            r.findings.map(\.description) == [
                "new.yaml:6:50: error: ChaosResult 'cart-pod-network-loss' (pod-network-loss) has verdict Fail (phase Completed)",
                "new.yaml:8:5: error: ChaosResult 'cart-pod-network-loss' (pod-network-loss): probe 'cart-availability' failed",
            ])
    }

    @Test func anExperimentWithoutAJournalAndMalformedInput() async throws {
        let experiment =
            #"{"title": "Kill the cart", "steady-state-hypothesis": {"title": "ok", "probes": []}, "method": [{"type": "action", "name": "kill", "provider": {"type": "process", "path": "pkill"}}]}"#
        let r = try await gradeSingle(
            grader: "chaos.experiments", with: "",
            files: ["experiment.json": experiment, "journal.json": "{\"status\": \"completed\", \"deviated\": fals}"])
        #expect(r.status == .failed)
        #expect(
            r.findings.map(\.description) == [
                "journal.json:1:37: error: expected a JSON value, found 'f'",
                "experiment.json:1:1: error: experiment 'Kill the cart' has no journal: nothing shows it was run",
                "experiment.json:1:1: error: found 0 experiment runs; needs at least 1",
            ])
    }

    /// The real journal in the corpus: chaoslib 1.9.0, the frontend stayed Pending after its pods were terminated.
    @Test(.enabled(if: sharedCorpus != nil, "../shared/corpus is absent: the real journal is not checked"))
    func realDeviatedJournalFromTheCorpus() async throws {
        let text = try String(
            contentsOfFile: try sharedCorpusPath("public/chaos/chaostoolkit-journal_failed-old_mdrcs.json"),
            encoding: .utf8)
        let r = try await gradeSingle(
            grader: "chaos.experiments", with: "{ require: [pod-kill] }", files: ["journal.json": text])
        #expect(r.status == .partial)
        #expect(
            r.findings.map(\.message) == [
                "experiment 'Terminating the greeting service should not impact users' deviated: the steady state did not hold after the method; probe 'application-should-be-alive-and-healthy' raised chaoslib.exceptions.ActivityFailed: chaoslib.exceptions.ActivityFailed: pod 'run=frontend' is in phase 'Pending' but should be 'Running'"
            ])
    }
}
