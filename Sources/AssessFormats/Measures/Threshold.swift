import AssessYAML
import Foundation

/// A k6 threshold expression, verbatim: `p(95)<100`, `p(99.9)<=250`, `avg<200`, `med<150`,
/// `min>0`, `max<1000`, `rate<0.001`, `count>1000`, `value>0`.
///
/// k6 writes durations in milliseconds and rates as fractions; so does every grader that takes
/// thresholds, so a rubric reads the same whether it judges a load test or a trace set.
public struct Threshold: Sendable, Hashable, CustomStringConvertible {
    /// Which figure of a metric the limit applies to.
    public enum Statistic: Sendable, Hashable, CustomStringConvertible {
        case percentile(Double)
        case avg, med, min, max, rate, count, value

        public var description: String {
            switch self {
            case .percentile(let p): return "p(\(p.compact))"
            case .avg: return "avg"
            case .med: return "med"
            case .min: return "min"
            case .max: return "max"
            case .rate: return "rate"
            case .count: return "count"
            case .value: return "value"
            }
        }

        /// The percentile this statistic stands for, when it is one (`med` is p(50)).
        public var percentile: Double? {
            switch self {
            case .percentile(let p): return p
            case .med: return 50
            default: return nil
            }
        }
    }

    public enum Comparison: String, Sendable, Hashable, CaseIterable {
        case less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">=", equal = "==", notEqual = "!="

        func holds(_ lhs: Double, _ rhs: Double) -> Bool {
            switch self {
            case .less: return lhs < rhs
            case .lessOrEqual: return lhs <= rhs
            case .greater: return lhs > rhs
            case .greaterOrEqual: return lhs >= rhs
            case .equal: return lhs == rhs
            case .notEqual: return lhs != rhs
            }
        }
    }

    public var statistic: Statistic
    public var comparison: Comparison
    public var limit: Double

    public init(_ statistic: Statistic, _ comparison: Comparison, _ limit: Double) {
        self.statistic = statistic
        self.comparison = comparison
        self.limit = limit
    }

    /// Parses k6's syntax; the error says what was expected, for the rubric loader to locate.
    public init(parsing text: String) throws(ThresholdSyntaxError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let opRange = trimmed.firstIndex(where: { "<>=!".contains($0) }) else {
            throw ThresholdSyntaxError(text: text, reason: "expected a comparison such as 'p(95)<100'")
        }
        let name = trimmed[..<opRange].trimmingCharacters(in: .whitespaces)
        var rest = trimmed[opRange...]
        var op = ""
        while let c = rest.first, "<>=!".contains(c) {
            op.append(c)
            rest = rest.dropFirst()
        }
        if op == "===" { op = "==" }
        if op == "!==" { op = "!=" }
        guard let comparison = Comparison(rawValue: op) else {
            throw ThresholdSyntaxError(text: text, reason: "unknown comparison '\(op)'; use <, <=, >, >=, == or !=")
        }
        let number = rest.trimmingCharacters(in: .whitespaces)
        guard let limit = Double(number), limit.isFinite else {
            throw ThresholdSyntaxError(text: text, reason: "expected a number after '\(op)', found '\(number)'")
        }
        let statistic: Statistic
        switch name {
        case "avg": statistic = .avg
        case "med": statistic = .med
        case "min": statistic = .min
        case "max": statistic = .max
        case "rate": statistic = .rate
        case "count": statistic = .count
        case "value": statistic = .value
        default:
            guard name.hasPrefix("p("), name.hasSuffix(")"),
                let p = Double(name.dropFirst(2).dropLast().trimmingCharacters(in: .whitespaces)), p >= 0, p <= 100
            else {
                throw ThresholdSyntaxError(
                    text: text,
                    reason: "unknown statistic '\(name)'; use p(N), avg, med, min, max, rate, count or value")
            }
            statistic = .percentile(p)
        }
        self.init(statistic, comparison, limit)
    }

    public func holds(_ measured: Double) -> Bool { comparison.holds(measured, limit) }

    public var description: String { "\(statistic)\(comparison.rawValue)\(limit.compact)" }
}

/// A threshold that does not parse, with the reason.
public struct ThresholdSyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    public var text: String
    public var reason: String
    public var description: String { "invalid threshold '\(text)': \(reason)" }
}
