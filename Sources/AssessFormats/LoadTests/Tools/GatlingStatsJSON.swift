import AssessYAML

/// The JSON statistics of Gatling's HTML report (Gatling ≤ 3.13.4): `js/stats.json`, a tree of
/// GROUP and REQUEST nodes (`type`, `name`, `path`, `stats`, `contents`), or
/// `js/global_stats.json`, the root `stats` object alone.
///
/// A `stats` object holds `{total, ok, ko}` triples: `numberOfRequests`, `minResponseTime`,
/// `maxResponseTime`, `meanResponseTime`, `standardDeviation`, `percentiles1`…`percentiles4`
/// and `meanNumberOfRequestsPerSecond` (times in ms). The file does not say which percentile
/// `percentilesN` is: Gatling's defaults (`charting.indicators` in `gatling-defaults.conf`) are
/// 50, 75, 95 and 99, and they are read as `p(50)`, `p(75)`, `p(95)` and `p(99)`. A report made
/// with other indicators is misread; there is no way to tell from the JSON.
///
/// Mapping: `numberOfRequests.total` → `http_reqs` (`rate` = `meanNumberOfRequestsPerSecond`),
/// `.ko` → failures of `http_req_failed`, the `total` column → `http_req_duration`'s reported
/// `min`, `max`, `avg`, `p(…)`; REQUEST nodes → endpoints by path. Values may be numbers (the
/// JSON files) or strings with `-` for none (as `stats.js` writes them). The duration is not in
/// the file; it is taken as requests ÷ mean requests per second.
public enum GatlingStatsJSON: LoadTestFormat {
    public static let name = "Gatling report js/stats.json"

    /// The percentiles behind `percentiles1` … `percentiles4` with Gatling's default indicators.
    static let defaultPercentiles: [Double] = [50, 75, 95, 99]

    public static func recognizes(head: String, fileName: String) -> Bool {
        let start = head.drop { $0 == " " || $0 == "\n" || $0 == "\r" || $0 == "\t" || $0 == "\u{FEFF}" }
        return start.hasPrefix("{") && head.contains("\"numberOfRequests\"")
            && (head.contains("\"percentiles1\"") || head.contains("\"meanNumberOfRequestsPerSecond\""))
    }

    public static func read(_ source: LoadTestSource, options: LoadTestReadOptions) throws(LoadTestReadError)
        -> LoadTestRun
    {
        let text = source.text()
        let root: YAMLNode
        do {
            root = try JSONReader().parse(text, file: source.file)
        } catch {
            let first = error.diagnostics.first
            throw LoadTestReadError(
                file: source.file, line: first?.location?.line ?? 1, column: first?.location?.column ?? 1,
                "not valid JSON: \(first?.message ?? "unreadable")")
        }
        var recorder = LoadTestRecorder(file: source.file, tool: .gatling, options: options)
        let globalStats: YAMLNode
        if let stats = root["stats"], stats.mapping != nil {
            globalStats = stats
            collectRequests(in: root, into: &recorder)
        } else if root["numberOfRequests"] != nil {
            globalStats = root
        } else {
            throw LoadTestReadError(
                file: source.file, line: root.location.line, column: root.location.column,
                "expected Gatling statistics: a 'stats' object (stats.json) or 'numberOfRequests' (global_stats.json)")
        }
        guard let total = value(globalStats, "numberOfRequests", "total", recorder: &recorder) else {
            throw LoadTestReadError(
                file: source.file, line: globalStats.location.line, column: globalStats.location.column,
                "the statistics have no numberOfRequests.total")
        }
        let failures = value(globalStats, "numberOfRequests", "ko", recorder: &recorder) ?? 0
        let rate = value(globalStats, "meanNumberOfRequestsPerSecond", "total", recorder: &recorder)
        var requests = LoadMetric(.counter, reported: rate.map { ["rate": $0] } ?? [:])
        requests.count = total
        recorder.setMetric("http_reqs", requests)
        var failed = LoadMetric(.rate)
        failed.count = total
        failed.nonZero = failures
        recorder.setMetric("http_req_failed", failed)
        if total > 0 {
            recorder.setMetric("http_req_duration", latency(globalStats, count: total, recorder: &recorder))
        }
        if let rate, rate > 0 { recorder.setDuration(total / rate) }
        return recorder.finish()
    }

    /// REQUEST nodes anywhere under `node` become endpoints.
    private static func collectRequests(in node: YAMLNode, into recorder: inout LoadTestRecorder) {
        guard let contents = node["contents"]?.mapping else { return }
        for pair in contents {
            let child = pair.value
            if child["type"]?.string == "REQUEST", let stats = child["stats"] {
                let name = child["path"]?.string.flatMap { $0.isEmpty ? nil : $0 } ?? child["name"]?.string
                guard let name, let count = value(stats, "numberOfRequests", "total", recorder: &recorder) else {
                    continue
                }
                var endpoint = EndpointStats()
                endpoint.requests = count
                endpoint.failures = value(stats, "numberOfRequests", "ko", recorder: &recorder) ?? 0
                if count > 0 { endpoint.latency = latency(stats, count: count, recorder: &recorder) }
                recorder.setEndpoint(name, endpoint)
            }
            collectRequests(in: child, into: &recorder)
        }
    }

    private static func latency(_ stats: YAMLNode, count: Double, recorder: inout LoadTestRecorder) -> LoadMetric {
        var reported: [String: Double] = [:]
        reported["min"] = value(stats, "minResponseTime", "total", recorder: &recorder)
        reported["max"] = value(stats, "maxResponseTime", "total", recorder: &recorder)
        reported["avg"] = value(stats, "meanResponseTime", "total", recorder: &recorder)
        for (index, percentile) in defaultPercentiles.enumerated() {
            reported[ToolOutputText.percentileKey(percentile)] = value(
                stats, "percentiles\(index + 1)", "total", recorder: &recorder)
        }
        reported["med"] = reported["p(50)"]
        reported["count"] = count
        return LoadMetric.reportedTrend(reported, count: count)
    }

    /// `stats[key][column]` as a number; a string number (`"1,234"`) is accepted, `-` is none,
    /// anything else is a problem at its place.
    private static func value(_ stats: YAMLNode, _ key: String, _ column: String, recorder: inout LoadTestRecorder)
        -> Double?
    {
        guard let node = stats[key]?[column] else { return nil }
        if let number = node.double { return number }
        if let text = node.string {
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            if trimmed == "-" || trimmed.isEmpty { return nil }
            if let number = ToolOutputText.number(trimmed) { return number }
        }
        recorder.problem(
            line: node.location.line, column: node.location.column,
            "\(key).\(column) should be a number, found \(node.kindDescription)")
        return nil
    }
}
