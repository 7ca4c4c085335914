/// The report ApacheBench (`ab`, version 2.3) prints: `Key:   value` lines, the `Connection
/// Times (ms)` table and `Percentage of the requests served within a certain time (ms)`.
///
/// Mapping: `Complete requests` → `http_reqs` (`rate` = `Requests per second`); `Time taken
/// for tests` → duration; `Concurrency Level` → concurrency and `vus`; `Total transferred` →
/// `data_received`; the `Total:` row of the connection times (min, mean, median, max) and the
/// percentage lines (`50%` … `100%`, whole ms) → `http_req_duration` as reported figures.
/// `Failed requests` counts only connect, receive, length and exception failures — not HTTP
/// errors — so failures are `Failed requests` + `Non-2xx responses` (printed only when
/// non-zero), at most the requests; both go to the errors by kind. `Document Path` names the
/// one endpoint.
public enum ApacheBenchText: LoadTestFormat {
    public static let name = "ApacheBench (ab) report"

    public static func recognizes(head: String, fileName: String) -> Bool {
        head.contains("This is ApacheBench") || head.contains("Requests per second:") && head.contains("[#/sec]")
            || head.contains("Complete requests:") && head.contains("Time taken for tests:")
    }

    public static func read(_ source: LoadTestSource, options: LoadTestReadOptions) throws(LoadTestReadError)
        -> LoadTestRun
    {
        let text = source.text()
        var recorder = LoadTestRecorder(file: source.file, tool: .ab, options: options)
        var complete: Double?
        var progress: Double?
        var failed = 0.0
        var rate: Double?
        var path: String?
        var latency: [String: Double] = [:]
        var inPercentiles = false
        var sawLongest = false
        var found = 0
        var failedRequests = 0.0
        var sawBreakdown = false

        for (lineNumber, line) in ToolOutputText.lines(text) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            func value(after key: String) -> Substring? {
                guard trimmed.hasPrefix(key) else { return nil }
                return Substring(trimmed.dropFirst(key.count).trimmingCharacters(in: .whitespaces))
            }
            func number(_ text: Substring, _ what: String) -> Double? {
                let first = text.split(separator: " ").first ?? text
                if let value = ToolOutputText.number(first) { return value }
                recorder.problem(
                    line: lineNumber, column: ToolOutputText.column(of: text, in: line),
                    "\(what) should be a number, found '\(text)'")
                return nil
            }
            if let rest = value(after: "This is ApacheBench, Version ") {
                recorder.setVersion(rest.split(separator: " ").first.map(String.init))
                found += 1
            } else if let rest = value(after: "Completed "), rest.hasSuffix(" requests") {
                progress = ToolOutputText.number(rest.dropLast(" requests".count))
            } else if let rest = value(after: "Document Path:") {
                path = String(rest)
            } else if let rest = value(after: "Concurrency Level:") {
                if let level = number(rest, "the concurrency level") {
                    recorder.setConcurrency(level)
                    var vus = LoadMetric(.gauge)
                    vus.add(level)
                    recorder.setMetric("vus", vus)
                }
                found += 1
            } else if let rest = value(after: "Time taken for tests:") {
                if let seconds = number(rest, "the time taken") { recorder.setDuration(seconds) }
                found += 1
            } else if let rest = value(after: "Complete requests:") {
                complete = number(rest, "the complete requests")
                found += 1
            } else if let rest = value(after: "Failed requests:") {
                if let count = number(rest, "the failed requests"), count > 0 {
                    failed += count
                    failedRequests = count
                }
            } else if trimmed.hasPrefix("(Connect:") {
                // `(Connect: 0, Receive: 0, Length: 5, Exceptions: 0)` after `Failed requests`.
                sawBreakdown = true
                for part in trimmed.dropFirst().dropLast().split(separator: ",") {
                    let pair = part.split(separator: ":").map { $0.trimmingCharacters(in: .whitespaces) }
                    if pair.count == 2, let count = Int(pair[1]), count > 0 {
                        recorder.addError("Failed requests (\(pair[0].lowercased()))", count: count)
                    }
                }
            } else if let rest = value(after: "Non-2xx responses:") {
                if let count = number(rest, "the non-2xx responses"), count > 0 {
                    failed += count
                    recorder.addError("Non-2xx responses", count: Int(count))
                }
            } else if let rest = value(after: "Total transferred:") {
                if let bytes = number(rest, "the bytes transferred") {
                    var received = LoadMetric(.counter)
                    received.count = bytes
                    recorder.setMetric("data_received", received)
                }
            } else if let rest = value(after: "Requests per second:") {
                rate = number(rest, "the requests per second")
                found += 1
            } else if let rest = value(after: "Total:"), !inPercentiles {
                // Connection Times (ms): `Total:  min  mean [+/-sd]  median  max`.
                let columns = rest.split(separator: " ")
                let numbers = columns.compactMap { Double($0) }
                if numbers.count == 5 {
                    latency["min"] = numbers[0]
                    latency["avg"] = numbers[1]
                    latency["med"] = numbers[3]
                    latency["max"] = numbers[4]
                } else {
                    recorder.problem(
                        line: lineNumber, column: ToolOutputText.column(of: rest, in: line),
                        "expected 'Total: min mean sd median max', found '\(rest)'")
                }
            } else if trimmed.hasPrefix("Percentage of the requests served") {
                inPercentiles = true
            } else if inPercentiles, let percent = trimmed.split(separator: "%").first, trimmed.contains("%") {
                let rest = trimmed.split(separator: "%", maxSplits: 1).dropFirst().first ?? ""
                if let p = Double(percent), let ms = ToolOutputText.number(rest.split(separator: " ").first ?? "") {
                    latency[ToolOutputText.percentileKey(p)] = ms
                    if p == 100 { sawLongest = true }
                } else {
                    recorder.problem(
                        line: lineNumber, column: ToolOutputText.column(of: trimmed, in: line),
                        "expected a percentage line such as '95%   12', found '\(trimmed)'")
                }
            }
        }
        guard found > 0 || progress != nil else {
            throw LoadTestReadError(file: source.file, "no ApacheBench report lines found")
        }
        if failedRequests > 0, !sawBreakdown { recorder.addError("Failed requests", count: Int(failedRequests)) }
        if rate == nil || (inPercentiles && !sawLongest) || complete == nil { recorder.markTruncated() }
        let requests = complete ?? progress
        if let requests {
            var reqs = LoadMetric(.counter, reported: rate.map { ["rate": $0] } ?? [:])
            reqs.count = requests
            recorder.setMetric("http_reqs", reqs)
            if complete != nil {
                var failedMetric = LoadMetric(.rate)
                failedMetric.count = requests
                failedMetric.nonZero = min(requests, failed)
                recorder.setMetric("http_req_failed", failedMetric)
            }
        }
        if !latency.isEmpty {
            latency["p(50)"] = latency["p(50)"] ?? latency["med"]
            if let requests { latency["count"] = requests }
            let metric = LoadMetric.reportedTrend(latency, count: requests)
            recorder.setMetric("http_req_duration", metric)
            if let path, let requests {
                var endpoint = EndpointStats()
                endpoint.requests = requests
                endpoint.failures = min(requests, failed)
                endpoint.latency = metric
                recorder.setEndpoint(path, endpoint)
            }
        }
        return ToolOutputText.finish(recorder, text: text)
    }
}
