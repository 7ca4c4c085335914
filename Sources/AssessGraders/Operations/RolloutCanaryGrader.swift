public import AssessCore
import AssessFormats

/// Canary delivery with automatic rollback: an Argo Rollout or a Flagger Canary per service,
/// traffic shifted in steps, an analysis of error rate and/or latency with thresholds that
/// aborts a bad release, and — where results are handed in — proof that one was rolled back.
public struct RolloutCanaryGrader: Grader {
    public struct Options: Sendable, Hashable {
        var services: ServiceList?
        var analysis: [String]
        var minSteps: Int
        var rolledBack: Bool
    }

    public static let description = GraderDescription(
        kind: "rollout.canary",
        summary:
            "For each service (or every Rollout and Canary found): an Argo Rollout with a canary strategy or a Flagger Canary exists; traffic moves in at least `min_steps` steps (`setWeight` steps; Flagger's stepWeight up to maxWeight, or stepWeights); an analysis measures each kind in `analysis` (`error-rate`, `latency`: Argo AnalysisTemplate metrics with a success or failure condition, Flagger metrics with a thresholdRange — `request-success-rate` is a percentage, `request-duration` milliseconds); and a failing analysis aborts automatically (Argo: the analysis runs during the rollout; Flagger: `threshold` failed checks). AnalysisRuns and Flagger status show whether a bad release was rolled back; `rolled_back: true` requires that evidence. Score: the share of checks met, averaged over services.",
        options: [
            ServiceList.option,
            OptionDescription(
                "analysis", .choices(["error-rate", "latency"]), default: "[error-rate]",
                "What the canary analysis must measure."),
            OptionDescription("min_steps", .integer, default: "2", "Fewest traffic steps before full promotion."),
            OptionDescription(
                "rolled_back", .boolean, default: "false",
                "Require an AnalysisRun that failed (or a Flagger canary in phase Failed): proof a bad release was rolled back."
            ),
        ],
        examples: [
            GraderExample(
                "A stepped canary with an error-rate analysis", with: "{ services: [checkout] }",
                paths: ["deploy/*.yaml"], files: ["deploy/checkout.yaml": Self.example(analysis: true)], .passes),
            GraderExample(
                "Steps but no analysis: nothing aborts a bad release", with: "{ services: [checkout] }",
                paths: ["deploy/*.yaml"], files: ["deploy/checkout.yaml": Self.example(analysis: false)], .fails),
        ])

    static func example(analysis: Bool) -> String {
        let steps =
            analysis
            ? "      - setWeight: 10\n      - pause: { duration: 5m }\n      - analysis: { templates: [{ templateName: error-rate }] }\n      - setWeight: 50\n      - pause: { duration: 5m }\n"
            : "      - setWeight: 10\n      - pause: { duration: 5m }\n      - setWeight: 50\n"
        let template =
            analysis
            ? """
            ---
            apiVersion: argoproj.io/v1alpha1
            kind: AnalysisTemplate
            metadata: { name: error-rate }
            spec:
              metrics:
              - name: error-rate
                interval: 1m
                failureLimit: 1
                successCondition: result[0] < 0.01
                provider:
                  prometheus:
                    address: http://prometheus:9090
                    query: sum(rate(http_requests_total{job="checkout",code=~"5.."}[1m])) / sum(rate(http_requests_total{job="checkout"}[1m]))

            """ : ""
        return """
            apiVersion: argoproj.io/v1alpha1
            kind: Rollout
            metadata: { name: checkout }
            spec:
              replicas: 4
              selector: { matchLabels: { app: checkout } }
              template:
                metadata: { labels: { app: checkout } }
                spec: { containers: [{ name: checkout, image: "shop/checkout:1.5.0" }] }
              strategy:
                canary:
                  steps:
            \(steps)
            """ + template
    }

    public let options: Options

    public init(options: Options) {
        self.options = options
    }

    public static func options(from reader: MappingReader) -> Options? {
        let analysis = reader.strings("analysis") ?? ["error-rate"]
        for kind in analysis where kind != "error-rate" && kind != "latency" {
            reader.log.error(
                at: reader.node("analysis")?.location, "'analysis' lists error-rate or latency; found '\(kind)'")
        }
        let steps = reader.declaredInt("min_steps")
        if steps < 1 { reader.log.error(at: reader.node("min_steps")?.location, "'min_steps' is at least 1") }
        return Options(
            services: ServiceList.read("services", from: reader), analysis: analysis, minSteps: steps,
            rolledBack: reader.declaredBool("rolled_back"))
    }

    /// What a metric measures, by its name and query.
    static func measures(_ text: String) -> Set<String> {
        let lower = text.lowercased()
        var kinds = Set<String>()
        if ["error", "success", "5..", "5xx", "fail", "availability"].contains(where: { lower.contains($0) }) {
            kinds.insert("error-rate")
        }
        if ["latency", "duration", "histogram_quantile", "response-time", "p99", "p95"].contains(where: {
            lower.contains($0)
        }) {
            kinds.insert("latency")
        }
        return kinds
    }

    public func grade(_ job: GradingJob) async throws -> Outcome {
        let evidence = try await job.operationsEvidence()
        var findings = OperationsFiles.findings(evidence)
        let start = job.files.first.map { SourceLocation(file: $0.path, line: 1, column: 1) }
        var names = try options.services?.resolve(evidence, job: job) ?? []
        if options.services == nil {
            names =
                evidence.rollouts.map { ($0.name, $0.location) } + evidence.canaries.map { ($0.target, $0.location) }
        }
        guard !names.isEmpty else {
            return .failed(
                "no canary rollouts found",
                findings: findings + [
                    .error(
                        "found no Argo Rollout or Flagger Canary\(options.services.map { " for \($0)" } ?? "")",
                        at: start)
                ])
        }
        var total = 0.0
        var complete = 0
        var rolledBack = 0
        for service in names {
            var tally = Tally()
            let rollout = evidence.rollouts.first {
                $0.name.lowercased() == service.name.lowercased() || NameMatcher.matches($0.name, service.name)
                    || $0.workload?.podLabels["app"] == service.name
            }
            let canary = evidence.canaries.first {
                $0.target.lowercased() == service.name.lowercased() || NameMatcher.matches($0.target, service.name)
            }
            if let rollout {
                judge(rollout, evidence, &tally, &findings, &rolledBack)
            } else if let canary {
                judge(canary, &tally, &findings, &rolledBack)
            } else {
                tally.add(false)
                findings.append(
                    .error(
                        "service '\(service.name)' has no Argo Rollout or Flagger Canary",
                        at: service.location ?? start,
                        hint: "Deploy it with a canary strategy so a bad release meets a few users first."))
            }
            total += tally.score
            if tally.score >= 1 { complete += 1 }
        }
        if options.rolledBack, rolledBack == 0 {
            findings.append(
                .error(
                    "no AnalysisRun or Flagger status shows a bad release rolled back", at: start,
                    hint:
                        "Release a faulty version, let the analysis fail, and hand in `kubectl get analysisrun -o yaml`."
                ))
            total = total * Double(names.count) / Double(names.count + 1)
        }
        return .scored(
            OperationsFiles.withReadingProblems(total / Double(names.count), parts: names.count, evidence),
            "\(complete) of \(plural(names.count, "service")) roll out as canaries with automatic rollback",
            findings: findings,
            measurements: [
                MeasuredValue("canary services", Double(complete), limit: "\(names.count)"),
                MeasuredValue("bad releases rolled back", Double(rolledBack)),
            ])
    }

    func judge(
        _ rollout: ArgoRollout, _ evidence: OperationsEvidence, _ tally: inout Tally, _ findings: inout [Finding],
        _ rolledBack: inout Int
    ) {
        let name = "Rollout '\(rollout.name)'"
        guard rollout.strategy == "canary" else {
            tally.add(false)
            findings.append(
                .error("\(name) uses the \(rollout.strategy) strategy, not canary", at: rollout.strategyLocation))
            return
        }
        tally.add(true)
        let weights = rollout.weights.filter { $0 < 100 }
        let stepped = weights.count >= options.minSteps && weights == weights.sorted()
        tally.add(stepped)
        if !stepped {
            findings.append(
                .error(
                    "\(name) shifts traffic in \(plural(weights.count, "step")) (\(weights.map { "\($0) %" }.joined(separator: ", "))); needs at least \(options.minSteps) rising setWeight steps",
                    at: rollout.steps.first?.location ?? rollout.strategyLocation))
        }
        let templateNames = rollout.analysisTemplates
        var metrics: [AnalysisMetric] = []
        for templateName in templateNames {
            if let template = evidence.analysisTemplates.first(where: { $0.name == templateName }) {
                metrics += template.metrics
            } else {
                findings.append(
                    .error(
                        "\(name) runs analysis template '\(templateName)', which is not in the hand-in",
                        at: rollout.steps.first {
                            if case .analysis(let names) = $0.value { return names.contains(templateName) };
                            return false
                        }?.location
                            ?? rollout.strategyLocation))
            }
        }
        let judged = metrics.filter { $0.successCondition != nil || $0.failureCondition != nil }
        let measured = judged.reduce(into: Set<String>()) {
            $0.formUnion(Self.measures($1.name + " " + ($1.query ?? "")))
        }
        let unmeasured = options.analysis.filter { !measured.contains($0) }
        for kind in options.analysis { tally.add(measured.contains(kind)) }
        if templateNames.isEmpty {
            findings.append(
                .error(
                    "\(name) runs no analysis, so nothing measures \(options.analysis.joined(separator: " or ")) or aborts a bad release",
                    at: rollout.strategyLocation,
                    hint:
                        "Add an AnalysisTemplate whose Prometheus query measures it, with a successCondition, and run it in the steps or in the background."
                ))
        } else if !unmeasured.isEmpty {
            findings.append(
                .error(
                    "\(name): no analysis metric with a success or failure condition measures \(unmeasured.joined(separator: " or "))",
                    at: rollout.strategyLocation,
                    hint: "Add an AnalysisTemplate whose Prometheus query measures it, with a successCondition."))
        }
        let aborts = !judged.isEmpty
        tally.add(aborts)
        if !aborts, !templateNames.isEmpty {
            findings.append(
                .error(
                    "\(name): its analysis has no success or failure condition, so it can never fail and abort",
                    at: rollout.strategyLocation))
        }
        for run in evidence.analysisRuns where run.rollout == nil || run.rollout == rollout.name {
            if run.phase == "Failed" || run.phase == "Error" {
                rolledBack += 1
                let failed = run.metricResults.filter { $0.phase == "Failed" || $0.phase == "Error" }
                findings.append(
                    .info(
                        "AnalysisRun '\(run.name)' \(run.phase.lowercased())\(failed.isEmpty ? "" : " on \(failed.map { "'\($0.name)' (\($0.values.joined(separator: ", ")))" }.joined(separator: ", "))"): the release was aborted and traffic returned to the stable version",
                        at: run.location))
            } else if !run.phase.isEmpty {
                findings.append(.info("AnalysisRun '\(run.name)' is \(run.phase)", at: run.location))
            }
        }
    }

    func judge(_ canary: FlaggerCanary, _ tally: inout Tally, _ findings: inout [Finding], _ rolledBack: inout Int) {
        let name = "Canary '\(canary.name)'"
        tally.add(true)
        let weights = canary.weights
        let stepped = weights.count >= options.minSteps || (canary.iterations ?? 0) >= options.minSteps
        tally.add(stepped)
        if !stepped {
            findings.append(
                .error(
                    "\(name) shifts traffic in \(plural(weights.count, "step")); needs at least \(options.minSteps) (stepWeight up to maxWeight)",
                    at: canary.analysisLocation))
        }
        let judged = canary.metrics.filter { $0.min != nil || $0.max != nil }
        var measured = Set<String>()
        for metric in judged {
            switch metric.name {
            case "request-success-rate": measured.insert("error-rate")
            case "request-duration": measured.insert("latency")
            default: measured.formUnion(Self.measures(metric.name + " " + (metric.templateRef ?? "")))
            }
        }
        for kind in options.analysis {
            tally.add(measured.contains(kind))
            if !measured.contains(kind) {
                findings.append(
                    .error(
                        "\(name): no analysis metric with a thresholdRange measures \(kind)",
                        at: canary.analysisLocation,
                        hint:
                            "Flagger's request-success-rate (percent) and request-duration (milliseconds) are built in."
                    ))
            }
        }
        let aborts = (canary.threshold?.value ?? 0) > 0 && !judged.isEmpty
        tally.add(aborts)
        if !aborts {
            findings.append(
                .error(
                    "\(name) has no analysis threshold, so failed checks never roll it back",
                    at: canary.threshold?.location ?? canary.analysisLocation))
        }
        if let phase = canary.phase {
            if phase == "Failed" {
                rolledBack += 1
                findings.append(
                    .info(
                        "\(name) failed its analysis\(canary.failedChecks.map { " (\($0) failed checks)" } ?? ""): Flagger rolled it back",
                        at: canary.location))
            } else {
                findings.append(.info("\(name) is \(phase)", at: canary.location))
            }
        }
    }
}
