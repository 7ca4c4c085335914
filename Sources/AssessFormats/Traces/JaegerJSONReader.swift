import AssessYAML
public import Foundation

/// Reads Jaeger JSON: the query API's and the UI's "Download JSON" shape
/// (`{"data": [{traceID, spans, processes}]}`), a single trace object without `data`
/// (the UI model), and a bare array of spans that carry their own `process`.
///
/// Times are microseconds. The parent is the first `CHILD_OF` reference in the same trace
/// (else the first `FOLLOWS_FROM`); other references become links. The service comes from
/// `processes[processID]`. The tags `span.kind`, `error`, `otel.status_code` and
/// `otel.status_description` become the kind and status, as OpenTelemetry's Jaeger translation
/// maps them; int64 tags may be strings, binary tags are base64.
public struct JaegerJSONReader: Sendable {
    public init() {}

    public func read(_ data: Data, file: String) -> TraceSet {
        data.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress?.assumingMemoryBound(to: UInt8.self) else {
                return TraceSet(formats: [.jaegerJSON])
            }
            var parser = SpanParser(file: file, base: base, end: buffer.count)
            parser.documents(jsonLines: OTLPJSONReader.looksLikeJSONLines(base, count: buffer.count)) {
                (parser: inout SpanParser) throws(JSONScanError) in
                try parser.jaegerDocument()
            }
            return parser.finish(.jaegerJSON)
        }
    }
}

/// A process as Jaeger writes it: the service and its tags (OpenTelemetry's resource).
struct JaegerProcess {
    var service: String
    var tags: [SpanAttribute]
}

extension SpanParser {
    mutating func jaegerDocument() throws(JSONScanError) {
        if scanner.peek() == UInt8(ascii: "[") {
            try jaegerSpans(processes: [:])
            return
        }
        let start = scanner.pos
        try scanner.beginObject()
        var first = true
        var isTrace = false
        var pending: [(span: Int, process: String)] = []
        var processes: [String: JaegerProcess] = [:]
        while let key = try scanner.nextKey(&first) {
            if key == "data" {
                isTrace = true
                if scanner.takeNull() { continue }
                try scanner.beginArray()
                var firstElement = true
                while try scanner.nextElement(&firstElement) {
                    try scanner.beginObject()
                    var traceFirst = true
                    var tracePending: [(span: Int, process: String)] = []
                    var traceProcesses: [String: JaegerProcess] = [:]
                    while let field = try scanner.nextKey(&traceFirst) {
                        if field == "spans" {
                            tracePending += try jaegerSpans(processes: traceProcesses)
                        } else if field == "processes" {
                            traceProcesses = try jaegerProcesses()
                        } else {
                            try scanner.skipValue()
                        }
                    }
                    resolve(tracePending, traceProcesses)
                }
            } else if key == "spans" {
                isTrace = true
                pending += try jaegerSpans(processes: processes)
            } else if key == "processes" {
                isTrace = true
                processes = try jaegerProcesses()
            } else {
                try scanner.skipValue()
            }
        }
        resolve(pending, processes)
        if !isTrace { problem("no 'data' or 'spans' in this Jaeger document", at: start) }
    }

    /// Sets the service of spans whose process was named before the `processes` map was read.
    mutating func resolve(_ pending: [(span: Int, process: String)], _ processes: [String: JaegerProcess]) {
        for (index, id) in pending {
            if let process = processes[id] {
                spans[index].service = process.service
                spans[index].resource = process.tags
            } else {
                spans[index].service = "unknown_service"
                problem(
                    "span \(spans[index].spanID) names process '\(id)', which 'processes' does not list",
                    at: spans[index].location)
            }
        }
    }

    mutating func problem(_ message: String, at location: SourceLocation) {
        guard problems.count < Self.problemLimit else {
            droppedProblems += 1
            return
        }
        problems.append(ReadProblem.warning(message, at: location))
    }

    mutating func jaegerProcesses() throws(JSONScanError) -> [String: JaegerProcess] {
        if scanner.takeNull() { return [:] }
        try scanner.beginObject()
        var processes: [String: JaegerProcess] = [:]
        var first = true
        while let key = try scanner.nextKey(&first) {
            processes[JSONScanner.decode(key)] = try jaegerProcess()
        }
        return processes
    }

    mutating func jaegerProcess() throws(JSONScanError) -> JaegerProcess {
        try scanner.beginObject()
        var process = JaegerProcess(service: "unknown_service", tags: [])
        var first = true
        while let key = try scanner.nextKey(&first) {
            if key == "serviceName" {
                process.service = string(try scanner.string("'serviceName'"))
            } else if key == "tags" {
                process.tags = try jaegerTags()
            } else {
                try scanner.skipValue()
            }
        }
        process.tags.insert(SpanAttribute("service.name", .string(process.service)), at: 0)
        return process
    }

    /// Reads a `spans` array; returns the spans whose process must be looked up later.
    @discardableResult
    mutating func jaegerSpans(processes: [String: JaegerProcess]) throws(JSONScanError) -> [(
        span: Int, process: String
    )] {
        if scanner.takeNull() { return [] }
        try scanner.beginArray()
        var pending: [(span: Int, process: String)] = []
        var firstElement = true
        while try scanner.nextElement(&firstElement) {
            if let id = try jaegerSpan(processes: processes) { pending.append((spans.count - 1, id)) }
        }
        return pending
    }

    /// One span; returns its process id when the process is not yet known.
    mutating func jaegerSpan(processes: [String: JaegerProcess]) throws(JSONScanError) -> String? {
        let start = scanner.pos
        try scanner.beginObject()
        var traceRaw: RawBytes?
        var spanRaw: RawBytes?
        var parentRaw: RawBytes?
        var references: [(follows: Bool, trace: RawBytes, span: RawBytes)] = []
        var name = ""
        var startMicros: Int64 = 0
        var durationMicros: Int64 = 0
        var tags: [SpanAttribute] = []
        var events: [SpanEvent] = []
        var processID: String?
        var process: JaegerProcess?
        var first = true
        while let key = try scanner.nextKey(&first) {
            if key == "traceID" {
                traceRaw = try scanner.string("'traceID'")
            } else if key == "spanID" {
                spanRaw = try scanner.string("'spanID'")
            } else if key == "parentSpanID" {
                parentRaw = try scanner.stringBytes()
                if parentRaw == nil { try scanner.skipValue() }
            } else if key == "operationName" {
                name = string(try scanner.string("'operationName'"))
            } else if key == "startTime" {
                startMicros = try scanner.int64("'startTime'")
            } else if key == "duration" {
                durationMicros = try scanner.int64("'duration'")
            } else if key == "references" {
                if scanner.takeNull() { continue }
                try scanner.beginArray()
                var firstReference = true
                while try scanner.nextElement(&firstReference) {
                    try scanner.beginObject()
                    var follows = false
                    var trace: RawBytes?
                    var span: RawBytes?
                    var firstField = true
                    while let field = try scanner.nextKey(&firstField) {
                        if field == "refType" {
                            follows = try scanner.string("'refType'") == "FOLLOWS_FROM"
                        } else if field == "traceID" {
                            trace = try scanner.string("'traceID'")
                        } else if field == "spanID" {
                            span = try scanner.string("'spanID'")
                        } else {
                            try scanner.skipValue()
                        }
                    }
                    if let trace, let span { references.append((follows, trace, span)) }
                }
            } else if key == "tags" {
                tags = try jaegerTags()
            } else if key == "logs" {
                events = try jaegerLogs()
            } else if key == "processID" {
                processID = JSONScanner.decode(try scanner.string("'processID'"))
            } else if key == "process" {
                process = try jaegerProcess()
            } else {
                try scanner.skipValue()
            }
        }
        guard let traceID = traceID(traceRaw, "traceID", at: start), let spanID = spanID(spanRaw, "spanID", at: start)
        else { return nil }
        var parent = parentID(parentRaw, at: start)
        var followsFrom = false
        var links: [SpanLink] = []
        let sameTrace = references.filter { TraceIDText.traceID($0.trace) == traceID }
        let chosen = sameTrace.firstIndex { !$0.follows } ?? sameTrace.firstIndex { $0.follows }
        for (index, reference) in sameTrace.enumerated() where index == chosen {
            parent = TraceIDText.spanID(reference.span)
            followsFrom = reference.follows
        }
        for (index, reference) in sameTrace.enumerated() where index != chosen {
            if let id = TraceIDText.spanID(reference.span), id != parent {
                links.append(SpanLink(traceID: traceID, spanID: id))
            }
        }
        for reference in references where TraceIDText.traceID(reference.trace) != traceID {
            if let trace = TraceIDText.traceID(reference.trace), let id = TraceIDText.spanID(reference.span) {
                links.append(SpanLink(traceID: trace, spanID: id))
            }
        }
        var kind = SpanKind.internal
        var status = StatusCode.unset
        var message = ""
        tags.removeAll { tag in
            switch tag.key {
            case "span.kind":
                kind = SpanKind(name: tag.value.description) ?? .internal
                return true
            case "error":
                if tag.value == .bool(true) || tag.value == .string("true") { status = .error }
                return tag.value == .bool(true) || tag.value == .bool(false) || tag.value.description == "true"
                    || tag.value.description == "false"
            case "otel.status_code":
                if let code = StatusCode(name: tag.value.description) { status = code }
                return true
            case "otel.status_description":
                message = tag.value.description
                return true
            default: return false
            }
        }
        let known = process ?? processID.flatMap { processes[$0] }
        let startNanos = Self.nanos(micros: startMicros)
        let span = Span(
            traceID: traceID, spanID: spanID, parentID: parent, kind: kind, status: status, statusMessage: message,
            followsFrom: followsFrom, startNanos: startNanos,
            endNanos: startNanos &+ Self.nanos(micros: max(0, durationMicros)),
            service: known?.service ?? "unknown_service", name: name, attributes: tags, resource: known?.tags ?? [],
            events: events, links: links, location: location(start))
        if durationMicros < 0 { problem("span \(spanID) '\(name)' has a negative duration; read as 0", at: start) }
        spans.append(span)
        return known == nil ? (processID ?? "") : nil
    }

    /// `[{"key", "type", "value"}]`, the value typed by `type` (or by its JSON form when absent).
    mutating func jaegerTags() throws(JSONScanError) -> [SpanAttribute] {
        if scanner.takeNull() { return [] }
        try scanner.beginArray()
        var tags: [SpanAttribute] = []
        var firstElement = true
        while try scanner.nextElement(&firstElement) {
            try scanner.beginObject()
            var key = ""
            var type = ""
            var value = AttributeValue.string("")
            var first = true
            while let field = try scanner.nextKey(&first) {
                if field == "key" {
                    key = string(try scanner.string("'key'"))
                } else if field == "type" || field == "vType" {
                    type = JSONScanner.decode(try scanner.string("'type'")).lowercased()
                } else if field == "value" {
                    value = try jaegerValue()
                } else {
                    try scanner.skipValue()
                }
            }
            switch (type, value) {
            case ("int64", .string(let text)): value = Int64(text).map { .int($0) } ?? value
            case ("float64", .string(let text)): value = Double(text).map { .double($0) } ?? value
            case ("bool", .string(let text)): value = .bool(text == "true")
            case ("binary", .string(let text)): value = .bytes(text)
            default: break
            }
            tags.append(SpanAttribute(key, value))
        }
        return tags
    }

    /// A tag's value as JSON writes it: string, number (int when integral), bool.
    mutating func jaegerValue() throws(JSONScanError) -> AttributeValue {
        switch scanner.peek() {
        case UInt8(ascii: "\""): return .string(string(try scanner.string("'value'")))
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return .bool(try scanner.bool())
        case UInt8(ascii: "n"):
            _ = scanner.takeNull()
            return .string("")
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            try scanner.skipValue()
            return .string("")
        default:
            let raw = try scanner.numberToken()
            if let int = JSONScanner.parseInt64(raw) { return .int(int) }
            return .double(JSONScanner.parseDouble(raw) ?? 0)
        }
    }

    /// Logs become events: the `event` field names one (else `log`), the other fields are its attributes.
    mutating func jaegerLogs() throws(JSONScanError) -> [SpanEvent] {
        if scanner.takeNull() { return [] }
        try scanner.beginArray()
        var events: [SpanEvent] = []
        var firstElement = true
        while try scanner.nextElement(&firstElement) {
            try scanner.beginObject()
            var event = SpanEvent(name: "log", timeNanos: 0)
            var first = true
            while let key = try scanner.nextKey(&first) {
                if key == "timestamp" {
                    event.timeNanos = Self.nanos(micros: try scanner.int64("'timestamp'"))
                } else if key == "fields" {
                    var fields = try jaegerTags()
                    if let index = fields.firstIndex(where: { $0.key == "event" }) {
                        event.name = fields[index].value.description
                        fields.remove(at: index)
                    }
                    event.attributes = fields
                } else {
                    try scanner.skipValue()
                }
            }
            events.append(event)
        }
        return events
    }
}
