import AssessFormats
import AssessYAML
import Testing

/// `ChaosExperiment` and `ChaosJournal` on Chaos Toolkit files as texts: an experiment, and the
/// `journal.json` that `chaos run` writes (its keys as chaoslib's `run.py` and the Chaos Toolkit
/// reference on journals name them: `chaoslib-version`, `steady_states.before/after`,
/// `tolerance_met`, `deviated`, `exception` as a list of traceback lines).
@Suite struct ChaosToolkitTests {
    func json(_ text: String, _ file: String = "journal.json") throws -> YAMLNode {
        try JSONReader().parse(text, file: file)
    }

    static let probe = """
        {
                  "type": "probe",
                  "name": "checkout-responds",
                  "tolerance": 200,
                  "provider": { "type": "http", "url": "http://checkout.shop.svc/health", "timeout": 3 }
                }
        """

    static let action = """
        {
                  "type": "action",
                  "name": "terminate-frontend-pod",
                  "provider": {
                    "type": "python",
                    "module": "chaosk8s.pod.actions",
                    "func": "terminate_pods",
                    "arguments": { "label_selector": "app=frontend", "ns": "shop", "rand": true, "qty": 1, "grace": { "s": 0 } }
                  },
                  "pauses": { "after": 10 }
                }
        """

    static func journal(
        status: String = "completed", deviated: Bool = false, afterMet: Bool = true, afterTolerance: Bool = true,
        runStatus: String = "succeeded", exception: String = ""
    ) -> String {
        """
        {
          "chaoslib-version": "1.42.1",
          "platform": "Linux-6.5.0-1018-azure-x86_64-with-glibc2.35",
          "node": "runner-1",
          "experiment": {
            "version": "1.0.0",
            "title": "Checkout keeps answering when a frontend pod dies",
            "description": "One frontend pod is terminated; the checkout health endpoint must keep answering 200.",
            "tags": ["kubernetes", "shop"],
            "steady-state-hypothesis": {
              "title": "Checkout answers",
              "probes": [
                \(probe)
              ]
            },
            "method": [
              \(action),
              { "ref": "checkout-responds" }
            ],
            "rollbacks": [],
            "dry": null
          },
          "start": "2024-05-01T10:00:00.120394",
          "status": "\(status)",
          "deviated": \(deviated),
          "steady_states": {
            "before": {
              "steady_state_met": true,
              "probes": [
                { "activity": \(probe), "output": { "status": 200, "headers": {}, "body": "ok" }, "start": "2024-05-01T10:00:00.130001", "status": "succeeded", "end": "2024-05-01T10:00:00.161207", "duration": 0.031206, "tolerance_met": true }
              ]
            },
            "after": {
              "steady_state_met": \(afterMet),
              "probes": [
                { "activity": \(probe), "output": { "status": 503, "headers": {}, "body": "" }, "start": "2024-05-01T10:00:15.201000", "status": "succeeded", "end": "2024-05-01T10:00:15.230119", "duration": 0.029119, "tolerance_met": \(afterTolerance) }
              ]
            },
            "during": []
          },
          "run": [
            { "activity": \(action), "output": null, "start": "2024-05-01T10:00:00.170000", "status": "\(runStatus)", \(exception) "end": "2024-05-01T10:00:00.380000", "duration": 0.21 }
          ],
          "rollbacks": [],
          "end": "2024-05-01T10:00:15.240000",
          "duration": 15.12
        }
        """
    }

    @Test func aJournalWhoseHypothesisHeld() throws {
        let journal = try #require(ChaosJournal(try json(Self.journal())))
        #expect(journal.title == "Checkout keeps answering when a frontend pod dies")
        #expect(journal.chaoslibVersion == "1.42.1")
        #expect(journal.status.value == "completed")
        #expect(journal.status.location.description == "journal.json:39:13")
        #expect(journal.deviated?.value == false)
        #expect(journal.before?.met == true)
        #expect(journal.after?.met == true)
        #expect(journal.before?.probes.map(\.activity.name) == ["checkout-responds"])
        #expect(journal.before?.probes.map(\.toleranceMet) == [true])
        #expect(journal.before?.probes.contains(where: \.failed) == false)
        #expect(journal.run.map(\.activity.name) == ["terminate-frontend-pod"])
        #expect(journal.run.map(\.status) == ["succeeded"])
        #expect(journal.run.map(\.toleranceMet) == [nil])
        #expect(journal.rollbacks.isEmpty)
        #expect(journal.hypothesisHeld)
        let action = try #require(journal.run.first?.activity)
        #expect(action.type == "action")
        #expect(action.provider == "python")
        #expect(action.target == "chaosk8s.pod.actions.terminate_pods")
        #expect(action.arguments == "label_selector=app=frontend ns=shop rand=true qty=1 grace=a mapping")
        #expect(
            action.searchText
                == "terminate-frontend-pod chaosk8s.pod.actions.terminate_pods label_selector=app=frontend ns=shop rand=true qty=1 grace=a mapping"
        )
        // The embedded experiment: method entries that only `ref` a probe are not activities.
        let experiment = try #require(journal.experiment)
        #expect(experiment.method.map(\.name) == ["terminate-frontend-pod"])
        #expect(experiment.actions.map(\.name) == ["terminate-frontend-pod"])
        #expect(experiment.hypothesis.map(\.target) == ["http://checkout.shop.svc/health"])
        #expect(experiment.hypothesis.map(\.provider) == ["http"])
        #expect(experiment.location.description == "journal.json:5:17")
    }

    @Test func aDeviatedJournalWithAFailedActionAndItsException() throws {
        let exception =
            #""exception": ["Traceback (most recent call last):\n", "  File \"/usr/lib/python3/chaoslib/provider/python.py\", line 56, in run_python_activity\n", "chaoslib.exceptions.ActivityFailed: kubernetes.client.exceptions.ApiException: (403) Forbidden\n"],"#
        let text = Self.journal(
            deviated: true, afterMet: false, afterTolerance: false, runStatus: "failed", exception: exception)
        let journal = try #require(ChaosJournal(try json(text)))
        #expect(journal.deviated?.value == true)
        #expect(journal.deviated?.location.description == "journal.json:40:15")
        #expect(journal.after?.met == false)
        #expect(journal.after?.probes.map(\.failed) == [true])
        #expect(journal.run.map(\.failed) == [true])
        #expect(
            journal.run.first?.exception
                == "chaoslib.exceptions.ActivityFailed: kubernetes.client.exceptions.ApiException: (403) Forbidden")
        #expect(!journal.hypothesisHeld)
        // A run that stopped before the after-hypothesis: chaostoolkit writes `after: null`.
        let aborted = Self.journal(status: "aborted").replacingOccurrences(
            of: #""after": {"#, with: #""after": null, "unused": {"#)
        let stopped = try #require(ChaosJournal(try json(aborted)))
        #expect(stopped.after == nil)
        #expect(stopped.before?.met == true)
        #expect(stopped.status.value == "aborted")
        #expect(!stopped.hypothesisHeld)
    }

    @Test func anExperimentFileInYAML() throws {
        let text = """
            version: 1.0.0
            title: What happens when the database is slow?
            description: Inject latency in front of PostgreSQL with toxiproxy.
            steady-state-hypothesis:
              title: Orders are served fast
              probes:
                - type: probe
                  name: orders-p95-under-300ms
                  tolerance: true
                  provider:
                    type: process
                    path: ./probes/p95.sh
                    arguments: "--threshold 300"
            method:
              - type: action
                name: add-latency-to-postgres
                provider:
                  type: python
                  module: chaostoxi.toxic.actions
                  func: create_latency_toxic
                  arguments:
                    for_proxy: postgres
                    toxic_name: pg-latency
                    latency: 800
                    jitter: 50
              - ref: orders-p95-under-300ms
              - type: probe
                name: read-logs
                provider: { type: process, path: kubectl, arguments: "logs deploy/orders" }
            rollbacks:
              - type: action
                name: remove-latency
                provider:
                  type: python
                  module: chaostoxi.toxic.actions
                  func: delete_toxic
                  arguments: { for_proxy: postgres, toxic_name: pg-latency }

            """
        let experiment = try #require(ChaosExperiment(try YAMLParser().parse(text, file: "chaos/experiment.yaml")))
        #expect(experiment.title == "What happens when the database is slow?")
        #expect(experiment.hypothesis.map(\.target) == ["./probes/p95.sh"])
        // Arguments given as one string are not a mapping: nothing to flatten.
        #expect(experiment.hypothesis.map(\.arguments) == [""])
        #expect(experiment.method.map(\.name) == ["add-latency-to-postgres", "read-logs"])
        #expect(experiment.actions.map(\.name) == ["add-latency-to-postgres"])
        #expect(experiment.actions.first?.arguments == "for_proxy=postgres toxic_name=pg-latency latency=800 jitter=50")
        #expect(experiment.rollbacks.map(\.target) == ["chaostoxi.toxic.actions.delete_toxic"])
        #expect(
            experiment.method.map(\.location.description) == [
                "chaos/experiment.yaml:15:5", "chaos/experiment.yaml:27:5",
            ])
    }

    @Test func filesThatAreNeitherAreNil() throws {
        // A journal needs an experiment, steady states or a run, and a status.
        #expect(ChaosJournal(try json(#"{"experiment": {"title": "t", "method": []}, "run": []}"#)) == nil)
        #expect(ChaosJournal(try json(#"{"status": "completed", "run": []}"#)) == nil)
        // An experiment needs a title and a method list.
        #expect(ChaosExperiment(try json(#"{"title": "t", "method": {}}"#)) == nil)
        #expect(ChaosExperiment(try json(#"{"method": []}"#)) == nil)
        let minimal = try #require(
            ChaosJournal(try json(#"{"experiment": {}, "steady_states": {}, "status": "failed"}"#)))
        #expect(minimal.experiment == nil)
        #expect(minimal.title == "")
        #expect(minimal.before == nil && minimal.deviated == nil)
    }

    @Test func aTruncatedJournalIsLocated() throws {
        let text = Self.journal()
        let end = try #require(text.range(of: #""experiment": "#)).upperBound
        #expect {
            _ = try json(String(text[..<end]))
        } throws: { error in
            guard let error = error as? DiagnosticError else { return false }
            return error.diagnostics.map(\.description) == [
                "journal.json:5:17: error: expected a JSON value, found end of file"
            ]
        }
    }
}
