import Foundation

/// Which fields of a consumer's or producer's log carry what: the rubric names them, since
/// every lab logs its own shape. Dotted names reach into nested JSON (`source.lsn`).
public struct EventFields: Sendable, Hashable {
    public var key: String?
    public var sequence: String?
    public var partition: String?
    /// When the event was produced (or written).
    public var time: String?
    /// When it was consumed; with `time`, gives end-to-end latency.
    public var consumedTime: String?
    public var id: String?

    public init(
        key: String? = nil, sequence: String? = nil, partition: String? = nil, time: String? = nil,
        consumedTime: String? = nil, id: String? = nil
    ) {
        self.key = key
        self.sequence = sequence
        self.partition = partition
        self.time = time
        self.consumedTime = consumedTime
        self.id = id
    }

    public var all: [String] { [key, sequence, partition, time, consumedTime, id].compactMap { $0 } }

    /// Every role with the name it maps (`key=order;sequence=-;…`), so two mappings that name
    /// the same columns for different roles never read alike: a reader's cache variant.
    public var labelled: String {
        EventLog.Role.allCases.map { "\($0)=\(name($0) ?? "-")" }.joined(separator: ";")
    }

    /// The name mapped to `role`.
    func name(_ role: EventLog.Role) -> String? {
        switch role {
        case .key: key
        case .sequence: sequence
        case .partition: partition
        case .time: time
        case .consumedTime: consumedTime
        case .id: id
        }
    }
}

/// One event as the log recorded it.
public struct EventRecord: Sendable, Hashable {
    public var line: Int
    public var key: String?
    public var sequence: Int64?
    public var partition: String?
    /// Seconds since the epoch.
    public var time: Double?
    public var consumedTime: Double?
    public var id: String?

    public init(
        line: Int, key: String? = nil, sequence: Int64? = nil, partition: String? = nil, time: Double? = nil,
        consumedTime: Double? = nil, id: String? = nil
    ) {
        self.line = line
        self.key = key
        self.sequence = sequence
        self.partition = partition
        self.time = time
        self.consumedTime = consumedTime
        self.id = id
    }
}

/// Reads an event log, JSON lines or CSV with a header, one record at a time, so a log of
/// millions of events never sits in memory.
public enum EventLog {
    public enum Shape: String, Sendable { case jsonLines, csv }

    public static func shape(of head: String) -> Shape {
        head.drop { $0.isWhitespace }.hasPrefix("{") ? .jsonLines : .csv
    }

    /// Calls `body` with each record; malformed lines go to `problem` with line and column.
    public static func read(
        _ source: LoadTestSource, fields: EventFields, problem: (ReadProblem) -> Void,
        _ body: (EventRecord) -> Void
    ) {
        switch shape(of: source.head(4096)) {
        case .jsonLines: readJSONLines(source, fields: fields, problem: problem, body)
        case .csv: readCSV(source, fields: fields, problem: problem, body)
        }
    }

    /// A timestamp as logs write them: RFC 3339 text, or epoch seconds, milliseconds,
    /// microseconds or nanoseconds told apart by size.
    public static func seconds(_ text: String) -> Double? {
        // Whole epoch numbers, the usual case, parse many times faster as integers than through
        // the C library's decimal reader, and to the same Double.
        if let whole = Int64(text), whole != 0 { return seconds(Double(whole)) }
        if let number = Double(text) { return seconds(number) }
        return Timestamps.rfc3339(text)
    }

    public static func seconds(_ number: Double) -> Double {
        switch abs(number) {
        case 1e17...: return number / 1e9
        case 1e14...: return number / 1e6
        case 1e11...: return number / 1e3
        default: return number
        }
    }

    /// What a mapped field holds in a record; readers find each role's place once, before the
    /// first record, so a record costs no name comparison.
    enum Role: Int, CaseIterable {
        case key, sequence, partition, time, consumedTime, id
    }

    static func record(line: Int, fields: EventFields, value: (Role) -> String?) -> Result<
        EventRecord, EventFieldProblem
    > {
        var record = EventRecord(line: line)
        if let name = fields.key {
            record.key = value(.key)
            if record.key == nil { return .failure(EventFieldProblem(message: "no '\(name)' (the key)")) }
        }
        if let name = fields.sequence {
            guard let text = value(.sequence) else {
                return .failure(EventFieldProblem(message: "no '\(name)' (the sequence)"))
            }
            guard let number = Int64(text) ?? Double(text).flatMap({ $0.rounded() == $0 ? Int64(exactly: $0) : nil })
            else { return .failure(EventFieldProblem(message: "'\(name)' is '\(text)', not a whole number")) }
            record.sequence = number
        }
        if fields.partition != nil { record.partition = value(.partition) }
        if fields.id != nil { record.id = value(.id) }
        func time(_ role: Role, _ name: String?) -> Result<Double?, EventFieldProblem> {
            guard let name else { return .success(nil) }
            guard let text = value(role) else { return .failure(EventFieldProblem(message: "no '\(name)' (a time)")) }
            guard let time = seconds(text) else {
                return .failure(EventFieldProblem(message: "'\(name)' is '\(text)', not a timestamp"))
            }
            return .success(time)
        }
        switch time(.time, fields.time) {
        case .success(let time): record.time = time
        case .failure(let problem): return .failure(problem)
        }
        switch time(.consumedTime, fields.consumedTime) {
        case .success(let time): record.consumedTime = time
        case .failure(let problem): return .failure(problem)
        }
        return .success(record)
    }

    static func readJSONLines(
        _ source: LoadTestSource, fields: EventFields, problem: (ReadProblem) -> Void,
        _ body: (EventRecord) -> Void
    ) {
        let paths = fields.all.map { name in (name, name.split(separator: ".").map { Array($0.utf8) }) }
        let everyPath: UInt64 = paths.count >= 64 ? .max : (1 << UInt64(paths.count)) - 1
        let slots = Role.allCases.map { role in fields.name(role).flatMap { name in paths.firstIndex { $0.0 == name } }
        }
        let parser = EventLines(file: source.file, fields: fields, paths: paths, everyPath: everyPath, slots: slots)
        let overlong = LineBatch.stream(source, through: parser) { parsed in
            switch parsed {
            case .success(let record): body(record)
            case .failure(let found): problem(found)
            }
        }
        if let message = LoadTestSource.overlongMessage(overlong) {
            problem(ReadProblem(file: source.file, line: overlong[0], message))
        }
    }

    /// A JSON line of an event log: its record, or the problem that kept it from being read.
    struct EventLines: LineParser {
        let file: String
        let fields: EventFields
        let paths: [(String, [[UInt8]])]
        let everyPath: UInt64
        let slots: [Int?]

        /// One buffer of values for every line of a share: cleared, not allocated, per record.
        func makeScratch() -> [String?] { [String?](repeating: nil, count: paths.count) }

        func isBlank(_ line: UnsafeRawBufferPointer) -> Bool { !line.contains(where: { $0 != 0x20 && $0 != 0x09 }) }

        func parse(_ line: UnsafeRawBufferPointer, number: Int, unterminated: Bool, scratch values: inout [String?])
            -> Result<EventRecord, ReadProblem>?
        {
            for index in values.indices { values[index] = nil }
            var scanner = JSONLineScanner(line)
            do throws(JSONLineScanner.SyntaxError) {
                try collect(&scanner, depth: 0, candidates: everyPath, paths: paths, into: &values)
                scanner.skipWhitespace()
                if !scanner.atEnd { throw scanner.error("unexpected text after the record") }
            } catch {
                return .failure(
                    ReadProblem(
                        file: file, line: number, column: error.column,
                        unterminated
                            ? "the last line is cut short: \(error.message)" : "not a JSON record: \(error.message)"))
            }
            // Only the slots are taken into the closure: a closure over `self` copied the whole
            // parser, a retain and a release of each of its tables, for every line.
            let slots = slots
            switch record(line: number, fields: fields, value: { role in slots[role.rawValue].flatMap { values[$0] } })
            {
            case .success(let record): return .success(record)
            case .failure(let failure): return .failure(ReadProblem(file: file, line: number, failure.message))
            }
        }
    }

    /// Walks an object, keeping the scalar values whose dotted path the fields name: the paths
    /// still in play are bits of `candidates`, and member names are compared as bytes, so a
    /// member no field names costs a comparison or two and a skip.
    static func collect(
        _ scanner: inout JSONLineScanner, depth: Int, candidates: UInt64, paths: [(String, [[UInt8]])],
        into values: inout [String?]
    ) throws(JSONLineScanner.SyntaxError) {
        try scanner.members { (s, key) throws(JSONLineScanner.SyntaxError) in
            var wanted: UInt64 = 0
            var ending: UInt64 = 0
            func match(_ name: UnsafeRawBufferPointer) {
                var rest = candidates
                while rest != 0 {
                    let index = rest.trailingZeroBitCount
                    rest &= rest - 1
                    let parts = paths[index].1
                    guard parts.count > depth, parts[depth].count == name.count else { continue }
                    let same =
                        name.count == 0
                        || parts[depth].withUnsafeBytes { memcmp($0.baseAddress!, name.baseAddress!, name.count) == 0 }
                    if same {
                        wanted |= 1 << UInt64(index)
                        if parts.count == depth + 1 { ending |= 1 << UInt64(index) }
                    }
                }
            }
            if key.escaped {
                Array(s.decode(key).utf8).withUnsafeBytes { match($0) }
            } else {
                match(UnsafeRawBufferPointer(rebasing: s.bytes[key.start..<key.end]))
            }
            guard wanted != 0 else {
                try s.skipValue()
                return
            }
            s.skipWhitespace()
            guard s.position < s.bytes.count else { throw s.error("expected a value") }
            switch s.bytes[s.position] {
            case 0x7B: try collect(&s, depth: depth + 1, candidates: wanted, paths: paths, into: &values)
            case 0x22:
                let raw = try s.string()
                guard ending != 0 else { return }
                let text = s.decode(raw)
                set(text, ending, &values)
            default:
                var start = s.position
                try s.skipValue()
                guard ending != 0 else { return }
                // Blanks trimmed on the bytes, before a string is made.
                var end = s.position
                while start < end, s.bytes[start] == 0x20 || s.bytes[start] == 0x09 { start += 1 }
                while end > start, s.bytes[end - 1] == 0x20 || s.bytes[end - 1] == 0x09 { end -= 1 }
                let text = String(decoding: UnsafeRawBufferPointer(rebasing: s.bytes[start..<end]), as: UTF8.self)
                if text != "null" { set(text, ending, &values) }
            }
        }
    }

    /// The same walk for readers that keep values by field name (saga logs).
    static func collect(
        _ scanner: inout JSONLineScanner, paths: [(String, [String])], into values: inout [String: String]
    ) throws(JSONLineScanner.SyntaxError) {
        let bytePaths = paths.map { name, parts in (name, parts.map { Array($0.utf8) }) }
        var slots = [String?](repeating: nil, count: bytePaths.count)
        try collect(
            &scanner, depth: 0, candidates: bytePaths.count >= 64 ? .max : (1 << UInt64(bytePaths.count)) - 1,
            paths: bytePaths, into: &slots)
        for (index, value) in slots.enumerated() {
            if let value { values[paths[index].0] = value }
        }
    }

    @inline(__always) static func set(_ text: String, _ slots: UInt64, _ values: inout [String?]) {
        var rest = slots
        while rest != 0 {
            values[rest.trailingZeroBitCount] = text
            rest &= rest - 1
        }
    }

    static func readCSV(
        _ source: LoadTestSource, fields: EventFields, problem: (ReadProblem) -> Void,
        _ body: (EventRecord) -> Void
    ) {
        var columns: [String: Int] = [:]
        var slots: [Int?] = []
        source.forEachLine { line, number, unterminated in
            guard !line.isEmpty else { return true }
            guard let cells = CSVFields.strings(line) else {
                problem(ReadProblem(file: source.file, line: number, "a quoted field is not closed"))
                return true
            }
            if columns.isEmpty {
                for (index, name) in cells.enumerated() { columns[name.trimmingCharacters(in: .whitespaces)] = index }
                for name in fields.all where columns[name] == nil {
                    problem(ReadProblem(file: source.file, line: 1, "the header has no column '\(name)'"))
                }
                slots = Role.allCases.map { role in fields.name(role).flatMap { columns[$0] } }
                return true
            }
            if unterminated, cells.count < columns.count {
                problem(ReadProblem(file: source.file, line: number, "the last line is cut short"))
                return true
            }
            let result = record(line: number, fields: fields) { role in
                slots[role.rawValue].flatMap { $0 < cells.count ? cells[$0] : nil }.flatMap { $0.isEmpty ? nil : $0 }
            }
            switch result {
            case .success(let record): body(record)
            case .failure(let failure): problem(ReadProblem(file: source.file, line: number, failure.message))
            }
            return true
        }
    }
}

/// Why a record lacks a field the rubric maps.
struct EventFieldProblem: Error {
    var message: String
}
