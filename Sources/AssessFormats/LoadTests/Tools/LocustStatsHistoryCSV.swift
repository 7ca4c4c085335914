import AssessYAML
/// Locust's `PREFIX_stats_history.csv`: a row about every second while the test runs, the
/// `Aggregated` row always and one row per request name with `--csv-full-history`.
///
/// Columns: `Timestamp` (epoch **seconds**), `User Count`, `Type`, `Name`, `Requests/s`,
/// `Failures/s`, `50%` … `100%`, `Total Request Count`, `Total Failure Count`, `Total Median
/// Response Time`, `Total Average Response Time`, `Total Min Response Time`, `Total Max
/// Response Time`, `Total Average Content Size`; `N/A` where there is no data yet.
/// `Requests/s` describes a recent window, the `Total …` columns the run so far. The percentile
/// columns describe the run so far too, unless the file is a full history (`--csv-full-history`,
/// recognised by its named rows), where they cover the last ten seconds (Locust's
/// `_percentile_fields(…, use_current=full_history)` in `stats.py`).
///
/// Mapping: the last Aggregated row → `http_reqs` (count; `rate` = count ÷ duration),
/// `http_req_failed`, `http_req_duration` (`med`, `avg`, `min`, `max` of the whole run, and
/// `p(50)` … `p(100)` from its percentile columns when they cover the whole run: not in a full
/// history, whose percentiles are windowed, nor with a warm-up trimmed, since the whole-run
/// percentiles include it; no figure is made up); the span of the timestamps → duration;
/// `User Count` → `vus` (gauge) and concurrency; each Aggregated row → a timeline second with
/// the requests and failures since the row before and, in a full history, the window's `95%`
/// as `reportedP95` (elsewhere that column is the run-so-far p95, which says little of the
/// second: a late spike is diluted by all before it, so it is not charted or judged per second);
/// named rows (full history) → endpoints from their last row. A warm-up trims the counts and
/// the timeline; the latency figures stay whole-run ones, as the file gives no other.
public enum LocustStatsHistoryCSV: LoadTestFormat {
    public static let name = "Locust --csv stats history"

    public static func recognizes(head: String, fileName: String) -> Bool {
        guard let table = LocustStatsCSV.headerTable(head) else { return false }
        return table.index("Timestamp") != nil && table.index("User Count") != nil && table.index("Name") != nil
    }

    public static func read(_ source: LoadTestSource, options: LoadTestReadOptions) throws(LoadTestReadError)
        -> LoadTestRun
    {
        let text = source.text()
        let lines = ToolOutputText.lines(text)
        guard let headerLine = lines.first, let table = CSVTable(headerLine: headerLine.text),
            let timestampColumn = table.index("Timestamp"), let nameColumn = table.index("Name")
        else {
            throw LoadTestReadError(
                file: source.file, "expected Locust's stats history header (Timestamp,User Count,…)")
        }
        let totals = LocustColumns(table, totalPrefix: "Total ")
        let usersColumn = table.index("User Count")
        let p95Column = table.index("95%")
        var recorder = LoadTestRecorder(file: source.file, tool: .locust, options: options)
        var start: Double?
        var baseline: (requests: Double, failures: Double) = (0, 0)
        var previous: (requests: Double, failures: Double) = (0, 0)
        var last: (time: Double, figures: LocustRowFigures)?
        var timeline: [TimelineSecond] = []
        var vus = LoadMetric(.gauge)
        var named = false
        var lastPercentiles: [String: Double] = [:]
        var windowP95: [(second: Int, value: Double)] = []
        let percentileColumns = LocustColumns(table).percentiles
        for (index, (number, line)) in lines.dropFirst().enumerated() {
            if line.isEmpty { continue }
            guard let fields = table.fields(line), fields.count == table.header.count else {
                if index == lines.count - 2, ToolOutputText.endsMidLine(text) {
                    recorder.markTruncated()
                } else {
                    recorder.problem(line: number, "expected \(table.header.count) columns as in the header")
                }
                continue
            }
            let row = CSVRow(fields: fields, line: line, number: number, separator: ",")
            guard let time = row.number(timestampColumn, into: &recorder, what: "the timestamp"),
                let figures = totals.figures(row, into: &recorder, withPercentiles: false)
            else { continue }
            let type = row.text(totals.type) ?? ""
            let name = fields[nameColumn]
            guard (type.isEmpty || type == "None") && (name == "Aggregated" || name == "Total") else {
                let key = LocustStatsCSV.endpointKey(name: name, type: type, existing: [:])
                recorder.setEndpoint(key, figures.endpoint)
                named = true
                continue
            }
            let first = start ?? time
            start = first
            if let users = row.number(usersColumn, into: &recorder, what: "the user count") {
                vus.add(users)
                recorder.setConcurrency(users)
            }
            let elapsed = time - first
            if options.inWarmUp(elapsed) {
                baseline = (figures.requests, figures.failures)
                previous = baseline
                continue
            }
            let second = Int(saturating: (elapsed - options.warmUp).rounded(.down))
            if second >= 0, second < 86_400 * 7 {
                while timeline.count <= second { timeline.append(TimelineSecond(second: timeline.count)) }
                timeline[second].requests += max(0, figures.requests - previous.requests)
                timeline[second].failures += max(0, figures.failures - previous.failures)
                // Locust writes 0 (or N/A) for a window without responses: not a latency.
                if let p95 = row.number(p95Column, into: &recorder, what: "the 95% response time"), p95 > 0 {
                    windowP95.append((second, p95))
                }
            }
            previous = (figures.requests, figures.failures)
            last = (time, figures)
            lastPercentiles = [:]
            for (percent, column) in percentileColumns {
                if let value = row.number(column, into: &recorder, what: "the \(percent)% response time") {
                    lastPercentiles[ToolOutputText.percentileKey(percent)] = value
                }
            }
        }
        guard let start, let last else {
            throw LoadTestReadError(file: source.file, line: 2, "the history has no Aggregated rows")
        }
        var figures = last.figures
        figures.requests -= baseline.requests
        figures.failures -= baseline.failures
        let duration = last.time - start - options.warmUp
        figures.rate = duration > 0 ? figures.requests / duration : nil
        if named {
            for (second, value) in windowP95 { timeline[second].reportedP95 = value }
        }
        if !named, options.warmUp == 0, figures.requests > 0 {
            figures.latency.merge(lastPercentiles) { own, _ in own }
        }
        figures.record(into: &recorder, duration: duration)
        recorder.setStart(start + options.warmUp)
        recorder.setTimeline(timeline)
        if vus.count > 0 { recorder.setMetric("vus", vus) }
        return recorder.finish()
    }
}
