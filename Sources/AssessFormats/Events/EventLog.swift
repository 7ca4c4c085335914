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
        read(source, fields: fields, problem: problem, prepare: { $0 }, body)
    }

    /// Calls `body` with what `prepare` makes of each record (nothing for nil), in file order.
    /// `prepare` runs where the lines are parsed, on both cores for JSON lines, so a reader's
    /// own per-record work (telling writes from reads, hashing a key) is shared out too.
    static func read<Prepared: Sendable>(
        _ source: LoadTestSource, fields: EventFields, problem: (ReadProblem) -> Void,
        prepare: @escaping @Sendable (EventRecord) -> Prepared?, _ body: (Prepared) -> Void
    ) {
        switch shape(of: source.head(4096)) {
        case .jsonLines: readJSONLines(source, fields: fields, problem: problem, prepare: prepare, body)
        case .csv:
            readCSV(source, fields: fields, problem: problem) { record in
                if let prepared = prepare(record) { body(prepared) }
            }
        }
    }

    /// A timestamp as logs write them: RFC 3339 text, or epoch seconds, milliseconds,
    /// microseconds or nanoseconds told apart by size. `nan` and `inf` read as numbers but are
    /// no time: taken as one, they would be sorted and subtracted as if they were.
    public static func seconds(_ text: String) -> Double? {
        // Whole epoch numbers, the usual case, parse many times faster as integers than through
        // the C library's decimal reader, and to the same Double.
        if let whole = Int64(text), whole != 0 { return seconds(Double(whole)) }
        if let number = Double(text) { return number.isFinite ? seconds(number) : nil }
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

    /// A mapped field's value as the log holds it: bytes still in the line (a JSON string
    /// without escapes, or a bare number) or text already decoded (escapes, CSV cells). Numbers
    /// are read from the bytes, so a record makes a `String` only for the fields kept as text.
    struct FieldText {
        var bytes: UnsafeRawBufferPointer?
        var decoded: String?

        init(bytes: UnsafeRawBufferPointer) { self.bytes = bytes }
        init(_ decoded: String) { self.decoded = decoded }

        var string: String { decoded ?? String(decoding: bytes!, as: UTF8.self) }

        /// A whole number, as `Int64(text)` reads it, or a decimal with nothing after the point.
        var wholeNumber: Int64? {
            if let bytes, let whole = Self.integer(bytes) { return whole }
            let text = string
            return Int64(text) ?? Double(text).flatMap { $0.rounded() == $0 ? Int64(exactly: $0) : nil }
        }

        /// The time it holds, as `EventLog.seconds(_:)` reads the text.
        var seconds: Double? {
            // Whole epoch numbers, the usual case, are read from the bytes to the same Double
            // as the text's integer reading; zero (and -0) go the text's way.
            if let bytes, let whole = Self.integer(bytes), whole != 0 { return EventLog.seconds(Double(whole)) }
            return EventLog.seconds(string)
        }

        /// `-?[0-9]{1,18}` as an integer: every such text is one `Int64(_:)` reads to the
        /// same value, and none overflows. Anything else is nil (and read from the text).
        static func integer(_ bytes: UnsafeRawBufferPointer) -> Int64? {
            var index = 0
            let negative = bytes.count > 0 && bytes[0] == 0x2D
            if negative { index = 1 }
            let digits = bytes.count - index
            guard digits >= 1, digits <= 18 else { return nil }
            var value: Int64 = 0
            while index < bytes.count {
                let digit = bytes[index] &- 0x30
                guard digit < 10 else { return nil }
                value = value &* 10 &+ Int64(digit)
                index += 1
            }
            return negative ? -value : value
        }
    }

    /// Where `record` finds each role's value: a line's spans, or a CSV row's cells.
    protocol FieldValues {
        subscript(_ role: Role) -> FieldText? { get }
    }

    /// A JSON line's values, each role's span taken when it is asked for: nothing is copied
    /// into a list per record.
    struct LineValues: FieldValues {
        let spans: UnsafeBufferPointer<ValueSpan?>
        let slots: UnsafeBufferPointer<Int?>
        let scanner: JSONLineScanner

        subscript(_ role: Role) -> FieldText? {
            slots[role.rawValue].flatMap { spans[$0] }.map { $0.text(in: scanner) }
        }
    }

    /// A CSV row's values, by role.
    struct CellValues: FieldValues {
        let values: [FieldText?]

        subscript(_ role: Role) -> FieldText? { values[role.rawValue] }
    }

    static func record<Values: FieldValues>(line: Int, fields: EventFields, values: Values) -> Result<
        EventRecord, EventFieldProblem
    > {
        var record = EventRecord(line: line)
        if let name = fields.key {
            guard let key = values[.key] else {
                return .failure(EventFieldProblem(message: "no '\(name)' (the key)"))
            }
            record.key = key.string
        }
        if let name = fields.sequence {
            guard let value = values[.sequence] else {
                return .failure(EventFieldProblem(message: "no '\(name)' (the sequence)"))
            }
            guard let number = value.wholeNumber else {
                return .failure(EventFieldProblem(message: "'\(name)' is '\(value.string)', not a whole number"))
            }
            record.sequence = number
        }
        if fields.partition != nil { record.partition = values[.partition]?.string }
        if fields.id != nil { record.id = values[.id]?.string }
        func time(_ role: Role, _ name: String?) -> Result<Double?, EventFieldProblem> {
            guard let name else { return .success(nil) }
            guard let value = values[role] else {
                return .failure(EventFieldProblem(message: "no '\(name)' (a time)"))
            }
            guard let time = value.seconds else {
                return .failure(EventFieldProblem(message: "'\(name)' is '\(value.string)', not a timestamp"))
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

    static func readJSONLines<Prepared: Sendable>(
        _ source: LoadTestSource, fields: EventFields, problem: (ReadProblem) -> Void,
        prepare: @escaping @Sendable (EventRecord) -> Prepared?, _ body: (Prepared) -> Void
    ) {
        let paths = bytePaths(fields.all)
        let everyPath = allPaths(paths.count)
        let slots = Role.allCases.map { role in fields.name(role).flatMap { name in paths.firstIndex { $0.0 == name } }
        }
        let parser = EventLines(
            file: source.file, fields: fields, paths: paths, everyPath: everyPath, slots: slots, prepare: prepare)
        let overlong = LineBatch.stream(source, through: parser) { parsed in
            switch parsed {
            case .success(let prepared): body(prepared)
            case .failure(let found): problem(found)
            }
        }
        if let message = LoadTestSource.overlongMessage(overlong) {
            problem(ReadProblem(file: source.file, line: overlong[0], message))
        }
    }

    /// A JSON line of an event log: its record, or the problem that kept it from being read.
    struct EventLines<Prepared: Sendable>: LineParser {
        let file: String
        let fields: EventFields
        let paths: [(String, [[UInt8]])]
        let everyPath: UInt64
        let slots: [Int?]
        let prepare: @Sendable (EventRecord) -> Prepared?

        /// Where each path's value lies in the line: one buffer for every line of a share,
        /// cleared, not allocated, per record.
        struct Scratch {
            var spans: [ValueSpan?]
        }

        func makeScratch() -> Scratch { Scratch(spans: [ValueSpan?](repeating: nil, count: paths.count)) }

        func isBlank(_ line: UnsafeRawBufferPointer) -> Bool { !line.contains(where: { $0 != 0x20 && $0 != 0x09 }) }

        func parse(_ line: UnsafeRawBufferPointer, number: Int, unterminated: Bool, scratch: inout Scratch)
            -> Result<Prepared, ReadProblem>?
        {
            for index in scratch.spans.indices { scratch.spans[index] = nil }
            var scanner = JSONLineScanner(line)
            do throws(JSONLineScanner.SyntaxError) {
                try collect(&scanner, depth: 0, candidates: everyPath, paths: paths, into: &scratch.spans)
                scanner.skipWhitespace()
                if !scanner.atEnd { throw scanner.error("unexpected text after the record") }
            } catch {
                return .failure(
                    ReadProblem(
                        file: file, line: number, column: error.column,
                        unterminated
                            ? "the last line is cut short: \(error.message)" : "not a JSON record: \(error.message)"))
            }
            let made = scratch.spans.withUnsafeBufferPointer { spans in
                slots.withUnsafeBufferPointer { slots in
                    record(
                        line: number, fields: fields, values: LineValues(spans: spans, slots: slots, scanner: scanner))
                }
            }
            switch made {
            case .success(let record): return prepare(record).map { .success($0) }
            case .failure(let failure): return .failure(ReadProblem(file: file, line: number, failure.message))
            }
        }
    }

    /// Where a kept value lies in its line: a string's bytes between the quotes (escaped or
    /// not), or a bare value's bytes with blanks trimmed.
    struct ValueSpan {
        var start: Int
        var end: Int
        var escaped: Bool

        func text(in scanner: JSONLineScanner) -> FieldText {
            escaped
                ? FieldText(scanner.decode(JSONLineScanner.RawString(start: start, end: end, escaped: true)))
                : FieldText(bytes: UnsafeRawBufferPointer(rebasing: scanner.bytes[start..<end]))
        }
    }

    /// Walks an object, keeping where the scalar values whose dotted path the fields name lie:
    /// the paths still in play are bits of `candidates`, and member names are compared as
    /// bytes, so a member no field names costs a comparison or two and a skip.
    static func collect(
        _ scanner: inout JSONLineScanner, depth: Int, candidates: UInt64, paths: [(String, [[UInt8]])],
        into values: inout [ValueSpan?]
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
                set(ValueSpan(start: raw.start, end: raw.end, escaped: raw.escaped), ending, &values)
            default:
                var start = s.position
                try s.skipValue()
                guard ending != 0 else { return }
                // Blanks trimmed on the bytes.
                var end = s.position
                while start < end, s.bytes[start] == 0x20 || s.bytes[start] == 0x09 { start += 1 }
                while end > start, s.bytes[end - 1] == 0x20 || s.bytes[end - 1] == 0x09 { end -= 1 }
                let isNull =
                    end - start == 4 && s.bytes[start] == 0x6E && s.bytes[start + 1] == 0x75
                    && s.bytes[start + 2] == 0x6C && s.bytes[start + 3] == 0x6C
                if !isNull { set(ValueSpan(start: start, end: end, escaped: false), ending, &values) }
            }
        }
    }

    /// Each dotted field name with its parts as bytes, as `collect` compares member names: made
    /// once per file, not per line.
    static func bytePaths(_ names: [String]) -> [(String, [[UInt8]])] {
        names.map { name in (name, name.split(separator: ".").map { Array($0.utf8) }) }
    }

    /// The `candidates` of `collect` that hold every one of `count` paths.
    static func allPaths(_ count: Int) -> UInt64 { count >= 64 ? .max : (1 << UInt64(count)) - 1 }

    /// The same walk for readers that keep values by field name (saga logs); `paths` from
    /// `bytePaths`.
    static func collect(
        _ scanner: inout JSONLineScanner, paths: [(String, [[UInt8]])], into values: inout [String: String]
    ) throws(JSONLineScanner.SyntaxError) {
        var spans = [ValueSpan?](repeating: nil, count: paths.count)
        try collect(&scanner, depth: 0, candidates: allPaths(paths.count), paths: paths, into: &spans)
        for (index, span) in spans.enumerated() {
            if let span { values[paths[index].0] = span.text(in: scanner).string }
        }
    }

    @inline(__always) static func set(_ span: ValueSpan, _ slots: UInt64, _ values: inout [ValueSpan?]) {
        var rest = slots
        while rest != 0 {
            values[rest.trailingZeroBitCount] = span
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
            let values = Role.allCases.map { role in
                slots[role.rawValue].flatMap { $0 < cells.count ? cells[$0] : nil }.flatMap {
                    $0.isEmpty ? nil : FieldText($0)
                }
            }
            let result = record(line: number, fields: fields, values: CellValues(values: values))
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
