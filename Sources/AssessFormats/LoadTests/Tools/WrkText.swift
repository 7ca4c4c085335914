/// The text wrk and wrk2 print at the end of a run.
///
/// ```
/// Running 30s test @ http://127.0.0.1:8080/index.html
///   12 threads and 400 connections
///   Thread Stats   Avg      Stdev     Max   +/- Stdev
///     Latency   635.91us    0.89ms  12.92ms   93.69%
///     Req/Sec    56.20k     8.07k   62.00k    86.54%
///   Latency Distribution                 (--latency: 50/75/90/99 %)
///      50%  250.00us
///   22464657 requests in 30.00s, 17.76GB read
///   Socket errors: connect 0, read 0, write 0, timeout 0   (only when any)
///   Non-2xx or 3xx responses: 32                          (only when any)
/// Requests/sec: 748868.53
/// Transfer/sec:    606.33MB
/// ```
/// Units are scaled automatically (`us`/`ms`/`s`, `k`/`M`, `KB`/`MB`/`GB`); `Req/Sec` in the
/// table is per thread and is not used. wrk2 (recognised by its `Thread calibration` lines or
/// its HdrHistogram blocks) prints `Latency Distribution (HdrHistogram - Recorded Latency)`
/// with percentiles to 100 %, then a `Detailed Percentile spectrum` (values in ms) and
/// `#[Mean = …]`, `#[Max = …, Total count = …]` footers. With `--u_latency` an *Uncorrected*
/// block follows; only the first (recorded, corrected for coordinated omission) block is read.
///
/// Mapping: `requests in` → `http_reqs` (`rate` = `Requests/sec`) and duration; the latency row
/// and the percentile lines (and every spectrum row, as `p(…)`) → `http_req_duration` as
/// reported figures (plain wrk has no p95); `read` → `data_received` (bytes); connections →
/// concurrency and `vus`; `Non-2xx or 3xx responses` plus socket errors → failures of
/// `http_req_failed` (at most the request count), and errors by kind. When no latency was
/// recorded (every request timed out: wrk prints 0.00us throughout) no duration figures are
/// set, so a threshold on them is not met by a zero.
public enum WrkText: LoadTestFormat {
    public static let name = "wrk / wrk2 text output"

    public static func recognizes(head: String, fileName: String) -> Bool {
        head.contains("Thread Stats") && (head.contains("Latency") || head.contains("Req/Sec"))
            || head.contains(" threads and ") && head.contains(" connections")
                && (head.contains("Requests/sec:") || head.contains("Running "))
    }

    public static func read(_ source: LoadTestSource, options: LoadTestReadOptions) throws(LoadTestReadError)
        -> LoadTestRun
    {
        let text = source.text()
        let isWrk2 =
            text.contains("Thread calibration") || text.contains("HdrHistogram") || text.contains("Detailed Percentile")
        var recorder = LoadTestRecorder(file: source.file, tool: isWrk2 ? .wrk2 : .wrk, options: options)
        var latency: [String: Double] = [:]
        var requests: Double?
        var rate: Double?
        var failures = 0.0
        var url: String?
        enum Block { case none, distribution, spectrum, uncorrected }
        var block = Block.none
        var sawTotals = false
        var spectrumCount: Double?

        func problem(_ number: Int, _ line: Substring, _ token: some StringProtocol, _ message: String) {
            recorder.problem(line: number, column: ToolOutputText.column(of: token, in: line), message)
        }

        for (number, line) in ToolOutputText.lines(text) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            if trimmed.hasPrefix("Running ") && trimmed.contains(" test @ ") {
                url = trimmed.components(separatedBy: " test @ ").last
                continue
            }
            if trimmed.hasPrefix("Latency Distribution") {
                block = trimmed.contains("Uncorrected") ? .uncorrected : .distribution
                continue
            }
            if trimmed.hasPrefix("Detailed Percentile spectrum") {
                if block != .uncorrected { block = .spectrum }
                continue
            }
            if trimmed.hasPrefix("----") {
                if block == .spectrum { block = .none }
                continue
            }
            if block == .uncorrected {
                if trimmed.contains("requests in") { block = .none } else { continue }
            }
            if words.count >= 4, words[1] == "threads", words[2] == "and" {
                if let connections = Double(words[3]) {
                    recorder.setConcurrency(connections)
                    var vus = LoadMetric(.gauge)
                    vus.add(connections)
                    recorder.setMetric("vus", vus)
                } else {
                    problem(number, line, words[3], "expected a number of connections, found '\(words[3])'")
                }
                continue
            }
            if words.first == "Latency", words.count >= 4 {
                if let avg = ToolOutputText.milliseconds(words[1]), let max = ToolOutputText.milliseconds(words[3]) {
                    latency["avg"] = avg
                    latency["max"] = max
                } else {
                    problem(number, line, words[1], "expected latencies such as '635.91us', found '\(trimmed)'")
                }
                continue
            }
            if block == .distribution, words.count == 2, words[0].hasSuffix("%") {
                if let percent = Double(words[0].dropLast()), let value = ToolOutputText.milliseconds(words[1]) {
                    latency[ToolOutputText.percentileKey(percent)] = value
                } else {
                    problem(
                        number, line, words[0], "expected a percentile line such as '99%  1.25ms', found '\(trimmed)'")
                }
                continue
            }
            if block == .spectrum {
                if trimmed.isEmpty || trimmed.hasPrefix("Value") { continue }
                if trimmed.hasPrefix("#[") {
                    for part in trimmed.dropFirst(2).dropLast().split(separator: ",") {
                        let pair = part.split(separator: "=").map { $0.trimmingCharacters(in: .whitespaces) }
                        guard pair.count == 2, let value = Double(pair[1]) else { continue }
                        switch pair[0] {
                        case "Mean": latency["avg"] = value
                        case "Max": latency["max"] = value
                        case "Total count": spectrumCount = value
                        default: break
                        }
                    }
                    continue
                }
                if words.count >= 3, let value = Double(words[0]), let fraction = Double(words[1]) {
                    let key = ToolOutputText.percentileKey(fraction * 100)
                    // The spectrum's three decimals are finer than the distribution's two.
                    latency[key] = value
                } else {
                    problem(
                        number, line, words.first ?? line, "expected a spectrum row 'Value Percentile TotalCount …'")
                }
                continue
            }
            if let range = trimmed.range(of: " requests in ") {
                block = .none
                sawTotals = true
                let count = ToolOutputText.scaledCount(trimmed[..<range.lowerBound])
                let rest = trimmed[range.upperBound...].split(separator: ",")
                let duration = rest.first.flatMap { ToolOutputText.milliseconds($0) }
                guard let count, let duration else {
                    problem(number, line, words.first ?? line, "expected 'N requests in 30.00s, 1.5MB read'")
                    continue
                }
                requests = count
                recorder.setDuration(duration / 1000)
                if rest.count > 1, let bytes = ToolOutputText.bytes(rest[1].replacingOccurrences(of: "read", with: ""))
                {
                    var received = LoadMetric(.counter)
                    received.count = bytes
                    recorder.setMetric("data_received", received)
                }
                continue
            }
            if trimmed.hasPrefix("Socket errors:") {
                for part in trimmed.dropFirst("Socket errors:".count).split(separator: ",") {
                    let pair = part.split(separator: " ")
                    guard pair.count == 2, let count = Double(pair[1]) else {
                        problem(number, line, part, "expected 'kind N' in the socket errors, found '\(part)'")
                        continue
                    }
                    if count > 0 {
                        failures += count
                        recorder.addError("socket \(pair[0]) error", count: Int(count))
                    }
                }
                continue
            }
            if trimmed.hasPrefix("Non-2xx or 3xx responses:") {
                let value = trimmed.dropFirst("Non-2xx or 3xx responses:".count)
                if let count = ToolOutputText.number(value) {
                    failures += count
                    recorder.addError("Non-2xx or 3xx responses", count: Int(count))
                } else {
                    problem(number, line, words.last ?? line, "expected a number of responses, found '\(value)'")
                }
                continue
            }
            if trimmed.hasPrefix("Requests/sec:") {
                let value = trimmed.dropFirst("Requests/sec:".count)
                rate = ToolOutputText.number(value)
                if rate == nil {
                    problem(number, line, words.last ?? line, "expected requests per second, found '\(value)'")
                }
                continue
            }
        }
        guard sawTotals || !latency.isEmpty || recorder.run.concurrency != nil else {
            throw LoadTestReadError(file: source.file, "no wrk summary found (no 'requests in' or 'Latency' line)")
        }
        if !sawTotals || rate == nil { recorder.markTruncated() }
        if let requests {
            var reqs = LoadMetric(.counter, reported: rate.map { ["rate": $0] } ?? [:])
            reqs.count = requests
            recorder.setMetric("http_reqs", reqs)
            var failed = LoadMetric(.rate)
            failed.count = requests
            failed.nonZero = min(requests, failures)
            recorder.setMetric("http_req_failed", failed)
        }
        let recorded = latency.contains { $0.key != "count" && $0.value > 0 }
        if recorded {
            latency["med"] = latency["p(50)"]
            let count = spectrumCount ?? requests
            if let count { latency["count"] = count }
            recorder.setMetric("http_req_duration", LoadMetric.reportedTrend(latency, count: count))
            if let url, let requests {
                var endpoint = EndpointStats()
                endpoint.requests = requests
                endpoint.failures = min(requests, failures)
                endpoint.latency = LoadMetric.reportedTrend(latency, count: count)
                recorder.setEndpoint(url, endpoint)
            }
        }
        return ToolOutputText.finish(recorder, text: text)
    }
}
