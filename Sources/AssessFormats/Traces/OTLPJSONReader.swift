import AssessYAML
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
    public init() {}

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
    public func readFile(atPath path: String, file: String? = nil, blockSize: Int = 8 << 20) throws -> TraceSet {
        let name = file ?? path
        guard let handle = FileHandle(forReadingAtPath: path) else { throw CocoaError(.fileReadNoSuchFile) }
        defer { try? handle.close() }
        var set = TraceSet(formats: [.otlpJSON])
        var interner = StringInterner()
        var carry = Data()
        var line = 1
        var firstBlock = true
        while true {
            let block = try handle.read(upToCount: blockSize) ?? Data()
            let atEnd = block.isEmpty
            var chunk = carry
            chunk.append(block)
            if firstBlock {
                firstBlock = false
                let lines = chunk.withUnsafeBytes {
                    Self.looksLikeJSONLines($0.baseAddress!.assumingMemoryBound(to: UInt8.self), count: $0.count)
                }
                if !lines {
                    var whole = chunk
                    while let more = try handle.read(upToCount: blockSize), !more.isEmpty { whole.append(more) }
                    return read(whole, file: name)
                }
            }
            // Everything up to the last newline is whole lines; the rest waits for the next block.
            let cut: Int
            if atEnd {
                cut = chunk.count
            } else if let newline = chunk.lastIndex(of: 0x0A) {
                cut = newline - chunk.startIndex + 1
            } else {
                carry = chunk
                continue
            }
            chunk.withUnsafeBytes { buffer in
                guard let base = buffer.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return }
                var parser = SpanParser(file: name, base: base, end: cut, firstLine: line, interner: interner)
                parser.spans.reserveCapacity(cut / 300)
                parser.readOTLP(jsonLines: true)
                line = parser.lines.position(of: cut).line
                interner = parser.interner
                let part = parser.finish(.otlpJSON)
                set.spans += part.spans
                set.problems += part.problems
            }
            if atEnd { break }
            carry = chunk.subdata(in: (chunk.startIndex + cut)..<chunk.endIndex)
        }
        return set
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
            problems.append(TraceProblem("and \(droppedProblems) more problems like these", at: last.location))
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
            case 4 where key == "name": name = string(try scanner.string("'name'"))
            case 4 where key == "kind": kind = try otlpKind()
            case 5 where key == "links": links = try otlpLinks()
            case 6 where key == "events": events = try otlpEvents()
            case 6 where key == "status": (status, message) = try otlpStatus()
            case 6 where key == "spanId", 7 where key == "span_id": spanRaw = try scanner.string("'spanId'")
            case 7 where key == "traceId", 8 where key == "trace_id": traceRaw = try scanner.string("'traceId'")
            case 10 where key == "attributes": attributes = try otlpAttributes(depth: 0)
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
        let span = Span(
            traceID: traceID, spanID: spanID, parentID: parentID(parentRaw, at: start), kind: kind, status: status,
            statusMessage: message, startNanos: startNanos, endNanos: endNanos, service: service, name: name,
            attributes: attributes, resource: resource, events: events, links: links, location: location(start))
        checkTimes(span, at: start)
        spans.append(span)
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
