/// The four types a PromQL expression can have (prometheus/promql/parser/value.go), named as
/// Prometheus names them in its messages so an error reads the same as promtool's.
public enum PromQLValueType: String, Sendable, Hashable, CustomStringConvertible {
    case scalar
    case instantVector = "instant vector"
    case rangeVector = "range vector"
    case string

    public var description: String { rawValue }
}
