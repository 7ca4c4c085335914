/// `hey -o csv`: one row per response, **times in seconds** with four decimals:
/// `response-time,DNS+dialup,DNS,Request-write,Response-delay,Response-read,status-code,offset`
/// (older hey wrote only the first six columns). `offset` is when the request started, in
/// seconds from the start of the run. Requests that failed without a response are not written.
///
/// Mapping: each row → `http_reqs`, `http_req_duration` (`response-time`, ms) and
/// `http_req_failed` (a status of 400 or more, or under 200) at second `offset`; status codes
/// with counts; the last `offset + response-time` → duration.
public enum HeyCSV: LoadTestFormat {
    public static let name = "hey -o csv"

    public static func recognizes(head: String, fileName: String) -> Bool {
        head.hasPrefix("response-time,DNS+dialup,DNS,Request-write,Response-delay,Response-read")
    }

    public static func read(_ source: LoadTestSource, options: LoadTestReadOptions) throws(LoadTestReadError)
        -> LoadTestRun
    {
        var recorder = LoadTestRecorder(file: source.file, tool: .hey, options: options)
        var table: CSVTable?
        var columns: (time: Int, status: Int?, offset: Int?) = (0, nil, nil)
        var lastEnd: Double?
        source.forEachLine { buffer, lineNumber, cut in
            let line = Substring(ToolOutputText.string(buffer))
            guard let header = table else {
                table = CSVTable(headerLine: line)
                if let found = table {
                    columns = (found.index("response-time") ?? 0, found.index("status-code"), found.index("offset"))
                    if columns.offset != nil { recorder.setOrigin(0) }
                }
                return table != nil
            }
            if line.isEmpty { return true }
            if cut {
                // hey ends every row with a newline: a last row without one was cut short.
                recorder.markTruncated()
                return false
            }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            guard fields.count == header.header.count else {
                recorder.problem(line: lineNumber, "expected \(header.header.count) columns as in the header")
                return true
            }
            func number(_ index: Int, _ what: String) -> Double? {
                if let value = Double(fields[index]) { return value }
                recorder.problem(
                    line: lineNumber, column: ToolOutputText.column(ofField: index, in: line),
                    "\(what) should be a number, found '\(fields[index])'")
                return nil
            }
            guard let seconds = number(columns.time, "response-time") else { return true }
            var code: Int?
            if let index = columns.status {
                guard let value = number(index, "status-code") else { return true }
                code = Int(value)
            }
            var offset: Double?
            if let index = columns.offset {
                guard let value = number(index, "offset") else { return true }
                offset = value
            }
            if let offset { lastEnd = max(lastEnd ?? 0, offset + seconds) }
            recorder.request(
                time: offset, latency: ToolOutputText.milliseconds(fromSeconds: seconds),
                failed: code.map { $0 >= 400 || $0 < 200 } ?? false,
                status: code.map(String.init))
            return true
        }
        guard table != nil else {
            throw LoadTestReadError(file: source.file, "expected hey's CSV header (response-time,DNS+dialup,…)")
        }
        if let lastEnd { recorder.setDuration(lastEnd - options.warmUp) }
        var run = recorder.finish()
        if columns.status == nil { run.metrics["http_req_failed"] = nil }
        return run
    }
}
