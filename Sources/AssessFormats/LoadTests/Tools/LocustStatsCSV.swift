/// Locust's `PREFIX_stats.csv` (`locust --csv=PREFIX`): one row per request type and name,
/// then an `Aggregated` row with an empty `Type`.
///
/// Columns (Locust 1.x – 2.x): `Type, Name, Request Count, Failure Count, Median Response Time,
/// Average Response Time, Min Response Time, Max Response Time, Average Content Size,
/// Requests/s, Failures/s, 50%, 66%, …, 100%`; Locust 0.x wrote `Method`, `# requests`,
/// `# failures`, `Requests Failed/s` and a `None,Total` last row. Columns are found by name.
/// Times are in ms. Locust's percentiles come from response times rounded into buckets (kept to
/// the ms below 100 ms, to two significant digits above), so `p(95)` near a 100 ms limit is
/// approximate — as the tool itself reports it.
///
/// Mapping: the Aggregated row → `http_reqs` (`rate` = Requests/s), `http_req_failed`,
/// `http_req_duration` (`med`, `avg`, `min`, `max`, `p(50)`…`p(100)`), `data_received`
/// (average content size × requests); other rows → endpoints by name. The file holds no
/// duration; it is taken as requests ÷ Requests/s.
public enum LocustStatsCSV: LoadTestFormat {
    public static let name = "Locust --csv stats"

    public static func recognizes(head: String, fileName: String) -> Bool {
        guard let table = headerTable(head) else { return false }
        return table.index("Name") != nil && table.index("Request Count", "# requests") != nil
            && table.index("Timestamp") == nil
    }

    /// The first line's columns. The line is cut at the first `\n` byte: Locust writes its
    /// failures and exceptions files with `\r\n`, which Swift reads as one `Character`.
    static func headerTable(_ head: String) -> CSVTable? {
        var first = head[..<(head.utf8.firstIndex(of: UInt8(ascii: "\n")) ?? head.endIndex)]
        if first.utf8.last == UInt8(ascii: "\r") { first = first.dropLast() }
        return CSVTable(headerLine: first)
    }

    public static func read(_ source: LoadTestSource, options: LoadTestReadOptions) throws(LoadTestReadError)
        -> LoadTestRun
    {
        let text = source.text()
        let lines = ToolOutputText.lines(text)
        guard let headerLine = lines.first, let table = CSVTable(headerLine: headerLine.text),
            let nameColumn = table.index("Name"), table.index("Request Count", "# requests") != nil
        else {
            throw LoadTestReadError(file: source.file, "expected Locust's stats header (Type,Name,Request Count,…)")
        }
        let columns = LocustColumns(table)
        var recorder = LoadTestRecorder(file: source.file, tool: .locust, options: options)
        var aggregated: LocustRowFigures?
        var endpointTotals = LocustRowFigures(requests: 0, failures: 0, rate: nil, latency: [:], contentSize: nil)
        var endpointCount = 0
        for (index, (number, line)) in lines.dropFirst().enumerated() {
            if line.isEmpty { continue }
            let isLast = index == lines.count - 2
            guard let fields = table.fields(line), fields.count == table.header.count else {
                if isLast, ToolOutputText.endsMidLine(text) {
                    recorder.markTruncated()
                } else {
                    recorder.problem(line: number, "expected \(table.header.count) columns as in the header")
                }
                continue
            }
            let row = CSVRow(fields: fields, line: line, number: number, separator: ",")
            guard let figures = columns.figures(row, into: &recorder) else { continue }
            let type = row.text(columns.type) ?? ""
            let name = fields[nameColumn]
            if (type.isEmpty || type == "None") && (name == "Aggregated" || name == "Total") {
                aggregated = figures
                continue
            }
            let key = endpointKey(name: name, type: type, existing: recorder.run.endpoints)
            recorder.setEndpoint(key, figures.endpoint)
            endpointTotals.requests += figures.requests
            endpointTotals.failures += figures.failures
            endpointCount += 1
        }
        guard let totals = aggregated ?? (endpointCount > 0 ? endpointTotals : nil) else {
            throw LoadTestReadError(file: source.file, line: 2, "the stats file has no request rows")
        }
        if aggregated == nil { recorder.markTruncated() }
        totals.record(into: &recorder)
        return recorder.finish()
    }

    /// A request name, or `TYPE name` when two types share one name.
    static func endpointKey(name: String, type: String, existing: [String: EndpointStats]) -> String {
        existing[name] == nil || type.isEmpty ? name : "\(type) \(name)"
    }
}

/// Where Locust's columns are, across its versions.
struct LocustColumns {
    let type: Int?
    let requests: Int?
    let failures: Int?
    let median: Int?
    let average: Int?
    let min: Int?
    let max: Int?
    let contentSize: Int?
    let rate: Int?
    /// `(percent, column)` for each `NN%` column.
    let percentiles: [(Double, Int)]

    init(_ table: CSVTable, totalPrefix: String = "") {
        type = table.index("Type", "Method")
        requests = table.index(totalPrefix + "Request Count", "# requests")
        failures = table.index(totalPrefix + "Failure Count", "# failures")
        median = table.index(totalPrefix + "Median Response Time", "Median response time")
        average = table.index(totalPrefix + "Average Response Time", "Average response time")
        min = table.index(totalPrefix + "Min Response Time", "Min response time")
        max = table.index(totalPrefix + "Max Response Time", "Max response time")
        contentSize = table.index(totalPrefix + "Average Content Size")
        rate = table.index("Requests/s")
        percentiles = table.header.enumerated().compactMap { index, name in
            guard name.hasSuffix("%"), let percent = Double(name.dropLast()) else { return nil }
            return (percent, index)
        }
    }

    /// The figures of one row, or nil (with a problem noted) when its counts are unreadable.
    func figures(_ row: CSVRow, into recorder: inout LoadTestRecorder, withPercentiles: Bool = true)
        -> LocustRowFigures?
    {
        guard let requests = row.number(requests, into: &recorder, what: "the request count") else {
            if self.requests.map({ $0 >= row.fields.count }) ?? true {
                recorder.problem(line: row.number, "the row has no request count")
            } else if row.text(self.requests)?.isEmpty ?? true {
                recorder.problem(line: row.number, "the request count is empty")
            }
            return nil
        }
        var latency: [String: Double] = [:]
        latency["med"] = row.number(median, into: &recorder, what: "the median response time")
        latency["avg"] = row.number(average, into: &recorder, what: "the average response time")
        latency["min"] = row.number(min, into: &recorder, what: "the min response time")
        latency["max"] = row.number(max, into: &recorder, what: "the max response time")
        if withPercentiles {
            for (percent, column) in percentiles {
                latency[ToolOutputText.percentileKey(percent)] = row.number(
                    column, into: &recorder, what: "the \(percent)% response time")
            }
        }
        return LocustRowFigures(
            requests: requests, failures: row.number(failures, into: &recorder, what: "the failure count") ?? 0,
            rate: row.number(rate, into: &recorder, what: "Requests/s"), latency: latency,
            contentSize: row.number(contentSize, into: &recorder, what: "the average content size"))
    }
}

/// One Locust row's figures.
struct LocustRowFigures {
    var requests: Double
    var failures: Double
    var rate: Double?
    var latency: [String: Double]
    var contentSize: Double?

    var endpoint: EndpointStats {
        var endpoint = EndpointStats()
        endpoint.requests = requests
        endpoint.failures = failures
        if requests > 0 { endpoint.latency = LoadMetric.reportedTrend(latency, count: requests) }
        return endpoint
    }

    /// Sets the run's totals from these figures.
    func record(into recorder: inout LoadTestRecorder, duration: Double? = nil) {
        var reqs = LoadMetric(.counter, reported: rate.map { ["rate": $0] } ?? [:])
        reqs.count = requests
        recorder.setMetric("http_reqs", reqs)
        var failed = LoadMetric(.rate)
        failed.count = requests
        failed.nonZero = failures
        recorder.setMetric("http_req_failed", failed)
        if requests > 0, !latency.isEmpty {
            var reported = latency
            reported["count"] = requests
            recorder.setMetric("http_req_duration", LoadMetric.reportedTrend(reported, count: requests))
        }
        if let contentSize {
            var received = LoadMetric(.counter)
            received.count = contentSize * requests
            recorder.setMetric("data_received", received)
        }
        if let duration {
            recorder.setDuration(duration)
        } else if let rate, rate > 0 {
            recorder.setDuration(requests / rate)
        }
    }
}
