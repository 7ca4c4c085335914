import Histogram

/// Latencies recorded into an HdrHistogram: constant memory however many samples a run has,
/// percentiles within 0.1 % (three significant digits). Values go in and come out in
/// milliseconds; inside they are whole microseconds, from 1 µs to an hour.
public struct LatencyHistogram: Sendable, Hashable {
    private var histogram: Histogram<UInt64>
    /// The exact sum, so the mean is not rounded to bucket boundaries.
    public private(set) var sumMilliseconds: Double = 0
    /// Exact extremes (the histogram's own are bucket edges).
    private var lowest = Double.infinity
    private var highest = -Double.infinity

    public static let highestMicroseconds: UInt64 = 3_600_000_000

    public init() {
        histogram = Histogram<UInt64>(
            lowestDiscernibleValue: 1, highestTrackableValue: Self.highestMicroseconds,
            numberOfSignificantValueDigits: .three)
    }

    public var count: Int { Int(histogram.totalCount) }
    public var isEmpty: Bool { histogram.totalCount == 0 }

    /// Records one latency in milliseconds; negative values count as 0, huge ones are clamped.
    public mutating func record(milliseconds: Double, count: Int = 1) {
        guard milliseconds.isFinite, count > 0 else { return }
        // Clamped before converting: a hostile value past UInt64's range would trap in the
        // conversion (a change stream whose timestamps are 1e300 apart ended `assess` so).
        let scaled = (milliseconds * 1000).rounded()
        let micros: UInt64 =
            milliseconds <= 0 ? 0 : scaled >= Double(Self.highestMicroseconds) ? Self.highestMicroseconds : UInt64(scaled)
        _ = histogram.record(micros, count: UInt64(count))
        let value = Swift.max(0, milliseconds)
        sumMilliseconds += value * Double(count)
        lowest = Swift.min(lowest, value)
        highest = Swift.max(highest, value)
    }

    /// Records a latency already in whole microseconds (the fast path for readers).
    public mutating func record(microseconds: UInt64) {
        _ = histogram.record(Swift.min(Self.highestMicroseconds, microseconds))
        let value = Double(microseconds) / 1000
        sumMilliseconds += value
        lowest = Swift.min(lowest, value)
        highest = Swift.max(highest, value)
    }

    public mutating func add(_ other: LatencyHistogram) {
        histogram.add(other.histogram)
        sumMilliseconds += other.sumMilliseconds
        lowest = Swift.min(lowest, other.lowest)
        highest = Swift.max(highest, other.highest)
    }

    /// The value at percentile `p` (0…100) in milliseconds; nil when empty.
    public func percentile(_ p: Double) -> Double? {
        isEmpty ? nil : Double(histogram.valueAtPercentile(p)) / 1000
    }

    public var mean: Double? { isEmpty ? nil : sumMilliseconds / Double(count) }
    public var min: Double? { isEmpty ? nil : lowest }
    public var max: Double? { isEmpty ? nil : highest }

    public static func == (lhs: LatencyHistogram, rhs: LatencyHistogram) -> Bool {
        lhs.count == rhs.count && lhs.sumMilliseconds == rhs.sumMilliseconds
            && lhs.percentile(50) == rhs.percentile(50) && lhs.percentile(99) == rhs.percentile(99)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(count)
        hasher.combine(sumMilliseconds)
    }
}
