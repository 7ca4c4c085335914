/// k6's `--out csv` file (k6 docs, "CSV output"): a header, then one row per metric sample,
/// `metric_name,timestamp,metric_value,check,error,error_code,expected_response,group,method,
/// name,proto,scenario,service,status,subproto,tls_version,url,extra_tags,metadata`.
/// `timestamp` is epoch seconds by default, or milli/micro/nanoseconds or RFC 3339 with
/// `timeFormat`; all are read. Metric kinds are not in the file, so k6's built-in metrics
/// take their known kinds and other metrics are read as trends.
public enum K6CSV: LoadTestFormat {
    public static let name = "k6 --out csv"

    public static func recognizes(head: String, fileName: String) -> Bool {
        head.hasPrefix("metric_name,timestamp,metric_value")
    }

    public static func read(_ source: LoadTestSource, options: LoadTestReadOptions) throws(LoadTestReadError)
        -> LoadTestRun
    {
        var recorder = LoadTestRecorder(file: source.file, tool: .k6, options: options)
        var columns: [String] = []
        var fields: [CSVFields.Field] = []
        var slots: [String: Int] = [:]
        var rows = 0
        source.forEachLine { line, number, unterminated in
            guard !line.isEmpty else { return true }
            if columns.isEmpty {
                columns = CSVFields.strings(line) ?? []
                return true
            }
            guard CSVFields.ranges(line, into: &fields), fields.count >= 3 else {
                if unterminated {
                    recorder.markTruncated()
                } else {
                    recorder.problem(line: number, "expected at least metric_name, timestamp and metric_value")
                }
                return true
            }
            if unterminated, fields.count < columns.count {
                recorder.markTruncated()
                return true
            }
            let name = CSVFields.decode(fields[0], in: line)
            guard recorder.options.keeps(name) else { return true }
            guard let value = CSVFields.number(fields[2], in: line) else {
                recorder.problem(
                    line: number, "metric_value '\(CSVFields.decode(fields[2], in: line))' is not a number")
                return true
            }
            let stampText = CSVFields.decode(fields[1], in: line)
            guard let time = EventLog.seconds(stampText) else {
                recorder.problem(line: number, "timestamp '\(stampText)' is neither epoch time nor RFC 3339")
                return true
            }
            let slot =
                slots[name]
                ?? {
                    let made = recorder.slot(forMetric: name, kind: K6JSONLines.builtInKind(name) ?? .trend)
                    slots[name] = made
                    return made
                }()
            recorder.point(slot: slot, time: time, value: value) { tag in
                guard let index = columns.firstIndex(of: tag), index < fields.count else { return nil }
                let text = CSVFields.decode(fields[index], in: line)
                return text.isEmpty ? nil : text
            }
            rows += 1
            return true
        }
        if rows == 0, let problem = recorder.run.problems.first {
            throw LoadTestReadError(file: source.file, line: problem.line, problem.message)
        }
        return recorder.finish()
    }
}
