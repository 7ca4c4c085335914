import AssessYAML

/// The `statistics.json` of JMeter's HTML dashboard (`jmeter -n -t plan.jmx -l results.jtl -e -o
/// report/`): one object per sampler label plus `Total`, each with `sampleCount`, `errorCount`,
/// `meanResTime`, `medianResTime`, `minResTime`, `maxResTime`, `pct1ResTime` … `pct3ResTime`
/// and `throughput` (requests per second); times in ms.
///
/// The file does not say which percentiles `pct1`…`pct3` are: JMeter's defaults
/// (`aggregate_rpt_pct1..3` in `jmeter.properties`) are 90, 95 and 99, and they are read as
/// `p(90)`, `p(95)` and `p(99)`. A dashboard made with other settings is misread; the JTL it
/// was made from, handed in beside it, gives every percentile from raw samples and is read
/// instead (see `LoadTestFileSet`).
///
/// Mapping: `Total` → `http_reqs` (`rate` = throughput), `http_req_failed` (errorCount of
/// sampleCount), `http_req_duration` (`avg`, `med`, `min`, `max`, `p(90)`, `p(95)`, `p(99)`);
/// other labels → endpoints. The duration is taken as sampleCount ÷ throughput.
public enum JMeterStatisticsJSON: LoadTestFormat {
    public static let name = "JMeter dashboard statistics.json"

    /// The percentiles behind `pct1ResTime` … `pct3ResTime` with JMeter's default properties.
    static let defaultPercentiles: [Double] = [90, 95, 99]

    public static func recognizes(head: String, fileName: String) -> Bool {
        let start = head.drop { $0 == " " || $0 == "\n" || $0 == "\r" || $0 == "\t" || $0 == "\u{FEFF}" }
        return start.hasPrefix("{") && head.contains("\"sampleCount\"") && head.contains("\"pct1ResTime\"")
    }

    public static func read(_ source: LoadTestSource, options: LoadTestReadOptions) throws(LoadTestReadError)
        -> LoadTestRun
    {
        let root: YAMLNode
        do throws(DiagnosticError) {
            root = try JSONReader().parse(source.text(), file: source.file)
        } catch {
            let first = error.diagnostics.first
            throw LoadTestReadError(
                file: source.file, line: first?.location?.line ?? 1, column: first?.location?.column ?? 1,
                "not valid JSON: \(first?.message ?? "unreadable")")
        }
        var recorder = LoadTestRecorder(file: source.file, tool: .jmeter, options: options)
        guard let pairs = root.mapping, let total = root["Total"] else {
            throw LoadTestReadError(
                file: source.file, line: root.location.line, column: root.location.column,
                "expected JMeter's dashboard statistics: an object of sampler labels with a 'Total'")
        }
        for pair in pairs {
            guard let label = pair.key.string, label != "Total",
                let count = number(pair.value, "sampleCount", into: &recorder)
            else { continue }
            var endpoint = EndpointStats()
            endpoint.requests = count
            endpoint.failures = number(pair.value, "errorCount", into: &recorder) ?? 0
            if count > 0 { endpoint.latency = latency(pair.value, count: count, into: &recorder) }
            recorder.setEndpoint(label, endpoint)
        }
        guard let count = number(total, "sampleCount", into: &recorder) else {
            throw LoadTestReadError(
                file: source.file, line: total.location.line, column: total.location.column,
                "'Total' has no sampleCount")
        }
        let throughput = number(total, "throughput", into: &recorder)
        var requests = LoadMetric(.counter, reported: throughput.map { ["rate": $0] } ?? [:])
        requests.count = count
        recorder.setMetric("http_reqs", requests)
        var failed = LoadMetric(.rate)
        failed.count = count
        failed.nonZero = number(total, "errorCount", into: &recorder) ?? 0
        recorder.setMetric("http_req_failed", failed)
        if count > 0 { recorder.setMetric("http_req_duration", latency(total, count: count, into: &recorder)) }
        if let throughput, throughput > 0 { recorder.setDuration(count / throughput) }
        return recorder.finish()
    }

    private static func latency(_ stats: YAMLNode, count: Double, into recorder: inout LoadTestRecorder)
        -> LoadMetric
    {
        var reported: [String: Double] = ["count": count]
        reported["avg"] = number(stats, "meanResTime", into: &recorder)
        reported["med"] = number(stats, "medianResTime", into: &recorder)
        reported["min"] = number(stats, "minResTime", into: &recorder)
        reported["max"] = number(stats, "maxResTime", into: &recorder)
        for (index, percentile) in defaultPercentiles.enumerated() {
            reported[ToolOutputText.percentileKey(percentile)] = number(
                stats, "pct\(index + 1)ResTime", into: &recorder)
        }
        return LoadMetric.reportedTrend(reported, count: count)
    }

    /// `stats[key]` as a number; anything else is a problem at its place.
    private static func number(_ stats: YAMLNode, _ key: String, into recorder: inout LoadTestRecorder) -> Double? {
        guard let node = stats[key] else { return nil }
        if let value = node.double { return value }
        recorder.problem(
            line: node.location.line, column: node.location.column,
            "\(key) should be a number, found \(node.kindDescription)")
        return nil
    }
}
