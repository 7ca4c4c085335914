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
        _ source: LoadTestSource, fields: ChangeFields, problem: (ReadProblem) -> Void,
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
        let overlong = LineBatch.stream(source, through: ChangeLines(walker: walker)) { parsed in
            switch parsed {
            case .success(let event): body(event)
            case .failure(let found): problem(found)
            }
        }
        if let message = LoadTestSource.overlongMessage(overlong) {
            problem(ReadProblem(line: overlong[0], message))
        }
    }

    /// A file holding one pretty-printed event, several in a row, or a JSON array of them.
    static func readDocument(
        _ source: LoadTestSource, walker: EnvelopeWalker, problem: (ReadProblem) -> Void,
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
                        problem(ReadProblem(line: lineAt(scanner.position), "expected ',' between events"))
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
                        ReadProblem(
                            line: lineAt(offset), "not a change event: \(error.message) (the file is cut short?)"))
                    return
                }
            }
        }
    }
}

/// A line of a change stream: its event, nothing (a record that is no change, such as a
/// schema change), or the problem that kept it from being read.
struct ChangeLines: LineParser {
    let walker: EnvelopeWalker

    /// With the simdjson walk: a batch's lines are padded for it.
    func makeScratch() -> EnvelopeWalker.Scratch { EnvelopeWalker.Scratch(slots: walker.slotCount, simd: true) }

    func isBlank(_ line: UnsafeRawBufferPointer) -> Bool {
        !line.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D })
    }

    func parse(_ line: UnsafeRawBufferPointer, number: Int, unterminated: Bool, scratch: inout EnvelopeWalker.Scratch)
        -> Result<ChangeEvent, ReadProblem>?
    {
        do throws(JSONLineScanner.SyntaxError) {
            return try walker.record(line, line: number, scratch: &scratch).map { .success($0) }
        } catch {
            let message =
                unterminated ? "the last line is cut short: \(error.message)" : "not a change event: \(error.message)"
            return .failure(ReadProblem(line: number, column: error.column, message))
        }
    }
}

/// Pulls the envelope fields out of one record without building a tree. The paths it keeps
/// (and every path leading to one) are numbered once, in a tree of member names compared as
/// bytes, so a record costs a scan and a few small strings, not a dictionary of paths.
struct EnvelopeWalker: Sendable {
    /// The envelope's fields, as `get` asks for them.
    enum Field: Int, CaseIterable {
        case op, processedTime, connector, sourceTime, snapshot, table, collection, transactionID
        case flatOp, flatLSN, flatSourceTime, flatDeleted, flatTable
        case keyAfter, keyBefore, keyFlat, versionAfter, versionBefore, versionFlat
        case lsn, file, pos, row, gtid, sec, ord, commitLSN, changeLSN, eventSerialNo, scn
    }

    /// Where a kept value lies in the record's bytes; decoded only when the envelope asks.
    struct Span {
        enum Kind: UInt8 { case none, object, string, escapedString, literal }
        var kind = Kind.none
        var start = 0
        var end = 0
    }

    /// The spans of one record's kept values, reused from record to record: every slot starts
    /// empty, and only the slots a record set are emptied after it, so a record costs what it
    /// holds, not the number of kept paths.
    struct Scratch {
        var spans: [Span]
        /// The slots set by the record being read, in the order they were met.
        var touched: [Int] = []
        /// This thread's simdjson walk, where lines come padded for it (a `LineBatch`'s do).
        let simd: SimdJSONWalk?

        init(slots: Int, simd: Bool = false) {
            spans = [Span](repeating: Span(), count: slots)
            self.simd = simd ? SimdJSONWalk() : nil
        }

        @inline(__always) mutating func set(_ slot: Int, _ span: Span) {
            if spans[slot].kind == .none { touched.append(slot) }
            spans[slot] = span
        }

        mutating func clear() {
            for slot in touched { spans[slot] = Span() }
            touched.removeAll(keepingCapacity: true)
        }
    }

    /// The kept values of one record, over its bytes (which outlive it).
    struct Values {
        var spans: [Span]
        /// The slots that hold a value.
        var touched: [Int]
        let bytes: UnsafeRawBufferPointer

        func isSet(_ slot: Int) -> Bool { spans[slot].kind != .none }

        /// The value as text: an object reads `{}`, a string decoded, a literal as written.
        func text(_ slot: Int) -> String? {
            let span = spans[slot]
            switch span.kind {
            case .none: return nil
            case .object: return "{}"
            case .escapedString:
                return JSONLineScanner(bytes).decode(
                    JSONLineScanner.RawString(start: span.start, end: span.end, escaped: true))
            case .string, .literal:
                return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[span.start..<span.end]), as: UTF8.self)
            }
        }

        /// Whether the value reads `null` (the literal, or a string holding it).
        func isNull(_ slot: Int) -> Bool {
            let span = spans[slot]
            switch span.kind {
            case .none, .object: return false
            case .escapedString: return text(slot) == "null"
            case .string, .literal:
                return span.end - span.start == 4 && memcmp(bytes.baseAddress! + span.start, "null", 4) == 0
            }
        }

        /// The `op` letter read in place (a million events need no string for it); anything
        /// longer as `Operation(rawValue:)` reads its text.
        func operation(_ slot: Int) -> ChangeEvent.Operation? {
            let span = spans[slot]
            if span.kind == .string || span.kind == .literal, span.end - span.start == 1 {
                switch bytes[span.start] {
                case UInt8(ascii: "c"): return .create
                case UInt8(ascii: "u"): return .update
                case UInt8(ascii: "d"): return .delete
                case UInt8(ascii: "r"): return .read
                case UInt8(ascii: "t"): return .truncate
                case UInt8(ascii: "m"): return .message
                default: return nil
                }
            }
            return text(slot).flatMap(ChangeEvent.Operation.init(rawValue:))
        }

        /// Whether `source.snapshot` marks a snapshot read: anything but `false` or empty, read
        /// in place where the value has no escape.
        func marksSnapshot(_ slot: Int) -> Bool {
            let span = spans[slot]
            if span.kind == .string || span.kind == .literal {
                let count = span.end - span.start
                return count > 0 && !(count == 5 && memcmp(bytes.baseAddress! + span.start, "false", 5) == 0)
            }
            let text = text(slot) ?? "false"
            return text != "false" && !text.isEmpty
        }

        /// A whole number of up to 15 digits read in place; anything else as `Double(text)` reads it.
        func double(_ slot: Int) -> Double? {
            let span = spans[slot]
            if span.kind == .string || span.kind == .literal, span.end > span.start, span.end - span.start <= 15 {
                var value = 0
                var index = span.start
                while index < span.end {
                    let digit = bytes[index] &- 0x30
                    guard digit < 10 else { break }
                    value = value &* 10 &+ Int(digit)
                    index += 1
                }
                if index == span.end { return Double(value) }
            }
            return text(slot).flatMap(Double.init)
        }
    }

    let fields: ChangeFields
    let tree: MemberTree
    let slotCount: Int
    /// Slots of the fields in a bare envelope and in one under `payload`; -1 where not kept.
    let bare: [Int]
    let wrapped: [Int]
    let payloadSlot: Int, schemaSlot: Int, keySlot: Int, topicSlot: Int, partitionSlot: Int
    let wrappedOpSlot: Int, wrappedConnectorSlot: Int

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
        // Every wanted path and every path leading to one gets a slot: an object met on the
        // way is recorded as present (`{}`), as is any scalar found there.
        tree = MemberTree(paths: wanted)
        let slots = tree.slots
        func paths(_ field: Field) -> String? {
            switch field {
            case .op: "op"
            case .processedTime: "ts_ms"
            case .connector: "source.connector"
            case .sourceTime: "source.ts_ms"
            case .snapshot: "source.snapshot"
            case .table: "source.table"
            case .collection: "source.collection"
            case .transactionID: "transaction.id"
            case .flatOp: "__op"
            case .flatLSN: "__lsn"
            case .flatSourceTime: "__source_ts_ms"
            case .flatDeleted: "__deleted"
            case .flatTable: "__table"
            case .keyAfter: fields.key.map { "after.\($0)" }
            case .keyBefore: fields.key.map { "before.\($0)" }
            case .keyFlat: fields.key
            case .versionAfter: fields.version.map { "after.\($0)" }
            case .versionBefore: fields.version.map { "before.\($0)" }
            case .versionFlat: fields.version
            case .lsn: "source.lsn"
            case .file: "source.file"
            case .pos: "source.pos"
            case .row: "source.row"
            case .gtid: "source.gtid"
            case .sec: "source.sec"
            case .ord: "source.ord"
            case .commitLSN: "source.commit_lsn"
            case .changeLSN: "source.change_lsn"
            case .eventSerialNo: "source.event_serial_no"
            case .scn: "source.scn"
            }
        }
        slotCount = slots.count
        bare = Field.allCases.map { paths($0).flatMap { slots[$0] } ?? -1 }
        wrapped = Field.allCases.map { paths($0).flatMap { slots["payload." + $0] } ?? -1 }
        payloadSlot = slots["payload"]!
        schemaSlot = slots["schema"]!
        keySlot = slots["key"]!
        topicSlot = slots["topic"]!
        partitionSlot = slots["partition"]!
        wrappedOpSlot = slots["payload.op"]!
        wrappedConnectorSlot = slots["payload.source.connector"]!
    }

    /// The `source` field a connector's position part is read from.
    static func sourceField(_ name: String) -> Field? {
        switch name {
        case "lsn": .lsn
        case "file": .file
        case "pos": .pos
        case "row": .row
        case "gtid": .gtid
        case "sec": .sec
        case "ord": .ord
        case "commit_lsn": .commitLSN
        case "change_lsn": .changeLSN
        case "event_serial_no": .eventSerialNo
        case "scn": .scn
        default: nil
        }
    }

    /// One line of a dump: console-consumer columns, `key value`, a kcat object or a bare value.
    func record(_ line: UnsafeRawBufferPointer, line number: Int) throws(JSONLineScanner.SyntaxError) -> ChangeEvent? {
        var scratch = Scratch(slots: slotCount)
        return try record(line, line: number, scratch: &scratch)
    }

    /// `record(_:line:)` with the spans of a reader that reads many lines.
    func record(_ line: UnsafeRawBufferPointer, line number: Int, scratch: inout Scratch)
        throws(JSONLineScanner.SyntaxError) -> ChangeEvent?
    {
        if memchr(line.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!, 0x09, line.count) != nil {
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
            return try self.value(value, key: key, line: number, scratch: &scratch)
        }
        var scanner = JSONLineScanner(line)
        scanner.skipWhitespace()
        let start = scanner.position
        // An object, the usual line, is walked as the record at once, so a record is scanned
        // once. A line the walk refuses, or one that starts otherwise, is skipped loosely past
        // its first value, as it always was: its problem reads as it did, and a key that is
        // not JSON before a record that is still reads.
        var walked = false
        if !scanner.atEnd, line[start] == 0x7B {
            if let simd = scratch.simd, simd.walk(line, tree: tree, into: &scratch) {
                return try finish(line, key: nil, line: number, scratch: scratch)
            }
            scratch.clear()
            do throws(JSONLineScanner.SyntaxError) {
                try Self.walk(&scanner, level: 0, of: tree, into: &scratch)
                walked = true
            } catch {
                scanner.position = start
            }
        }
        if !walked { try scanner.skipValue() }
        let end = scanner.position
        scanner.skipWhitespace()
        if !scanner.atEnd {
            // `key value` separated by a space, as the Debezium docs print console output: the
            // first value was the Kafka key.
            let key = UnsafeRawBufferPointer(rebasing: line[start..<end])
            let value = UnsafeRawBufferPointer(rebasing: line[scanner.position...])
            return try self.value(value, key: key, line: number, scratch: &scratch)
        }
        if walked { return try finish(line, key: nil, line: number, scratch: scratch) }
        return try value(line, key: nil, line: number, scratch: &scratch)
    }

    /// One record value (an envelope, a kcat object, a tombstone) with its Kafka key if any.
    func value(_ bytes: UnsafeRawBufferPointer, key: UnsafeRawBufferPointer?, line: Int)
        throws(JSONLineScanner.SyntaxError) -> ChangeEvent?
    {
        var scratch = Scratch(slots: slotCount)
        return try value(bytes, key: key, line: line, scratch: &scratch)
    }

    func value(_ bytes: UnsafeRawBufferPointer, key: UnsafeRawBufferPointer?, line: Int, scratch: inout Scratch)
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
        scratch.clear()
        try Self.walk(&scanner, level: 0, of: tree, into: &scratch)
        scanner.skipWhitespace()
        if !scanner.atEnd {
            throw JSONLineScanner.SyntaxError(column: scanner.position + 1, message: "text after the record")
        }
        return try finish(bytes, key: key, line: line, scratch: scratch)
    }

    /// The event of a record value walked into `scratch`: a kcat object's inner record, or the
    /// envelope, keyed by the Kafka key when the envelope names none.
    func finish(_ bytes: UnsafeRawBufferPointer, key: UnsafeRawBufferPointer?, line: Int, scratch: Scratch)
        throws(JSONLineScanner.SyntaxError) -> ChangeEvent?
    {
        let values = Values(spans: scratch.spans, touched: scratch.touched, bytes: bytes)
        if values.isSet(topicSlot), values.isSet(partitionSlot) {
            return try kcat(values, line: line)
        }
        var event = envelope(values, line: line)
        if event.key == nil, let key { event.key = try keyText(key) }
        return event
    }

    /// `kcat -J`: key and payload are JSON strings holding the key and value JSON.
    func kcat(_ values: Values, line: Int) throws(JSONLineScanner.SyntaxError) -> ChangeEvent? {
        let payload = values.text(payloadSlot)
        // Decoded by kcat itself (`-s avro`): the value is an object already.
        if payload == "{}" { return envelope(values, line: line) }
        let key = values.text(keySlot).flatMap { $0 == "null" ? nil : Array($0.utf8) }
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

    func envelope(_ values: Values, line: Int) -> ChangeEvent {
        let isWrapped = values.isSet(wrappedOpSlot) || values.isSet(wrappedConnectorSlot)
        let table = isWrapped ? wrapped : bare
        func slot(_ field: Field) -> Int? {
            let slot = table[field.rawValue]
            guard slot >= 0, values.isSet(slot), !values.isNull(slot) else { return nil }
            return slot
        }
        func get(_ field: Field) -> String? { slot(field).flatMap(values.text) }
        func time(_ field: Field) -> Double? { slot(field).flatMap(values.double) }
        let payloadNull = values.isNull(payloadSlot) && !values.isSet(wrappedOpSlot)
        if payloadNull
            || (!isWrapped && values.touched.allSatisfy { $0 == schemaSlot || $0 == payloadSlot })
        {
            return ChangeEvent(line: line, operation: .tombstone)
        }
        let flattened = slot(.op) == nil && slot(.connector) == nil
        var event: ChangeEvent
        if flattened {
            let op = get(.flatOp).flatMap(ChangeEvent.Operation.init(rawValue:))
            event = ChangeEvent(line: line, operation: get(.flatDeleted) == "true" ? .delete : op ?? .unknown)
            event.sourceTime = time(.flatSourceTime)
            event.table = get(.flatTable)
            if let lsn = get(.flatLSN).flatMap(Int64.init) {
                event.position = SourcePosition(names: SourcePosition.lsnNames, parts: [.number(lsn)])
            }
            if fields.key != nil { event.key = get(.keyFlat) }
            if fields.version != nil { event.version = get(.versionFlat).map(Self.normalized) }
            return event
        }
        event = ChangeEvent(line: line, operation: slot(.op).flatMap(values.operation) ?? .unknown)
        event.processedTime = time(.processedTime)
        event.sourceTime = time(.sourceTime)
        event.snapshot = event.operation == .read || (slot(.snapshot).map(values.marksSnapshot) ?? false)
        event.table = get(.table) ?? get(.collection)
        event.transactionID = get(.transactionID)
        event.position = SourcePosition.from(connector: get(.connector)) { name in
            Self.sourceField(name).flatMap(get)
        }
        let isDelete = event.operation == .delete
        if fields.key != nil {
            event.key = get(isDelete ? .keyBefore : .keyAfter) ?? get(.keyBefore) ?? get(.keyAfter)
        }
        if fields.version != nil { event.version = get(isDelete ? .versionBefore : .versionAfter).map(Self.normalized) }
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

    /// Walks an object, keeping the values on the tree's paths; an object on a path is recorded
    /// as `{}` so "present" and "null" can be told apart, and walked when paths lead on from it.
    /// Static, given the tree alone: a closure over `self` copied the whole walker, a retain and
    /// a release of each of its tables, for every object of every record. A loop rather than
    /// `JSONLineScanner.members` with a closure: the closure's context was set up for every
    /// object and called for every member, a tenth of the walk.
    static func walk(_ scanner: inout JSONLineScanner, level: Int, of tree: MemberTree, into values: inout Scratch)
        throws(JSONLineScanner.SyntaxError)
    {
        try scanner.expect(0x7B)
        if scanner.consume(0x7D) { return }
        repeat {
            let key = try scanner.string()
            try scanner.expect(0x3A)
            let found: (slot: Int, below: Int)?
            if key.escaped {
                found = Array(scanner.decode(key).utf8).withUnsafeBytes { tree.locate($0, in: level) }
            } else {
                found = tree.locate(UnsafeRawBufferPointer(rebasing: scanner.bytes[key.start..<key.end]), in: level)
            }
            guard let (slot, below) = found else {
                try scanner.skipValue()
                continue
            }
            scanner.skipWhitespace()
            guard scanner.position < scanner.bytes.count else {
                throw JSONLineScanner.SyntaxError(
                    column: scanner.position + 1, message: "the line ends inside a JSON value")
            }
            switch scanner.bytes[scanner.position] {
            case 0x7B:
                values.set(slot, Span(kind: .object))
                if below >= 0 {
                    try walk(&scanner, level: below, of: tree, into: &values)
                } else {
                    try scanner.skipValue()
                }
            case 0x22:
                let raw = try scanner.string()
                values.set(slot, Span(kind: raw.escaped ? .escapedString : .string, start: raw.start, end: raw.end))
            default:
                let start = scanner.position
                try scanner.skipValue()
                values.set(slot, Span(kind: .literal, start: start, end: scanner.position))
            }
        } while scanner.consume(0x2C)
        try scanner.expect(0x7D)
    }

    /// `3`, `3.0` and `"3"` name the same version.
    static func normalized(_ text: String) -> String {
        // Digits alone (no sign, no leading zero, fewer than 16) already read as themselves.
        let digits = text.utf8
        if digits.count < 16, let first = digits.first, first != UInt8(ascii: "0") || digits.count == 1,
            digits.allSatisfy({ $0 &- UInt8(ascii: "0") < 10 })
        {
            return text
        }
        if let d = Double(text), d.rounded() == d, abs(d) < 1e15 { return String(Int64(d)) }
        return text
    }
}
