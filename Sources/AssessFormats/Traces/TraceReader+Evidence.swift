import AssessYAML
import Foundation

/// Trace exports as evidence: OTLP JSON (the Collector's file exporter, JSON lines streamed),
/// Jaeger JSON and Zipkin v2 JSON. A file's format is the one declared, else the one its
/// content shows; file names are not consulted, since exports are named anything.
extension TraceReader: EvidenceReader {
    public static let formats: [EvidenceFormat] = [
        EvidenceFormat(
            id: TraceFormat.otlpJSON.rawValue, summary: "OpenTelemetry OTLP JSON (resourceSpans; JSON lines streamed)",
            refines: ["json"], recognizes: { head, _ in TraceReader.detect(head) == .otlpJSON }),
        EvidenceFormat(
            id: TraceFormat.jaegerJSON.rawValue, summary: "Jaeger JSON exports (data[].spans with processes)",
            refines: ["json"], recognizes: { head, _ in TraceReader.detect(head) == .jaegerJSON }),
        EvidenceFormat(
            id: TraceFormat.zipkinJSON.rawValue, summary: "Zipkin v2 JSON (an array of spans with traceId and id)",
            refines: ["json"], recognizes: { head, _ in TraceReader.detect(head) == .zipkinJSON }),
        EvidenceFormat(
            id: "traces", summary: "Any trace export above, each file recognised from its content",
            recognizes: { head, _ in TraceReader.detect(head) != nil }),
    ]

    /// The spans of one file; what could not be read comes back as warnings at its place.
    public func read(_ file: EvidenceFile) throws(ReadFailure) -> Reading<TraceSet> {
        let set = read(try file.blocks(), file: file.path, format: TraceFormat(rawValue: file.declaredFormat))
        return Reading(set, problems: set.problems)
    }

    /// Detection on a head already read (the registry's sniffing).
    static func detect(_ head: [UInt8]) -> TraceFormat? {
        head.isEmpty ? nil : detect(Data(head))
    }
}
