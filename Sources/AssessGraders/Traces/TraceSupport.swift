import AssessCore
import AssessFormats
import Foundation

/// What the trace graders share: the input's exports read by `TraceReader` and assembled into
/// one forest (the readers' problems as located findings), naming spans and services in
/// findings, the waterfall and service-graph charts, and the option shapes several of them take.
struct TraceEvidence: Sendable {
    var forest: TraceForest
    /// Problems the readers met, as findings at their file, line and column.
    var findings: [Finding]
    var files: Int
    /// Files the submission's fence or cap kept from being read at all.
    var unreadable: [String] = []

    var spans: [Span] { forest.spans }

    /// The forest of every file's spans, in input order. Each file's spans are let go as they
    /// are joined, so a large export is held once: in the forest.
    init(assembling evidence: inout Evidence<TraceSet>) {
        var set = TraceSet()
        for index in evidence.read.indices {
            set.append(evidence.read[index].model)
            evidence.read[index].model = TraceSet()
        }
        forest = TraceForest(set)
        findings = evidence.findings
        files = evidence.read.count + evidence.unreadable.count
        unreadable = evidence.unreadable
    }

    init(forest: TraceForest, findings: [Finding] = [], files: Int = 1) {
        self.forest = forest
        self.findings = findings
        self.files = files
    }
}

extension GradingJob {
    /// Every input file read by `TraceReader`: the format the input declares (`otlp`, `jaeger`,
    /// `zipkin`) or, for anything else, the one its content shows. Files are streamed in
    /// blocks through the submission's fence (an input may raise its cap with `max_size` for
    /// large exports), and the forest is assembled once per grading run: every trace criterion
    /// over the same files, unchanged, shares it.
    func traceEvidence() async throws -> TraceEvidence {
        try await assembled(TraceReader(), as: "traces") { evidence in TraceEvidence(assembling: &evidence) }
    }
}

/// How every trace grader reads its input, for their summaries (docs/graders.md).
let traceInputNote =
    " Files are streamed in blocks, and the trace criteria of one run share one read of the same (unchanged) files. A large export (the Collector's file exporter writes hundreds of megabytes) needs the input's cap raised: `max_size: 2GB`."

extension TraceEvidence {
    /// The outcome when the files hold no span at all: failed, with the readers' reasons; an
    /// error when a file could not be read at all (outside the fence, over the input's cap).
    var emptyOutcome: Outcome? {
        guard spans.isEmpty else { return nil }
        let reasons = findings.isEmpty ? [Finding.error("no spans in \(plural(files, "file"))")] : findings
        let summary = "no spans could be read from \(plural(files, "file"))"
        return unreadable.isEmpty ? .failed(summary, findings: reasons) : .error(summary, findings: reasons)
    }
}

/// Milliseconds from nanoseconds, for messages and charts.
func milliseconds(_ nanos: Int64) -> Double { Double(nanos) / 1_000_000 }

func msText(_ nanos: Int64) -> String { "\(milliseconds(nanos).compact(places: 2)) ms" }

/// Keeps the first `limit` findings and says how many more there were.
func capped(_ findings: [Finding], _ limit: Int = 25) -> [Finding] {
    guard findings.count > limit else { return findings }
    return Array(findings.prefix(limit)) + [.info("and \(findings.count - limit) more like these")]
}

/// Service names as a rubric writes them and traces carry them: compared case-insensitively.
struct ServiceNames {
    var known: [String]

    func find(_ wanted: String) -> String? { known.first { $0.caseInsensitiveCompare(wanted) == .orderedSame } }

    func same(_ a: String, _ b: String) -> Bool { a.caseInsensitiveCompare(b) == .orderedSame }

    /// ` (services seen: a, b, c; did you mean 'orders'?)`.
    func missingHint(_ wanted: String) -> String {
        let seen = known.prefix(12).joined(separator: ", ")
        return " (services in the traces: \(seen.isEmpty ? "none" : seen))\(Suggestion.didYouMean(wanted, in: known))"
    }
}

/// `orders -> payments`: a caller and a callee, as rubrics write required edges and hops.
struct ServicePair: Sendable, Hashable, CustomStringConvertible {
    var caller: String
    var callee: String

    var description: String { "\(caller) → \(callee)" }

    static func read(_ key: String, from reader: MappingReader) -> [ServicePair]? {
        guard let node = reader.node(key), let texts = node.expectStrings(for: key, log: reader.log) else { return nil }
        var pairs: [ServicePair] = []
        for (index, text) in texts.enumerated() {
            let parts = text.components(separatedBy: "->").map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                reader.log.error(
                    at: node.sequence?[index].location ?? node.location,
                    "'\(key)' takes 'caller -> callee'; found '\(text)'")
                continue
            }
            pairs.append(ServicePair(caller: parts[0], callee: parts[1]))
        }
        return pairs
    }
}

extension TraceForest {
    /// The data a waterfall needs for one trace: spans in tree order with depth, offset from
    /// the trace's start and duration in milliseconds, service and whether it failed.
    func waterfall(_ trace: Trace, title: String, limit: Int = 150) -> Chart {
        var bars: [Chart.Span] = []
        func visit(_ index: Int, _ depth: Int) {
            guard bars.count < limit else { return }
            let span = spans[index]
            bars.append(
                Chart.Span(
                    name: span.name, service: span.service, depth: depth,
                    offset: milliseconds(span.startNanos - trace.startNanos),
                    duration: milliseconds(span.durationNanos),
                    failed: span.status == .error))
            for child in children(of: index).sorted(by: { spans[Int($0)].startNanos < spans[Int($1)].startNanos }) {
                visit(Int(child), depth + 1)
            }
        }
        let tops = (trace.roots + trace.orphans).sorted { spans[Int($0)].startNanos < spans[Int($1)].startNanos }
        for top in tops { visit(Int(top), 0) }
        return Chart(kind: .waterfall, title: title, unit: "ms", spans: bars)
    }

    /// The service dependency graph as a chart (the Markdown report draws it as a mermaid flowchart).
    func serviceGraphChart(title: String = "Service graph") -> Chart? {
        guard !serviceGraph.edges.isEmpty else { return nil }
        let edges = serviceGraph.edges.map { edge in
            let calls = edge.hop == .messaging ? plural(edge.calls, "message") : plural(edge.calls, "call")
            let label = edge.errors > 0 ? "\(calls), \(plural(edge.errors, "error"))" : calls
            return Chart.Edge(from: edge.caller, to: edge.callee, label: label, count: edge.calls, errors: edge.errors)
        }
        return Chart(kind: .graph, title: title, edges: edges)
    }

    /// `trace 4bf9… (gateway GET /checkout)`.
    func label(_ trace: Trace) -> String {
        guard let top = top(of: trace) else { return "trace \(trace.id)" }
        return "trace \(trace.id) (\(spans[top].service) '\(spans[top].name)')"
    }

    /// Whether `index` is an error span: status ERROR.
    func failed(_ index: Int) -> Bool { spans[index].status == .error }

    /// The slowest trace, by end-to-end duration.
    var slowestTrace: Trace? { traces.max { $0.durationNanos < $1.durationNanos } }

    /// The first trace (in file order) holding an error span.
    var firstFailingTrace: Trace? {
        traces.first { trace in spans(of: trace).contains { spans[Int($0)].status == .error } }
    }
}

/// Small OTLP JSON-lines files for the trace graders' examples (one export request per line,
/// as the Collector's file exporter writes): `otlp` builds them from a compact span list.
enum TraceExamples {
    struct Example {
        var trace: String
        var id: String
        var parent: String?
        var service: String
        var kind: Int
        var name: String
        var start: Int
        var end: Int
        var error: String?
        var attributes: [(String, String)] = []
        var exception: Bool = false
        var link: (trace: String, span: String)?
    }

    static let base = 1_700_000_000_000_000_000

    /// One line per service, spans in the order given.
    static func otlp(_ spans: [Example]) -> String {
        var services: [String] = []
        for span in spans where !services.contains(span.service) { services.append(span.service) }
        return services.map { service in
            let body = spans.filter { $0.service == service }.map { span in
                var fields = [
                    "\"traceId\":\"\(span.trace)\"", "\"spanId\":\"\(span.id)\"",
                ]
                if let parent = span.parent { fields.append("\"parentSpanId\":\"\(parent)\"") }
                fields += [
                    "\"name\":\"\(span.name)\"", "\"kind\":\(span.kind)",
                    "\"startTimeUnixNano\":\"\(base + span.start * 1_000_000)\"",
                    "\"endTimeUnixNano\":\"\(base + span.end * 1_000_000)\"",
                ]
                if !span.attributes.isEmpty {
                    let values = span.attributes.map { key, value in
                        let typed = Int(value) != nil ? "{\"intValue\":\"\(value)\"}" : "{\"stringValue\":\"\(value)\"}"
                        return "{\"key\":\"\(key)\",\"value\":\(typed)}"
                    }
                    fields.append("\"attributes\":[\(values.joined(separator: ","))]")
                }
                if span.exception, let message = span.error {
                    fields.append(
                        "\"events\":[{\"timeUnixNano\":\"\(base + span.end * 1_000_000)\",\"name\":\"exception\",\"attributes\":[{\"key\":\"exception.message\",\"value\":{\"stringValue\":\"\(message)\"}}]}]"
                    )
                }
                if let link = span.link {
                    fields.append("\"links\":[{\"traceId\":\"\(link.trace)\",\"spanId\":\"\(link.span)\"}]")
                }
                if let message = span.error {
                    fields.append("\"status\":{\"code\":2,\"message\":\"\(message)\"}")
                }
                return "{" + fields.joined(separator: ",") + "}"
            }
            return
                "{\"resourceSpans\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\",\"value\":{\"stringValue\":\"\(service)\"}}]},\"scopeSpans\":[{\"scope\":{\"name\":\"example\"},\"spans\":[\(body.joined(separator: ","))]}]}]}"
        }.joined(separator: "\n") + "\n"
    }

    static let t1 = "0af7651916cd43dd8448eb211c80319c"
    static let t2 = "4bf92f3577b34da6a3ce929d0e0e4736"

    /// gateway SERVER → gateway CLIENT → orders SERVER, one trace.
    static let whole = otlp([
        Example(
            trace: t1, id: "00f067aa0ba902b7", service: "gateway", kind: 2, name: "GET /checkout", start: 0, end: 90),
        Example(
            trace: t1, id: "b7ad6b7169203331", parent: "00f067aa0ba902b7", service: "gateway", kind: 3,
            name: "POST /orders", start: 5, end: 80, attributes: [("server.address", "orders")]),
        Example(
            trace: t1, id: "53995c3f42cd8ad8", parent: "b7ad6b7169203331", service: "orders", kind: 2,
            name: "POST /orders", start: 8, end: 75, attributes: [("http.response.status_code", "201")]),
    ])

    /// The same request, but orders starts a new trace of its own.
    static let broken = otlp([
        Example(
            trace: t1, id: "00f067aa0ba902b7", service: "gateway", kind: 2, name: "GET /checkout", start: 0, end: 90),
        Example(
            trace: t1, id: "b7ad6b7169203331", parent: "00f067aa0ba902b7", service: "gateway", kind: 3,
            name: "POST /orders", start: 5, end: 80, attributes: [("server.address", "orders")]),
        Example(trace: t2, id: "53995c3f42cd8ad8", service: "orders", kind: 2, name: "POST /orders", start: 8, end: 75),
    ])
}

extension TraceExamples {
    /// orders → payments; payments fails with an exception event and status ERROR.
    static let recordedError = otlp([
        Example(trace: t1, id: "00f067aa0ba902b7", service: "orders", kind: 2, name: "POST /orders", start: 0, end: 60),
        Example(
            trace: t1, id: "b7ad6b7169203331", parent: "00f067aa0ba902b7", service: "orders", kind: 3,
            name: "POST /payments", start: 5, end: 50, error: "502 from payments",
            attributes: [("http.response.status_code", "502")]),
        Example(
            trace: t1, id: "53995c3f42cd8ad8", parent: "b7ad6b7169203331", service: "payments", kind: 2,
            name: "POST /payments", start: 8, end: 45, error: "card declined",
            attributes: [("http.response.status_code", "502")], exception: true),
    ])

    /// payments answers 503 but leaves the status unset; orders sees the 503 as success too.
    static let hiddenError = otlp([
        Example(trace: t1, id: "00f067aa0ba902b7", service: "orders", kind: 2, name: "POST /orders", start: 0, end: 60),
        Example(
            trace: t1, id: "b7ad6b7169203331", parent: "00f067aa0ba902b7", service: "orders", kind: 3,
            name: "POST /payments", start: 5, end: 50, attributes: [("http.status_code", "503")]),
        Example(
            trace: t1, id: "53995c3f42cd8ad8", parent: "b7ad6b7169203331", service: "payments", kind: 2,
            name: "POST /payments", start: 8, end: 45, attributes: [("http.response.status_code", "503")]),
    ])
}

extension TraceExamples {
    /// orders publishes `order.created`; inventory consumes it in its own trace, linking back.
    static let linkedHop = otlp([
        Example(trace: t1, id: "00f067aa0ba902b7", service: "orders", kind: 2, name: "POST /orders", start: 0, end: 30),
        Example(
            trace: t1, id: "b7ad6b7169203331", parent: "00f067aa0ba902b7", service: "orders", kind: 4,
            name: "order.created publish", start: 10, end: 12,
            attributes: [("messaging.destination.name", "order.created")]),
        Example(
            trace: t2, id: "53995c3f42cd8ad8", service: "inventory", kind: 5, name: "order.created process", start: 40,
            end: 55, attributes: [("messaging.destination.name", "order.created")],
            link: (trace: t1, span: "b7ad6b7169203331")),
    ])

    /// orders publishes, and nothing traced consumes the message.
    static let lostMessage = otlp([
        Example(trace: t1, id: "00f067aa0ba902b7", service: "orders", kind: 2, name: "POST /orders", start: 0, end: 30),
        Example(
            trace: t1, id: "b7ad6b7169203331", parent: "00f067aa0ba902b7", service: "orders", kind: 4,
            name: "order.created publish", start: 10, end: 12,
            attributes: [("messaging.destination.name", "order.created")]),
        Example(
            trace: t2, id: "53995c3f42cd8ad9", service: "inventory", kind: 2, name: "GET /stock", start: 40, end: 45),
    ])
}
