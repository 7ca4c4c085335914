/// The summary hey prints (rakyll/hey; Debian's 0.1.4 and later): **all times in seconds**.
///
/// ```
/// Summary:
///   Total:        2.2742 secs
///   Slowest:      0.0522 secs
///   Fastest:      0.0029 secs
///   Average:      0.0444 secs
///   Requests/sec: 219.8559
///   Total data:   6000 bytes
/// Latency distribution:
///   10% in 0.0439 secs … 99% in 0.0519 secs
/// Status code distribution:
///   [200] 475 responses
/// Error distribution:
///   [20]  Get "http://…": dial tcp …: connection refused
/// ```
/// Mapping: the status and error counts added up → `http_reqs` (`rate` = `Requests/sec`);
/// `Total` → duration; `Slowest`/`Fastest`/`Average` and the latency distribution →
/// `http_req_duration` as reported figures in ms (`max`, `min`, `avg`, `p(10)` … `p(99)`);
/// responses with a status of 400 or more, or under 200, plus every error → failures of
/// `http_req_failed` (hey itself judges no status); status codes and errors with counts;
/// `Total data` → `data_received`. A run where no response came back (only errors) has no
/// latency figures: hey prints zeros and NaN there, which are not latencies.
public enum HeyText: LoadTestFormat {
    public static let name = "hey summary"

    public static func recognizes(head: String, fileName: String) -> Bool {
        head.contains("Summary:") && head.contains("Requests/sec:") && head.contains(" secs")
            || head.contains("Status code distribution:") && head.contains("responses")
    }

    public static func read(_ source: LoadTestSource, options: LoadTestReadOptions) throws(LoadTestReadError)
        -> LoadTestRun
    {
        let text = source.text()
        var recorder = LoadTestRecorder(file: source.file, tool: .hey, options: options)
        enum Section { case none, summary, histogram, latency, details, statuses, errors }
        var section = Section.none
        var latency: [String: Double] = [:]
        var rate: Double?
        var responses = 0.0
        var failures = 0.0
        var errors = 0.0
        var sawSummary = false
        var sawCounts = false

        for (lineNumber, line) in ToolOutputText.lines(text) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            switch trimmed {
            case "Summary:":
                section = .summary
                sawSummary = true
                continue
            case "Response time histogram:":
                section = .histogram
                continue
            case "Latency distribution:":
                section = .latency
                continue
            case "Status code distribution:":
                section = .statuses
                sawCounts = true
                continue
            case "Error distribution:":
                section = .errors
                sawCounts = true
                continue
            default: break
            }
            if trimmed.hasPrefix("Details (average, fastest, slowest)") {
                section = .details
                continue
            }
            if trimmed.isEmpty { continue }
            func problem(_ message: String) {
                recorder.problem(line: lineNumber, column: ToolOutputText.column(of: trimmed, in: line), message)
            }
            switch section {
            case .summary:
                let parts = trimmed.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                guard parts.count == 2 else { continue }
                let value = parts[1].split(separator: " ").first.map(String.init) ?? ""
                let seconds = ToolOutputText.number(value)
                if value == "NaN" { continue }
                switch parts[0] {
                case "Total":
                    if let seconds { recorder.setDuration(seconds) } else { problem("expected 'Total: N secs'") }
                case "Slowest", "Fastest", "Average":
                    let key = ["Slowest": "max", "Fastest": "min", "Average": "avg"][parts[0]]!
                    if let seconds {
                        latency[key] = ToolOutputText.milliseconds(fromSeconds: seconds)
                    } else {
                        problem("expected '\(parts[0]): N secs'")
                    }
                case "Requests/sec":
                    rate = seconds
                    if seconds == nil { problem("expected 'Requests/sec: N'") }
                case "Total data":
                    if let seconds {
                        var received = LoadMetric(.counter)
                        received.count = seconds
                        recorder.setMetric("data_received", received)
                    }
                default: break
                }
            case .latency:
                // `95% in 0.0481 secs`
                let words = trimmed.split(separator: " ")
                guard words.count >= 3, words[0].hasSuffix("%"), let percent = Double(words[0].dropLast()),
                    let seconds = Double(words[2])
                else {
                    problem("expected a line such as '95% in 0.0481 secs'")
                    continue
                }
                latency[ToolOutputText.percentileKey(percent)] = ToolOutputText.milliseconds(fromSeconds: seconds)
            case .statuses, .errors:
                // `[200]	475 responses` / `[20]	Get "…": connection refused`
                guard trimmed.hasPrefix("["), let close = trimmed.firstIndex(of: "]") else {
                    problem("expected '[code] N responses' or '[count] message'")
                    continue
                }
                let inside = trimmed[trimmed.index(after: trimmed.startIndex)..<close]
                let rest = trimmed[trimmed.index(after: close)...].trimmingCharacters(in: .whitespaces)
                if section == .statuses {
                    guard let code = Int(inside), let count = Double(rest.split(separator: " ").first ?? "") else {
                        problem("expected '[code] N responses'")
                        continue
                    }
                    recorder.addStatus(String(code), count: Int(count))
                    responses += count
                    if code >= 400 || code < 200 { failures += count }
                } else {
                    guard let count = Double(inside) else {
                        problem("expected '[count] message'")
                        continue
                    }
                    recorder.addError(rest, count: Int(count))
                    errors += count
                }
            case .none, .histogram, .details: continue
            }
        }
        guard sawSummary || sawCounts else {
            throw LoadTestReadError(file: source.file, "no hey summary found ('Summary:' or the distributions)")
        }
        if !sawCounts { recorder.markTruncated() }
        let requests = responses + errors
        if sawCounts {
            var reqs = LoadMetric(.counter, reported: rate.map { ["rate": $0] } ?? [:])
            reqs.count = requests
            recorder.setMetric("http_reqs", reqs)
            var failed = LoadMetric(.rate)
            failed.count = requests
            failed.nonZero = failures + errors
            recorder.setMetric("http_req_failed", failed)
        }
        if responses > 0 || !sawCounts, !latency.isEmpty, latency.values.contains(where: { $0 > 0 }) {
            latency["med"] = latency["p(50)"]
            if responses > 0 { latency["count"] = responses }
            recorder.setMetric(
                "http_req_duration", LoadMetric.reportedTrend(latency, count: responses > 0 ? responses : nil))
        }
        return ToolOutputText.finish(recorder, text: text)
    }
}
