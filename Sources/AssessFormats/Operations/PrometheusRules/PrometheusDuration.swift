/// A duration as Prometheus's configuration reads it (`model.ParseDuration`): whole numbers
/// with units from largest to smallest, each at most once (`1h30m`, `90s`, `500ms`, `0`).
/// Stricter than `OperationsDuration`: `1.5m`, `2minutes`, `-2m` and `1h1h` are refused, as
/// promtool refuses them in `for`, `keep_firing_for` and a group's `interval`.
public enum PrometheusDuration {
    static let units: [(String, Double)] = [
        ("y", 365 * 86400), ("w", 7 * 86400), ("d", 86400), ("h", 3600), ("m", 60), ("s", 1), ("ms", 0.001),
    ]

    /// The duration, or nil when Prometheus would not read `text` as one.
    public static func parse(_ text: String) -> OperationsDuration? {
        if text == "0" { return OperationsDuration(seconds: 0, text: text) }
        var rest = Substring(text)
        var next = 0
        var total = 0.0
        guard !rest.isEmpty else { return nil }
        while !rest.isEmpty {
            let digits = rest.prefix { $0.isASCII && $0.isNumber }
            guard !digits.isEmpty, let value = Double(digits) else { return nil }
            rest = rest.dropFirst(digits.count)
            let letters = rest.prefix { $0.isASCII && $0.isLetter }
            guard let index = units[next...].firstIndex(where: { $0.0 == letters }) else { return nil }
            total += value * units[index].1
            next = index + 1
            rest = rest.dropFirst(letters.count)
        }
        return OperationsDuration(seconds: total, text: text)
    }
}
