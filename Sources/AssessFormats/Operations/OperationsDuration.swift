/// A duration as operations tools write it: PromQL and Prometheus (`5m`, `1h30m`, `30d`),
/// Istio and Kubernetes (`2s`, `0.5s`, `180.000s`, `250ms`), OpenSLO (`28d`, `1w`, `1M`, `1Q`).
/// Kept as seconds with the text it was read from, so windows compare by value (`60m` = `1h`)
/// and messages quote what the learner wrote.
public struct OperationsDuration: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var seconds: Double
    public var text: String

    public init(seconds: Double, text: String? = nil) {
        self.seconds = seconds
        self.text = text ?? Self.format(seconds)
    }

    /// Parses one or more `<number><unit>` parts; nil when the text is not a duration.
    /// Units: `ms`, `s`, `m`, `h`, `d`, `w`, `y`, and OpenSLO's calendar `M` (30 days) and `Q` (90 days).
    public init?(_ text: String) {
        let trimmed = text.trimmingSpaces
        guard !trimmed.isEmpty else { return nil }
        var total = 0.0
        var index = trimmed.startIndex
        var parts = 0
        while index < trimmed.endIndex {
            let numberStart = index
            while index < trimmed.endIndex, trimmed[index].isNumber || trimmed[index] == "." {
                index = trimmed.index(after: index)
            }
            guard let value = Double(trimmed[numberStart..<index]) else { return nil }
            let unitStart = index
            while index < trimmed.endIndex, trimmed[index].isLetter { index = trimmed.index(after: index) }
            guard let unit = Self.units[String(trimmed[unitStart..<index])] else { return nil }
            total += value * unit
            parts += 1
        }
        guard parts > 0 else { return nil }
        self.init(seconds: total, text: trimmed)
    }

    static let units: [String: Double] = [
        "ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400, "y": 365 * 86400,
        "M": 30 * 86400, "Q": 90 * 86400,
    ]

    /// `1h`, `30m`, `6h`, `3d`, `1.5s`: the largest unit that divides it.
    public static func format(_ seconds: Double) -> String {
        for (unit, size) in [("w", 604_800.0), ("d", 86400), ("h", 3600), ("m", 60), ("s", 1)]
        where seconds >= size && (seconds / size).rounded() == seconds / size {
            return "\(Int(seconds / size))\(unit)"
        }
        if seconds < 1, seconds > 0, (seconds * 1000).rounded() == seconds * 1000 { return "\(Int(seconds * 1000))ms" }
        return "\(seconds)s"
    }

    /// The canonical spelling (`60m` reads as `1h`).
    public var canonical: String { Self.format(seconds) }

    public var description: String { text }

    public static func < (a: OperationsDuration, b: OperationsDuration) -> Bool { a.seconds < b.seconds }

    public static func == (a: OperationsDuration, b: OperationsDuration) -> Bool { a.seconds == b.seconds }

    public func hash(into hasher: inout Hasher) { hasher.combine(seconds) }
}

extension StringProtocol {
    var trimmingSpaces: String {
        var text = Substring(self)
        while let first = text.first, first.isWhitespace { text = text.dropFirst() }
        while let last = text.last, last.isWhitespace { text = text.dropLast() }
        return String(text)
    }
}
