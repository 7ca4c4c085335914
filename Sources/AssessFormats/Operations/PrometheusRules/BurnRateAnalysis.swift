/// Reads burn-rate conditions out of alert expressions: which windows they look at and what
/// multiple of the sustainable error rate they fire at. A reading of PromQL trees, kept with
/// the PromQL reader so `slo.alerts` judges models and never walks expressions itself.
public struct BurnRateAnalysis: Sendable {
    /// One comparison of an error ratio (or a burn rate) against a threshold.
    public struct Condition: Sendable, Hashable {
        public var window: OperationsDuration?
        /// The threshold the error ratio is compared with (`14.4 * 0.001`).
        public var threshold: Double
        /// The factor when the expression shows it (`14.4 * (1 - 0.999)`, `burn_rate > 14.4`).
        public var knownFactor: Double?

        public func factor(objective: Double?) -> Double? {
            if let knownFactor { return knownFactor }
            guard let objective, objective < 1 else { return nil }
            return threshold / (1 - objective)
        }
    }

    /// Which SLO an alert is about.
    public struct SLOKey: Sendable, Hashable {
        public var slo: String?
        public var service: String?
        public var objective: Double?
    }

    let recordings: [String: [PrometheusRule]]

    public init(rules: [PrometheusRule]) {
        recordings = Dictionary(grouping: rules.filter { $0.kind == .recording }, by: \.name)
    }

    /// The conditions of an alert, grouped as written: `(a and b) or (c and d)` gives [[a, b], [c, d]].
    public func conditions(in expression: PromQLExpression) -> [[Condition]] {
        expression.operands(of: "or").compactMap { alternative in
            let group = alternative.operands(of: "and").compactMap(condition(in:))
            return group.isEmpty ? nil : group
        }
    }

    /// The first `>`/`>=` comparison in a conjunct (also inside `max(... > x) without (...)`).
    func condition(in expression: PromQLExpression) -> Condition? {
        for node in expression.allNodes {
            guard case .binary(let binary) = node.kind, binary.isComparison, !binary.returnsBool else { continue }
            var signal = binary.lhs
            var limit = binary.rhs
            var op = binary.op
            if constant(binary.lhs) != nil, constant(binary.rhs) == nil {
                swap(&signal, &limit)
                op = op == "<" ? ">" : op == "<=" ? ">=" : op
            }
            guard op == ">" || op == ">=", let threshold = constant(limit), threshold > 0 else { continue }
            let window = self.window(of: signal)
            // `ratio / (1 - 0.999) > 14.4`: the burn rate is computed on the left.
            if case .binary(let division) = signal.unwrapped.kind, division.op == "/",
                let budget = constant(division.rhs), budget > 0, budget < 1
            {
                return Condition(
                    window: window ?? self.window(of: division.lhs), threshold: threshold * budget,
                    knownFactor: threshold)
            }
            if signal.metricNames.contains(where: { $0.lowercased().contains("burn") }) {
                return Condition(window: window, threshold: threshold, knownFactor: threshold)
            }
            // `ratio > 14.4 * (1 - 0.999)`: factors of 1 or more make the burn rate, the rest the budget.
            let terms = factors(limit)
            let big = terms.filter { $0 >= 1 }
            let small = terms.filter { $0 < 1 }
            let known: Double? = !big.isEmpty && !small.isEmpty ? big.reduce(1, *) : nil
            return Condition(window: window, threshold: threshold, knownFactor: known)
        }
        return nil
    }

    /// The constant factors of a product (`14.4 * (1 - 0.999)` → 14.4, 0.001).
    func factors(_ expression: PromQLExpression) -> [Double] {
        let inner = expression.unwrapped
        if case .binary(let binary) = inner.kind, binary.op == "*" {
            return factors(binary.lhs) + factors(binary.rhs)
        }
        return constant(inner).map { [$0] } ?? []
    }

    /// A constant, also through a recording rule that records one (`slo:error_budget:ratio` = `vector(1-0.999)`).
    func constant(_ expression: PromQLExpression, depth: Int = 0) -> Double? {
        if let value = expression.constantValue { return value }
        guard depth < 8 else { return nil }
        switch expression.kind {
        case .selector(let selector) where selector.range == nil:
            guard let name = selector.name, let rules = recordings[name] else { return nil }
            let values = rules.filter { consistent($0, selector) }.compactMap {
                $0.expression.flatMap { constant($0, depth: depth + 1) }
            }
            return values.first
        case .parenthesised(let inner): return constant(inner, depth: depth + 1)
        case .binary(let binary):
            guard let a = constant(binary.lhs, depth: depth + 1), let b = constant(binary.rhs, depth: depth + 1) else {
                return nil
            }
            switch binary.op {
            case "+": return a + b
            case "-": return a - b
            case "*": return a * b
            case "/": return b == 0 ? nil : a / b
            default: return nil
            }
        default: return nil
        }
    }

    /// A recording rule's labels agree with a selector's equality matchers.
    func consistent(_ rule: PrometheusRule, _ selector: PromQLSelector) -> Bool {
        selector.matchers.allSatisfy { matcher in
            matcher.op != "=" || rule.labels[matcher.label].map { $0 == matcher.value } ?? true
        }
    }

    /// The window an error ratio is measured over: its range vectors, else those of the
    /// recording rules it reads, else a duration at the end of the metric name (`…_rate5m`).
    func window(of expression: PromQLExpression, depth: Int = 0) -> OperationsDuration? {
        if let range = expression.ranges.max() { return range }
        guard depth < 8 else { return nil }
        for selector in expression.selectors {
            guard let name = selector.name else { continue }
            for rule in recordings[name] ?? [] where consistent(rule, selector) {
                if let text = rule.labels["sloth_window"], let window = OperationsDuration(text) { return window }
                if let expression = rule.expression, let window = window(of: expression, depth: depth + 1) {
                    return window
                }
            }
            if let window = Self.windowSuffix(name) { return window }
        }
        return nil
    }

    /// `slo:sli_error:ratio_rate5m` → 5m; `errors_ratio_1h` → 1h.
    public static func windowSuffix(_ name: String) -> OperationsDuration? {
        var digits = name.reversed().prefix { $0.isLetter || $0.isNumber }
        // Take the trailing `<number><unit>` only.
        let unit = digits.prefix { $0.isLetter }
        digits = digits.dropFirst(unit.count)
        let number = digits.prefix { $0.isNumber }
        guard !number.isEmpty, ["s", "m", "h", "d", "w"].contains(String(unit.reversed())) else { return nil }
        return OperationsDuration(String(number.reversed()) + String(unit.reversed()))
    }

    /// The SLO an alert names: its `slo`/`sloth_slo`/`sloth_id` label or matcher, else its service.
    public func sloKey(of rule: PrometheusRule, expression: PromQLExpression) -> SLOKey {
        let sloLabels = ["slo", "sloth_slo", "slo_name", "sloth_id"]
        let serviceLabels = ["service", "sloth_service", "job", "app"]
        var key = SLOKey()
        var labels = rule.labels
        for selector in expression.selectors {
            for matcher in selector.matchers where matcher.op == "=" && labels[matcher.label] == nil {
                labels[matcher.label] = matcher.value
            }
            for recorded in recordings[selector.name ?? ""] ?? [] where consistent(recorded, selector) {
                for (label, value) in recorded.labels where labels[label] == nil { labels[label] = value }
            }
        }
        key.slo = sloLabels.lazy.compactMap { labels[$0] }.first
        key.service = serviceLabels.lazy.compactMap { labels[$0] }.first
        if let text = labels["sloth_objective"] ?? labels["objective"], let value = Double(text) {
            key.objective = value > 1 ? value / 100 : value
        }
        return key
    }
}
