/// A PromQL function's signature: the types of its arguments and of its result, as
/// prometheus/promql/parser/functions.go declares them. The table is what the type checker
/// judges calls against, so an unknown name, a missing range or a wrong count is found
/// without evaluating anything.
public struct PromQLFunction: Sendable, Hashable {
    public var name: String
    public var arguments: [PromQLValueType]
    /// 0: exactly `arguments`; n > 0: up to n trailing arguments may be left out;
    /// -1: the last argument may repeat (and may be left out).
    public var variadic: Int
    public var returns: PromQLValueType

    public init(_ name: String, _ arguments: [PromQLValueType], variadic: Int = 0, returns: PromQLValueType) {
        self.name = name
        self.arguments = arguments
        self.variadic = variadic
        self.returns = returns
    }

    /// The functions of Prometheus 2.x and 3.x, by name (experimental ones included, so work
    /// written for a newer server is not refused; `holt_winters` and its 3.x name both).
    public static let all: [String: PromQLFunction] = {
        let v = PromQLValueType.instantVector
        let m = PromQLValueType.rangeVector
        let s = PromQLValueType.scalar
        let str = PromQLValueType.string
        var table: [PromQLFunction] = []
        let vectorToVector = [
            "abs", "absent", "acos", "acosh", "asin", "asinh", "atan", "atanh", "ceil", "cos", "cosh", "deg", "exp",
            "floor", "histogram_avg", "histogram_count", "histogram_stddev", "histogram_stdvar", "histogram_sum", "ln",
            "log10", "log2", "rad", "sgn", "sin", "sinh", "sort", "sort_desc", "sqrt", "tan", "tanh", "timestamp",
        ]
        table += vectorToVector.map { PromQLFunction($0, [v], returns: v) }
        let rangeToVector = [
            "absent_over_time", "avg_over_time", "changes", "count_over_time", "delta", "deriv", "idelta", "increase",
            "irate", "last_over_time", "mad_over_time", "max_over_time", "min_over_time", "present_over_time", "rate",
            "resets", "stddev_over_time", "stdvar_over_time", "sum_over_time", "ts_of_max_over_time",
            "ts_of_min_over_time", "ts_of_last_over_time",
        ]
        table += rangeToVector.map { PromQLFunction($0, [m], returns: v) }
        let timeParts = [
            "day_of_month", "day_of_week", "day_of_year", "days_in_month", "hour", "minute", "month", "year",
        ]
        table += timeParts.map { PromQLFunction($0, [v], variadic: 1, returns: v) }
        table += [
            PromQLFunction("clamp", [v, s, s], returns: v),
            PromQLFunction("clamp_max", [v, s], returns: v),
            PromQLFunction("clamp_min", [v, s], returns: v),
            PromQLFunction("double_exponential_smoothing", [m, s, s], returns: v),
            PromQLFunction("histogram_fraction", [s, s, v], returns: v),
            PromQLFunction("histogram_quantile", [s, v], returns: v),
            PromQLFunction("holt_winters", [m, s, s], returns: v),
            PromQLFunction("label_join", [v, str, str, str], variadic: -1, returns: v),
            PromQLFunction("label_replace", [v, str, str, str, str], returns: v),
            PromQLFunction("pi", [], returns: s),
            PromQLFunction("predict_linear", [m, s], returns: v),
            PromQLFunction("quantile_over_time", [s, m], returns: v),
            PromQLFunction("round", [v, s], variadic: 1, returns: v),
            PromQLFunction("scalar", [v], returns: s),
            PromQLFunction("sort_by_label", [v, str], variadic: -1, returns: v),
            PromQLFunction("sort_by_label_desc", [v, str], variadic: -1, returns: v),
            PromQLFunction("time", [], returns: s),
            PromQLFunction("vector", [s], returns: v),
        ]
        return Dictionary(uniqueKeysWithValues: table.map { ($0.name, $0) })
    }()

    /// The type expected of the argument at `index` (the last one repeats when variadic).
    public func argumentType(at index: Int) -> PromQLValueType? {
        if index < arguments.count { return arguments[index] }
        return variadic == -1 ? arguments.last : nil
    }

    /// Why `count` arguments do not fit, in Prometheus's words; nil when they do.
    public func arityProblem(_ count: Int) -> String? {
        switch variadic {
        case 0:
            return count == arguments.count
                ? nil : "expected \(arguments.count) argument(s) in call to \"\(name)\", got \(count)"
        case -1:
            let minimum = arguments.count - 1
            return count >= minimum
                ? nil : "expected at least \(minimum) argument(s) in call to \"\(name)\", got \(count)"
        default:
            let minimum = arguments.count - variadic
            if count < minimum {
                return "expected at least \(minimum) argument(s) in call to \"\(name)\", got \(count)"
            }
            if count > arguments.count {
                return "expected at most \(arguments.count) argument(s) in call to \"\(name)\", got \(count)"
            }
            return nil
        }
    }
}
