/// The per-request file `ab -g FILE` writes: a header `starttime seconds ctime dtime ttime
/// wait`, then one TAB-separated row per request with its start as a `ctime(3)` string and as
/// epoch seconds, and its connect, processing, total and waiting times in whole ms.
///
/// ab writes the rows sorted by total time, not by start, so the run's start is found in a
/// first pass before the rows are recorded. The file does not say whether a request failed, so
/// the run has no `http_req_failed`; the text report (`ab` without `-g`) has the failures.
///
/// Mapping: each row → `http_reqs` and `http_req_duration` (`ttime`, ms) at second `seconds`;
/// the span from the first start to the last end → duration.
public enum ApacheBenchGnuplotTSV: LoadTestFormat {
    public static let name = "ApacheBench -g (gnuplot TSV)"

    public static func recognizes(head: String, fileName: String) -> Bool {
        head.hasPrefix("starttime\tseconds\tctime\tdtime\tttime\twait")
    }

    public static func read(_ source: LoadTestSource, options: LoadTestReadOptions) throws(LoadTestReadError)
        -> LoadTestRun
    {
        var origin: Double?
        source.forEachLine { buffer, number, cut in
            guard number > 1, !cut else { return true }
            let fields = ToolOutputText.string(buffer).split(separator: "\t", omittingEmptySubsequences: false)
            if fields.count == 6, let seconds = Double(fields[1]) { origin = min(origin ?? seconds, seconds) }
            return true
        }
        var recorder = LoadTestRecorder(file: source.file, tool: .ab, options: options)
        if let origin { recorder.setOrigin(origin) }
        var lastEnd: Double?
        var rows = 0
        var sawHeader = false
        source.forEachLine { buffer, number, cut in
            let line = ToolOutputText.string(buffer)
            if number == 1 {
                sawHeader = line.hasPrefix("starttime\tseconds")
                return sawHeader
            }
            if line.isEmpty { return true }
            if cut {
                // ab ends every row with a newline: a last row without one was cut short.
                recorder.markTruncated()
                return false
            }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count == 6 else {
                recorder.problem(line: number, "expected 6 TAB-separated fields, found \(fields.count)")
                return true
            }
            guard let seconds = Double(fields[1]) else {
                recorder.problem(
                    line: number, column: fields[0].utf8.count + 2,
                    "expected the start in epoch seconds, found '\(fields[1])'")
                return true
            }
            guard let total = Double(fields[4]) else {
                let column = fields[..<4].reduce(1) { $0 + $1.utf8.count + 1 }
                recorder.problem(line: number, column: column, "expected the total time in ms, found '\(fields[4])'")
                return true
            }
            rows += 1
            lastEnd = max(lastEnd ?? 0, seconds + total / 1000)
            recorder.request(time: seconds, latency: total, failed: false)
            return true
        }
        guard sawHeader else {
            throw LoadTestReadError(
                file: source.file, "expected the ab -g header 'starttime\tseconds\tctime\tdtime\tttime\twait'")
        }
        guard rows > 0 || !recorder.run.problems.isEmpty || recorder.run.truncated else {
            throw LoadTestReadError(file: source.file, line: 2, "the file has no request rows")
        }
        if let origin, let lastEnd {
            // `seconds` is whole seconds: the span is known to the second.
            recorder.setDuration(max(1, lastEnd - origin - options.warmUp))
        }
        var run = recorder.finish()
        run.metrics["http_req_failed"] = nil
        return run
    }
}
