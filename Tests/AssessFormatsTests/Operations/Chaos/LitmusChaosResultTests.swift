import AssessFormats
import AssessYAML
import Testing

/// `LitmusChaosResult` on ChaosResult objects as `kubectl get chaosresult -o yaml` prints them:
/// the Litmus 2.x/3.x shape (`status.experimentStatus`, `status.probeStatuses[].status.verdict`),
/// the 2020–22 one (`status.probeStatus` with a verdict per phase, "Passed 👍") and v1.x
/// (`spec.experimentstatus`, lower-case verdict). Field names follow the LitmusChaos docs
/// (concepts/chaos-result, probes).
@Suite struct LitmusChaosResultTests {
    func results(_ text: String, _ file: String = "chaosresult.yaml") -> (ManifestFile, [LitmusChaosResult]) {
        let manifest = ManifestReader().read(text, file: file)
        return (manifest, manifest.objects.compactMap(LitmusChaosResult.init))
    }

    @Test func theCurrentShapeWithProbeStatuses() throws {
        let text = """
            apiVersion: litmuschaos.io/v1alpha1
            kind: ChaosResult
            metadata:
              creationTimestamp: "2024-05-01T10:02:11Z"
              generation: 4
              labels:
                app.kubernetes.io/component: experiment-job
                app.kubernetes.io/part-of: litmus
                chaosUID: 1b9e4f6c-5b1f-4d6e-9a57-7f1c0d2e3a41
                name: pod-delete
              name: nginx-chaos-pod-delete
              namespace: default
            spec:
              engine: nginx-chaos
              experiment: pod-delete
            status:
              experimentStatus:
                failStep: N/A
                phase: Completed
                probeSuccessPercentage: "100"
                verdict: Pass
              history:
                failedRuns: 0
                passedRuns: 1
                stoppedRuns: 0
              probeStatuses:
                - mode: Continuous
                  name: check-frontend-access-url
                  status:
                    description: Probe is Passed
                    verdict: Passed
                  type: httpProbe
                - mode: SOT
                  name: check-replicas
                  status:
                    description: Probe is not evaluated
                    verdict: N/A
                  type: k8sProbe

            """
        let (manifest, found) = results(text)
        #expect(manifest.problems.isEmpty)
        let result = try #require(found.first)
        #expect(result.name == "nginx-chaos-pod-delete")
        #expect(result.experiment == "pod-delete")
        #expect(result.engine == "nginx-chaos")
        #expect(result.phase == "Completed")
        #expect(result.verdict?.value == "Pass")
        #expect(result.verdict?.location.description == "chaosresult.yaml:21:14")
        #expect(result.probeSuccessPercentage == 100)
        #expect(result.probes.map(\.name) == ["check-frontend-access-url", "check-replicas"])
        #expect(result.probes.map(\.type) == ["httpProbe", "k8sProbe"])
        #expect(result.probes.first?.verdict == "Passed")
        // Probe verdicts read as Litmus writes them: "Passed, Failed, N/A, Awaited".
        #expect(result.probes.map(\.verdict) == ["Passed", "N/A"])
        #expect(result.probes.map(\.location.line) == [27, 33])
        #expect(result.location.description == "chaosresult.yaml:1:1")
        #expect(result.passed)
    }

    @Test func the2021ShapeWithAVerdictPerPhase() throws {
        let text = """
            apiVersion: litmuschaos.io/v1alpha1
            kind: ChaosResult
            metadata:
              name: engine-nginx-pod-network-latency
              namespace: shop
            spec:
              engine: engine-nginx
              experiment: pod-network-latency
            status:
              experimentstatus:
                failStep: Probe execution result didn't met the passing criteria
                phase: Completed
                probeSuccessPercentage: "50"
                verdict: Fail
              probeStatus:
                - name: check-frontend-access-url
                  type: HTTPProbe
                  status:
                    Continuous: "Passed 👍"
                - name: check-app-cluster-cr-status
                  type: K8sProbe
                  status:
                    PreChaos: "Passed 👍"
                    PostChaos: "Failed ❌"

            """
        let result = try #require(results(text).1.first)
        #expect(result.experiment == "pod-network-latency")
        #expect(result.verdict?.value == "Fail")
        #expect(result.probeSuccessPercentage == 50)
        // A probe fails when any of its phases failed.
        #expect(result.probes.map(\.verdict) == ["Passed", "Failed"])
        #expect(!result.passed)
    }

    @Test func theV1ShapeAndResultsStillRunning() throws {
        let text = """
            apiVersion: litmuschaos.io/v1alpha1
            kind: ChaosResult
            metadata:
              name: engine-container-kill
            spec:
              engine: engine
              experimentstatus:
                failStep: N/A
                phase: Completed
                verdict: pass
            ---
            apiVersion: litmuschaos.io/v1alpha1
            kind: ChaosResult
            metadata:
              name: engine-cpu-hog
            spec:
              engine: engine
              experiment: pod-cpu-hog
            status:
              experimentStatus:
                phase: Running
                verdict: Awaited
                probeSuccessPercentage: Awaited
              probeStatuses:
                - name: p
                  status: {}

            """
        let found = results(text).1
        #expect(found.map(\.name) == ["engine-container-kill", "engine-cpu-hog"])
        // With no `spec.experiment`, the result's own name stands for it.
        #expect(found.map(\.experiment) == ["engine-container-kill", "pod-cpu-hog"])
        #expect(found.map { $0.verdict?.value } == ["Pass", "Awaited"])
        #expect(found.map(\.phase) == ["Completed", "Running"])
        #expect(found.map(\.probeSuccessPercentage) == [nil, nil])
        #expect(found[1].probes.map(\.verdict) == ["Awaited"])
        #expect(found.map(\.passed) == [true, false])
    }

    @Test func otherObjectsAreNotResultsAndABrokenFileIsLocated() throws {
        let text = """
            apiVersion: litmuschaos.io/v1alpha1
            kind: ChaosEngine
            metadata: { name: nginx-chaos }
            spec: { engineState: active }
            ---
            apiVersion: example.com/v1
            kind: ChaosResult
            metadata: { name: not-litmus }

            """
        #expect(results(text).1.isEmpty)
        let broken =
            "apiVersion: litmuschaos.io/v1alpha1\nkind: ChaosResult\nstatus:\n  experimentStatus:\n    verdict: Pass\n   phase: Completed\n"
        let (manifest, found) = results(broken, "results/pod-delete.yaml")
        #expect(found.isEmpty)
        #expect(
            manifest.problems.map(\.description) == [
                "results/pod-delete.yaml:6:4: error: while parsing a block mapping (started at 4:3): did not find expected key"
            ])
    }
}
