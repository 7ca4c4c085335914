/// A small latency histogram for one second of a run: 16 buckets per power of two of
/// microseconds (about 6 % wide), so an hour-long timeline costs a few megabytes while a
/// window's p95 is still close enough to judge steady state. Whole-run percentiles use
/// `LatencyHistogram`.
public struct CoarseHistogram: Sendable, Hashable {
    private var buckets: [UInt32] = []
    public private(set) var count: Int = 0

    public init() {}

    static func index(ofMicroseconds micros: UInt64) -> Int {
        if micros < 16 { return Int(micros) }
        let exponent = 63 - micros.leadingZeroBitCount  // ≥ 4
        let sub = Int((micros >> UInt64(exponent - 4)) & 15)
        return (exponent - 3) * 16 + sub
    }

    /// The middle of a bucket, in microseconds.
    static func value(ofIndex index: Int) -> Double {
        if index < 16 { return Double(index) }
        let exponent = index / 16 + 3
        let sub = index % 16
        let low = Double(16 + sub) * Double(UInt64(1) << UInt64(exponent - 4))
        let width = Double(UInt64(1) << UInt64(exponent - 4))
        return low + width / 2
    }

    public mutating func record(milliseconds: Double) {
        guard milliseconds.isFinite else { return }
        let micros = milliseconds <= 0 ? 0 : UInt64(Swift.min(milliseconds * 1000, 3.6e9))
        let index = Self.index(ofMicroseconds: micros)
        if index >= buckets.count { buckets.append(contentsOf: repeatElement(0, count: index + 1 - buckets.count)) }
        buckets[index] &+= 1
        count += 1
    }

    public mutating func add(_ other: CoarseHistogram) {
        if other.buckets.count > buckets.count {
            buckets.append(contentsOf: repeatElement(0, count: other.buckets.count - buckets.count))
        }
        for (index, value) in other.buckets.enumerated() { buckets[index] &+= value }
        count += other.count
    }

    /// The value at percentile `p` in milliseconds; nil when empty.
    public func percentile(_ p: Double) -> Double? {
        guard count > 0 else { return nil }
        let rank = Swift.max(1, Int((p / 100 * Double(count)).rounded(.up)))
        var seen = 0
        for (index, value) in buckets.enumerated() {
            seen += Int(value)
            if seen >= rank { return Self.value(ofIndex: index) / 1000 }
        }
        return Self.value(ofIndex: buckets.count - 1) / 1000
    }
}
