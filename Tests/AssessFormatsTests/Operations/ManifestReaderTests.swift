import AssessFormats
import AssessTestSupport
import Foundation
import Testing

/// Manifests as Kubernetes tools write them: `---`-separated documents (kubectl apply -f), a
/// top-level list (OpenSLO go-sdk fixtures), a `kind: List` (kubectl get -o yaml), JSON.
@Suite struct ManifestReaderTests {
    let reader = ManifestReader()

    @Test func multiDocumentListAndListKind() throws {
        let multi = reader.read(
            "# leading comment\napiVersion: v1\nkind: Service\nmetadata: { name: cart, namespace: shop }\n---\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: cart\n  labels: { app: cart }\n",
            file: "m.yaml")
        #expect(multi.problems.isEmpty)
        #expect(multi.objects.map(\.kind) == ["Service", "Deployment"])
        #expect(multi.objects.map(\.location.description) == ["m.yaml:2:1", "m.yaml:7:1"])
        #expect(multi.objects[1].nameLocation.description == "m.yaml:10:9")
        #expect(multi.objects[1].labels == ["app": "cart"])
        #expect(multi.objects[0].group == "" && multi.objects[1].group == "apps")
        let list = reader.read(
            "- apiVersion: openslo/v1\n  kind: SLO\n  metadata: { name: a }\n- kind: SLI\n", file: "l.yaml")
        #expect(list.objects.map(\.kind) == ["SLO", "SLI"])
        let kubectl = reader.read(
            "apiVersion: v1\nkind: List\nitems:\n- apiVersion: argoproj.io/v1alpha1\n  kind: AnalysisRun\n  metadata: { name: r }\n",
            file: "k.yaml")
        #expect(kubectl.objects.map(\.kind) == ["AnalysisRun"])
        let json = reader.read(#"{"apiVersion": "v1", "kind": "Service", "metadata": {"name": "x"}}"#, file: "s.json")
        #expect(json.objects.map(\.name) == ["x"])
    }

    @Test func unknownKindsAreKeptAndDocumentsWithoutKindStayDocuments() {
        let file = reader.read("apiVersion: example.com/v1\nkind: Widget\n---\ngroups: []\n", file: "w.yaml")
        #expect(file.objects.map(\.kind) == ["Widget"])
        #expect(file.documents.count == 2)
        #expect(
            OperationsEvidence(files: [("w.yaml", "apiVersion: example.com/v1\nkind: Widget\n")]).objects.count == 1)
    }

    /// A broken document costs only itself: the others are read, and the error keeps its line.
    @Test func aBrokenDocumentIsReportedAndTheOthersAreRead() {
        let text =
            "apiVersion: v1\nkind: Service\nmetadata: { name: a }\n---\nkind: [\n---\napiVersion: v1\nkind: Service\nmetadata: { name: b }\n"
        let file = reader.read(text, file: "b.yaml")
        #expect(file.objects.map(\.name) == ["a", "b"])
        #expect(file.objects[1].location.line == 7)
        #expect(file.problems.count == 1)
        #expect(file.problems[0].location?.line == 6)
        let json = reader.read("{\"kind\": ", file: "j.json")
        #expect(json.objects.isEmpty)
        #expect(json.problems.map(\.description) == ["j.json:1:10: error: expected a JSON value, found end of file"])
    }

    @Test func positionsInsideLiteralAndPlainScalars() throws {
        let text =
            "groups:\n- name: g\n  rules:\n  - alert: A\n    expr: |\n      up\n        == 0 oops\n  - alert: B\n    expr: up = 1\n"
        let file = reader.read(text, file: "r.yaml")
        let rules = try #require(PrometheusRuleFile(file.documents[0], in: file))
        #expect(rules.rules.map { $0.syntaxError?.location.description } == ["r.yaml:7:14", "r.yaml:9:14"])
        #expect(
            rules.rules.map { $0.syntaxError?.value } == [
                "unexpected 'oops' after the expression", "unexpected '=' after the expression",
            ])
    }

    @Test func ruleFileShapeProblems() throws {
        let text =
            "groups:\n- name: g\n  rules:\n  - record: r\n    expr: up\n    for: 5m\n  - record: x\n    alert: y\n    expr: up\n- name: g\n  rules: []\n"
        let file = reader.read(text, file: "r.yaml")
        let rules = try #require(PrometheusRuleFile(file.documents[0], in: file))
        #expect(
            rules.problems.map(\.description) == [
                "r.yaml:6:10: error: 'for' is only valid on alerting rules (recording rule 'r' (group 'g'))",
                "r.yaml:8:12: error: rule 'x' (group 'g') has both 'record' and 'alert'; a rule is one or the other",
                "r.yaml:10:9: error: group name 'g' is repeated (first at 2:9); names must be unique per file",
            ])
    }

    @Test func durations() {
        #expect(OperationsDuration("1h30m")?.seconds == 5400)
        #expect(OperationsDuration("180.000s")?.seconds == 180)
        #expect(OperationsDuration("250ms")?.seconds == 0.25)
        #expect(OperationsDuration("1M")?.seconds == 2_592_000.0)
        #expect(OperationsDuration("60m") == OperationsDuration("1h"))
        #expect(OperationsDuration("60m")?.canonical == "1h")
        #expect(OperationsDuration("5 minutes") == nil)
        #expect(OperationsDuration("") == nil)
    }
}

/// Every file of the operations corpus reads, and the models see what the files say.
@Suite(.enabled(if: sharedCorpus != nil, "../shared/corpus is absent: the operations corpus is not checked"))
struct OperationsCorpusTests {
    func evidence(_ folder: String) throws -> OperationsEvidence {
        let path = try sharedCorpusPath("public/\(folder)/")
        let names = try FileManager.default.contentsOfDirectory(atPath: path).filter {
            $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") || $0.hasSuffix(".json")
        }.sorted()
        return OperationsEvidence(files: try names.map { ($0, try String(contentsOfFile: path + $0, encoding: .utf8)) })
    }

    @Test func kubernetesAndIstio() throws {
        let e = try evidence("k8s-istio")
        #expect(e.problems.isEmpty, "\(e.problems)")
        #expect(e.virtualServices.count == 5)
        #expect(e.destinationRules.count == 7)
        #expect(e.peerAuthentications.count == 2)
        let reviews = try #require(e.virtualServices.first { $0.name == "reviews" })
        #expect(reviews.http[0].shares == [0.9, 0.1])
        let all = try #require(e.virtualServices.first { $0.name == "all" })
        #expect(all.http[1].shares == [0.8, 0.2])
        let ported = try #require(e.peerAuthentications.first { $0.namespace == "foo" })
        #expect(ported.portLevel.map(\.port) == ["8080"])
        #expect(ported.portLevel.map(\.mode.value) == ["DISABLE"])
        let cb = try #require(e.destinationRules.first { $0.name == "reviews-cb-policy" })
        #expect(cb.trafficPolicy?.outlierDetection?.consecutive5xxErrors == 7)
        #expect(cb.trafficPolicy?.outlierDetection?.interval?.seconds == 300)
        #expect(e.rollouts.map(\.name).sorted() == ["istio-subset-split", "my-rollout"])
        #expect(e.rollouts.first { $0.name == "my-rollout" }?.weights == [25, 50, 75])
        #expect(e.rollouts.first { $0.name == "istio-subset-split" }?.trafficRouting == "istio")
        #expect(e.analysisTemplates.first?.metrics.first?.successCondition == "result[0] >= 0.99")
        let run = try #require(e.analysisRuns.first)
        #expect(run.phase == "Failed" && run.rollout == "rollout-background-analysis")
        #expect(run.metricResults.first?.values == ["false"])
        let canary = try #require(e.canaries.first)
        #expect(canary.weights == [5, 10, 15, 20, 25, 30, 35, 40, 45, 50])
        #expect(canary.metrics.map(\.name) == ["request-success-rate", "request-duration"])
        #expect(canary.metrics.map(\.min) == [99, nil])
        #expect(e.workloads.map(\.kind) == ["Rollout", "Rollout"])
    }

    @Test func sloFiles() throws {
        let e = try evidence("slo")
        #expect(e.problems.isEmpty, "\(e.problems)")
        #expect(e.objectives.count == 8)
        let v1alpha = try #require(e.objectives.first { $0.name == "sloth-slo-my-service" })
        #expect(v1alpha.objective == 0.999)
        #expect(v1alpha.windows.map(\.value.seconds) == [30 * 86400])
        let crd = try #require(e.objectives.first { $0.service == "myservice" && $0.format == .sloth })
        #expect(abs((crd.objective ?? 0) - 0.999) < 1e-12)
        guard case .sloth(let alerting) = crd.alerting else {
            Issue.record("Sloth alerting not read")
            return
        }
        #expect(alerting.page && alerting.ticket)
        #expect(alerting.pageLabels["severity"] == "pageteam")
        let referenced = try #require(e.objectives.first { $0.name == "my-slo-2" })
        guard case .openSLO(let conditions) = referenced.alerting else {
            Issue.record("OpenSLO alert policies not resolved")
            return
        }
        #expect(conditions.map(\.name) == ["cpu-usage-breach", "memory-usage-breach"])
        #expect(conditions.map(\.threshold) == [2, 2])
        #expect(referenced.indicatorText.contains("kafka_consumergroup_lag"))
        #expect(e.objectives.first { $0.name == "web-availability" }?.service == "web")
        #expect(e.ruleFiles.count == 3)
    }

    @Test func chaosAndCatalog() throws {
        let chaos = try evidence("chaos")
        #expect(chaos.problems.isEmpty, "\(chaos.problems)")
        let journal = try #require(chaos.journals.first)
        #expect(journal.status.value == "failed" && journal.deviated?.value == true)
        #expect(journal.before?.met == true && journal.after?.met == false)
        #expect(
            journal.after?.probes.filter(\.failed).map(\.activity.name) == ["application-should-be-alive-and-healthy"])
        #expect(journal.run.map(\.activity.target).first == "chaosk8s.pod.actions.terminate_pods")
        #expect(!journal.hypothesisHeld)
        #expect(chaos.experiments.map(\.title) == ["Losing configuration file should not fail the service"])
        let catalog = try evidence("backstage")
        #expect(catalog.problems.isEmpty)
        #expect(catalog.catalog.count == 11)
        let lookup = try #require(catalog.catalog.first { $0.name == "artist-lookup" })
        #expect(lookup.dependsOn.map(\.value.description) == ["resource:default/artists-db"])
        #expect(lookup.owner?.value.description == "group:default/team-a")
        let guests = catalog.catalog.filter { $0.name == "guest" }.map(\.reference.description)
        #expect(guests == ["user:default/guest", "user:development/guest"])
        let petstore = try #require(catalog.catalog.first { $0.name == "petstore" })
        #expect(petstore.providesApis.map(\.value.name) == ["petstore", "streetlights", "playback-order"])
    }

    /// The Litmus `kubectl describe` text is not YAML; the ChaosResult shapes it shows are read from YAML.
    @Test func litmusResultShapes() throws {
        let old = OperationsEvidence(files: [
            (
                "r.yaml",
                "apiVersion: litmuschaos.io/v1alpha1\nkind: ChaosResult\nmetadata: { name: app-pod-delete }\nspec: { engine: probe, experiment: pod-delete }\nstatus:\n  experimentstatus: { phase: Completed, verdict: Pass, probeSuccessPercentage: \"100\" }\n  probeStatus:\n  - name: check-database-integrity\n    type: CmdProbe\n    status: { \"Post Chaos\": \"Passed 👍 #Edge\", \"Pre Chaos\": \"Passed 👍\" }\n"
            )
        ])
        let result = try #require(old.chaosResults.first)
        #expect(result.verdict?.value == "Pass")
        #expect(result.probeSuccessPercentage == 100)
        #expect(result.probes.map(\.verdict) == ["Passed"])
        #expect(result.passed)
    }
}
