/// The percentile table `ab -e FILE` writes: `Percentage served,Time in ms`, then one row per
/// percent from 0 to 100 with the time (ms, three decimals) under which that share of
/// requests was served.
///
/// Mapping: each row → `http_req_duration`'s reported `p(N)`; `p(0)` is also `min`, `p(100)`
/// `max` and `p(50)` `med`. The file holds nothing else: no count, rate or failures.
public enum ApacheBenchPercentilesCSV: LoadTestFormat {
    public static let name = "ApacheBench -e (percentiles CSV)"

    public static func recognizes(head: String, fileName: String) -> Bool {
        head.hasPrefix("Percentage served,Time in ms")
    }

    public static func read(_ source: LoadTestSource, options: LoadTestReadOptions) throws(LoadTestReadError)
        -> LoadTestRun
    {
        let text = source.text()
        var recorder = LoadTestRecorder(file: source.file, tool: .ab, options: options)
        var reported: [String: Double] = [:]
        var highest = -1.0
        let lines = ToolOutputText.lines(text)
        for (number, line) in lines.dropFirst() where !line.isEmpty {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            guard fields.count == 2, let percent = Double(fields[0]), let milliseconds = Double(fields[1]) else {
                if number == lines.last?.number, ToolOutputText.endsMidLine(text) {
                    recorder.markTruncated()
                } else {
                    recorder.problem(line: number, "expected 'percent,milliseconds', found '\(line)'")
                }
                continue
            }
            reported[ToolOutputText.percentileKey(percent)] = milliseconds
            highest = max(highest, percent)
        }
        guard !reported.isEmpty else {
            throw LoadTestReadError(file: source.file, line: 2, "the file has no percentile rows")
        }
        if highest < 100 { recorder.markTruncated() }
        reported["min"] = reported["p(0)"]
        reported["max"] = reported["p(100)"]
        reported["med"] = reported["p(50)"]
        recorder.setMetric("http_req_duration", LoadMetric.reportedTrend(reported))
        return recorder.finish()
    }
}
