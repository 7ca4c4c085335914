public import AssessCore
import AssessFormats
import Foundation

/// Errors are few, and the ones there are show up in a trace view: status ERROR on the failing
/// spans, an exception event (or a status message) where the error starts, and no 5xx hidden
/// behind a status left unset.
public struct TraceErrorsGrader: Grader {
    public struct Options: Sendable, Hashable {
        var maxRatio: Double?
        var minErrors: Int
        var recorded: Bool
    }

    public static let description = GraderDescription(
        kind: "trace.errors",
        summary:
            "Counts error spans (status ERROR) against all spans and checks that errors are recorded where a trace view shows them: a span that looks failed (HTTP status ≥ 500 on a server, ≥ 400 on a client — `http.response.status_code` or the older `http.status_code` —, a failing gRPC code, an `exception` event, `error.type`) must have status ERROR, and the span where an error starts (no failing child) must carry an `exception` event or a status message. Score: the mean of the parts asked for."
            + traceInputNote,
        options: [
            OptionDescription("max_ratio", .fraction, "Error spans ÷ spans must stay at or below this."),
            OptionDescription(
                "min_errors", .integer, default: "0",
                "At least this many error spans (a fault-injection run must show its faults)."),
            OptionDescription(
                "recorded", .boolean, default: "true",
                "Check that errors are recorded properly (status ERROR; exception event or message where they start)."),
        ],
        examples: [
            GraderExample(
                "the payment failure is an ERROR span with an exception event", with: "{ min_errors: 1 }",
                paths: ["traces/*.jsonl"], files: ["traces/export.jsonl": TraceExamples.recordedError], .passes),
            GraderExample(
                "a 503 with status left unset", with: "{ max_ratio: 0.1 }",
                paths: ["traces/*.jsonl"], files: ["traces/export.jsonl": TraceExamples.hiddenError], .fails),
        ])

    public let options: Options

    public init(options: Options) {
        self.options = options
    }

    public static func options(from reader: MappingReader) -> Options? {
        let ratio = reader.double("max_ratio")
        if let ratio, !(0...1).contains(ratio) {
            reader.log.error(at: reader.node("max_ratio")?.location, "'max_ratio' is a share between 0 and 1")
        }
        return Options(
            maxRatio: ratio, minErrors: reader.declaredInt("min_errors"), recorded: reader.declaredBool("recorded"))
    }

    public func grade(_ job: GradingJob) async throws -> Outcome { judge(try await job.traceEvidence()) }

    /// The verdict on traces already read and assembled (a test builds the forest in Swift).
    func judge(_ evidence: TraceEvidence) -> Outcome {
        if let empty = evidence.emptyOutcome { return empty }
        let forest = evidence.forest
        let spans = forest.spans
        var errors = 0
        var hidden: [(Int, String)] = []
        var unexplained: [Int] = []
        var recordedWell = 0
        // Per service by the forest's service numbers. The spans are read in place through
        // the buffer: an array's subscript hands out a copy of the whole span (a retain of
        // each of its strings and arrays) whenever the span is passed on rather than one of
        // its fields read.
        var byService = [(spans: Int, errors: Int)](repeating: (0, 0), count: forest.serviceNames.count)
        spans.withUnsafeBufferPointer { spans in
            for index in 0..<spans.count {
                let service = Int(forest.serviceIndex[index])
                byService[service].spans += 1
                if spans[index].status == .error {
                    errors += 1
                    byService[service].errors += 1
                    let origin = !forest.children(of: index).contains { spans[Int($0)].status == .error }
                    if origin && !spans[index].events.contains(where: \.isException)
                        && spans[index].statusMessage.isEmpty
                    {
                        unexplained.append(index)
                    } else {
                        recordedWell += 1
                    }
                } else if let sign = Self.errorSign(of: spans[index]) {
                    hidden.append((index, sign))
                }
            }
        }
        var parts: [Double] = []
        var findings: [Finding] = []
        let ratio = Double(errors) / Double(spans.count)
        var measurements = [
            MeasuredValue("error spans", Double(errors)),
            MeasuredValue("error ratio", ratio, limit: options.maxRatio.map { "<= \($0.compact)" }),
        ]
        if let maxRatio = options.maxRatio {
            parts.append(ratio <= maxRatio ? 1 : maxRatio / ratio)
            if ratio > maxRatio {
                findings.append(
                    .error(
                        "\(errors) of \(plural(spans.count, "span")) failed (\((ratio * 100).compact(places: 2)) %); at most \((maxRatio * 100).compact(places: 2)) % allowed"
                    ))
            }
        }
        if options.minErrors > 0 {
            parts.append(min(1, Double(errors) / Double(options.minErrors)))
            if errors < options.minErrors {
                findings.append(
                    .error(
                        "\(plural(errors, "error span")) in the traces; at least \(options.minErrors) expected",
                        hint: "Record failures on the span: set its status to ERROR and record the exception."))
            }
        }
        if options.recorded {
            let judged = errors + hidden.count
            parts.append(judged == 0 ? 1 : Double(recordedWell) / Double(judged))
            findings += capped(
                hidden.map { index, sign in
                    .error(
                        "hidden error: \(spans[index].label) has \(sign) but status \(spans[index].status)",
                        at: spans[index].location,
                        hint:
                            "Set the span status to ERROR when the operation fails (instrumentation libraries do this for 5xx)."
                    )
                }, 15)
            findings += capped(
                unexplained.map { index in
                    .error(
                        "\(spans[index].label) fails here (no failing child) but records no exception event and no status message",
                        at: spans[index].location,
                        hint: "Call span.recordException(error) and give setStatus(ERROR, message) a description.")
                }, 15)
            measurements.append(MeasuredValue("hidden errors", Double(hidden.count), limit: "0"))
            measurements.append(
                MeasuredValue("errors without exception or message", Double(unexplained.count), limit: "0"))
        }
        let tallies = byService.enumerated().map { (forest.serviceNames[$0.offset], $0.element) }
        for (service, counts) in tallies.sorted(by: { $0.0 < $1.0 }) where counts.errors > 0 {
            findings.append(.info("\(service): \(counts.errors) of \(plural(counts.spans, "span")) failed"))
        }
        let score = parts.isEmpty ? 1 : parts.reduce(0, +) / Double(parts.count)
        var summary = "\(errors) error spans of \(spans.count) (\((ratio * 100).compact(places: 2)) %)"
        if options.recorded {
            summary += "; \(plural(hidden.count, "hidden error")), \(unexplained.count) without exception or message"
        }
        var outcome = Outcome.scored(score, summary, findings: findings + evidence.findings, measurements: measurements)
        let failing = forest.firstFailingTrace ?? hidden.first.map { forest.traces[Int(forest.traceIndex[$0.0])] }
        if let failing { outcome.charts.append(forest.waterfall(failing, title: "A failing trace")) }
        if let graph = forest.serviceGraphChart() { outcome.charts.append(graph) }
        return outcome
    }

    /// What makes a span look failed though its status does not say so, per OpenTelemetry's
    /// semantic conventions (HTTP: server 5xx, client 4xx and 5xx; gRPC codes; exceptions).
    static func errorSign(of span: borrowing Span) -> String? {
        let code = (span.attribute("http.response.status_code") ?? span.attribute("http.status_code"))?.number
        if let code {
            if span.kind == .server, code >= 500 { return "HTTP status \(Int(code))" }
            if span.kind == .client, code >= 400 { return "HTTP status \(Int(code))" }
        }
        if let grpc = span.attribute("rpc.grpc.status_code")?.number, grpc != 0 {
            if span.kind == .client || [2, 4, 12, 13, 14, 15].contains(Int(grpc)) { return "gRPC status \(Int(grpc))" }
        }
        if span.events.contains(where: \.isException) { return "an exception event" }
        if let type = span.attribute("error.type") { return "error.type '\(type)'" }
        if span.attribute("error") == .bool(true) { return "an error tag" }
        return nil
    }
}
