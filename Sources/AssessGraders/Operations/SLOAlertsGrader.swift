public import AssessCore
import AssessFormats

/// Every SLO has error-budget burn-rate alerting, multi-window and multi-burn-rate as the SRE
/// workbook describes: a fast pair (14.4× the sustainable rate over 1h and 5m) and a slow pair
/// (6× over 6h and 30m), optionally ticket pairs. Found in Prometheus alerting rules by their
/// PromQL, or implied by a Sloth spec or OpenSLO burn-rate alert conditions.
public struct SLOAlertsGrader: Grader {
    public struct Options: Sendable, Hashable {
        var slos: [String]?
        var pairs: [BurnRatePair]
        var tolerance: Double
        var labels: [String]
        var annotations: [String]
        var objective: Double?
    }

    /// A short and a long window that must both burn faster than `factor` for the alert to fire.
    struct BurnRatePair: Sendable, Hashable, CustomStringConvertible {
        var name: String
        var factor: Double
        var long: OperationsDuration
        var short: OperationsDuration

        var description: String { "\(name) pair (\(factor.factorText)× over \(long.canonical) and \(short.canonical))" }

        /// The SRE workbook's recommendations for a 30-day SLO (Sloth's google-30d windows).
        static let known: [String: BurnRatePair] = [
            "fast": BurnRatePair(
                name: "fast-burn", factor: 14.4, long: .init(seconds: 3600), short: .init(seconds: 300)),
            "slow": BurnRatePair(
                name: "slow-burn", factor: 6, long: .init(seconds: 6 * 3600), short: .init(seconds: 1800)),
            "ticket-fast": BurnRatePair(
                name: "ticket fast-burn", factor: 3, long: .init(seconds: 86400), short: .init(seconds: 7200)),
            "ticket-slow": BurnRatePair(
                name: "ticket slow-burn", factor: 1, long: .init(seconds: 3 * 86400), short: .init(seconds: 6 * 3600)),
        ]
    }

    public static let description = GraderDescription(
        kind: "slo.alerts",
        summary:
            "Every SLO has multi-window, multi-burn-rate alerting (SRE workbook): by default a fast pair (14.4× over 1h and 5m) and a slow pair (6× over 6h and 30m). Pairs are read from Prometheus alerting rules by parsing their PromQL — windows from range vectors or the recording rules they use, factors from thresholds such as `14.4 * (1 - 0.999)` (with a tolerance for `0.000999…`) — or are implied by a Sloth spec's alerting or OpenSLO burn-rate AlertConditions. Each alert needs the required labels (`severity`) and a runbook or description annotation. SLOs come from OpenSLO and Sloth files and from the alerts' `slo`/`sloth_slo` labels; an SLO declared in both formats (same service; same name, or the name without its service prefix as Sloth's `sloth_slo` label gives it) is one SLO, and alerting written in either counts for it. Rule files are checked as `promtool check rules` checks them (keys, durations, metric and label names, Go templates in labels and annotations, PromQL parsed and typed): each problem is a finding at its line and column and costs a share of the score. Score: the share of pairs and alert checks met, averaged over SLOs.",
        options: [
            OptionDescription(
                "slos", .list(.string), "SLOs that must have alerting; default every SLO found."),
            OptionDescription(
                "pairs", .structure("list of fast | slow | ticket-fast | ticket-slow | {name, factor, long, short}"),
                default: "[fast, slow]", "The burn-rate pairs each SLO needs."),
            OptionDescription(
                "tolerance", .number, default: "0.05", "Relative tolerance on a burn-rate factor (14.4 ± 5 %)."),
            OptionDescription("labels", .list(.string), default: "[severity]", "Labels every burn-rate alert has."),
            OptionDescription(
                "annotations", .list(.string), default: "[runbook_url, runbook, description]",
                "Annotations of which every burn-rate alert has at least one."),
            OptionDescription(
                "objective", .number,
                "The SLO objective (`0.999`) for thresholds written as one number (`0.0144`) when no SLO file gives it."
            ),
        ],
        examples: [
            GraderExample(
                "A fast and a slow pair with severity and runbook",
                with: "", paths: ["alerts.yaml"],
                files: ["alerts.yaml": Self.exampleRules(slowPair: true)], .passes),
            GraderExample(
                "Only the fast pair", with: "", paths: ["alerts.yaml"],
                files: ["alerts.yaml": Self.exampleRules(slowPair: false)], .fails),
        ])

    static func exampleRules(slowPair: Bool) -> String {
        var text = "groups:\n- name: checkout-slo\n  rules:\n  - alert: CheckoutErrorBudgetBurn\n    expr: |\n"
        text += "      (job:slo_errors_per_request:ratio_rate1h{job=\"checkout\"} > (14.4 * (1 - 0.999))\n"
        text += "       and job:slo_errors_per_request:ratio_rate5m{job=\"checkout\"} > (14.4 * (1 - 0.999)))\n"
        if slowPair {
            text += "      or\n"
            text += "      (job:slo_errors_per_request:ratio_rate6h{job=\"checkout\"} > (6 * (1 - 0.999))\n"
            text += "       and job:slo_errors_per_request:ratio_rate30m{job=\"checkout\"} > (6 * (1 - 0.999)))\n"
        }
        text += "    labels: { severity: page, slo: checkout-availability }\n"
        text += "    annotations: { runbook_url: \"https://runbooks.example.com/checkout-slo\" }\n"
        return text
    }

    public let options: Options

    public init(options: Options) {
        self.options = options
    }

    public static func options(from reader: MappingReader) -> Options? {
        var pairs = [BurnRatePair.known["fast"]!, BurnRatePair.known["slow"]!]
        if let list = reader.node("pairs") {
            pairs = []
            for item in list.sequence ?? [list] {
                if let name = item.string {
                    if let pair = BurnRatePair.known[name] {
                        pairs.append(pair)
                    } else {
                        reader.log.error(
                            at: item.location,
                            "unknown pair '\(name)'; the named pairs are fast, slow, ticket-fast, ticket-slow\(Suggestion.didYouMean(name, in: Array(BurnRatePair.known.keys).sorted()))"
                        )
                    }
                    continue
                }
                guard
                    let sub = MappingReader(
                        item, keys: ["name", "factor", "long", "short"], context: "a burn-rate pair",
                        log: reader.log)
                else { continue }
                let factor = sub.double("factor", required: true)
                let long = duration("long", sub)
                let short = duration("short", sub)
                if let factor, let long, let short {
                    if short >= long {
                        reader.log.error(
                            at: item.location, "a pair's 'short' window must be shorter than its 'long' one")
                    }
                    pairs.append(
                        BurnRatePair(
                            name: sub.string("name") ?? "\(factor.factorText)×", factor: factor, long: long,
                            short: short))
                }
            }
        }
        let tolerance = reader.declaredDouble("tolerance")
        if tolerance < 0 || tolerance >= 1 {
            reader.log.error(at: reader.node("tolerance")?.location, "'tolerance' is a fraction in [0, 1)")
        }
        let objective = reader.double("objective")
        if let objective, objective <= 0 || objective >= 1 {
            reader.log.error(at: reader.node("objective")?.location, "'objective' is a fraction such as 0.999")
        }
        return Options(
            slos: reader.strings("slos"), pairs: pairs, tolerance: tolerance,
            labels: reader.strings("labels") ?? ["severity"],
            annotations: reader.strings("annotations") ?? ["runbook_url", "runbook", "description"],
            objective: objective)
    }

    static func duration(_ key: String, _ reader: MappingReader) -> OperationsDuration? {
        guard let text = reader.string(key, required: true) else { return nil }
        guard let duration = OperationsDuration(text) else {
            reader.log.error(
                at: reader.node(key)?.location, "expected a duration such as 1h for '\(key)', found '\(text)'")
            return nil
        }
        return duration
    }

    // MARK: - Grading

    /// A burn-rate pair found, and where it came from.
    struct FoundPair {
        var factor: Double
        var long: OperationsDuration
        /// Nil for OpenSLO conditions, which have one lookback window.
        var short: OperationsDuration?
        var source: String
    }

    /// One SLO and the alerting found for it.
    struct Subject {
        var name: String
        var service: String?
        var objective: Double?
        var location: SourceLocation?
        var declared: ServiceLevelObjective?
        /// The same SLO declared in another format (an OpenSLO SLO and the Sloth spec that
        /// alerts on it), linked by service and name; its alerting counts for this SLO.
        var linked: [ServiceLevelObjective] = []

        /// Every declaration of this SLO.
        var declarations: [ServiceLevelObjective] { (declared.map { [$0] } ?? []) + linked }
        var pairs: [FoundPair] = []
        var alerts: [PrometheusRule] = []
        var singles: [(BurnRateAnalysis.Condition, PrometheusRule)] = []
        /// Alerts whose thresholds are one number with no objective to read a factor from.
        var unresolved: [(Double, PrometheusRule)] = []
        var hygiene: [Finding] = []
        var hygieneTally = Tally()
    }

    public func grade(_ job: GradingJob) async throws -> Outcome {
        let evidence = try await job.operationsEvidence()
        var findings = OperationsFiles.findings(evidence)
        let analysis = BurnRateAnalysis(rules: evidence.rules)
        var subjects: [Subject] = []
        for objective in evidence.objectives {
            if let index = subjects.firstIndex(where: { Self.sameSLO($0, objective) }) {
                // The OpenSLO declaration names the SLO (its name carries the service); the
                // Sloth spec that alerts on it is linked to it, whichever file came first.
                if objective.format == .openSLO, let sloth = subjects[index].declared {
                    subjects[index].declared = objective
                    subjects[index].name = objective.name
                    subjects[index].location = objective.location
                    subjects[index].linked.append(sloth)
                } else {
                    subjects[index].linked.append(objective)
                }
                subjects[index].objective = subjects[index].declared?.objective ?? subjects[index].objective
            } else {
                subjects.append(
                    Subject(
                        name: objective.name, service: objective.service, objective: objective.objective,
                        location: objective.location, declared: objective))
            }
        }
        // What promtool would refuse (PromQL, templates, keys, durations) is among the reading
        // problems above, each at its line and column.
        // Prometheus burn-rate alerts, attributed to an SLO.
        for rule in evidence.rules where rule.kind == .alerting {
            guard let expression = rule.expression else { continue }
            let conditions = analysis.conditions(in: expression)
            guard !conditions.isEmpty else { continue }
            let key = analysis.sloKey(of: rule, expression: expression)
            let index =
                subjects.firstIndex { Self.matches(key, $0) }
                ?? {
                    subjects.append(
                        Subject(
                            name: key.slo ?? key.service ?? rule.name, service: key.service, objective: key.objective,
                            location: rule.location, declared: nil))
                    return subjects.count - 1
                }()
            let objective = subjects[index].objective ?? key.objective ?? options.objective
            subjects[index].alerts.append(rule)
            for group in conditions {
                let resolved = group.compactMap { condition -> (OperationsDuration, Double)? in
                    guard let window = condition.window, let factor = condition.factor(objective: objective) else {
                        return nil
                    }
                    return (window, factor)
                }
                for condition in group
                where condition.window != nil && condition.factor(objective: objective) == nil
                    && !subjects[index].unresolved.contains(where: {
                        $0.0 == condition.threshold && $0.1.location == rule.location
                    })
                {
                    subjects[index].unresolved.append((condition.threshold, rule))
                }
                if resolved.count >= 2 {
                    let windows = resolved.map(\.0).sorted()
                    subjects[index].pairs.append(
                        FoundPair(
                            factor: resolved.map(\.1).min() ?? 0, long: windows.last!, short: windows.first!,
                            source: "alert '\(rule.name)'"))
                } else if let condition = group.first {
                    subjects[index].singles.append((condition, rule))
                }
            }
            checkHygiene(rule, into: &subjects[index])
        }
        // Alerting the SLO's own format implies.
        for index in subjects.indices {
            for declared in subjects[index].declarations {
                switch declared.alerting {
                case .none: break
                case .sloth(let alerting):
                    let source = "Sloth alerting" + (alerting.name.map { " '\($0)'" } ?? "")
                    if alerting.page {
                        for key in ["fast", "slow"] { subjects[index].pairs.append(Self.implied(key, source)) }
                    }
                    if alerting.ticket {
                        for key in ["ticket-fast", "ticket-slow"] {
                            subjects[index].pairs.append(Self.implied(key, source))
                        }
                    }
                    // Sloth labels every alert with `sloth_severity`; the annotations are the spec's.
                    let labels = alerting.labels.merging(alerting.pageLabels) { $1 }.merging(["sloth_severity": "page"])
                    {
                        $1
                    }
                    let missingLabels = options.labels.filter { $0 != "severity" && labels[$0] == nil }
                    let hasAnnotation = options.annotations.contains { alerting.annotations[$0] != nil }
                    subjects[index].hygieneTally.add(missingLabels.isEmpty && hasAnnotation)
                    if !missingLabels.isEmpty {
                        subjects[index].hygiene.append(
                            .error(
                                "SLO '\(declared.name)': Sloth alerting has no \(missingLabels.map { "'\($0)'" }.joined(separator: ", ")) label",
                                at: alerting.location))
                    }
                    if !hasAnnotation {
                        subjects[index].hygiene.append(
                            .error(
                                "SLO '\(declared.name)': Sloth alerting has no \(Self.orList(options.annotations)) annotation",
                                at: alerting.location,
                                hint:
                                    "Add a runbook link under alerting.annotations so whoever is paged knows what to do."
                            )
                        )
                    }
                case .openSLO(let conditions):
                    for condition in conditions {
                        guard let factor = condition.threshold, let window = condition.lookbackWindow else { continue }
                        subjects[index].pairs.append(
                            FoundPair(
                                factor: factor, long: window, short: nil, source: "AlertCondition '\(condition.name)'"))
                        subjects[index].hygieneTally.add(condition.severity != nil)
                        if condition.severity == nil {
                            subjects[index].hygiene.append(
                                .error("AlertCondition '\(condition.name)' has no severity", at: condition.location))
                        }
                    }
                }
            }
        }
        if let wanted = options.slos {
            for name in wanted where !subjects.contains(where: { NameMatcher.matches(name, $0.name) }) {
                subjects.append(Subject(name: name, service: nil, objective: nil, location: nil, declared: nil))
            }
            subjects = subjects.filter { subject in wanted.contains { NameMatcher.matches($0, subject.name) } }
        }
        guard !subjects.isEmpty else {
            return .failed(
                "no SLOs and no burn-rate alerts found",
                findings: findings + [
                    .error(
                        "found no SLO (OpenSLO, Sloth) and no burn-rate alerting rule in \(job.files.map(\.path).joined(separator: ", "))",
                        at: job.files.first.map { SourceLocation(file: $0.path, line: 1, column: 1) })
                ])
        }
        var total = 0.0
        var complete = 0
        var measurements: [MeasuredValue] = []
        for subject in subjects {
            let (score, subjectFindings) = judge(subject)
            total += score
            if score >= 1 { complete += 1 }
            findings += subjectFindings
            measurements.append(MeasuredValue("burn-rate pairs for \(subject.name)", Double(subject.pairs.count)))
        }
        let score = OperationsFiles.withReadingProblems(total / Double(subjects.count), parts: subjects.count, evidence)
        return .scored(
            score,
            "\(complete) of \(subjects.count) SLO\(subjects.count == 1 ? "" : "s") have complete burn-rate alerting",
            findings: findings, measurements: measurements)
    }

    static func implied(_ key: String, _ source: String) -> FoundPair {
        let pair = BurnRatePair.known[key]!
        return FoundPair(factor: pair.factor, long: pair.long, short: pair.short, source: source)
    }

    /// The names an SLO goes by: its own, with its service before it (Sloth's `sloth_id`), and
    /// without the service when its name starts with it (`payments-availability` is the
    /// `availability` SLO of `payments`, as Sloth's `sloth_slo` label names it).
    static func names(_ name: String, service: String?) -> Set<String> {
        let name = name.lowercased()
        var names: Set<String> = [name]
        if let service = service?.lowercased(), !service.isEmpty {
            names.insert("\(service)-\(name)")
            if name.hasPrefix(service + "-") { names.insert(String(name.dropFirst(service.count + 1))) }
        }
        return names
    }

    /// Whether `objective` declares, in another format, the SLO `subject` already holds: the
    /// same service and a name one of them goes by.
    static func sameSLO(_ subject: Subject, _ objective: ServiceLevelObjective) -> Bool {
        guard let declared = subject.declared, declared.format != objective.format,
            !subject.linked.contains(where: { $0.format == objective.format }),
            declared.service.lowercased() == objective.service.lowercased(), !declared.service.isEmpty
        else { return false }
        return !names(declared.name, service: declared.service)
            .isDisjoint(with: names(objective.name, service: objective.service))
    }

    /// Whether an alert's SLO key names this SLO.
    static func matches(_ key: BurnRateAnalysis.SLOKey, _ subject: Subject) -> Bool {
        if let slo = key.slo {
            if let service = key.service, let other = subject.service, !other.isEmpty,
                service.lowercased() != other.lowercased(), !NameMatcher.matches(service, other)
            {
                return false
            }
            var candidates = names(subject.name, service: subject.service)
            for linked in subject.linked { candidates.formUnion(names(linked.name, service: linked.service)) }
            return candidates.contains { $0 == slo.lowercased() || NameMatcher.matches($0, slo) }
        }
        if let service = key.service, let other = subject.service {
            return service.lowercased() == other.lowercased() || NameMatcher.matches(service, other)
        }
        return false
    }

    func checkHygiene(_ rule: PrometheusRule, into subject: inout Subject) {
        let missing = options.labels.filter { rule.labels[$0] == nil }
        let hasAnnotation = options.annotations.isEmpty || options.annotations.contains { rule.annotations[$0] != nil }
        subject.hygieneTally.add(missing.isEmpty && hasAnnotation)
        if !missing.isEmpty {
            subject.hygiene.append(
                .error(
                    "alert '\(rule.name)' has no \(missing.map { "'\($0)'" }.joined(separator: ", ")) label",
                    at: rule.labelsLocation ?? rule.location, hint: "Route pages and tickets by a severity label."))
        }
        if !hasAnnotation {
            subject.hygiene.append(
                .error(
                    "alert '\(rule.name)' has no \(Self.orList(options.annotations)) annotation", at: rule.location,
                    hint: "Link a runbook so whoever is paged knows what to do."))
        }
    }

    static func orList(_ names: [String]) -> String {
        let quoted = names.map { "'\($0)'" }
        guard quoted.count > 1 else { return quoted.first ?? "" }
        return quoted.dropLast().joined(separator: ", ") + " or " + quoted.last!
    }

    func judge(_ subject: Subject) -> (Double, [Finding]) {
        var findings: [Finding] = []
        let label =
            "SLO '\(subject.name)'" + (subject.service.map { $0 == subject.name ? "" : " (service \($0))" } ?? "")
        guard !subject.pairs.isEmpty || !subject.singles.isEmpty || !subject.alerts.isEmpty else {
            findings.append(
                .error(
                    "\(label) has no burn-rate alerting: no Prometheus alert, Sloth alerting or OpenSLO burn-rate condition refers to it",
                    at: subject.location,
                    hint: "Alert on the error budget's burn rate over a long and a short window (SRE workbook, ch. 5).")
            )
            return (0, findings)
        }
        var tally = Tally()
        var found: [String] = []
        var missing: [BurnRatePair] = []
        for pair in options.pairs {
            if let match = subject.pairs.first(where: { matches($0, pair) }) {
                tally.add(true)
                found.append("the \(pair.name) pair in \(match.source)")
            } else {
                tally.add(false)
                missing.append(pair)
            }
        }
        if !missing.isEmpty {
            let has = found.isEmpty ? "has " : "has \(found.joined(separator: " and ")) but "
            findings.append(
                .error(
                    "\(label) \(has)no \(missing.map(\.description).joined(separator: " and no "))",
                    at: subject.alerts.first?.location ?? subject.location,
                    hint:
                        "Pair each burn-rate factor with a long and a short window: the long one catches the burn, the short one stops the alert soon after it ends."
                ))
            for pair in subject.pairs where !options.pairs.contains(where: { matches(pair, $0) }) {
                findings.append(
                    .info(
                        "\(label): \(pair.source) burns \(pair.factor.factorText)× over \(pair.long.canonical)\(pair.short.map { " and \($0.canonical)" } ?? "")",
                        at: subject.alerts.first?.location ?? subject.location))
            }
            for (threshold, rule) in subject.unresolved {
                findings.append(
                    Finding(
                        .warning,
                        "\(label): alert '\(rule.name)' compares with \(threshold.factorText), one number: its burn-rate factor needs the SLO's objective (an SLO file, the 'objective' option, or write it as 14.4 * (1 - 0.999))",
                        at: rule.location))
            }
            for (condition, rule) in subject.singles {
                findings.append(
                    .info(
                        "\(label): alert '\(rule.name)' checks a single window\(condition.window.map { " (\($0.canonical))" } ?? ""); a burn-rate pair needs a long and a short window joined by 'and'",
                        at: rule.location))
            }
        }
        findings += subject.hygiene
        var score = tally.score
        if subject.hygieneTally.total > 0 {
            // Pairs weigh as much as each required pair; hygiene as one more part.
            score = (tally.passed + subject.hygieneTally.score) / (tally.total + 1)
        }
        return (score, findings)
    }

    func matches(_ found: FoundPair, _ pair: BurnRatePair) -> Bool {
        abs(found.factor - pair.factor) <= pair.factor * options.tolerance + 1e-9 && found.long == pair.long
            && (found.short == nil || found.short == pair.short)
    }
}
