import AssessYAML

/// k6's end-of-test summary as JSON, in the three shapes k6 writes (k6 docs, "End of test"):
/// the legacy `--summary-export` (statistics directly on each metric), the `handleSummary()`
/// data (statistics under `values`, with `type`), and the machine-readable summary of k6
/// ≥ 1.5 (`results.metrics` as an array, `p95` spellings, duration in seconds). Only the
/// figures k6 printed are known: a percentile it did not compute stays missing.
public enum K6Summary: LoadTestFormat {
    public static let name = "k6 summary JSON"

    public static func recognizes(head: String, fileName: String) -> Bool {
        let trimmed = head.drop { $0.isWhitespace }
        guard trimmed.hasPrefix("{") else { return false }
        return head.contains("\"metrics\"")
            && (head.contains("\"root_group\"") || head.contains("\"http_reqs\"") || head.contains("\"iterations\"")
                || head.contains("\"k6_version\"") || head.contains("\"testRunDurationMs\""))
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
                first?.message ?? "not JSON")
        }
        var recorder = LoadTestRecorder(file: source.file, tool: .k6, options: options)
        if let results = root["results"], let list = results["metrics"]?.sequence {
            // Machine-readable summary: metrics as an array, duration in seconds.
            recorder.setVersion(root["metadata"]?["k6_version"]?.string ?? root["metadata"]?["k6Version"]?.string)
            recorder.setDuration(root["config"]?["duration"]?.double)
            for item in list {
                guard let name = item["name"]?.string, let values = item["values"] else { continue }
                recorder.setMetric(name, metric(type: item["type"]?.string, values: values))
            }
        } else if let metrics = root["metrics"]?.mapping {
            if let ms = root["state"]?["testRunDurationMs"]?.double { recorder.setDuration(ms / 1000) }
            for pair in metrics {
                guard let name = pair.key.string else { continue }
                if let values = pair.value["values"] {
                    recorder.setMetric(name, metric(type: pair.value["type"]?.string, values: values))
                } else {
                    recorder.setMetric(name, metric(type: nil, values: pair.value))
                }
            }
        } else {
            throw LoadTestReadError(
                file: source.file, line: root.location.line, column: root.location.column,
                "a k6 summary needs a 'metrics' object (or 'results.metrics')")
        }
        var run = recorder.finish()
        if run.duration == nil, let count = run.metrics["http_reqs"]?.reported["count"],
            let rate = run.metrics["http_reqs"]?.reported["rate"], rate > 0
        {
            run.duration = count / rate
        }
        if let vus = run.metrics["vus_max"]?.reported["max"] ?? run.metrics["vus"]?.reported["max"] {
            run.concurrency = vus
        }
        return run
    }

    /// Statistic names as k6's own threshold syntax spells them (`p95` → `p(95)`).
    static func statistic(_ key: String) -> String {
        if key.hasPrefix("p"), !key.hasPrefix("p("), let number = Double(key.dropFirst()) {
            return "p(\(number.rounded() == number ? String(Int(number)) : String(number)))"
        }
        return key
    }

    static func metric(type: String?, values: YAMLNode) -> LoadMetric {
        var reported: [String: Double] = [:]
        for pair in values.mapping ?? [] {
            guard let key = pair.key.string, key != "thresholds", let value = pair.value.double else { continue }
            reported[statistic(key)] = value
        }
        let kind: LoadMetric.Kind
        switch type {
        case "counter": kind = .counter
        case "gauge": kind = .gauge
        case "rate": kind = .rate
        case "trend": kind = .trend
        default:
            // Legacy export has no type: infer it from the statistics k6 writes for each kind.
            if reported["passes"] != nil || (reported["value"] != nil && reported["fails"] != nil) {
                kind = .rate
            } else if reported["avg"] != nil || reported["med"] != nil {
                kind = .trend
            } else if reported["value"] != nil {
                kind = .gauge
            } else {
                kind = .counter
            }
        }
        var metric = kind == .trend ? LoadMetric.reportedTrend(reported) : LoadMetric(kind, reported: reported)
        switch kind {
        case .rate:
            // Legacy export: `value` is the ratio; `passes` the non-zero samples (failed requests
            // for http_req_failed), `fails` the zero ones. Machine-readable: `matches`/`total`.
            let passes = reported["passes"] ?? reported["matches"]
            let total = reported["total"] ?? passes.map { $0 + (reported["fails"] ?? 0) }
            if let passes, let total {
                metric.nonZero = passes
                metric.count = total
            }
            if metric.reported["rate"] == nil, let ratio = reported["value"] { metric.reported["rate"] = ratio }
        case .counter:
            metric.count = reported["count"] ?? 0
        case .gauge:
            metric.last = reported["value"]
            metric.lowest = reported["min"]
            metric.highest = reported["max"]
        case .trend:
            break
        }
        return metric
    }
}
