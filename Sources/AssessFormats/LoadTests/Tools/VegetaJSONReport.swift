import AssessYAML

/// `vegeta report -type=json`: one object with `latencies {total, mean, 50th, 90th, 95th,
/// 99th, max, min}`, `bytes_in`/`bytes_out {total, mean}`, `earliest`, `latest`, `end`,
/// `duration`, `wait`, `requests`, `rate`, `throughput`, `success`, `status_codes`, `errors`.
///
/// **Every duration is in nanoseconds** (latencies, `duration` = the attack, `wait`), and
/// `success` is a 0…1 ratio of results with a status in [200, 400) and no error.
///
/// Mapping: `requests` → `http_reqs` (`rate` = the send rate); `duration + wait` → duration
/// (s); `earliest` → start; latencies → `http_req_duration` as reported figures in ms (`mean`
/// as `avg`, `50th` as `p(50)` and `med`, …); `(1 − success) × requests` → failures of
/// `http_req_failed`; status codes with counts; `errors` (distinct messages, no counts) → errors
/// with count 1; `bytes_in.total`/`bytes_out.total` → `data_received`/`data_sent`.
public enum VegetaJSONReport: LoadTestFormat {
    public static let name = "vegeta JSON report"

    public static func recognizes(head: String, fileName: String) -> Bool {
        let start = head.drop { $0.isWhitespace || $0 == "\u{FEFF}" }
        return start.hasPrefix("{") && head.contains("\"latencies\"")
            && (head.contains("\"50th\"") || head.contains("\"status_codes\"") || head.contains("\"success\""))
    }

    public static func read(_ source: LoadTestSource, options: LoadTestReadOptions) throws(LoadTestReadError)
        -> LoadTestRun
    {
        let root: YAMLNode
        do {
            root = try JSONReader().parse(source.text(), file: source.file)
        } catch {
            let first = error.diagnostics.first
            throw LoadTestReadError(
                file: source.file, line: first?.location?.line ?? 1, column: first?.location?.column ?? 1,
                "not valid JSON: \(first?.message ?? "unreadable")")
        }
        guard let requests = root["requests"]?.double, let latencies = root["latencies"], latencies.mapping != nil
        else {
            throw LoadTestReadError(
                file: source.file, line: root.location.line, column: root.location.column,
                "expected a vegeta report with \"requests\" and \"latencies\"")
        }
        var recorder = LoadTestRecorder(file: source.file, tool: .vegeta, options: options)
        func number(_ node: YAMLNode?, _ what: String) -> Double? {
            guard let node else { return nil }
            if let value = node.double { return value }
            recorder.problem(
                line: node.location.line, column: node.location.column, "\(what) should be a number")
            return nil
        }
        var reqs = LoadMetric(.counter)
        reqs.count = requests
        if let rate = number(root["rate"], "rate") { reqs.reported["rate"] = rate }
        recorder.setMetric("http_reqs", reqs)
        if let success = number(root["success"], "success") {
            var failed = LoadMetric(.rate)
            failed.count = requests
            failed.nonZero = (requests * (1 - success)).rounded()
            recorder.setMetric("http_req_failed", failed)
        }
        var latency: [String: Double] = [:]
        for pair in latencies.mapping ?? [] {
            guard let key = pair.key.string, key != "total",
                let nanoseconds = number(pair.value, "latencies.\(key)")
            else { continue }
            let milliseconds = nanoseconds / 1_000_000
            switch key {
            case "mean": latency["avg"] = milliseconds
            case "min", "max": latency[key] = milliseconds
            default:
                let digits = key.prefix { $0.isNumber || $0 == "." }
                if let percent = Double(digits), !digits.isEmpty {
                    latency[ToolOutputText.percentileKey(percent)] = milliseconds
                }
            }
        }
        if !latency.isEmpty {
            latency["med"] = latency["p(50)"]
            latency["count"] = requests
            recorder.setMetric("http_req_duration", LoadMetric.reportedTrend(latency, count: requests))
        }
        let attack = number(root["duration"], "duration") ?? 0
        let wait = number(root["wait"], "wait") ?? 0
        recorder.setDuration((attack + wait) / 1e9)
        if let earliest = root["earliest"]?.string { recorder.setStart(ToolOutputText.rfc3339(earliest)) }
        for pair in root["status_codes"]?.mapping ?? [] {
            if let code = pair.key.string, let count = number(pair.value, "status_codes.\(code)") {
                recorder.addStatus(code, count: Int(count))
            }
        }
        for error in root["errors"]?.sequence ?? [] {
            if let message = error.string { recorder.addError(message, count: 1) }
        }
        for (key, name) in [("bytes_in", "data_received"), ("bytes_out", "data_sent")] {
            if let bytes = number(root[key]?["total"], "\(key).total") {
                var metric = LoadMetric(.counter)
                metric.count = bytes
                recorder.setMetric(name, metric)
            }
        }
        return recorder.finish()
    }
}
