public import AssessCore
import AssessFormats

/// Chaos experiments were run, of the fault types the rubric asks for, and the system held:
/// the steady-state hypothesis before and after, nothing deviated, rollbacks ran. Reads Chaos
/// Toolkit journals (and experiment files, to see which were never run) and LitmusChaos
/// ChaosResults.
public struct ChaosExperimentsGrader: Grader {
    public struct Options: Sendable, Hashable {
        var require: [String]
        var minimum: Int
        var rollbacks: Bool
    }

    /// What each named fault type looks like in action names, provider functions and Litmus
    /// experiment names (every word of one alternative must appear).
    static let faultTypes: [String: [[String]]] = [
        "pod-kill": [["pod", "kill"], ["pod", "terminate"], ["pod", "delete"], ["kill_microservice"]],
        "container-kill": [["container", "kill"]],
        "process-kill": [["process", "kill"], ["process", "terminate"], ["signal"]],
        "node-drain": [["node", "drain"], ["node", "restart"], ["node", "shutdown"]],
        "latency": [["latency"], ["delay"]],
        "network-loss": [["loss"], ["packet"], ["blackhole"], ["partition"]],
        "cpu-stress": [["cpu"]],
        "memory-stress": [["memory"]],
        "disk-fill": [["disk"], ["io-stress"]],
        "dns-error": [["dns"]],
        "http-error": [["abort"], ["http", "status"], ["http-error"], ["500"]],
    ]

    public static let description = GraderDescription(
        kind: "chaos.experiments",
        summary:
            "Reads Chaos Toolkit journals (`journal.json`), experiment files and LitmusChaos ChaosResults. Each run must hold its hypothesis: the steady state met before and after, `deviated: false` and status `completed` (Litmus: verdict Pass and every probe Passed); the rollbacks an experiment declares must have run and succeeded. `require` names the fault types that must have been run (\(faultTypes.keys.sorted().joined(separator: ", ")), or any word found in an action's name, function or arguments). An experiment file with no journal counts as not run. Findings name the experiment and the probe that failed.",
        options: [
            OptionDescription(
                "require", .list(.string), default: "[]",
                "Fault types that must appear among the actions run, e.g. `[pod-kill, latency]`."),
            OptionDescription("min", .integer, default: "1", "How many experiment runs there must be."),
            OptionDescription(
                "rollbacks", .boolean, default: "false",
                "Every run must have rollbacks (declared rollbacks are always checked)."),
        ],
        examples: [
            GraderExample(
                "A pod-kill journal whose hypothesis held", with: "{ require: [pod-kill] }", paths: ["chaos/*.json"],
                files: ["chaos/journal.json": Self.exampleJournal(deviated: false)], .passes),
            GraderExample(
                "The checkout did not recover", with: "{ require: [pod-kill] }", paths: ["chaos/*.json"],
                files: ["chaos/journal.json": Self.exampleJournal(deviated: true)], .fails),
        ])

    static func exampleJournal(deviated: Bool) -> String {
        let probe = { (met: Bool) in
            #"{"activity": {"type": "probe", "name": "checkout-responds", "tolerance": 200, "provider": {"type": "http", "url": "http://checkout/health"}}, "output": {"status": \#(met ? 200 : 503)}, "status": "succeeded", "tolerance_met": \#(met)}"#
        }
        return """
            {"chaoslib-version": "1.42.0", "experiment": {"title": "Checkout survives losing a pod",
              "steady-state-hypothesis": {"title": "checkout is healthy", "probes": []}, "method": [], "rollbacks": []},
             "status": "\(deviated ? "failed" : "completed")", "deviated": \(deviated),
             "steady_states": {"before": {"steady_state_met": true, "probes": [\(probe(true))]},
                               "after": {"steady_state_met": \(!deviated), "probes": [\(probe(!deviated))]}, "during": []},
             "run": [{"activity": {"type": "action", "name": "terminate-checkout-pod", "provider": {"type": "python", "module": "chaosk8s.pod.actions", "func": "terminate_pods", "arguments": {"label_selector": "app=checkout", "rand": true}}}, "status": "succeeded"}],
             "rollbacks": []}
            """
    }

    public let options: Options

    public init(options: Options) {
        self.options = options
    }

    public static func options(from reader: MappingReader) -> Options? {
        let minimum = reader.declaredInt("min")
        if minimum < 0 { reader.log.error(at: reader.node("min")?.location, "'min' cannot be negative") }
        return Options(
            require: reader.strings("require") ?? [], minimum: minimum, rollbacks: reader.declaredBool("rollbacks")
        )
    }

    public func grade(_ job: GradingJob) async throws -> Outcome {
        judge(
            try await job.operationsEvidence(),
            input: job.files.first.map { SourceLocation(file: $0.path, line: 1, column: 1) })
    }

    /// The verdict on a hand-in already read (a test builds it in Swift); `input` is where
    /// findings about something missing from the input point.
    func judge(_ evidence: OperationsEvidence, input: SourceLocation?) -> Outcome {
        var findings = OperationsFiles.findings(evidence)
        var tally = Tally()
        var held = 0
        var searchTexts: [String] = []
        for journal in evidence.journals {
            let (score, journalFindings) = judge(journal)
            tally.add(score: score)
            if score >= 1 { held += 1 }
            findings += journalFindings
            searchTexts += journal.run.filter { $0.activity.type == "action" }.map(\.activity.searchText)
        }
        for result in evidence.chaosResults {
            let (ok, resultFindings) = judge(result)
            tally.add(ok)
            if ok { held += 1 }
            findings += resultFindings
            searchTexts.append(result.experiment + " " + result.name)
        }
        let runTitles = Set(evidence.journals.map(\.title))
        for experiment in evidence.experiments where !runTitles.contains(experiment.title) {
            tally.add(false)
            findings.append(
                .error(
                    "experiment '\(experiment.title)' has no journal: nothing shows it was run",
                    at: experiment.location,
                    hint: "Run it with `chaos run` and hand in the journal.json it writes."))
        }
        let runs = evidence.journals.count + evidence.chaosResults.count
        tally.add(runs >= options.minimum)
        if runs < options.minimum {
            findings.append(
                .error(
                    "found \(plural(runs, "experiment run")); needs at least \(options.minimum)",
                    at: input))
        }
        var missingTypes: [String] = []
        for type in options.require {
            let found = searchTexts.contains { Self.text($0, shows: type) }
            tally.add(found)
            if !found { missingTypes.append(type) }
        }
        if !missingTypes.isEmpty {
            findings.append(
                .error(
                    "no experiment run injects \(missingTypes.map { "'\($0)'" }.joined(separator: ", "))",
                    at: input,
                    hint: "Run an experiment whose method injects that fault."))
        }
        let score = OperationsFiles.withReadingProblems(tally.score, parts: Int(tally.total), evidence)
        return .scored(
            score,
            "\(held) of \(plural(runs, "experiment run")) held their hypothesis"
                + (options.require.isEmpty
                    ? ""
                    : "; \(options.require.count - missingTypes.count) of \(options.require.count) fault types run"),
            findings: findings,
            measurements: [
                MeasuredValue("experiment runs", Double(runs), limit: ">= \(options.minimum)"),
                MeasuredValue("hypothesis held", Double(held)),
            ])
    }

    static func text(_ text: String, shows type: String) -> Bool {
        let lower = text.lowercased()
        if let alternatives = faultTypes[type.lowercased()] {
            return alternatives.contains { words in words.allSatisfy { lower.contains($0) } }
        }
        return lower.contains(type.lowercased())
    }

    /// A journal's verdict: hypothesis before and after, deviation, status, rollbacks.
    func judge(_ journal: ChaosJournal) -> (Double, [Finding]) {
        var findings: [Finding] = []
        let name = "experiment '\(journal.title)'"
        func failedProbes(_ state: ChaosJournal.SteadyState?) -> String {
            let failed = (state?.probes ?? []).filter(\.failed)
            guard !failed.isEmpty else { return "" }
            return "; probe "
                + failed.map { run in
                    "'\(run.activity.name)' " + (run.exception.map { "raised \($0)" } ?? "did not meet its tolerance")
                }.joined(separator: ", probe ")
        }
        var tally = Tally()
        if let before = journal.before {
            tally.add(before.met)
            if !before.met {
                findings.append(
                    .error(
                        "\(name): the steady state did not hold before the method ran\(failedProbes(before)); the experiment stopped",
                        at: before.probes.first(where: \.failed)?.location ?? before.location))
            }
        } else {
            tally.add(false)
            findings.append(.error("\(name): the journal has no steady state before the method", at: journal.location))
        }
        if journal.before?.met == true {
            let afterMet = journal.after?.met == true
            tally.add(afterMet && journal.deviated?.value != true)
            if !afterMet || journal.deviated?.value == true {
                let probe = journal.after?.probes.first(where: \.failed)
                findings.append(
                    .error(
                        "\(name) deviated: the steady state did not hold after the method\(failedProbes(journal.after))",
                        at: probe?.location ?? journal.deviated?.location ?? journal.location,
                        hint:
                            "The system did not recover from the fault: fix the weakness, then run the experiment again."
                    ))
            }
        }
        if journal.status.value != "completed", journal.before?.met != false, journal.after?.met != false {
            tally.add(false)
            findings.append(.error("\(name) ended '\(journal.status.value)'", at: journal.status.location))
        }
        let declared = journal.experiment?.rollbacks.count ?? 0
        if declared > 0 || options.rollbacks {
            let succeeded = journal.rollbacks.filter { $0.status == "succeeded" }.count
            let ok = succeeded >= max(declared, 1) && journal.rollbacks.allSatisfy { $0.status == "succeeded" }
            tally.add(ok)
            if !ok {
                findings.append(
                    .error(
                        declared == 0
                            ? "\(name) has no rollbacks"
                            : "\(name): \(succeeded) of \(plural(declared, "declared rollback")) ran and succeeded",
                        at: journal.rollbacks.first { $0.status != "succeeded" }?.location ?? journal.location,
                        hint: "Rollbacks put the system back as it was, also when the experiment fails."))
            }
        }
        return (tally.score, findings)
    }

    func judge(_ result: LitmusChaosResult) -> (Bool, [Finding]) {
        var findings: [Finding] = []
        let name = "ChaosResult '\(result.name)' (\(result.experiment))"
        let failedProbes = result.probes.filter { $0.verdict != "Passed" && $0.verdict != "N/a" }
        for probe in failedProbes {
            findings.append(.error("\(name): probe '\(probe.name)' \(probe.verdict.lowercased())", at: probe.location))
        }
        if result.verdict?.value != "Pass" {
            findings.insert(
                .error(
                    "\(name) has verdict \(result.verdict?.value ?? "none")\(result.phase.map { " (phase \($0))" } ?? "")",
                    at: result.verdict?.location ?? result.location), at: 0)
        }
        return (result.passed, findings)
    }
}
