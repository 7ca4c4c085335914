/// vegeta's per-request results after `vegeta encode` (the attack itself writes binary gob,
/// which is not read): CSV without a header, or JSON lines.
///
/// CSV columns: timestamp (ns since the epoch), status code, latency (ns), bytes out, bytes in,
/// error, base64 body, attack name, sequence, method, URL, base64 headers (older vegeta wrote
/// only the first six or seven). JSON lines: `{attack, seq, code, timestamp (RFC 3339),
/// latency (ns), bytes_out, bytes_in, error, body, method, url, headers}`.
///
/// Mapping: each result → `http_reqs`, `http_req_duration` (ms) and `http_req_failed`; a result
/// failed when it has an error or a status outside [200, 400) — vegeta's own success rule, so
/// code `0` (never sent) is a failure; URLs → endpoints; status codes and errors with counts;
/// `bytes_in` → `data_received`; first start to last end → duration.
struct VegetaResultsReader {
    var recorder: LoadTestRecorder
    let options: LoadTestReadOptions
    var firstStart: Double?
    var lastEnd: Double?
    var bytesIn = 0.0
    var results = 0

    init(file: String, options: LoadTestReadOptions) {
        recorder = LoadTestRecorder(file: file, tool: .vegeta, options: options)
        self.options = options
    }

    mutating func result(
        start: Double, code: Int, latencyNanoseconds: Int64, bytesIn: Double?, error: String, url: String?
    ) {
        let latency = Double(latencyNanoseconds) / 1_000_000
        let failed = !error.isEmpty || code < 200 || code >= 400
        firstStart = min(firstStart ?? start, start)
        lastEnd = max(lastEnd ?? start, start + latency / 1000)
        self.bytesIn += bytesIn ?? 0
        results += 1
        recorder.request(
            time: start, latency: latency, failed: failed, status: String(code),
            name: url.flatMap { $0.isEmpty ? nil : $0 }, error: error)
    }

    func finish(file: String) throws(LoadTestReadError) -> LoadTestRun {
        guard results > 0 || !recorder.run.problems.isEmpty || recorder.run.truncated else {
            throw LoadTestReadError(file: file, "no vegeta results in the file")
        }
        var recorder = recorder
        if let firstStart, let lastEnd { recorder.setDuration(lastEnd - firstStart - options.warmUp) }
        var received = LoadMetric(.counter)
        received.count = bytesIn
        recorder.setMetric("data_received", received)
        return recorder.finish()
    }
}
