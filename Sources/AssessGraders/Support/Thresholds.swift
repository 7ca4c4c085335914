import AssessCore
import AssessFormats
import Foundation

/// k6 threshold expressions from a string or a list of them, each located when it is wrong.
func readThresholds(_ node: YAMLNode, key: String, log: DiagnosticLog) -> [Threshold] {
    let items = node.sequence ?? [node]
    var thresholds: [Threshold] = []
    for item in items {
        guard let text = item.string else {
            log.error(at: item.location, "expected a threshold such as 'p(95)<100' in '\(key)', found \(item.found)")
            continue
        }
        do {
            thresholds.append(try Threshold(parsing: text))
        } catch {
            log.error(at: item.location, error.description)
        }
    }
    return thresholds
}

/// Reads `{ name: ["p(95)<100"], … }` into named threshold lists, in the order written.
func readThresholdMap(_ key: String, from reader: MappingReader) -> [(String, [Threshold], SourceLocation)]? {
    guard let node = reader.node(key) else { return nil }
    guard let pairs = node.mapping else {
        reader.log.error(
            at: node.location, "expected a mapping of names to thresholds for '\(key)', found \(node.found)")
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
        var thresholds: [Threshold] = []
        for item in list.sequence ?? [list] {
            guard let text = item.string else {
                reader.log.error(at: item.location, "'\(key)' lists thresholds as text, such as \"p(95)<500\"")
                continue
            }
            do throws(ThresholdSyntaxError) {
                let threshold = try Threshold(parsing: text)
                if threshold.statistic.percentile == nil, ![.avg, .min, .max].contains(threshold.statistic) {
                    reader.log.error(at: item.location, "'\(key)' uses p(N), avg, med, min or max; found '\(text)'")
                }
                thresholds.append(threshold)
            } catch {
                reader.log.error(at: item.location, error.description)
            }
        }
        return thresholds
    }
}

extension Threshold {
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
