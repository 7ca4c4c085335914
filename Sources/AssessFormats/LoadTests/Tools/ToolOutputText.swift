import Foundation

/// The small pieces of text every load tool's output is made of: numbers with auto-scaled
/// units (`635.91us`, `17.76GB`, `56.20k`), Go durations (`1m2.5s`), CSV fields, RFC 3339
/// timestamps. Shared by the readers in this folder so each unit is parsed one way.
enum ToolOutputText {
    /// The lines of a small (summary) file with their 1-based numbers, without `\n` or `\r\n`
    /// (split on bytes: in Swift `"\r\n"` is one `Character`, not a `"\n"`).
    static func lines(_ text: String) -> [(number: Int, text: Substring)] {
        var result: [(Int, Substring)] = []
        let utf8 = text.utf8
        var start = utf8.startIndex
        var number = 0
        while start < utf8.endIndex {
            let newline = utf8[start...].firstIndex(of: UInt8(ascii: "\n")) ?? utf8.endIndex
            var end = newline
            if end > start, utf8[utf8.index(before: end)] == UInt8(ascii: "\r") { end = utf8.index(before: end) }
            number += 1
            result.append((number, text[start..<end]))
            start = newline == utf8.endIndex ? newline : utf8.index(after: newline)
        }
        return result
    }

    /// The CSV records of a small file with the line each starts on: lines are joined while a
    /// quoted field is open, so a field holding newlines (a Python traceback) stays in its record.
    static func csvRecords(_ text: String) -> [(number: Int, text: Substring)] {
        var records: [(Int, Substring)] = []
        var open: (number: Int, start: Substring.Index, quotes: Int)?
        for (number, line) in lines(text) {
            let quotes = line.utf8.reduce(0) { $1 == UInt8(ascii: "\"") ? $0 + 1 : $0 }
            if let current = open {
                let total = current.quotes + quotes
                if total % 2 == 0 {
                    records.append((current.number, text[current.start..<line.endIndex]))
                    open = nil
                } else {
                    open = (current.number, current.start, total)
                }
            } else if quotes % 2 == 1 {
                open = (number, line.startIndex, quotes)
            } else {
                records.append((number, line))
            }
        }
        if let current = open { records.append((current.number, text[current.start...])) }
        return records
    }

    /// Milliseconds from a figure a tool printed in seconds, without binary noise
    /// (`0.0481` s is `48.1` ms, not `48.099999999999994`).
    static func milliseconds(fromSeconds seconds: Double) -> Double { (seconds * 1e9).rounded() / 1e6 }

    /// Whether the text ends without a newline (a file cut mid-line).
    static func endsMidLine(_ text: String) -> Bool {
        guard let last = text.utf8.last else { return false }
        return last != UInt8(ascii: "\n")
    }

    /// The run of a text summary, with a last line cut mid-way (no newline after it, and not
    /// readable) counted as truncation rather than as a malformed line.
    static func finish(_ recorder: LoadTestRecorder, text: String) -> LoadTestRun {
        var run = recorder.finish()
        guard endsMidLine(text) else { return run }
        let lastLine = text.utf8.reduce(1) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
        if run.problems.contains(where: { $0.line == lastLine }) {
            run.problems.removeAll { $0.line == lastLine }
            run.truncated = true
        }
        return run
    }

    /// A plain decimal number, tolerating surrounding blanks and `,` thousands separators.
    static func number<S: StringProtocol>(_ text: S) -> Double? {
        var trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.contains(",") { trimmed = trimmed.replacingOccurrences(of: ",", with: "") }
        guard !trimmed.isEmpty, let value = Double(trimmed), value.isFinite else { return nil }
        return value
    }

    /// Splits `12.92ms` into `12.92` and `ms`.
    static func splitUnit<S: StringProtocol>(_ text: S) -> (value: Double, unit: String)? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let end = trimmed.firstIndex(where: { !($0.isNumber || $0 == "." || $0 == "-" || $0 == "+") }) else {
            return number(trimmed).map { ($0, "") }
        }
        guard let value = Double(trimmed[..<end]), value.isFinite else { return nil }
        return (value, String(trimmed[end...]))
    }

    /// A duration with a unit suffix (wrk, ab, Kafka): `us`/`µs`, `ms`, `s`, `m`, `h`, `ns`;
    /// in milliseconds.
    static func milliseconds<S: StringProtocol>(_ text: S) -> Double? {
        guard let (value, unit) = splitUnit(text) else { return nil }
        switch unit {
        case "ns": return value / 1_000_000
        case "us", "µs", "μs": return value / 1000
        case "ms": return value
        case "s", "sec", "secs": return value * 1000
        case "m", "min": return value * 60_000
        case "h": return value * 3_600_000
        default: return nil
        }
    }

    /// A count with wrk's metric suffix (`56.20k`, `1.04M`).
    static func scaledCount<S: StringProtocol>(_ text: S) -> Double? {
        guard let (value, unit) = splitUnit(text) else { return nil }
        switch unit {
        case "": return value
        case "k": return value * 1e3
        case "M": return value * 1e6
        case "G": return value * 1e9
        case "T": return value * 1e12
        default: return nil
        }
    }

    /// A byte size as wrk prints it (`17.76GB`, `606.33MB`, `91.59KB`, `512.00B`), base 1024.
    static func bytes<S: StringProtocol>(_ text: S) -> Double? {
        guard let (value, unit) = splitUnit(text) else { return nil }
        let powers = ["B": 0, "KB": 1, "MB": 2, "GB": 3, "TB": 4, "PB": 5, "K": 1, "M": 2, "G": 3, "T": 4, "": 0]
        guard let power = powers[unit] else { return nil }
        return value * pow(1024, Double(power))
    }

    /// A Go `time.Duration` string (`10.094965987s`, `145.082066ms`, `1m2.5s`, `850µs`, `0s`),
    /// in milliseconds.
    static func goDuration<S: StringProtocol>(_ text: S) -> Double? {
        var rest = Substring(text.trimmingCharacters(in: .whitespaces))
        guard !rest.isEmpty else { return nil }
        var sign = 1.0
        if rest.first == "-" {
            sign = -1
            rest = rest.dropFirst()
        }
        if rest == "0" { return 0 }
        var total = 0.0
        while !rest.isEmpty {
            guard let unitStart = rest.firstIndex(where: { !($0.isNumber || $0 == ".") }),
                unitStart != rest.startIndex, let value = Double(rest[..<unitStart])
            else { return nil }
            rest = rest[unitStart...]
            let unitEnd = rest.firstIndex(where: { $0.isNumber || $0 == "." }) ?? rest.endIndex
            let unit = rest[..<unitEnd]
            rest = rest[unitEnd...]
            switch unit {
            case "ns": total += value / 1_000_000
            case "us", "µs", "μs": total += value / 1000
            case "ms": total += value
            case "s": total += value * 1000
            case "m": total += value * 60_000
            case "h": total += value * 3_600_000
            default: return nil
            }
        }
        return sign * total
    }

    /// The k6 name of a percentile figure: `p(95)`, `p(99.9)`.
    static func percentileKey(_ percent: Double) -> String {
        Threshold.Statistic.percentile((percent * 10_000).rounded() / 10_000).description
    }

    /// The fields of one CSV record (RFC 4180 quoting), or nil when a quote is left open.
    static func csvFields<S: StringProtocol>(_ line: S, separator: Character = ",") -> [String]? {
        CSVFields.strings(String(line), separator: separator.asciiValue ?? 0x2C)
    }

    /// The 1-based column where field `index` of a CSV line starts, past any blanks after the
    /// separator (for problem locations).
    static func column<S: StringProtocol>(ofField index: Int, in line: S, separator: Character = ",") -> Int {
        guard index > 0 else { return 1 }
        var seen = 0
        var quoted = false
        var column = 0
        var found = false
        for character in line {
            column += 1
            if found {
                if character != " " { return column }
                continue
            }
            if character == "\"" { quoted.toggle() }
            if character == separator, !quoted {
                seen += 1
                if seen == index { found = true }
            }
        }
        return column + 1
    }

    /// The 1-based column where `token` first appears in `line` (1 when it does not).
    static func column(of token: some StringProtocol, in line: some StringProtocol) -> Int {
        guard !token.isEmpty, let range = line.range(of: token) else { return 1 }
        return line.distance(from: line.startIndex, to: range.lowerBound) + 1
    }

    /// Seconds since the epoch for an RFC 3339 timestamp (`2015-09-19T14:45:50.645818631+02:00`).
    static func rfc3339<S: StringProtocol>(_ text: S) -> Double? { Timestamps.rfc3339(String(text)) }

    /// The text of a line handed over by `LoadTestSource.forEachLine`.
    static func string(_ buffer: UnsafeRawBufferPointer) -> String { String(decoding: buffer, as: UTF8.self) }
}

extension LoadTestReadOptions {
    /// Whether a record `secondsFromStart` into the run falls in the warm-up being trimmed.
    func inWarmUp(_ secondsFromStart: Double) -> Bool { warmUp > 0 && secondsFromStart < warmUp }
}
