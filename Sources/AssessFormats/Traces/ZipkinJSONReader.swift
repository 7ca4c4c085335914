import AssessYAML
public import Foundation

/// Reads Zipkin v2 JSON (`zipkin2.Span` in the OpenAPI `zipkin2-api.yaml`): an array of spans
/// with `traceId`, `id`, `parentId`, `kind`, `timestamp` and `duration` in microseconds,
/// `localEndpoint` (the service) and `remoteEndpoint`, string `tags`, `annotations` and `shared`.
///
/// As OpenTelemetry's Zipkin translation does: no `kind` is an internal span; the `error` tag
/// (and `otel.status_code`) is the status; the remote endpoint becomes `peer.service`,
/// `network.peer.address` and `network.peer.port`; annotations become events.
public struct ZipkinJSONReader: Sendable {
    public init() {}

    public func read(_ data: Data, file: String) -> TraceSet {
        data.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress?.assumingMemoryBound(to: UInt8.self) else {
                return TraceSet(formats: [.zipkinJSON])
            }
            var parser = SpanParser(file: file, base: base, end: buffer.count)
            parser.documents(jsonLines: false) { (parser: inout SpanParser) throws(JSONScanError) in
                try parser.zipkinSpans()
            }
            return parser.finish(.zipkinJSON)
        }
    }
}

extension SpanParser {
    mutating func zipkinSpans() throws(JSONScanError) {
        let start = scanner.pos
        guard scanner.peek() == UInt8(ascii: "[") else {
            try scanner.skipValue()
            problem("Zipkin v2 JSON is an array of spans; this is not an array", at: start)
            return
        }
        try scanner.beginArray()
        var firstElement = true
        while try scanner.nextElement(&firstElement) { try zipkinSpan() }
    }

    mutating func zipkinSpan() throws(JSONScanError) {
        let start = scanner.pos
        try scanner.beginObject()
        var traceRaw: RawBytes?
        var spanRaw: RawBytes?
        var parentRaw: RawBytes?
        var name = ""
        var kind = SpanKind.internal
        var startMicros: Int64 = 0
        var durationMicros: Int64 = 0
        var service: String?
        var remote: [SpanAttribute] = []
        var tags: [SpanAttribute] = []
        var events: [SpanEvent] = []
        var shared = false
        var isVersion1 = false
        var first = true
        while let key = try scanner.nextKey(&first) {
            if key == "traceId" {
                traceRaw = try scanner.string("'traceId'")
            } else if key == "id" {
                spanRaw = try scanner.string("'id'")
            } else if key == "parentId" {
                parentRaw = try scanner.stringBytes()
                if parentRaw == nil { try scanner.skipValue() }
            } else if key == "name" {
                if scanner.takeNull() { continue }
                name = string(try scanner.string("'name'"))
            } else if key == "kind" {
                let at = scanner.pos
                if scanner.takeNull() { continue }
                let text = JSONScanner.decode(try scanner.string("'kind'"))
                if let parsed = SpanKind(name: text) {
                    kind = parsed
                } else {
                    problem("unknown span kind '\(text)'; read as internal", at: at)
                }
            } else if key == "timestamp" {
                startMicros = try scanner.int64("'timestamp'")
            } else if key == "duration" {
                durationMicros = try scanner.int64("'duration'")
            } else if key == "localEndpoint" {
                if scanner.takeNull() { continue }
                service = try zipkinEndpoint().service
            } else if key == "remoteEndpoint" {
                if scanner.takeNull() { continue }
                remote = try zipkinEndpoint().attributes
            } else if key == "tags" {
                tags = try zipkinTags()
            } else if key == "annotations" {
                events = try zipkinAnnotations()
            } else if key == "shared" {
                shared = scanner.takeNull() ? false : try scanner.bool()
            } else if key == "binaryAnnotations" {
                isVersion1 = true
                try scanner.skipValue()
            } else {
                try scanner.skipValue()
            }
        }
        if isVersion1 {
            problem("this is Zipkin v1 (binaryAnnotations); export Zipkin v2 JSON (/api/v2); span skipped", at: start)
            return
        }
        guard let traceID = traceID(traceRaw, "traceId", at: start), let spanID = spanID(spanRaw, "id", at: start)
        else { return }
        var status = StatusCode.unset
        var message = ""
        tags.removeAll { tag in
            switch tag.key {
            case "error":
                status = .error
                message = tag.value.description
                return true
            case "otel.status_code":
                if let code = StatusCode(name: tag.value.description) { status = code }
                return true
            case "otel.status_description":
                message = tag.value.description
                return true
            default: return false
            }
        }
        let startNanos = Self.nanos(micros: startMicros)
        let span = Span(
            traceID: traceID, spanID: spanID, parentID: parentID(parentRaw, at: start), kind: kind, status: status,
            statusMessage: message, shared: shared, startNanos: startNanos,
            endNanos: startNanos &+ Self.nanos(micros: max(0, durationMicros)), service: service ?? "unknown_service",
            name: name, attributes: tags + remote, events: events, location: location(start))
        if durationMicros < 0 { problem("span \(spanID) '\(name)' has a negative duration; read as 0", at: start) }
        spans.append(span)
    }

    mutating func zipkinEndpoint() throws(JSONScanError) -> (service: String?, attributes: [SpanAttribute]) {
        try scanner.beginObject()
        var service: String?
        var attributes: [SpanAttribute] = []
        var first = true
        while let key = try scanner.nextKey(&first) {
            if key == "serviceName" {
                if scanner.takeNull() { continue }
                let name = string(try scanner.string("'serviceName'"))
                service = name
                attributes.append(SpanAttribute("peer.service", .string(name)))
            } else if key == "ipv4" || key == "ipv6" {
                if scanner.takeNull() { continue }
                attributes.append(SpanAttribute("network.peer.address", .string(string(try scanner.string("'ipv4'")))))
            } else if key == "port" {
                if scanner.takeNull() { continue }
                attributes.append(SpanAttribute("network.peer.port", .int(try scanner.int64("'port'"))))
            } else {
                try scanner.skipValue()
            }
        }
        return (service, attributes)
    }

    /// `{"key": "value"}`: Zipkin's tags are strings.
    mutating func zipkinTags() throws(JSONScanError) -> [SpanAttribute] {
        if scanner.takeNull() { return [] }
        try scanner.beginObject()
        var tags: [SpanAttribute] = []
        var first = true
        while let key = try scanner.nextKey(&first) {
            let name = string(key)
            switch scanner.peek() {
            case UInt8(ascii: "\""): tags.append(SpanAttribute(name, .string(string(try scanner.string("a tag")))))
            default: tags.append(SpanAttribute(name, try jaegerValue()))
            }
        }
        return tags
    }

    mutating func zipkinAnnotations() throws(JSONScanError) -> [SpanEvent] {
        if scanner.takeNull() { return [] }
        try scanner.beginArray()
        var events: [SpanEvent] = []
        var firstElement = true
        while try scanner.nextElement(&firstElement) {
            try scanner.beginObject()
            var event = SpanEvent(name: "", timeNanos: 0)
            var first = true
            while let key = try scanner.nextKey(&first) {
                if key == "timestamp" {
                    event.timeNanos = Self.nanos(micros: try scanner.int64("'timestamp'"))
                } else if key == "value" {
                    event.name = string(try scanner.string("'value'"))
                } else {
                    try scanner.skipValue()
                }
            }
            events.append(Self.zipkinEvent(event))
        }
        return events
    }

    /// OpenTelemetry's Zipkin exporter writes an event with attributes as the annotation
    /// `"name": {"key": "value"}`; this splits it back into a name and attributes.
    static func zipkinEvent(_ annotation: SpanEvent) -> SpanEvent {
        let text = annotation.name
        guard text.hasPrefix("\""), let close = text.dropFirst().firstIndex(of: "\""),
            let brace = text[close...].firstIndex(of: "{")
        else { return annotation }
        var event = annotation
        event.name = String(text[text.index(after: text.startIndex)..<close])
        let body = Array(text[brace...].utf8)
        body.withUnsafeBufferPointer { buffer in
            var scanner = JSONScanner(buffer.baseAddress!, end: buffer.count)
            do throws(JSONScanError) {
                try scanner.beginObject()
                var first = true
                while let key = try scanner.nextKey(&first) {
                    let value: AttributeValue
                    if let raw = try scanner.stringBytes() {
                        value = .string(JSONScanner.decode(raw))
                    } else {
                        let start = scanner.pos
                        try scanner.skipValue()
                        value = .string(
                            String(
                                decoding: UnsafeBufferPointer(
                                    start: buffer.baseAddress! + start, count: scanner.pos - start), as: UTF8.self))
                    }
                    event.attributes.append(SpanAttribute(JSONScanner.decode(key), value))
                }
            } catch {
                event.attributes.append(SpanAttribute("annotation", .string(text)))
            }
        }
        return event
    }
}
