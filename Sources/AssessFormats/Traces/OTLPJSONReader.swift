public import AssessYAML
public import Foundation

/// Reads OTLP JSON as the protobuf JSON mapping defines it (opentelemetry-proto
/// `docs/specification.md`, "JSON Protobuf Encoding"): `resourceSpans` → `scopeSpans` → `spans`,
/// hex ids, int64 nanoseconds as strings (numbers accepted too), enums as numbers (names
/// accepted), lowerCamelCase keys (the proto's snake_case names accepted).
///
/// One document or JSON lines (one `ExportTraceServiceRequest` per line, as the Collector's
/// `file` exporter writes). Also unwraps what query APIs put around it: Jaeger api/v3's
/// `{"result": …}`, Tempo's `{"batches": […]}` and `{"trace": …}`, and reads the pre-0.19
/// `instrumentationLibrarySpans` key.
public struct OTLPJSONReader: Sendable {
    /// Longest JSON line, and largest single document, read from a file on disk. JSON lines
    /// stream in bounded memory only if each line is bounded: a 1 GB file with no newline
    /// would otherwise be held whole (twice). A longer line is skipped with a problem at its
    /// number; a larger document is not read.
    public var maxLineBytes: Int

    public init(maxLineBytes: Int = 64 << 20) {
        self.maxLineBytes = maxLineBytes
    }

    public func read(_ data: Data, file: String) -> TraceSet {
        data.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress?.assumingMemoryBound(to: UInt8.self) else {
                return TraceSet(formats: [.otlpJSON])
            }
            var parser = SpanParser(file: file, base: base, end: buffer.count)
            parser.readOTLP(jsonLines: Self.looksLikeJSONLines(base, count: buffer.count))
            return parser.finish(.otlpJSON)
        }
    }

    /// Streams a JSON-lines file from disk in blocks, so memory holds the spans and one block,
    /// never the whole file. A single (pretty-printed) document is read whole.
    public func readFile(atPath path: String, file: String? = nil, blockSize: Int = 4 << 20) throws -> TraceSet {
        guard let blocks = FileBlocks(path: path, blockSize: blockSize) else { throw CocoaError(.fileReadNoSuchFile) }
        return read(blocks, file: file ?? path)
    }

    /// Reads a file opened for reading in blocks (`Submission.open`): JSON lines are parsed a
    /// block at a time in one reused buffer, each block cut after its last newline and its
    /// lines shared out (at newlines) among the machine's cores; a single document is read whole.
    public func read(_ blocks: FileBlocks, file: String) -> TraceSet {
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 4))
        // Shares of 8 MB for each core: every block ends with the cores waiting for each other,
        // and on a busy machine the wait is the slowest share's; fewer, larger blocks wait less.
        // (Small block sizes, as tests ask for, are kept as they are.)
        let size = blocks.blockSize >= 1 << 20 ? max(blocks.blockSize, workers * (8 << 20)) : max(blocks.blockSize, 64)
        var buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 64)
        defer { buffer.deallocate() }
        var offset = 0
        // One parser per core; the first one keeps the file's spans, the others hand theirs
        // over after each block, so the spans stay in file order.
        var parsers: [SpanParser] = []
        var skipped: [ReadProblem] = []
        var kept = 0
        var line = 1
        let tooLarge = {
            TraceSet(
                problems: [
                    ReadProblem.warning(
                        "a single JSON document over \(self.maxLineBytes >> 20) MiB is not read; export traces as "
                            + "JSON lines (one request per line, as the Collector's file exporter writes them)",
                        at: SourceLocation(file: file, line: 1, column: 1))
                ], formats: [.otlpJSON])
        }
        while !Task.isCancelled {  // a cancelled criterion stops reading at the next block
            let filled = blocks.fill(buffer, keeping: kept, at: &offset)
            let atEnd = filled < buffer.count
            let base = UnsafePointer(buffer.baseAddress!.assumingMemoryBound(to: UInt8.self))
            if parsers.isEmpty, skipped.isEmpty, !Self.looksLikeJSONLines(base, count: filled) {
                if atEnd { return read(Data(bytes: base, count: filled), file: file) }
                if let size = blocks.size, size > maxLineBytes { return tooLarge() }
                if filled == buffer.count, memchr(base, 0x0A, filled) == nil {
                    // The first line does not fit the buffer: grow it and look again.
                    guard buffer.count < maxLineBytes else { return tooLarge() }
                    buffer = Self.grow(buffer, keeping: filled)
                    kept = filled
                    continue
                }
                var whole = Data(bytes: base, count: filled)
                whole.append(contentsOf: blocks.readAll().dropFirst(filled))
                return read(whole, file: file)
            }
            // Everything up to the last newline is whole lines; the rest waits for the next block.
            let cut: Int
            if atEnd {
                cut = filled
            } else if let newline = Self.lastNewline(base, filled) {
                cut = newline + 1
            } else if buffer.count < maxLineBytes {
                buffer = Self.grow(buffer, keeping: filled)
                kept = filled
                continue
            } else {
                // One line over the cap: skipped to its newline, in the same buffer.
                skipped.append(
                    ReadProblem.warning(
                        "line \(line) is longer than \(maxLineBytes >> 20) MiB; it was not read",
                        at: SourceLocation(file: file, line: line, column: 1)))
                kept = 0
                var ended = false
                while true {
                    let got = blocks.fill(buffer, keeping: 0, at: &offset)
                    if let hit = memchr(buffer.baseAddress!, 0x0A, got) {
                        let after = UnsafeRawPointer(hit) - UnsafeRawPointer(buffer.baseAddress!) + 1
                        kept = got - after
                        if kept > 0 { memmove(buffer.baseAddress!, buffer.baseAddress! + after, kept) }
                        line += 1
                        break
                    }
                    if got < buffer.count {
                        ended = true
                        break
                    }
                }
                if ended { break }
                continue
            }
            if parsers.isEmpty {
                parsers = (0..<workers).map { _ in SpanParser(file: file, base: base, end: 0, firstLine: 1) }
                if let size = blocks.size, cut > 0 {
                    // Room for the whole file's spans at the first block's density, so the
                    // span array is not copied as it grows.
                    parsers[0].spans.reserveCapacity(
                        Int(Double(size) / Double(cut) * 1.02 * Double(max(1, Self.countSpans(base, cut)))))
                }
            }
            line = Self.parseLines(base, cut, firstLine: line, with: &parsers)
            if atEnd { break }
            kept = filled - cut
            if kept > 0 { memmove(buffer.baseAddress!, buffer.baseAddress! + cut, kept) }
        }
        var result = parsers.isEmpty ? TraceSet(formats: [.otlpJSON]) : parsers[0].finish(.otlpJSON)
        result.problems = skipped + result.problems
        return result
    }

    /// Below this many bytes a stretch of lines is not worth another core.
    static let smallestShare = 128 << 10

    /// Parses the whole lines `base[0..<count]`, which start on line `firstLine`: split at
    /// newlines into one stretch per parser, parsed at the same time, then gathered into the
    /// first parser in file order. Returns the number of the line after them.
    private static func parseLines(
        _ base: UnsafePointer<UInt8>, _ count: Int, firstLine: Int, with parsers: inout [SpanParser]
    ) -> Int {
        var starts = [0]
        if parsers.count > 1, count >= parsers.count * smallestShare {
            for share in 1..<parsers.count {
                let guess = max(count * share / parsers.count, starts.last!)
                guard guess < count, let hit = memchr(base + guess, 0x0A, count - guess) else { break }
                let next = UnsafePointer<UInt8>(hit.assumingMemoryBound(to: UInt8.self)) - base + 1
                guard next < count else { break }
                starts.append(next)
            }
        }
        starts.append(count)
        let shares = starts.count - 1
        var lines = [firstLine]
        for share in 1..<shares {
            lines.append(lines[share - 1] + newlines(base + starts[share - 1], starts[share] - starts[share - 1]))
        }
        for share in 0..<shares {
            parsers[share].rebase(base + starts[share], end: starts[share + 1] - starts[share], firstLine: lines[share])
        }
        parsers.withUnsafeMutableBufferPointer { buffer in
            if shares == 1 {
                buffer[0].readOTLP(jsonLines: true)
                return
            }
            nonisolated(unsafe) let each = buffer
            DispatchQueue.concurrentPerform(iterations: shares) { share in each[share].readOTLP(jsonLines: true) }
            for share in 1..<shares { buffer[0].absorb(&buffer[share]) }
        }
        return parsers[shares - 1].lines.position(of: starts[shares] - starts[shares - 1]).line
    }

    /// How many newlines `count` bytes from `base` hold.
    private static func newlines(_ base: UnsafePointer<UInt8>, _ count: Int) -> Int {
        var found = 0
        var index = 0
        while index < count, let hit = memchr(base + index, 0x0A, count - index) {
            found += 1
            index = UnsafePointer<UInt8>(hit.assumingMemoryBound(to: UInt8.self)) - base + 1
        }
        return found
    }

    private static func grow(_ buffer: UnsafeMutableRawBufferPointer, keeping: Int) -> UnsafeMutableRawBufferPointer {
        let bigger = UnsafeMutableRawBufferPointer.allocate(byteCount: buffer.count * 2, alignment: 64)
        bigger.baseAddress!.copyMemory(from: buffer.baseAddress!, byteCount: keeping)
        buffer.deallocate()
        return bigger
    }

    /// About how many spans a stretch of OTLP JSON holds: its `"spanId"` keys.
    private static func countSpans(_ base: UnsafePointer<UInt8>, _ count: Int) -> Int {
        let key = Array("\"spanId\"".utf8)
        var found = 0
        var index = 0
        while index < count, let hit = memchr(base + index, Int32(key[0]), count - index) {
            let at = UnsafePointer<UInt8>(hit.assumingMemoryBound(to: UInt8.self)) - base
            if at + key.count <= count, memcmp(base + at, key, key.count) == 0 { found += 1 }
            index = at + 1
        }
        return found
    }

    /// The offset of the last newline (only the block's unfinished last line is walked).
    private static func lastNewline(_ base: UnsafePointer<UInt8>, _ count: Int) -> Int? {
        var index = count - 1
        while index >= 0 {
            if base[index] == 0x0A { return index }
            index -= 1
        }
        return nil
    }

    /// JSON lines: the first line holds a whole object and another object starts on a later line.
    static func looksLikeJSONLines(_ base: UnsafePointer<UInt8>, count: Int) -> Bool {
        var scanner = JSONScanner(base, end: count)
        guard scanner.peek() == UInt8(ascii: "{") else { return false }
        let start = scanner.pos
        guard (try? scanner.skipValue()) != nil else {
            // Unreadable: call it lines when the first line ends where an object could.
            var index = start
            while index < count, base[index] != 0x0A { index += 1 }
            var last = index - 1
            while last > start, base[last] == 0x20 || base[last] == 0x0D { last -= 1 }
            return index < count && last > start && base[last] == UInt8(ascii: "}")
        }
        if memchr(base + start, 0x0A, scanner.pos - start) != nil { return false }
        return true
    }
}

extension SpanParser {
    mutating func finish(_ format: TraceFormat) -> TraceSet {
        if droppedProblems > 0, let last = problems.last {
            problems.append(ReadProblem.warning("and \(droppedProblems) more problems like these", at: last.location))
        }
        return TraceSet(spans: spans, problems: problems, formats: [format])
    }

    mutating func readOTLP(jsonLines: Bool) {
        documents(jsonLines: jsonLines) { (parser: inout SpanParser) throws(JSONScanError) in
            try parser.otlpRequest(depth: 0)
        }
    }

    /// `{"resourceSpans": […]}` or one of the wrappers around it.
    mutating func otlpRequest(depth: Int) throws(JSONScanError) {
        let start = scanner.pos
        try scanner.beginObject()
        var first = true
        var found = false
        while let key = try scanner.nextKey(&first) {
            if key == "resourceSpans" || key == "resource_spans" || key == "batches" {
                found = true
                try scanner.beginArray()
                var firstElement = true
                while try scanner.nextElement(&firstElement) { try otlpResourceSpans() }
            } else if (key == "result" || key == "trace") && depth < 2 && scanner.peek() == UInt8(ascii: "{") {
                found = true
                try otlpRequest(depth: depth + 1)
            } else {
                try scanner.skipValue()
            }
        }
        if !found && depth == 0 { problem("no 'resourceSpans' in this OTLP document", at: start) }
    }

    mutating func otlpResourceSpans() throws(JSONScanError) {
        try scanner.beginObject()
        let firstSpan = spans.count
        var service: String?
        var resource: [SpanAttribute] = []
        var resourceRead = false
        var first = true
        while let key = try scanner.nextKey(&first) {
            if key == "resource" {
                (service, resource) = try otlpResource()
                resourceRead = true
            } else if key == "scopeSpans" || key == "scope_spans" || key == "instrumentationLibrarySpans" {
                try scanner.beginArray()
                var firstElement = true
                while try scanner.nextElement(&firstElement) {
                    try otlpScopeSpans(service: resourceRead ? service ?? "unknown_service" : "", resource: resource)
                }
            } else {
                try scanner.skipValue()
            }
        }
        if !resourceRead || service == nil {
            // The resource came after its spans (JSON keys have no order) or named no service.
            for index in firstSpan..<spans.count {
                spans[index].service = service ?? "unknown_service"
                spans[index].resource = resource
            }
        }
    }

    mutating func otlpResource() throws(JSONScanError) -> (String?, [SpanAttribute]) {
        try scanner.beginObject()
        var attributes: [SpanAttribute] = []
        var first = true
        while let key = try scanner.nextKey(&first) {
            if key == "attributes" {
                attributes = try otlpAttributes(depth: 0)
            } else {
                try scanner.skipValue()
            }
        }
        let service = attributes.first { $0.key == "service.name" }?.value.description
        return (service, attributes)
    }

    mutating func otlpScopeSpans(service: String, resource: [SpanAttribute]) throws(JSONScanError) {
        try scanner.beginObject()
        var first = true
        while let key = try scanner.nextKey(&first) {
            if key == "spans" {
                try scanner.beginArray()
                var firstElement = true
                while try scanner.nextElement(&firstElement) { try otlpSpan(service: service, resource: resource) }
            } else {
                try scanner.skipValue()
            }
        }
    }

    mutating func otlpSpan(service: String, resource: [SpanAttribute]) throws(JSONScanError) {
        let start = scanner.pos
        try scanner.beginObject()
        var traceRaw: RawBytes?
        var spanRaw: RawBytes?
        var parentRaw: RawBytes?
        var name = ""
        var nameHash: UInt64 = 0
        var kind = SpanKind.unspecified
        var startNanos: Int64 = 0
        var endNanos: Int64 = 0
        var attributes: [SpanAttribute] = []
        var events: [SpanEvent] = []
        var links: [SpanLink] = []
        var status = StatusCode.unset
        var message = ""
        var first = true
        while let key = try scanner.nextKey(&first) {
            switch key.count {
            case 4 where key == "name":
                let raw = try scanner.string("'name'")
                name = string(raw)
                nameHash = StringInterner.hash(raw.start, raw.count)
            case 4 where key == "kind": kind = try otlpKind()
            case 5 where key == "links": links = try otlpLinks()
            case 6 where key == "events": events = try otlpEvents()
            case 6 where key == "status": (status, message) = try otlpStatus()
            case 6 where key == "spanId", 7 where key == "span_id": spanRaw = try scanner.string("'spanId'")
            case 7 where key == "traceId", 8 where key == "trace_id": traceRaw = try scanner.string("'traceId'")
            case 10 where key == "attributes": attributes = try otlpSpanAttributes(context: nameHash)
            case 12 where key == "parentSpanId", 14 where key == "parent_span_id":
                parentRaw = try scanner.stringBytes()
                if parentRaw == nil { _ = scanner.takeNull() }
            case 15 where key == "endTimeUnixNano", 17 where key == "end_time_unix_nano":
                endNanos = try scanner.int64("'endTimeUnixNano'")
            case 17 where key == "startTimeUnixNano", 19 where key == "start_time_unix_nano":
                startNanos = try scanner.int64("'startTimeUnixNano'")
            default: try scanner.skipValue()
            }
        }
        guard let traceID = traceID(traceRaw, "traceId", at: start), let spanID = spanID(spanRaw, "spanId", at: start)
        else { return }
        if endNanos < startNanos {
            problem("span \(spanID) '\(name)' ends before it starts; its duration is read as 0", at: start)
        }
        // Built in place: a `Span` held in a local and then appended costs a retain and a
        // release for each of its strings and arrays.
        spans.append(
            Span(
                traceID: traceID, spanID: spanID, parentID: parentID(parentRaw, at: start), kind: kind, status: status,
                statusMessage: message, startNanos: startNanos, endNanos: endNanos, service: service, name: name,
                attributes: attributes, resource: resource, events: events, links: links, location: location(start)))
    }

    mutating func otlpKind() throws(JSONScanError) -> SpanKind {
        let at = scanner.pos
        if let raw = try scanner.stringBytes() {
            if let kind = SpanKind(name: JSONScanner.decode(raw)) { return kind }
            problem("unknown span kind '\(JSONScanner.decode(raw))'; read as unspecified", at: at)
            return .unspecified
        }
        let number = try scanner.int64("'kind'")
        guard let kind = SpanKind(rawValue: UInt8(clamping: max(0, number))) else {
            problem("unknown span kind \(number); read as unspecified", at: at)
            return .unspecified
        }
        return kind
    }

    mutating func otlpStatus() throws(JSONScanError) -> (StatusCode, String) {
        try scanner.beginObject()
        var code = StatusCode.unset
        var message = ""
        var first = true
        while let key = try scanner.nextKey(&first) {
            if key == "code" {
                let at = scanner.pos
                if let raw = try scanner.stringBytes() {
                    code = StatusCode(name: JSONScanner.decode(raw)) ?? .unset
                } else {
                    let number = try scanner.int64("'status.code'")
                    if let known = StatusCode(rawValue: UInt8(clamping: max(0, number))) {
                        code = known
                    } else {
                        problem("unknown status code \(number); read as unset", at: at)
                    }
                }
            } else if key == "message" {
                message = JSONScanner.decode(try scanner.string("'status.message'"))
            } else {
                try scanner.skipValue()
            }
        }
        return (code, message)
    }

    /// A span's attributes, through the cache of lists seen before (see `AttributeListCache`);
    /// `context` is the hash of the span's name when it came first (0 otherwise). Only lists
    /// read whole by the grammar-checking reader are kept.
    mutating func otlpSpanAttributes(context: UInt64) throws(JSONScanError) -> [SpanAttribute] {
        let start = scanner.pos
        guard start < scanner.end, scanner.base[start] == UInt8(ascii: "[") else { return try otlpAttributes(depth: 0) }
        let text = scanner.base + start
        let available = scanner.end - start
        let key = AttributeListCache.key(text, available: available, context: context)
        if let (known, count) = attributeLists.find(key, text, available: available) {
            scanner.pos = start + count
            return known
        }
        let list = try otlpAttributes(depth: 0)
        if scanner.pos - start <= AttributeListCache.longest {
            attributeLists.store(key, text, scanner.pos - start, list)
        }
        return list
    }

    /// `[{"key": …, "value": AnyValue}]`.
    mutating func otlpAttributes(depth: Int) throws(JSONScanError) -> [SpanAttribute] {
        if scanner.takeNull() { return [] }
        try scanner.beginArray()
        var attributes: [SpanAttribute] = []
        var firstElement = true
        while try scanner.nextElement(&firstElement) {
            try scanner.beginObject()
            var key = ""
            var value = AttributeValue.string("")
            var first = true
            while let field = try scanner.nextKey(&first) {
                if field == "key" {
                    key = string(try scanner.string("'key'"))
                } else if field == "value" {
                    value = try otlpAnyValue(depth: depth)
                } else {
                    try scanner.skipValue()
                }
            }
            attributes.append(SpanAttribute(key, value))
        }
        return attributes
    }

    /// `{"stringValue": …}` and the other `AnyValue` variants.
    mutating func otlpAnyValue(depth: Int) throws(JSONScanError) -> AttributeValue {
        guard depth < 16 else { throw scanner.fail("attribute values nested more than 16 levels deep") }
        if scanner.takeNull() { return .string("") }
        try scanner.beginObject()
        var value = AttributeValue.string("")
        var first = true
        while let key = try scanner.nextKey(&first) {
            if key == "stringValue" || key == "string_value" {
                value = .string(string(try scanner.string("'stringValue'")))
            } else if key == "intValue" || key == "int_value" {
                value = .int(try scanner.int64("'intValue'"))
            } else if key == "boolValue" || key == "bool_value" {
                value = .bool(try scanner.bool())
            } else if key == "doubleValue" || key == "double_value" {
                value = .double(try scanner.double("'doubleValue'"))
            } else if key == "bytesValue" || key == "bytes_value" {
                value = .bytes(JSONScanner.decode(try scanner.string("'bytesValue'")))
            } else if key == "arrayValue" || key == "array_value" || key == "kvlistValue" || key == "kvlist_value" {
                let isList = key == "kvlistValue" || key == "kvlist_value"
                try scanner.beginObject()
                var items: [AttributeValue] = []
                var pairs: [SpanAttribute] = []
                var firstField = true
                while let field = try scanner.nextKey(&firstField) {
                    guard field == "values" else {
                        try scanner.skipValue()
                        continue
                    }
                    if isList {
                        pairs = try otlpAttributes(depth: depth + 1)
                    } else {
                        try scanner.beginArray()
                        var firstElement = true
                        while try scanner.nextElement(&firstElement) {
                            items.append(try otlpAnyValue(depth: depth + 1))
                        }
                    }
                }
                value = isList ? .map(pairs) : .array(items)
            } else {
                try scanner.skipValue()
            }
        }
        return value
    }

    mutating func otlpEvents() throws(JSONScanError) -> [SpanEvent] {
        if scanner.takeNull() { return [] }
        try scanner.beginArray()
        var events: [SpanEvent] = []
        var firstElement = true
        while try scanner.nextElement(&firstElement) {
            try scanner.beginObject()
            var event = SpanEvent(name: "", timeNanos: 0)
            var first = true
            while let key = try scanner.nextKey(&first) {
                if key == "name" {
                    event.name = string(try scanner.string("'name'"))
                } else if key == "timeUnixNano" || key == "time_unix_nano" {
                    event.timeNanos = try scanner.int64("'timeUnixNano'")
                } else if key == "attributes" {
                    event.attributes = try otlpAttributes(depth: 0)
                } else {
                    try scanner.skipValue()
                }
            }
            events.append(event)
        }
        return events
    }

    mutating func otlpLinks() throws(JSONScanError) -> [SpanLink] {
        if scanner.takeNull() { return [] }
        try scanner.beginArray()
        var links: [SpanLink] = []
        var firstElement = true
        while try scanner.nextElement(&firstElement) {
            let start = scanner.pos
            try scanner.beginObject()
            var traceRaw: RawBytes?
            var spanRaw: RawBytes?
            var attributes: [SpanAttribute] = []
            var first = true
            while let key = try scanner.nextKey(&first) {
                if key == "traceId" || key == "trace_id" {
                    traceRaw = try scanner.string("'traceId'")
                } else if key == "spanId" || key == "span_id" {
                    spanRaw = try scanner.string("'spanId'")
                } else if key == "attributes" {
                    attributes = try otlpAttributes(depth: 0)
                } else {
                    try scanner.skipValue()
                }
            }
            guard let traceRaw, let spanRaw, let traceID = TraceIDText.traceID(traceRaw),
                let spanID = TraceIDText.spanID(spanRaw)
            else {
                problem("a link without a valid 'traceId' and 'spanId'; link skipped", at: start)
                continue
            }
            links.append(SpanLink(traceID: traceID, spanID: spanID, attributes: attributes))
        }
        return links
    }
}
