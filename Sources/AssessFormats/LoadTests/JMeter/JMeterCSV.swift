import AssessYAML
/// A JMeter results file (JTL) saved as CSV: one row per sample, columns named by the
/// header JMeter writes with `jmeter.save.saveservice.print_field_names=true` (the default),
/// or in the default order when there is no header (JMeter user manual, "Listeners" →
/// "CSV Log format"). Comma or tab separated; `timeStamp` in epoch milliseconds, `elapsed`
/// in ms, `success` as `true`/`false`. Transaction Controller parent rows are left out so
/// requests are not counted twice.
public enum JMeterCSV: LoadTestFormat {
    public static let name = "JMeter CSV results (JTL)"

    static let defaultColumns = [
        "timeStamp", "elapsed", "label", "responseCode", "responseMessage", "threadName", "dataType", "success",
        "failureMessage", "bytes", "sentBytes", "grpThreads", "allThreads", "URL", "Latency", "IdleTime", "Connect",
    ]

    public static func recognizes(head: String, fileName: String) -> Bool {
        guard let first = head.lines.first(where: { !$0.isEmpty }) else { return false }
        if first.hasPrefix("timeStamp,") || first.hasPrefix("timeStamp\t") { return first.contains("elapsed") }
        // Headerless: an epoch-ms timestamp, a whole elapsed time, and true/false in the success column.
        let fields = first.split(separator: ",", omittingEmptySubsequences: false)
        return fileName.hasSuffix(".jtl") || fileName.hasSuffix(".csv")
            ? fields.count >= 8 && fields[0].count == 13 && Int(fields[0]) != nil && Int(fields[1]) != nil
                && (fields[7] == "true" || fields[7] == "false")
            : false
    }

    public static func read(_ source: LoadTestSource, options: LoadTestReadOptions) throws(LoadTestReadError)
        -> LoadTestRun
    {
        var recorder = LoadTestRecorder(file: source.file, tool: .jmeter, options: options)
        var columns: [String: Int] = [:]
        var separator: UInt8 = 0x2C
        var rows = 0
        var lastEnd: Double = 0
        var lastStart: Double = 0
        var fields: [CSVFields.Field] = []
        var texts = TextCache()
        var at:
            (stamp: Int, elapsed: Int, label: Int, code: Int, message: Int, success: Int, failure: Int, threads: Int) =
                (-1, -1, -1, -1, -1, -1, -1, -1)
        source.forEachLine { line, number, unterminated in
            guard line.count > 0 else { return true }
            if number == 1 {
                separator = line.firstIndex(of: 0x09) != nil && line.firstIndex(of: 0x2C) == nil ? 0x09 : 0x2C
                let names = CSVFields.strings(line, separator: separator) ?? []
                if names.first == "timeStamp" {
                    for (index, name) in names.enumerated() { columns[name] = index }
                } else {
                    for (index, name) in defaultColumns.enumerated() { columns[name] = index }
                }
                at = (
                    columns["timeStamp"] ?? -1, columns["elapsed"] ?? -1, columns["label"] ?? -1,
                    columns["responseCode"] ?? -1, columns["responseMessage"] ?? -1, columns["success"] ?? -1,
                    columns["failureMessage"] ?? -1, columns["allThreads"] ?? -1
                )
                if names.first == "timeStamp" { return true }
            }
            guard CSVFields.ranges(line, separator: separator, into: &fields) else {
                if unterminated {
                    recorder.markTruncated()
                } else {
                    recorder.problem(line: number, "a quoted field is not closed")
                }
                return true
            }
            func field(_ index: Int) -> CSVFields.Field? { index >= 0 && index < fields.count ? fields[index] : nil }
            func text(_ index: Int) -> String? { field(index).map { CSVFields.decode($0, in: line) } }
            guard let stamp = field(at.stamp).flatMap({ CSVFields.number($0, in: line) }),
                let elapsed = field(at.elapsed).flatMap({ CSVFields.number($0, in: line) })
            else {
                if unterminated {
                    recorder.markTruncated()
                } else {
                    recorder.problem(
                        line: number,
                        "expected an epoch-millisecond 'timeStamp' and a whole 'elapsed' in ms, found '\(text(at.stamp) ?? "")' and '\(text(at.elapsed) ?? "")'"
                    )
                }
                return true
            }
            if unterminated, fields.count < columns.count {
                recorder.markTruncated()
                return true
            }
            if let message = field(at.message), message.end - message.start > 32,
                CSVFields.decode(message, in: line).hasPrefix("Number of samples in transaction")
            {
                return true
            }
            let success = field(at.success).map { texts.text($0, in: line, slot: 0) }
            guard success == "true" || success == "false" else {
                recorder.problem(line: number, "expected 'true' or 'false' in 'success', found '\(success ?? "")'")
                return true
            }
            let failed = success == "false"
            if let threads = field(at.threads).flatMap({ CSVFields.number($0, in: line) }) {
                recorder.setConcurrency(threads)
            }
            var error: String?
            if failed {
                error = text(at.failure).flatMap { $0.isEmpty ? nil : $0 } ?? text(at.message)
            }
            recorder.request(
                time: stamp / 1000, latency: elapsed, failed: failed,
                status: field(at.code).map { texts.text($0, in: line, slot: 1) },
                name: field(at.label).map { texts.text($0, in: line, slot: 2) }, error: error)
            rows += 1
            lastStart = max(lastStart, stamp / 1000)
            lastEnd = max(lastEnd, (stamp + elapsed) / 1000)
            return true
        }
        if rows == 0, let problem = recorder.run.problems.first {
            throw LoadTestReadError(file: source.file, line: problem.line, problem.message)
        }
        return recorder.finish(lastSampleLength: lastEnd - lastStart)
    }
}

/// The last text seen in each of a few columns, so a column whose value repeats row after
/// row (a label, a status code) is decoded once.
struct TextCache {
    var bytes: [[UInt8]] = [[], [], [], []]
    var texts: [String] = ["", "", "", ""]

    mutating func text(_ field: CSVFields.Field, in line: UnsafeRawBufferPointer, slot: Int) -> String {
        let raw = UnsafeRawBufferPointer(rebasing: line[field.start..<field.end])
        if !field.quoted, raw.elementsEqual(bytes[slot]) { return texts[slot] }
        let text = CSVFields.decode(field, in: line)
        bytes[slot] = Array(raw)
        texts[slot] = text
        return text
    }
}
