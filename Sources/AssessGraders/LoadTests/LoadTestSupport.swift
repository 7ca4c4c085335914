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

    /// Reads `{ metric: [threshold, …] }` as k6's `options.thresholds` writes it.
    static func read(_ key: String, from reader: MappingReader, required: Bool) -> [MetricThreshold]? {
        guard let node = required ? reader.require(key) : reader.node(key) else { return nil }
        guard let pairs = node.mapping else {
            reader.log.error(
                at: node.location,
                "expected '\(key)' as k6 writes thresholds: a mapping of metric to a list, e.g. { http_req_duration: [\"p(95)<100\"] }"
            )
            return nil
        }
        var result: [MetricThreshold] = []
        for pair in pairs {
            guard let name = pair.key.string else { continue }
            let selector: MetricSelector
            do {
                selector = try MetricSelector(parsing: name)
            } catch {
                reader.log.error(at: pair.key.location, error.description)
                continue
            }
            let items = pair.value.sequence ?? [pair.value]
            for item in items {
                let text = item.string ?? item["threshold"]?.string
                guard let text else {
                    reader.log.error(at: item.location, "expected a threshold such as 'p(95)<100' for '\(name)'")
                    continue
                }
                do {
                    result.append(
                        MetricThreshold(
                            selector: selector, threshold: try Threshold(parsing: text), location: item.location))
                } catch {
                    reader.log.error(at: item.location, error.description)
                }
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

extension GradingJob {
    /// Every input file read as a load-test run (streamed from disk), the files one tool wrote
    /// for one run (Locust's `--csv` files, a Gatling report folder, a JTL with its dashboard)
    /// read as that one run; a file that cannot be read becomes a finding with its place, and
    /// the others are still read.
    func loadTestRuns(_ options: LoadTestReadOptions) -> (runs: [LoadTestRun], findings: [Finding]) {
        var runs: [LoadTestRun] = []
        var findings: [Finding] = []
        let byPath = Dictionary(files.map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a })
        for set in LoadTestFileSet.group(files.map(\.path)) {
            do throws(LoadTestReadError) {
                let run = try set.read(options: options) { path throws(LoadTestReadError) in
                    do {
                        return LoadTestSource(file: path, blocks: try submission.open(byPath[path]!))
                    } catch {
                        throw LoadTestReadError(file: path, "\(error)")
                    }
                }
                runs.append(run)
                findings += run.findings
            } catch {
                findings.append(.error(error.message, at: error.location))
            }
        }
        return (runs, findings)
    }
}

extension LoadTestRun {
    /// The reader's notes as findings: skipped records and a cut-short file.
    var findings: [Finding] {
        var findings = problems.prefix(5).map {
            Finding(
                .warning, "skipped a malformed record: \($0.message)",
                at: SourceLocation(file: $0.file ?? file, line: $0.line, column: $0.column))
        }
        if problems.count > 5 {
            findings.append(Finding(.warning, "\(problems.count - 5) more malformed records skipped in \(file)"))
        }
        if truncated {
            findings.append(
                Finding(
                    .warning, "\(file) ends mid-record (cut short?); its complete records were read",
                    at: SourceLocation(file: file, line: 1, column: 1)))
        }
        return findings
    }

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
