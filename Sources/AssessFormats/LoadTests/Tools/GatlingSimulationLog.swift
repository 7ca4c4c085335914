/// Gatling's `simulation.log` in its text form (Gatling 2.x – 3.12): one TAB-separated record
/// per line, a request's response time being `end − start` in epoch milliseconds.
///
/// The record layouts differ by version, and the field count tells them apart:
/// - 3.4 – 3.12: `REQUEST groups name start end OK|KO message`, `USER scenario START|END ts`;
/// - 3.0 – 3.3: `REQUEST userId groups name start end OK|KO message`,
///   `USER scenario userId START|END start end`;
/// - 2.x: `REQUEST scenario userId groups name requestStart requestEnd responseStart responseEnd
///   OK|KO message`.
/// `RUN simulation runId start description version` opens the run (after any `ASSERTION`
/// records) and gives the version and start; `ERROR message ts` records are counted as errors.
///
/// Gatling 3.13 and later write a binary log that only the same Gatling version can read; such
/// a file is recognised and refused with a message asking for the HTML report's
/// `js/stats.json` or the console output instead.
///
/// Mapping: each request → `http_reqs`, `http_req_failed` (KO), `http_req_duration` (ms);
/// request names (with their group path, `group / name`) → endpoints; KO messages → errors;
/// active users → `vus` (gauge) and concurrency. Gatling logs no HTTP status code.
public enum GatlingSimulationLog: LoadTestFormat {
    public static let name = "Gatling simulation.log"

    public static func recognizes(head: String, fileName: String) -> Bool {
        if binaryVersion(head) != nil { return true }
        let first = head.prefix { $0 != "\n" }
        return first.hasPrefix("RUN\t") || first.hasPrefix("ASSERTION\t")
            || (first.hasPrefix("USER\t") || first.hasPrefix("REQUEST\t")) && fileName.hasSuffix(".log")
    }

    /// The Gatling version a binary (3.13+) log names in its run header, when the file is one:
    /// a 0 record byte, a 4-byte big-endian length, then a version string such as `3.13.1`.
    static func binaryVersion(_ head: String) -> String? {
        let bytes = Array(head.utf8.prefix(64))
        guard bytes.count > 8, bytes[0] == 0 else { return nil }
        let length = Int(bytes[1]) << 24 | Int(bytes[2]) << 16 | Int(bytes[3]) << 8 | Int(bytes[4])
        guard length >= 3, length <= 32, bytes.count >= 5 + length else { return nil }
        let version = bytes[5..<(5 + length)]
        guard version.allSatisfy({ ($0 >= 48 && $0 <= 57) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") }),
            version.contains(UInt8(ascii: "."))
        else { return nil }
        return String(decoding: version, as: UTF8.self)
    }

    public static func read(_ source: LoadTestSource, options: LoadTestReadOptions) throws(LoadTestReadError)
        -> LoadTestRun
    {
        let head = source.head(256)
        if let version = binaryVersion(head) {
            throw LoadTestReadError(
                file: source.file,
                "this simulation.log is Gatling's binary format (Gatling 3.13 or later; this one was written by \(version)), "
                    + "which only the Gatling version that wrote it can read; hand in the report's js/stats.json "
                    + "(Gatling ≤ 3.13.4) or the console output instead")
        }
        var reader = Reader(file: source.file, options: options)
        source.forEachLine { buffer, number, cut in
            if cut {
                // Gatling ends every record with a newline: a last line without one was cut short.
                reader.recorder.markTruncated()
                return false
            }
            reader.record(ToolOutputText.string(buffer), line: number)
            return true
        }
        return try reader.finish()
    }

    private struct Reader {
        var recorder: LoadTestRecorder
        let options: LoadTestReadOptions
        let file: String
        var runStart: Double?
        var firstStart: Double?
        var lastEnd: Double?
        var requests = 0
        var activeUsers = 0.0
        var vus = LoadMetric(.gauge)
        var records = 0

        init(file: String, options: LoadTestReadOptions) {
            recorder = LoadTestRecorder(file: file, tool: .gatling, options: options)
            self.options = options
            self.file = file
        }

        mutating func record(_ line: String, line number: Int) {
            guard !line.isEmpty else { return }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            func column(_ index: Int) -> Int { fields[..<index].reduce(1) { $0 + $1.utf8.count + 1 } }
            func milliseconds(_ index: Int) -> Double? {
                guard index < fields.count, let value = Double(fields[index]) else {
                    recorder.problem(
                        line: number, column: index < fields.count ? column(index) : line.utf8.count + 1,
                        "expected a timestamp in milliseconds, found '\(index < fields.count ? String(fields[index]) : "")'"
                    )
                    return nil
                }
                return value
            }
            switch fields[0] {
            case "RUN":
                records += 1
                guard fields.count >= 6 else {
                    recorder.problem(line: number, "a RUN record has 6 fields, this one \(fields.count)")
                    return
                }
                recorder.setVersion(String(fields[5]).trimmingCharacters(in: .whitespaces))
                if let start = milliseconds(3) {
                    runStart = start
                    recorder.setOrigin(start / 1000)
                }
            case "REQUEST":
                records += 1
                // (groups, name, start, end, status, message) positions per layout.
                let layout: (groups: Int, name: Int, start: Int, end: Int, status: Int)
                switch fields.count {
                case 7: layout = (1, 2, 3, 4, 5)
                case 8: layout = (2, 3, 4, 5, 6)
                case 11: layout = (3, 4, 5, 8, 9)
                default:
                    recorder.problem(
                        line: number,
                        "a REQUEST record has 7 fields (Gatling 3.4+), 8 (3.0–3.3) or 11 (2.x); this one has \(fields.count)"
                    )
                    return
                }
                guard let start = milliseconds(layout.start), let end = milliseconds(layout.end) else { return }
                let status = fields[layout.status]
                guard status == "OK" || status == "KO" else {
                    recorder.problem(
                        line: number, column: column(layout.status), "expected OK or KO, found '\(status)'")
                    return
                }
                let failed = status == "KO"
                let groups = fields[layout.groups]
                let name =
                    groups.isEmpty
                    ? String(fields[layout.name])
                    : groups.split(separator: ",").joined(separator: " / ") + " / " + fields[layout.name]
                var message: String?
                if failed, layout.status + 1 < fields.count {
                    let text = fields[layout.status + 1].trimmingCharacters(in: .whitespaces)
                    message = text.isEmpty ? "KO" : text
                }
                firstStart = min(firstStart ?? start, start)
                lastEnd = max(lastEnd ?? end, end)
                requests += 1
                recorder.request(
                    time: start / 1000, latency: max(0, end - start), failed: failed, name: name, error: message)
            case "USER":
                records += 1
                let event = fields.count == 4 ? 2 : 3
                guard fields.count == 4 || fields.count == 6 else {
                    recorder.problem(
                        line: number,
                        "a USER record has 4 fields (Gatling 3.4+) or 6 (earlier); this one has \(fields.count)")
                    return
                }
                switch fields[event] {
                case "START": activeUsers += 1
                case "END": activeUsers = max(0, activeUsers - 1)
                default:
                    recorder.problem(
                        line: number, column: column(event), "expected START or END, found '\(fields[event])'")
                    return
                }
                vus.add(activeUsers)
                recorder.setConcurrency(activeUsers)
            case "ERROR":
                records += 1
                if fields.count >= 2 { recorder.addError(String(fields[1]), count: 1) }
            case "GROUP", "ASSERTION":
                records += 1
            default:
                recorder.problem(line: number, "unknown record type '\(fields[0])'")
            }
        }

        func finish() throws(LoadTestReadError) -> LoadTestRun {
            guard records > 0 else {
                throw LoadTestReadError(file: file, "no Gatling records (RUN, USER, REQUEST …) in the file")
            }
            var recorder = recorder
            if let firstStart, let lastEnd {
                let origin = min(runStart ?? firstStart, firstStart)
                recorder.setDuration((lastEnd - origin) / 1000 - options.warmUp)
            }
            if vus.count > 0 { recorder.setMetric("vus", vus) }
            return recorder.finish()
        }
    }
}
