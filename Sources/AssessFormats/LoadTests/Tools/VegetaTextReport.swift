/// `vegeta report` in its default text form:
///
/// ```
/// Requests      [total, rate, throughput]         1200, 120.00, 65.87
/// Duration      [total, attack, wait]             10.094965987s, 9.949883921s, 145.082066ms
/// Latencies     [min, mean, 50, 90, 95, 99, max]  90.438129ms, 113.172398ms, …
/// Bytes In      [total, mean]                     3714690, 3095.57
/// Bytes Out     [total, mean]                     0, 0.00
/// Success       [ratio]                           55.42%
/// Status Codes  [code:count]                      0:535  200:665
/// Error Set:
/// Get http://localhost:6060: dial tcp 127.0.0.1:6060: connection refused
/// ```
/// Each row's bracketed header names its values, and the set changes between versions (older
/// ones print `[mean, 50, 95, 99, max]` and no throughput), so values are read by those names.
/// Durations are Go durations (`1m2.5s`, `850µs`).
///
/// Mapping: `Requests.total` → `http_reqs` (`rate` = vegeta's send rate); `Duration.total`
/// (attack + wait) → duration; `Latencies` → `http_req_duration` as reported figures (`mean` as
/// `avg`, `50` as `p(50)` and `med`); `1 − Success.ratio` of the requests → failures of
/// `http_req_failed` (vegeta counts a status in [200, 400) without error as success); status
/// codes with counts; `Bytes In`/`Out` totals → `data_received`/`data_sent`. The error set
/// lists each distinct error once without a count; each is recorded with count 1.
public enum VegetaTextReport: LoadTestFormat {
    public static let name = "vegeta text report"

    public static func recognizes(head: String, fileName: String) -> Bool {
        head.contains("Requests") && head.contains("[total, rate") && head.contains("Latencies")
    }

    public static func read(_ source: LoadTestSource, options: LoadTestReadOptions) throws(LoadTestReadError)
        -> LoadTestRun
    {
        let text = source.text()
        var recorder = LoadTestRecorder(file: source.file, tool: .vegeta, options: options)
        var total: Double?
        var rate: Double?
        var successRatio: Double?
        var latency: [String: Double] = [:]
        var inErrors = false
        var rows = 0
        for (lineNumber, line) in ToolOutputText.lines(text) {
            if inErrors {
                let message = line.trimmingCharacters(in: .whitespaces)
                if !message.isEmpty { recorder.addError(message, count: 1) }
                continue
            }
            if line.hasPrefix("Error Set:") {
                inErrors = true
                continue
            }
            guard let open = line.firstIndex(of: "["), let close = line[open...].firstIndex(of: "]") else { continue }
            let label = line[..<open].trimmingCharacters(in: .whitespaces)
            let keys = line[line.index(after: open)..<close].split(separator: ",").map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            let valuesText = line[line.index(after: close)...]
            let valuesColumn = line.distance(from: line.startIndex, to: close) + 2
            rows += 1
            if label == "Status Codes" {
                for pair in valuesText.split(whereSeparator: { $0 == " " || $0 == "\t" }) {
                    let parts = pair.split(separator: ":")
                    guard parts.count == 2, let count = Int(parts[1]) else {
                        recorder.problem(
                            line: lineNumber, column: ToolOutputText.column(of: pair, in: line),
                            "expected 'code:count', found '\(pair)'")
                        continue
                    }
                    recorder.addStatus(String(parts[0]), count: count)
                }
                continue
            }
            let values = valuesText.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            guard values.count == keys.count else {
                recorder.problem(
                    line: lineNumber, column: valuesColumn,
                    "the row names \(keys.count) values [\(keys.joined(separator: ", "))] but has \(values.count)")
                continue
            }
            func value(_ key: String, parse: (String) -> Double?) -> Double? {
                guard let index = keys.firstIndex(of: key) else { return nil }
                if let value = parse(values[index]) { return value }
                recorder.problem(
                    line: lineNumber, column: ToolOutputText.column(of: values[index], in: line),
                    "\(label) \(key) is not readable: '\(values[index])'")
                return nil
            }
            switch label {
            case "Requests":
                total = value("total") { ToolOutputText.number($0) }
                rate = value("rate") { ToolOutputText.number($0) }
            case "Duration":
                if let ms = value("total", parse: ToolOutputText.goDuration) { recorder.setDuration(ms / 1000) }
            case "Latencies":
                for key in keys {
                    guard let value = value(key, parse: ToolOutputText.goDuration) else { continue }
                    switch key {
                    case "mean": latency["avg"] = value
                    case "min", "max": latency[key] = value
                    default:
                        if let percent = Double(key) { latency[ToolOutputText.percentileKey(percent)] = value }
                    }
                }
            case "Bytes In", "Bytes Out":
                if let bytes = value("total", parse: { ToolOutputText.number($0) }) {
                    var metric = LoadMetric(.counter)
                    metric.count = bytes
                    recorder.setMetric(label == "Bytes In" ? "data_received" : "data_sent", metric)
                }
            case "Success":
                successRatio = value("ratio") { text in
                    text.hasSuffix("%") ? ToolOutputText.number(text.dropLast()).map { $0 / 100 } : nil
                }
            default: break
            }
        }
        guard rows > 0 else { throw LoadTestReadError(file: source.file, "no vegeta report rows found") }
        if total == nil || successRatio == nil || !inErrors { recorder.markTruncated() }
        if let total {
            var requests = LoadMetric(.counter, reported: rate.map { ["rate": $0] } ?? [:])
            requests.count = total
            recorder.setMetric("http_reqs", requests)
            if let successRatio {
                var failed = LoadMetric(.rate)
                failed.count = total
                failed.nonZero = (total * (1 - successRatio)).rounded()
                recorder.setMetric("http_req_failed", failed)
            }
        }
        if !latency.isEmpty {
            latency["med"] = latency["p(50)"]
            if let total { latency["count"] = total }
            recorder.setMetric("http_req_duration", LoadMetric.reportedTrend(latency, count: total))
        }
        return ToolOutputText.finish(recorder, text: text)
    }
}
