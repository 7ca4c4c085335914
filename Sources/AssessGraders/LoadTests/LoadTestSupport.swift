import AssessCore
import AssessFormats
import Foundation

/// One threshold the rubric sets on one metric, where the rubric wrote it.
struct MetricThreshold: Sendable, Hashable {
    var selector: MetricSelector
    var threshold: Threshold
    var location: SourceLocation?

    var label: String { "\(selector) \(threshold.statistic)" }
    var limit: String { "\(threshold.comparison.rawValue) \(threshold.limit.compact)" }

    /// The unit k6 gives the metric: time trends in ms, rates as a fraction, counters as counts.
    var unit: String? {
        switch threshold.statistic {
        case .rate: return selector.name.hasSuffix("_failed") || selector.name == "checks" ? "ratio" : "/s"
        case .count: return nil
        default:
            return selector.name.contains("duration") || selector.name.hasPrefix("http_req_")
                || selector.name.hasSuffix("_latency") ? "ms" : nil
        }
    }

    /// A figure as a person reads it: `87.5 ms`, `0.012 (1.2 %)`, `120 /s`.
    func display(_ value: Double) -> String {
        switch unit {
        case "ratio": return "\(value.compact(places: 4)) (\((value * 100).compact(places: 2)) %)"
        case let unit?: return "\(value.compact(places: 2)) \(unit)"
        case nil: return value.compact(places: 2)
        }
    }

    /// Reads `{ metric: [threshold, …] }` as k6's `options.thresholds` writes it: the one
    /// threshold map, each name read as a metric selector (`http_req_duration{name:/orders}`).
    static func read(_ key: String, from reader: MappingReader, required: Bool) -> [MetricThreshold]? {
        guard let map = readThresholdMap(key, from: reader, required: required) else { return nil }
        var result: [MetricThreshold] = []
        for (name, thresholds, location) in map {
            do {
                let selector = try MetricSelector(parsing: name)
                result += thresholds.map {
                    MetricThreshold(selector: selector, threshold: $0.threshold, location: $0.location)
                }
            } catch {
                reader.log.error(at: location, error.description)
            }
        }
        return result
    }
}

/// Options every load-test grader shares: a warm-up to trim.
enum DurationText {
    /// `90`, `90s`, `5m`, `1h`, `250ms` as seconds.
    static func seconds(_ node: YAMLNode) -> Double? {
        if let value = node.double { return value }
        guard let text = node.string?.trimmingCharacters(in: .whitespaces) else { return nil }
        for (suffix, scale) in [("ms", 0.001), ("s", 1.0), ("m", 60.0), ("h", 3600.0)] where text.hasSuffix(suffix) {
            if let value = Double(text.dropLast(suffix.count)) { return value * scale }
        }
        return nil
    }

    static func read(_ key: String, from reader: MappingReader) -> Double? {
        guard let node = reader.node(key) else { return nil }
        guard let value = seconds(node), value >= 0 else {
            reader.log.error(
                at: node.location,
                "expected a duration such as '30s', '5m' or a number of seconds for '\(key)', found '\(node.string ?? "")'"
            )
            return nil
        }
        return value
    }
}

extension LoadTestRun {
    /// Per-second throughput and p95, for the reports that draw them.
    var charts: [Chart] {
        guard timeline.count > 1 else { return [] }
        let throughput = Chart(
            kind: .series, title: "Throughput per second (\(file))", unit: "req/s",
            points: timeline.map { Chart.Point("\($0.second)s", $0.requests) })
        let latency = Chart(
            kind: .series, title: "p95 latency per second (\(file))", unit: "ms",
            points: timeline.compactMap { second in second.p95.map { Chart.Point("\(second.second)s", $0) } })
        return latency.points?.isEmpty == false ? [throughput, latency] : [throughput]
    }
}

extension Outcome {
    func with(charts: [Chart]) -> Outcome {
        var copy = self
        copy.charts = charts
        return copy
    }
}
