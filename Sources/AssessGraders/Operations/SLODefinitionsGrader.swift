public import AssessCore
import AssessFormats

/// Every service has the SLOs the rubric requires (availability, latency, …), with objectives
/// in a sensible range and windows the rubric allows, declared in OpenSLO or Sloth.
public struct SLODefinitionsGrader: Grader {
    public struct Options: Sendable, Hashable {
        var services: ServiceList?
        var require: [String]
        var objective: CountRange?
        var windows: [OperationsDuration]?
    }

    /// Words that say what an SLO measures, in its name, description or indicator query.
    static let kindWords: [(String, [String])] = [
        (
            "latency",
            [
                "latency", "duration", "response time", "response-time", "histogram_quantile", "_bucket", "p99", "p95",
                "slow", "fast",
            ]
        ),
        ("throughput", ["throughput", "rps", "qps", "requests per second"]),
        ("freshness", ["freshness", "fresh", "lag", "stale", "staleness"]),
        ("correctness", ["correctness", "correct"]),
        ("availability", ["availability", "available", "error", "success", "uptime", "5..", "code", "good", "fail"]),
    ]

    public static let description = GraderDescription(
        kind: "slo.definitions",
        summary:
            "Reads SLOs from OpenSLO (`openslo/v1`, `v1alpha`, `v2alpha`) and Sloth (`prometheus/v1`, `PrometheusServiceLevel`) files. Each service in `services` (or every service with an SLO) must have an SLO of each kind in `require`, told apart by the words in its name, description and indicator query (`latency`, `duration`, `histogram_quantile` … for latency; `availability`, `error`, `5..` … for availability) or a threshold metric compared with `lt`. Objectives (fractions; Sloth's percent is divided by 100) of the SLOs of those kinds must lie in `objective` and their time windows be among `windows`. Findings name the service and the missing kind, or the objective or window and its line. Score: the share of service × kind pairs, objectives and windows that pass.",
        options: [
            ServiceList.option,
            OptionDescription(
                "require", .choices(["availability", "latency", "throughput", "freshness", "correctness"]),
                default: "[availability, latency]", "The kinds of SLO every service needs."),
            OptionDescription(
                "objective", .range, "Bounds for every objective, e.g. `{ min: 0.99, max: 0.9999 }`."),
            OptionDescription("windows", .list(.duration), "Allowed time windows, e.g. `[28d, 30d]`."),
        ],
        examples: [
            GraderExample(
                "Checkout has an availability and a latency SLO at 99.9 %", with: "{ services: [checkout] }",
                paths: ["slo/*.yaml"], files: ["slo/checkout.yaml": Self.example(latency: true)], .passes),
            GraderExample(
                "Checkout has no latency SLO", with: "{ services: [checkout] }", paths: ["slo/*.yaml"],
                files: ["slo/checkout.yaml": Self.example(latency: false)], .fails),
        ])

    static func example(latency: Bool) -> String {
        var text = """
            apiVersion: openslo/v1
            kind: SLO
            metadata: { name: checkout-availability }
            spec:
              service: checkout
              indicator:
                metadata: { name: checkout-errors }
                spec:
                  ratioMetric:
                    counter: true
                    good: { metricSource: { type: Prometheus, spec: { query: 'sum(rate(http_requests_total{job="checkout",code!~"5.."}[5m]))' } } }
                    total: { metricSource: { type: Prometheus, spec: { query: 'sum(rate(http_requests_total{job="checkout"}[5m]))' } } }
              timeWindow: [{ duration: 30d, isRolling: true }]
              budgetingMethod: Occurrences
              objectives: [{ displayName: Good requests, target: 0.999 }]

            """
        if latency {
            text += """
                ---
                apiVersion: openslo/v1
                kind: SLO
                metadata: { name: checkout-latency }
                spec:
                  service: checkout
                  description: 99 % of checkouts answer within 300 ms
                  indicator:
                    metadata: { name: checkout-duration }
                    spec:
                      thresholdMetric:
                        metricSource: { type: Prometheus, spec: { query: 'histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{job="checkout"}[5m])))' } }
                  timeWindow: [{ duration: 30d, isRolling: true }]
                  budgetingMethod: Occurrences
                  objectives: [{ op: lt, value: 0.3, target: 0.99 }]

                """
        }
        return text
    }

    public let options: Options

    public init(options: Options) {
        self.options = options
    }

    public static func options(from reader: MappingReader) -> Options? {
        let kinds = Set(kindWords.map(\.0))
        let require = reader.strings("require") ?? ["availability", "latency"]
        for kind in require where !kinds.contains(kind) {
            reader.log.error(
                at: reader.node("require")?.location,
                "unknown SLO kind '\(kind)'; the kinds are \(kindWords.map(\.0).sorted().joined(separator: ", "))\(Suggestion.didYouMean(kind, in: Array(kinds)))"
            )
        }
        var windows: [OperationsDuration]?
        if let texts = reader.strings("windows") {
            windows = texts.compactMap { text in
                guard let duration = OperationsDuration(text) else {
                    reader.log.error(
                        at: reader.node("windows")?.location, "'\(text)' in 'windows' is not a duration such as 30d"
                    )
                    return nil
                }
                return duration
            }
        }
        return Options(
            services: ServiceList.read("services", from: reader), require: require,
            objective: CountRange.read("objective", from: reader), windows: windows)
    }

    /// The kinds an SLO measures, by the words it uses.
    static func kinds(of slo: ServiceLevelObjective) -> Set<String> {
        let text = [slo.name, slo.displayName ?? "", slo.description ?? "", slo.indicatorText].joined(separator: " ")
            .lowercased()
        var kinds = Set<String>()
        for (kind, words) in kindWords where words.contains(where: { text.contains($0) }) { kinds.insert(kind) }
        if let op = slo.thresholdOperator, op == "lt" || op == "lte", text.contains("thresholdmetric") {
            kinds.insert("latency")
        }
        // An error ratio inside a latency SLO's query (`le=`) does not make it an availability SLO.
        if kinds.contains("latency"), !["availability", "available", "uptime"].contains(where: { text.contains($0) }) {
            kinds.remove("availability")
        }
        return kinds
    }

    public func grade(_ job: GradingJob) async throws -> Outcome {
        let evidence = try await job.operationsEvidence()
        return judge(
            evidence,
            services: try options.services?.resolve(evidence, job: job) ?? ServiceList.names(of: .slos, in: evidence),
            input: job.files.first.map { SourceLocation(file: $0.path, line: 1, column: 1) })
    }

    /// Each service's required kinds of SLO, and the objectives and windows of those SLOs, in
    /// SLOs already read (a test reads them from text): `services` are the names to check, with
    /// where each was found; `input` is where findings about something missing point.
    func judge(
        _ evidence: OperationsEvidence, services: [(name: String, location: SourceLocation?)],
        input start: SourceLocation?
    ) -> Outcome {
        var findings = OperationsFiles.findings(evidence)
        let slos = evidence.objectives
        var tally = Tally()
        guard !services.isEmpty else {
            return .failed(
                slos.isEmpty ? "no SLOs found" : "no services to check",
                findings: findings + [
                    .error(
                        slos.isEmpty
                            ? "found no SLO (OpenSLO SLO, Sloth spec or PrometheusServiceLevel)"
                            : "found no services in \(options.services?.description ?? "the SLOs")", at: start)
                ])
        }
        var complete = 0
        for service in services {
            let own = slos.filter {
                $0.service.lowercased() == service.name.lowercased() || NameMatcher.matches($0.service, service.name)
            }
            let covered = own.reduce(into: Set<String>()) { $0.formUnion(Self.kinds(of: $1)) }
            let missing = options.require.filter { !covered.contains($0) }
            for kind in options.require { tally.add(covered.contains(kind)) }
            if missing.isEmpty {
                complete += 1
            } else {
                findings.append(
                    .error(
                        own.isEmpty
                            ? "service '\(service.name)' has no SLO; needs \(missing.joined(separator: " and "))"
                            : "service '\(service.name)' has no \(missing.joined(separator: " or ")) SLO (it has \(own.map { "'\($0.name)'" }.joined(separator: ", ")))",
                        at: own.first?.location ?? service.location ?? start,
                        hint:
                            "Declare an SLO per user-facing behaviour: availability (good / total requests) and latency (requests under a threshold)."
                    ))
            }
        }
        // Objectives and windows are judged on the SLOs of the required kinds: a rubric that
        // requires only availability at 99.99 % says nothing about the latency SLOs' targets.
        let judged = slos.filter { slo in
            let kinds = Self.kinds(of: slo)
            return (kinds.isEmpty || !kinds.isDisjoint(with: options.require))
                && services.contains {
                    $0.name.lowercased() == slo.service.lowercased() || NameMatcher.matches(slo.service, $0.name)
                }
        }
        for slo in judged {
            if let range = options.objective {
                if slo.objectives.isEmpty {
                    tally.add(false)
                    findings.append(.error("SLO '\(slo.name)' has no objective (target)", at: slo.location))
                }
                for objective in slo.objectives {
                    let ok = range.contains(objective.value)
                    tally.add(ok)
                    if !ok {
                        findings.append(
                            .error(
                                "SLO '\(slo.name)' (service \(slo.service)) has objective \(objective.value.factorText); expected \(range)",
                                at: objective.location,
                                hint: "Too low promises little; 100 % leaves no error budget to spend on change."))
                    }
                }
            }
            if let allowed = options.windows {
                if slo.windows.isEmpty {
                    tally.add(false)
                    findings.append(.error("SLO '\(slo.name)' has no time window", at: slo.location))
                }
                for window in slo.windows {
                    let ok = allowed.contains(window.value)
                    tally.add(ok)
                    if !ok {
                        findings.append(
                            .error(
                                "SLO '\(slo.name)' uses a \(window.value.text) window; allowed: \(allowed.map(\.text).joined(separator: ", "))",
                                at: window.location))
                    }
                }
            }
        }
        return .scored(
            OperationsFiles.withReadingProblems(tally.score, parts: Int(tally.total), evidence),
            "\(complete) of \(plural(services.count, "service")) have \(options.require.joined(separator: " and ")) SLOs",
            findings: findings,
            measurements: [
                MeasuredValue("SLOs", Double(slos.count)), MeasuredValue("services covered", Double(complete)),
            ]
        )
    }
}
