import Foundation

/// The output of Kafka's `kafka-producer-perf-test`: a line per reporting window (5 s by
/// default), then the total.
///
/// ```
/// 49961 records sent, 9988.2 records/sec (9.53 MB/sec), 178.0 ms avg latency, 712.0 ms max latency.
/// 500000 records sent, 9998.400256 records/sec (9.54 MB/sec), 32.17 ms avg latency,
///     1073.00 ms max latency, 3 ms 50th, 155 ms 95th, 604 ms 99th, 1006 ms 99.9th.   (one line)
/// ```
/// (older versions print `712.0 max latency.` without `ms`). A record whose send failed makes
/// the tool print the exception's stack trace.
///
/// The run is of messages, not HTTP requests, so the metric names are Kafka's own, in k6's
/// shapes: `messages` (counter: records sent; `rate` = records/sec), `message_latency` (trend,
/// ms, reported `avg`, `max`, `p(50)`, `p(95)`, `p(99)`, `p(99.9)`), `messages_failed` (rate:
/// exception headlines over records), `data_sent` (bytes, from MB/sec × duration). The
/// duration is records ÷ records/sec. Exception headlines (`…TimeoutException: Expiring 1
/// record(s)…`) are counted as errors. Without the total line (a run cut short) the windows are
/// added up and the run is marked truncated.
public enum KafkaProducerPerfText: LoadTestFormat {
    public static let name = "kafka-producer-perf-test output"

    public static func recognizes(head: String, fileName: String) -> Bool {
        head.contains(" records sent, ") && head.contains(" records/sec (")
    }

    /// The figures of one window or total line.
    struct Line {
        var records: Double
        var rate: Double
        var megabytesPerSecond: Double
        var averageLatency: Double
        var maxLatency: Double
        var percentiles: [Double: Double]
    }

    static func parse(_ text: Substring) -> Line? {
        guard let sent = text.range(of: " records sent, ") else { return nil }
        let before = text[..<sent.lowerBound].split(separator: " ").last ?? ""
        var body = text[sent.upperBound...].trimmingCharacters(in: .whitespaces)
        if body.hasSuffix(".") { body.removeLast() }
        let parts = body.components(separatedBy: ", ")
        guard let records = Double(before), parts.count >= 3 else { return nil }
        // "9988.2 records/sec (9.53 MB/sec)"
        let rateWords = parts[0].split(separator: " ")
        guard rateWords.count >= 4, let rate = Double(rateWords[0]),
            let megabytes = Double(rateWords[2].trimmingCharacters(in: CharacterSet(charactersIn: "(")))
        else { return nil }
        func leadingNumber(_ part: String) -> Double? { part.split(separator: " ").first.flatMap { Double($0) } }
        guard let average = leadingNumber(parts[1]), parts[1].hasSuffix("avg latency"),
            let max = leadingNumber(parts[2]), parts[2].hasSuffix("max latency")
        else { return nil }
        var percentiles: [Double: Double] = [:]
        for part in parts.dropFirst(3) {
            // "155 ms 95th"
            let words = part.split(separator: " ")
            guard words.count == 3, words[2].hasSuffix("th"), let value = Double(words[0]),
                let percent = Double(words[2].dropLast(2))
            else { return nil }
            percentiles[percent] = value
        }
        return Line(
            records: records, rate: rate, megabytesPerSecond: megabytes, averageLatency: average, maxLatency: max,
            percentiles: percentiles)
    }

    public static func read(_ source: LoadTestSource, options: LoadTestReadOptions) throws(LoadTestReadError)
        -> LoadTestRun
    {
        let text = source.text()
        var recorder = LoadTestRecorder(file: source.file, tool: .kafkaProducer, options: options)
        var total: Line?
        var windows: [Line] = []
        var failures = 0.0
        for (lineNumber, line) in ToolOutputText.lines(text) {
            if line.contains(" records sent, ") {
                guard let parsed = parse(line) else {
                    recorder.problem(
                        line: lineNumber, column: 1,
                        "expected 'N records sent, X records/sec (Y MB/sec), A ms avg latency, M ms max latency…'")
                    continue
                }
                if parsed.percentiles.isEmpty { windows.append(parsed) } else { total = parsed }
            } else if let message = exceptionHeadline(line) {
                failures += 1
                recorder.addError(message, count: 1)
            }
        }
        guard let figures = total ?? summed(windows) else {
            throw LoadTestReadError(file: source.file, "no 'N records sent, …' line found")
        }
        if total == nil { recorder.markTruncated() }
        let duration = figures.rate > 0 ? figures.records / figures.rate : nil
        var messages = LoadMetric(.counter, reported: ["rate": figures.rate])
        messages.count = figures.records
        recorder.setMetric("messages", messages)
        var failed = LoadMetric(.rate)
        failed.count = figures.records
        failed.nonZero = min(figures.records, failures)
        recorder.setMetric("messages_failed", failed)
        var latency: [String: Double] = ["avg": figures.averageLatency, "max": figures.maxLatency]
        for (percent, value) in figures.percentiles { latency[ToolOutputText.percentileKey(percent)] = value }
        latency["med"] = latency["p(50)"]
        latency["count"] = figures.records
        recorder.setMetric("message_latency", LoadMetric.reportedTrend(latency, count: figures.records))
        if let duration {
            recorder.setDuration(duration)
            var sent = LoadMetric(.counter)
            sent.count = figures.megabytesPerSecond * 1_048_576 * duration
            recorder.setMetric("data_sent", sent)
        }
        return ToolOutputText.finish(recorder, text: text)
    }

    /// The windows added up, for a run cut before its total line.
    static func summed(_ windows: [Line]) -> Line? {
        guard !windows.isEmpty else { return nil }
        let records = windows.reduce(0) { $0 + $1.records }
        let seconds = windows.reduce(0) { $0 + ($1.rate > 0 ? $1.records / $1.rate : 0) }
        let megabytes = windows.reduce(0) { $0 + ($1.rate > 0 ? $1.megabytesPerSecond * $1.records / $1.rate : 0) }
        let latency = windows.reduce(0) { $0 + $1.averageLatency * $1.records }
        return Line(
            records: records, rate: seconds > 0 ? records / seconds : 0,
            megabytesPerSecond: seconds > 0 ? megabytes / seconds : 0,
            averageLatency: records > 0 ? latency / records : 0,
            maxLatency: windows.map(\.maxLatency).max() ?? 0, percentiles: [:])
    }

    /// `org.apache.kafka.common.errors.TimeoutException: Expiring 1 record(s) …` → the line;
    /// stack frames, `Caused by:` and log lines are not headlines.
    static func exceptionHeadline(_ line: Substring) -> String? {
        guard let first = line.first, !first.isWhitespace, let colon = line.range(of: ": ") else { return nil }
        let className = line[..<colon.lowerBound]
        guard !className.contains(" "), className.contains("."),
            className.hasSuffix("Exception") || className.hasSuffix("Error")
        else { return nil }
        return String(line)
    }
}
