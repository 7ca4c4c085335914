public import AssessYAML
public import Foundation

/// Reads a trace file in whichever format its content shows: OTLP JSON (`resourceSpans`, or a
/// wrapper `result` / `batches` / `trace`), Jaeger JSON (`data`, or `spans` with `processes`,
/// or an array of spans with `spanID`), Zipkin v2 JSON (an array of spans with `traceId` and
/// `id`). File names are not consulted: exports are named anything.
public struct TraceReader: Sendable {
    public init() {}

    /// Reads `data`; a file in no known format is one problem, never a crash.
    public func read(_ data: Data, file: String, format: TraceFormat? = nil) -> TraceSet {
        guard let format = format ?? Self.detect(data) else {
            let location = SourceLocation(file: file, line: 1, column: 1)
            let message =
                data.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 })
                ? "the file is empty"
                : "not a trace file this reader knows: expected OTLP JSON (resourceSpans), Jaeger JSON (data[].spans) or Zipkin v2 JSON (an array of spans with traceId and id)"
            return TraceSet(problems: [ReadProblem.warning(message, at: location)])
        }
        switch format {
        case .otlpJSON: return OTLPJSONReader().read(data, file: file)
        case .jaegerJSON: return JaegerJSONReader().read(data, file: file)
        case .zipkinJSON: return ZipkinJSONReader().read(data, file: file)
        }
    }

    /// Reads a file opened for reading in blocks (`Submission.open`): OTLP JSON lines are
    /// streamed a block at a time; other shapes are single documents and are read whole.
    public func read(_ blocks: FileBlocks, file: String, format: TraceFormat? = nil) -> TraceSet {
        var head = [UInt8](repeating: 0, count: 64 << 10)
        let count = head.withUnsafeMutableBytes { blocks.peek($0) }
        head.removeSubrange(count...)
        guard let format = format ?? Self.detect(Data(head)) else { return read(Data(head), file: file) }
        let otlp = OTLPJSONReader()
        if format == .otlpJSON { return otlp.read(blocks, file: file) }
        // Jaeger and Zipkin files are single documents, held whole to be read: bounded.
        if let size = blocks.size, size > otlp.maxLineBytes {
            return TraceSet(
                problems: [
                    ReadProblem.warning(
                        "a \(format) document of \(size >> 20) MiB is over the \(otlp.maxLineBytes >> 20) MiB a single "
                            + "trace document may hold; it was not read",
                        at: SourceLocation(file: file, line: 1, column: 1))
                ], formats: [format])
        }
        return read(Data(blocks.readAll()), file: file, format: format)
    }

    /// The format the content shows, from the first keys of the first value; a file too broken
    /// to scan is recognised by the keys in its first kilobytes, so its reader can say where it breaks.
    public static func detect(_ data: Data) -> TraceFormat? {
        data.withUnsafeBytes { buffer -> TraceFormat? in
            guard let base = buffer.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return nil }
            var scanner = JSONScanner(base, end: buffer.count)
            if let format = try? detect(&scanner) { return format }
            let head = String(decoding: buffer.prefix(4096), as: UTF8.self)
            if head.contains("\"resourceSpans\"") || head.contains("\"scopeSpans\"") { return .otlpJSON }
            if head.contains("\"operationName\"") || head.contains("\"spanID\"") { return .jaegerJSON }
            if head.contains("\"localEndpoint\"") || (head.contains("\"traceId\"") && head.contains("\"id\"")) {
                return .zipkinJSON
            }
            return nil
        }
    }

    private static func detect(_ scanner: inout JSONScanner) throws(JSONScanError) -> TraceFormat? {
        switch scanner.peek() {
        case UInt8(ascii: "{"):
            try scanner.beginObject()
            var first = true
            var sawSpans = false
            while let key = try scanner.nextKey(&first) {
                if key == "resourceSpans" || key == "resource_spans" || key == "batches" || key == "result"
                    || key == "trace"
                {
                    return .otlpJSON
                }
                if key == "data" || key == "processes" || key == "traceID" { return .jaegerJSON }
                if key == "spans" { sawSpans = true }
                try scanner.skipValue()
            }
            return sawSpans ? .jaegerJSON : nil
        case UInt8(ascii: "["):
            try scanner.beginArray()
            var first = true
            guard try scanner.nextElement(&first) else { return .zipkinJSON }
            guard scanner.peek() == UInt8(ascii: "{") else { return nil }
            try scanner.beginObject()
            var firstKey = true
            while let key = try scanner.nextKey(&firstKey) {
                if key == "spanID" || key == "traceID" || key == "operationName" { return .jaegerJSON }
                if key == "traceId" || key == "id" || key == "localEndpoint" { return .zipkinJSON }
                if key == "resourceSpans" { return .otlpJSON }
                try scanner.skipValue()
            }
            return nil
        default:
            return nil
        }
    }
}
