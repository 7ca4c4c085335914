import Foundation

/// Which fields of the captured rows the rubric cares about: the row key (`order_id`) and,
/// to match changes against the application's write log, a version column.
public struct ChangeFields: Sendable, Hashable {
    public var key: String?
    public var version: String?

    public init(key: String? = nil, version: String? = nil) {
        self.key = key
        self.version = version
    }
}

/// Reads Debezium change events one at a time, whatever dumped them: JSON lines of envelopes
/// (with or without Kafka Connect's `schema`/`payload` wrapper, or flattened by
/// `ExtractNewRecordState`), `kcat -J` lines (key and payload as JSON strings holding JSON),
/// `kafka-console-consumer` lines (`key<TAB>value`, with optional `CreateTime:`/`Partition:`/
/// `Offset:` columns), and a pretty-printed event or array of events as the docs show them.
/// Lines are streamed, so a million events need no more memory than one.
public enum DebeziumReader {
    /// Calls `body` with each change; a record that cannot be read goes to `problem` with its
    /// line and column, and reading goes on.
    public static func read(
        _ source: LoadTestSource, fields: ChangeFields, problem: (LoadTestProblem) -> Void,
        _ body: (ChangeEvent) -> Void
    ) {
        let walker = EnvelopeWalker(fields: fields)
        let firstLine = source.head(4096).split(whereSeparator: \.isNewline).first {
            !$0.allSatisfy(\.isWhitespace)
        }
        let opening = firstLine?.trimmingCharacters(in: .whitespaces) ?? ""
        if opening == "{" || opening.hasPrefix("[") {
            readDocument(source, walker: walker, problem: problem, body)
            return
        }
        source.forEachLine { line, number, unterminated in
            guard line.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) else { return true }
            do throws(JSONLineScanner.SyntaxError) {
                if let event = try walker.record(line, line: number) { body(event) }
            } catch {
                let message =
                    unterminated
                    ? "the last line is cut short: \(error.message)" : "not a change event: \(error.message)"
                problem(LoadTestProblem(line: number, column: error.column, message))
            }
            return true
        }
    }

    /// A file holding one pretty-printed event, several in a row, or a JSON array of them.
    static func readDocument(
        _ source: LoadTestSource, walker: EnvelopeWalker, problem: (LoadTestProblem) -> Void,
        _ body: (ChangeEvent) -> Void
    ) {
        let bytes = Array(source.text().utf8)
        bytes.withUnsafeBytes { buffer in
            var scanner = JSONLineScanner(buffer)
            var line = 1
            var counted = 0
            func lineAt(_ offset: Int) -> Int {
                while counted < offset {
                    if buffer[counted] == 0x0A { line += 1 }
                    counted += 1
                }
                return line
            }
            let isArray = scanner.consume(0x5B)
            var first = true
            while true {
                scanner.skipWhitespace()
                if scanner.atEnd { break }
                if isArray {
                    if scanner.consume(0x5D) { break }
                    if !first, !scanner.consume(0x2C) {
                        problem(LoadTestProblem(line: lineAt(scanner.position), "expected ',' between events"))
                        return
                    }
                }
                first = false
                scanner.skipWhitespace()
                let start = scanner.position
                let startLine = lineAt(start)
                do throws(JSONLineScanner.SyntaxError) {
                    try scanner.skipValue()
                    let slice = UnsafeRawBufferPointer(rebasing: buffer[start..<scanner.position])
                    if let event = try walker.value(slice, key: nil, line: startLine) { body(event) }
                } catch {
                    let offset = min(start + error.column - 1, buffer.count)
                    problem(
                        LoadTestProblem(
                            line: lineAt(offset), "not a change event: \(error.message) (the file is cut short?)"))
                    return
                }
            }
        }
    }
}

/// Pulls the envelope fields out of one record without building a tree.
struct EnvelopeWalker: Sendable {
    let fields: ChangeFields
    let wanted: Set<String>
    let prefixes: Set<String>

    static let envelope = [
        "op", "ts_ms", "after", "before", "source.connector", "source.ts_ms", "source.snapshot", "source.table",
        "source.collection", "source.lsn", "source.file", "source.pos", "source.row", "source.gtid", "source.sec",
        "source.ord", "source.commit_lsn", "source.change_lsn", "source.event_serial_no", "source.scn",
        "transaction.id", "__op", "__lsn", "__source_ts_ms", "__deleted", "__table",
    ]

    init(fields: ChangeFields) {
        self.fields = fields
        var base = Self.envelope
        for name in [fields.key, fields.version].compactMap({ $0 }) {
            base += ["after.\(name)", "before.\(name)", name]
        }
        var wanted = Set(base + base.map { "payload.\($0)" })
        wanted.formUnion(["payload", "schema", "topic", "partition", "offset", "key", "ts"])
        var prefixes: Set<String> = []
        for path in wanted {
            var parts = path.split(separator: ".").map(String.init)
            while parts.count > 1 {
                parts.removeLast()
                prefixes.insert(parts.joined(separator: "."))
            }
        }
        self.wanted = wanted
        self.prefixes = prefixes
    }

    /// One line of a dump: console-consumer columns, `key value`, a kcat object or a bare value.
    func record(_ line: UnsafeRawBufferPointer, line number: Int) throws(JSONLineScanner.SyntaxError) -> ChangeEvent? {
        if line.contains(0x09) {
            var columns = line.split(separator: 0x09, omittingEmptySubsequences: false).map {
                UnsafeRawBufferPointer(rebasing: $0)
            }
            let metadata = ["CreateTime:", "LogAppendTime:", "NO_TIMESTAMP", "Partition:", "Offset:", "Delivery:"]
            while let first = columns.first, columns.count > 1 {
                let text = String(decoding: first, as: UTF8.self)
                guard metadata.contains(where: text.hasPrefix) || text == "NO_HEADERS" else { break }
                columns.removeFirst()
            }
            let value = columns[columns.count - 1]
            let key = columns.count >= 2 ? columns[columns.count - 2] : nil
            return try self.value(value, key: key, line: number)
        }
        var scanner = JSONLineScanner(line)
        scanner.skipWhitespace()
        let start = scanner.position
        try scanner.skipValue()
        let end = scanner.position
        scanner.skipWhitespace()
        if !scanner.atEnd {
            // `key value` separated by a space, as the Debezium docs print console output.
            let key = UnsafeRawBufferPointer(rebasing: line[start..<end])
            let value = UnsafeRawBufferPointer(rebasing: line[scanner.position...])
            return try self.value(value, key: key, line: number)
        }
        return try value(line, key: nil, line: number)
    }

    /// One record value (an envelope, a kcat object, a tombstone) with its Kafka key if any.
    func value(_ bytes: UnsafeRawBufferPointer, key: UnsafeRawBufferPointer?, line: Int)
        throws(JSONLineScanner.SyntaxError) -> ChangeEvent?
    {
        var scanner = JSONLineScanner(bytes)
        if scanner.null() {
            scanner.skipWhitespace()
            if !scanner.atEnd {
                throw JSONLineScanner.SyntaxError(column: scanner.position + 1, message: "text after null")
            }
            var event = ChangeEvent(line: line, operation: .tombstone)
            event.key = try key.flatMap { k throws(JSONLineScanner.SyntaxError) in try keyText(k) }
            return event
        }
        var values: [String: String] = [:]
        try walk(&scanner, prefix: "", into: &values)
        scanner.skipWhitespace()
        if !scanner.atEnd {
            throw JSONLineScanner.SyntaxError(column: scanner.position + 1, message: "text after the record")
        }
        if values["topic"] != nil, values["partition"] != nil {
            return try kcat(values, line: line)
        }
        var event = envelope(values, line: line)
        if event.key == nil, let key { event.key = try keyText(key) }
        return event
    }

    /// `kcat -J`: key and payload are JSON strings holding the key and value JSON.
    func kcat(_ values: [String: String], line: Int) throws(JSONLineScanner.SyntaxError) -> ChangeEvent? {
        let payload = values["payload"]
        // Decoded by kcat itself (`-s avro`): the value is an object already.
        if payload == "{}" { return envelope(values, line: line) }
        let key = values["key"].flatMap { $0 == "null" ? nil : Array($0.utf8) }
        // `withUnsafeBytes` rethrows untyped errors: carry the typed one out in a Result.
        let result: Result<ChangeEvent?, JSONLineScanner.SyntaxError>
        guard let payload, payload != "null" else {
            var event = ChangeEvent(line: line, operation: .tombstone)
            if let key {
                result = key.withUnsafeBytes { b in Result { () throws(JSONLineScanner.SyntaxError) in try keyText(b) }
                }
                .map {
                    event.key = $0; return event
                }
                return try result.get()
            }
            return event
        }
        let bytes = Array(payload.utf8)
        result = bytes.withUnsafeBytes { b in
            guard let key else {
                return Result { () throws(JSONLineScanner.SyntaxError) in try value(b, key: nil, line: line) }
            }
            return key.withUnsafeBytes { k in
                Result { () throws(JSONLineScanner.SyntaxError) in try value(b, key: k, line: line) }
            }
        }
        return try result.get()
    }

    func envelope(_ values: [String: String], line: Int) -> ChangeEvent {
        let root = values["payload.op"] != nil || values["payload.source.connector"] != nil ? "payload." : ""
        func get(_ path: String) -> String? {
            guard let value = values[root + path], value != "null" else { return nil }
            return value
        }
        let payloadNull = values["payload"] == "null" && values["payload.op"] == nil
        if payloadNull || (root == "" && values.keys.allSatisfy { $0 == "schema" || $0 == "payload" }) {
            return ChangeEvent(line: line, operation: .tombstone)
        }
        let flattened = get("op") == nil && get("source.connector") == nil
        var event: ChangeEvent
        if flattened {
            let op = get("__op").flatMap(ChangeEvent.Operation.init(rawValue:))
            event = ChangeEvent(line: line, operation: get("__deleted") == "true" ? .delete : op ?? .unknown)
            event.sourceTime = get("__source_ts_ms").flatMap(Double.init)
            event.table = get("__table")
            if let lsn = get("__lsn").flatMap(Int64.init) {
                event.position = SourcePosition(names: ["lsn"], parts: [.number(lsn)])
            }
            if let name = fields.key { event.key = get(name) }
            if let name = fields.version { event.version = get(name).map(Self.normalized) }
            return event
        }
        event = ChangeEvent(line: line, operation: get("op").flatMap(ChangeEvent.Operation.init(rawValue:)) ?? .unknown)
        event.processedTime = get("ts_ms").flatMap(Double.init)
        event.sourceTime = get("source.ts_ms").flatMap(Double.init)
        let snapshot = get("source.snapshot") ?? "false"
        event.snapshot = event.operation == .read || (snapshot != "false" && !snapshot.isEmpty)
        event.table = get("source.table") ?? get("source.collection")
        event.transactionID = get("transaction.id")
        event.position = SourcePosition.from(connector: get("source.connector")) { get("source.\($0)") }
        let row = event.operation == .delete ? "before" : "after"
        if let name = fields.key { event.key = get("\(row).\(name)") ?? get("before.\(name)") ?? get("after.\(name)") }
        if let name = fields.version { event.version = get("\(row).\(name)").map(Self.normalized) }
        return event
    }

    /// The Kafka key as text: the rubric's key field when it is there, else the key's payload.
    func keyText(_ bytes: UnsafeRawBufferPointer) throws(JSONLineScanner.SyntaxError) -> String? {
        var scanner = JSONLineScanner(bytes)
        if scanner.null() { return nil }
        scanner.skipWhitespace()
        guard !scanner.atEnd, bytes[scanner.position] == 0x7B else {
            return String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespaces)
        }
        var payload: Range<Int>?
        var named: String?
        try scanner.members { (s, key) throws(JSONLineScanner.SyntaxError) in
            let name = s.decode(key)
            s.skipWhitespace()
            let start = s.position
            if name == fields.key, s.position < s.bytes.count, s.bytes[s.position] != 0x7B {
                if s.bytes[s.position] == 0x22 {
                    named = s.decode(try s.string())
                } else {
                    try s.skipValue()
                    named = String(
                        decoding: UnsafeRawBufferPointer(rebasing: s.bytes[start..<s.position]), as: UTF8.self)
                }
                return
            }
            try s.skipValue()
            if name == "payload" { payload = start..<s.position }
        }
        if let named { return named }
        if let payload {
            let inner = UnsafeRawBufferPointer(rebasing: bytes[payload])
            if fields.key != nil, inner.first == 0x7B { return try keyText(inner) }
            return String(decoding: inner, as: UTF8.self)
        }
        return String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespaces)
    }

    /// Walks an object, keeping scalar values on wanted paths; an object on a wanted path is
    /// recorded as `{}` so "present" and "null" can be told apart.
    func walk(_ scanner: inout JSONLineScanner, prefix: String, into values: inout [String: String])
        throws(JSONLineScanner.SyntaxError)
    {
        try scanner.members { (s, key) throws(JSONLineScanner.SyntaxError) in
            let name = s.decode(key)
            let path = prefix.isEmpty ? name : prefix + "." + name
            let isWanted = wanted.contains(path)
            let isPrefix = prefixes.contains(path)
            guard isWanted || isPrefix else {
                try s.skipValue()
                return
            }
            s.skipWhitespace()
            guard s.position < s.bytes.count else {
                throw JSONLineScanner.SyntaxError(column: s.position + 1, message: "the line ends inside a JSON value")
            }
            switch s.bytes[s.position] {
            case 0x7B:
                values[path] = "{}"
                if isPrefix { try walk(&s, prefix: path, into: &values) } else { try s.skipValue() }
            case 0x22:
                let raw = try s.string()
                values[path] = s.decode(raw)
            default:
                let start = s.position
                try s.skipValue()
                values[path] = String(
                    decoding: UnsafeRawBufferPointer(rebasing: s.bytes[start..<s.position]), as: UTF8.self)
            }
        }
    }

    /// `3`, `3.0` and `"3"` name the same version.
    static func normalized(_ text: String) -> String {
        if let d = Double(text), d.rounded() == d, abs(d) < 1e15 { return String(Int64(d)) }
        return text
    }
}
