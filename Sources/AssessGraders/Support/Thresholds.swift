import AssessCore
import AssessFormats
import Foundation

/// A threshold as the rubric wrote it, and where, so a finding about it can point there.
struct LocatedThreshold: Sendable, Hashable {
    var threshold: Threshold
    var location: SourceLocation
}

/// The one reader of k6 threshold expressions in a rubric: a string or a list of them, each a
/// string or k6's object form (`{ threshold: "p(95)<100", abortOnFail: true }`), each located
/// when it is wrong. `statistics` narrows what may be asked of the measure (a histogram of
/// milliseconds has no `rate`); the map, per-metric and latency shapes are built on it.
func readThresholds(
    _ node: YAMLNode, key: String, log: DiagnosticLog, statistics: ((Threshold.Statistic) -> Bool)? = nil,
    only: String = ""
) -> [LocatedThreshold] {
    let items = node.sequence ?? [node]
    var thresholds: [LocatedThreshold] = []
    for item in items {
        guard let text = item.string ?? item["threshold"]?.string else {
            log.error(at: item.location, "expected a threshold such as 'p(95)<100' in '\(key)', found \(item.found)")
            continue
        }
        do {
            let threshold = try Threshold(parsing: text)
            if let statistics, !statistics(threshold.statistic) {
                log.error(at: item.location, "'\(key)' uses \(only); found '\(text)'")
            }
            thresholds.append(LocatedThreshold(threshold: threshold, location: item.location))
        } catch {
            log.error(at: item.location, error.description)
        }
    }
    return thresholds
}

/// Reads `{ name: ["p(95)<100"], … }` (k6's `options.thresholds`, a trace grader's operations)
/// into named threshold lists, in the order written, each name with where it was written.
func readThresholdMap(_ key: String, from reader: MappingReader, required: Bool = false)
    -> [(name: String, thresholds: [LocatedThreshold], location: SourceLocation)]?
{
    guard let node = required ? reader.require(key) : reader.node(key) else { return nil }
    guard let pairs = node.mapping else {
        reader.log.error(
            at: node.location,
            "expected a mapping of names to thresholds for '\(key)' (as k6 writes them: { http_req_duration: [\"p(95)<100\"] }), found \(node.found)"
        )
        return nil
    }
    return pairs.compactMap { pair in
        guard let name = pair.key.string else { return nil }
        return (name, readThresholds(pair.value, key: "\(key).\(name)", log: reader.log), pair.key.location)
    }
}

/// Latency thresholds in k6's syntax as the data and event-stream graders take them: only
/// statistics of a histogram of milliseconds (p(N), avg, med, min, max).
enum LatencyThresholds {
    /// `[\"p(95)<500\"]` (or one string): percentiles, avg, med, min or max, in ms.
    static func read(_ key: String, from reader: MappingReader) -> [Threshold] {
        guard let list = reader.node(key) else { return [] }
        return readThresholds(
            list, key: key, log: reader.log,
            statistics: { $0.percentile != nil || [.avg, .min, .max].contains($0) }, only: "p(N), avg, med, min or max"
        ).map(\.threshold)
    }
}

extension Threshold {
    /// Credit for a measured value: 1 when the threshold holds; otherwise falling linearly to
    /// 0 as the value moves `tolerance` (a fraction of the limit, 0.5 = 50 %) beyond it. With
    /// no tolerance a miss scores 0, as k6 would fail it. A judgement, so it lives with the
    /// graders; the format only says whether the threshold holds.
    func credit(_ measured: Double, tolerance: Double) -> Double {
        if holds(measured) { return 1 }
        guard tolerance > 0 else { return 0 }
        let scale = Swift.max(abs(limit), 1e-9) * tolerance
        let miss = abs(measured - limit)
        return Swift.max(0, 1 - miss / scale)
    }

    /// The statistic this threshold reads from a histogram of milliseconds (`count` from its count).
    func measure(_ histogram: LatencyHistogram) -> Double? {
        switch statistic {
        case .percentile(let p): return histogram.percentile(p)
        case .med: return histogram.percentile(50)
        case .avg: return histogram.mean
        case .min: return histogram.min
        case .max: return histogram.max
        case .count: return Double(histogram.count)
        case .rate, .value: return nil
        }
    }

    /// A measured figure against this threshold: the measurement for the report (`name`
    /// and the statistic, in ms), and an error finding about `subject` when it does not hold.
    func judge(
        _ value: Double, measured name: String, subject: String, places: Int, at location: SourceLocation? = nil
    ) -> (measurement: MeasuredValue, finding: Finding?) {
        let measurement = MeasuredValue(
            "\(name) \(statistic)", value, unit: "ms", limit: "\(comparison.rawValue) \(limit.compact)")
        guard !holds(value) else { return (measurement, nil) }
        return (
            measurement,
            .error(
                "\(subject) \(statistic) is \(value.compact(places: places)) ms; the threshold is '\(self)'",
                at: location)
        )
    }
}
