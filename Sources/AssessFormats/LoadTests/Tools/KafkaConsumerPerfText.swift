/// The output of Kafka's `kafka-consumer-perf-test`: a comma-and-space separated header and
/// a row of totals,
///
/// ```
/// start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec
/// 2023-07-12 15:17:10:576, 2023-07-12 15:17:23:636, 476.8372, 36.5113, 5000000, 382848.3920, 1574, 11486, 41.5146, 435312.5544
/// ```
/// (older versions stop after `nMsg.sec`; times are `yyyy-MM-dd HH:mm:ss:SSS` in the machine's
/// zone). With `--show-detailed-stats` the header starts `time, threadId,` and a row is printed
/// per reporting interval with the running totals. Columns are found by name. A `WARNING:
/// Exiting before consuming the expected number of messages` line is kept as an error.
///
/// The run is of messages, so the metric names are Kafka's own, in k6's shapes: `messages`
/// (counter: `data.consumed.in.nMsg`; `rate` = `nMsg.sec`) and `data_received` (bytes, from
/// `data.consumed.in.MB`, which Kafka counts in MiB); end − start → duration. The consumer
/// tool measures no per-message latency.
public enum KafkaConsumerPerfText: LoadTestFormat {
    public static let name = "kafka-consumer-perf-test output"

    public static func recognizes(head: String, fileName: String) -> Bool {
        head.contains("data.consumed.in.MB, MB.sec") || head.contains("data.consumed.in.MB,MB.sec")
    }

    /// `2023-07-12 15:17:10:576` as seconds (the zone is unknown; only differences are used).
    static func time(_ text: String) -> Double? {
        let parts = text.split(separator: " ")
        guard parts.count == 2 else { return nil }
        let date = parts[0].split(separator: "-").compactMap { Int($0) }
        let clock = parts[1].split(separator: ":").compactMap { Int($0) }
        guard date.count == 3, clock.count >= 3 else { return nil }
        let days = Timestamps.days(year: date[0], month: date[1], day: date[2])
        let milliseconds = clock.count > 3 ? Double(clock[3]) / 1000 : 0
        return Double(days * 86_400 + clock[0] * 3600 + clock[1] * 60 + clock[2]) + milliseconds
    }

    public static func read(_ source: LoadTestSource, options: LoadTestReadOptions) throws(LoadTestReadError)
        -> LoadTestRun
    {
        let text = source.text()
        var recorder = LoadTestRecorder(file: source.file, tool: .kafkaConsumer, options: options)
        var table: CSVTable?
        var rows: [(start: Double?, end: Double?, megabytes: Double?, messages: Double?, rate: Double?)] = []
        let lines = ToolOutputText.lines(text)
        for (lineNumber, line) in lines {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.contains("data.consumed.in.MB") {
                table = CSVTable(headerLine: Substring(trimmed))
                continue
            }
            if trimmed.hasPrefix("WARNING:") {
                recorder.addError(trimmed, count: 1)
                continue
            }
            guard let header = table, !trimmed.isEmpty, let first = trimmed.first, first.isNumber,
                let fields = header.fields(Substring(trimmed))
            else { continue }
            guard fields.count == header.header.count else {
                if lineNumber == lines.last?.number, ToolOutputText.endsMidLine(text) {
                    recorder.markTruncated()
                } else {
                    recorder.problem(line: lineNumber, "expected \(header.header.count) values as in the header")
                }
                continue
            }
            let row = CSVRow(fields: fields, line: Substring(trimmed), number: lineNumber, separator: ",")
            let startText = row.text(header.index("start.time", "time"))
            let endText = row.text(header.index("end.time"))
            let start = startText.flatMap(time)
            if startText != nil, start == nil {
                recorder.problem(line: lineNumber, "expected a time such as '2023-07-12 15:17:10:576'")
                continue
            }
            rows.append(
                (
                    start, endText.flatMap(time),
                    row.number(header.index("data.consumed.in.MB"), into: &recorder, what: "data.consumed.in.MB"),
                    row.number(header.index("data.consumed.in.nMsg"), into: &recorder, what: "data.consumed.in.nMsg"),
                    row.number(header.index("nMsg.sec"), into: &recorder, what: "nMsg.sec")
                ))
        }
        guard table != nil else {
            throw LoadTestReadError(file: source.file, "no 'start.time, end.time, data.consumed.in.MB, …' header found")
        }
        guard let last = rows.last, let count = last.messages else {
            recorder.markTruncated()
            return recorder.finish()
        }
        var messages = LoadMetric(.counter)
        messages.count = count
        var duration: Double?
        if let start = last.start, let end = last.end {
            // One row of totals.
            duration = end - start
        } else if rows.count > 1, let first = rows.first?.start, let end = last.start {
            // Detailed stats: running totals per interval.
            duration = end - first
        }
        if let duration, duration > 0 { recorder.setDuration(duration) }
        if last.end != nil, let rate = last.rate {
            messages.reported["rate"] = rate
        } else if let duration, duration > 0 {
            messages.reported["rate"] = count / duration
        }
        recorder.setMetric("messages", messages)
        if let megabytes = last.megabytes {
            var received = LoadMetric(.counter)
            received.count = megabytes * 1_048_576
            recorder.setMetric("data_received", received)
        }
        return recorder.finish()
    }
}
