public import AssessCore
import AssessFormats
import Foundation

/// The context travels with the request: every trace is whole (one root, no orphans, no
/// cycles), and no service starts a fresh trace while another service's CLIENT span is calling it.
public struct TracePropagationGrader: Grader {
    public struct Options: Sendable, Hashable {
        var minWhole: Double
        var minTraces: Int
        var toleranceNanos: Int64
    }

    public static let description = GraderDescription(
        kind: "trace.propagation",
        summary:
            "Reads traces (OTLP JSON or JSON lines, Jaeger JSON, Zipkin v2 JSON; detected by content) and scores the share of traces that are whole — one root, no orphan spans, no cycles — and unbroken. A break is a SERVER span that starts a new trace while a CLIENT span of another service, aimed at it, is calling: the finding names both services, both spans and the service that drops the context when the traces show which. Partial credit: share ÷ `min_whole`."
            + traceInputNote,
        options: [
            OptionDescription(
                "min_whole", .fraction, default: "1",
                "Share of traces that must be whole and unbroken for full marks."),
            OptionDescription(
                "min_traces", .integer, default: "1", "Fewer traces than this is inconclusive rather than judged."),
            OptionDescription(
                "tolerance_ms", .number, default: "50",
                "Clock difference allowed between hosts when matching a new trace's SERVER span to the CLIENT span calling it."
            ),
        ],
        examples: [
            GraderExample(
                "gateway → orders, one trace",
                with: "{ min_whole: 1 }", paths: ["traces/*.json"],
                files: ["traces/checkout.json": TraceExamples.whole], .passes),
            GraderExample(
                "orders starts a new trace while gateway calls it",
                with: "{ min_whole: 1 }", paths: ["traces/*.json"],
                files: ["traces/checkout.json": TraceExamples.broken], .fails),
        ])

    public let options: Options

    public init(options: Options) {
        self.options = options
    }

    public static func options(from reader: MappingReader) -> Options? {
        let share = reader.declaredDouble("min_whole")
        if !(0...1).contains(share) {
            reader.log.error(at: reader.node("min_whole")?.location, "'min_whole' is a share between 0 and 1")
        }
        let tolerance = reader.declaredDouble("tolerance_ms")
        return Options(
            minWhole: share, minTraces: reader.declaredInt("min_traces"),
            toleranceNanos: Int64(max(0, tolerance) * 1_000_000))
    }

    public func grade(_ job: GradingJob) async throws -> Outcome { judge(try await job.traceEvidence()) }

    /// The verdict on traces already read and assembled (a test builds the forest in Swift).
    func judge(_ evidence: TraceEvidence) -> Outcome {
        if let empty = evidence.emptyOutcome { return empty }
        let forest = evidence.forest
        let traces = forest.traces
        if traces.count < options.minTraces {
            return .inconclusive(
                "only \(plural(traces.count, "trace")); at least \(options.minTraces) needed to judge propagation",
                findings: evidence.findings)
        }
        var findings: [Finding] = []
        var shapeFindings: [Finding] = []
        var unsound = Set<Int>()
        for (index, trace) in traces.enumerated() where !trace.isWhole {
            unsound.insert(index)
            shapeFindings += shapeProblems(trace, forest)
        }
        let breaks = PropagationBreaks(forest, tolerance: options.toleranceNanos)
        for found in breaks.breaks {
            unsound.insert(Int(forest.traceIndex[found.caller]))
            unsound.insert(Int(forest.traceIndex[found.root]))
        }
        findings += breaks.findings(forest)
        findings += capped(shapeFindings)
        let sound = traces.count - unsound.count
        let share = Double(sound) / Double(traces.count)
        let score = options.minWhole > 0 ? min(1, share / options.minWhole) : 1
        var summary = "\(sound) of \(plural(traces.count, "trace")) whole and unbroken"
        if let first = breaks.groups.first {
            summary += "; the context is lost at \(first.pair)" + (first.blamed.map { " (\($0) drops it)" } ?? "")
        }
        let orphans = traces.reduce(0) { $0 + $1.orphans.count }
        var outcome = Outcome.scored(
            score, summary, findings: findings + evidence.findings,
            measurements: [
                MeasuredValue("traces", Double(traces.count)),
                MeasuredValue(
                    "whole and unbroken", share * 100, unit: "%", limit: ">= \((options.minWhole * 100).compact)"),
                MeasuredValue("propagation breaks", Double(breaks.breaks.count)),
                MeasuredValue("orphan spans", Double(orphans)),
                MeasuredValue("traces with several roots", Double(traces.filter { $0.roots.count > 1 }.count)),
                MeasuredValue("spans in cycles", Double(traces.reduce(0) { $0 + $1.cyclic.count })),
                MeasuredValue(
                    "spans outside their parent (clock skew)", Double(traces.reduce(0) { $0 + $1.skewed.count })),
            ])
        if let first = breaks.breaks.first {
            outcome.charts.append(
                forest.waterfall(
                    forest.traces[Int(forest.traceIndex[first.caller])], title: "Where the trace breaks (caller's side)"
                ))
        }
        if let graph = forest.serviceGraphChart() { outcome.charts.append(graph) }
        return outcome
    }

    private func shapeProblems(_ trace: Trace, _ forest: TraceForest) -> [Finding] {
        var findings: [Finding] = []
        let spans = forest.spans
        for orphan in trace.orphans.prefix(3) {
            let span = spans[Int(orphan)]
            findings.append(
                .error(
                    "\(span.label) names parent \(span.parentID.map { "\($0)" } ?? "?"), which is not in \(forest.label(trace)): an orphan",
                    at: span.location,
                    hint: "Export every service's spans, and make sure the parent's service really sent them."))
        }
        if trace.roots.count > 1 {
            let names = trace.roots.prefix(4).map { spans[Int($0)].label }.joined(separator: ", ")
            findings.append(
                .error(
                    "trace \(trace.id) has \(trace.roots.count) roots: \(names)",
                    at: spans[Int(trace.roots[1])].location))
        }
        if let first = trace.cyclic.first {
            findings.append(
                .error(
                    "\(trace.cyclic.count) spans of trace \(trace.id) are in or under a parent cycle, starting at \(spans[Int(first)].label)",
                    at: spans[Int(first)].location))
        }
        return findings
    }
}

/// SERVER spans that begin a trace while a CLIENT span of another service is calling them.
struct PropagationBreaks {
    struct Break {
        var caller: Int
        var root: Int
    }

    struct Group {
        var pair: ServicePair
        var breaks: [Break]
        /// The service the traces show to be the one dropping the context, when they show it.
        var blamed: String?
        var reason: String
    }

    var breaks: [Break] = []
    var groups: [Group] = []

    init(_ forest: TraceForest, tolerance: Int64) {
        let spans = forest.spans
        // Callers whose call reached no span of another service.
        var callers: [Int] = []
        var longest: Int64 = 0
        for index in 0..<spans.count where spans[index].kind == .client {
            let service = forest.serviceIndex[index]
            let answered = forest.children(of: index).contains { forest.serviceIndex[Int($0)] != service }
            if !answered, !PeerIdentity.isDatastore(spans[index]) {
                callers.append(index)
                longest = max(longest, spans[index].durationNanos)
            }
        }
        guard !callers.isEmpty else { return }
        callers.sort { spans[$0].startNanos < spans[$1].startNanos }
        var used = Set<Int>()
        for trace in forest.traces {
            for root in trace.roots where spans[Int(root)].kind == .server {
                let server = spans[Int(root)]
                // The last caller starting no later than the server (plus tolerance), scanning back.
                var high = callers.count
                var low = 0
                while low < high {
                    let middle = (low + high) / 2
                    if spans[callers[middle]].startNanos <= server.startNanos + tolerance {
                        low = middle + 1
                    } else {
                        high = middle
                    }
                }
                var best: (index: Int, named: Bool, gap: Int64)?
                var position = low - 1
                var scanned = 0
                while position >= 0, scanned < 4096 {
                    let candidate = callers[position]
                    let caller = spans[candidate]
                    if caller.startNanos < server.startNanos - longest - tolerance { break }
                    position -= 1
                    scanned += 1
                    guard caller.service != server.service, caller.traceID != server.traceID,
                        !used.contains(candidate), server.startNanos <= caller.endNanos + tolerance
                    else { continue }
                    let match = PeerIdentity.matches(caller, service: server.service)
                    if match == false { continue }
                    let named = match == true
                    let gap = abs(server.startNanos - caller.startNanos)
                    if best == nil || (named && !best!.named) || (named == best!.named && gap < best!.gap) {
                        best = (candidate, named, gap)
                    }
                }
                if let best {
                    used.insert(best.index)
                    breaks.append(Break(caller: best.index, root: Int(root)))
                }
            }
        }
        // Group by caller → callee and decide, where the traces show it, which side drops the context.
        var order: [ServicePair] = []
        var byPair: [ServicePair: [Break]] = [:]
        for found in breaks {
            let pair = ServicePair(caller: spans[found.caller].service, callee: spans[found.root].service)
            if byPair[pair] == nil { order.append(pair) }
            byPair[pair, default: []].append(found)
        }
        for pair in order {
            let calleeContinues = spans.indices.contains { index in
                spans[index].service == pair.callee && spans[index].kind == .server && forest.parents[index] >= 0
                    && spans[Int(forest.parents[index])].service != pair.callee
            }
            let callerPropagates = spans.indices.contains { index in
                spans[index].service != pair.caller && forest.parents[index] >= 0
                    && spans[Int(forest.parents[index])].service == pair.caller
            }
            let group: Group
            switch (calleeContinues, callerPropagates) {
            case (false, true):
                group = Group(
                    pair: pair, breaks: byPair[pair]!, blamed: pair.callee,
                    reason:
                        "\(pair.callee) never continues a caller's trace, while \(pair.caller)'s calls to other services keep theirs: \(pair.callee) does not extract the incoming context"
                )
            case (true, false):
                group = Group(
                    pair: pair, breaks: byPair[pair]!, blamed: pair.caller,
                    reason:
                        "\(pair.callee) continues other callers' traces, but no call from \(pair.caller) carries its trace on: \(pair.caller) does not inject the context into its outgoing requests"
                )
            default:
                group = Group(
                    pair: pair, breaks: byPair[pair]!, blamed: nil,
                    reason:
                        "either \(pair.caller) does not inject the context into this call or \(pair.callee) does not extract it"
                )
            }
            groups.append(group)
        }
    }

    func findings(_ forest: TraceForest) -> [Finding] {
        let spans = forest.spans
        var findings: [Finding] = []
        for group in groups {
            let first = group.breaks[0]
            let caller = spans[first.caller]
            let root = spans[first.root]
            let who = group.blamed.map { "'\($0)' drops the trace context" } ?? "the trace context is lost"
            findings.append(
                .error(
                    "broken propagation: \(who) on \(group.pair) (\(plural(group.breaks.count, "call"))). \(root.label) starts a new trace \(root.traceID) while \(caller.label) of trace \(caller.traceID) is calling it; \(group.reason)",
                    at: root.location,
                    hint:
                        "Propagate W3C `traceparent` on every hop: instrument the HTTP client and server (or inject/extract by hand) with the same propagator on both sides."
                ))
            for more in group.breaks.dropFirst().prefix(5) {
                findings.append(
                    .info(
                        "also: \(spans[more.root].label) starts trace \(spans[more.root].traceID) while \(spans[more.caller].label) calls it",
                        at: spans[more.root].location))
            }
        }
        return findings
    }
}

/// Whom a CLIENT span says it calls: `peer.service`, `server.address` (`net.peer.name` before
/// semantic conventions 1.21), the host of `url.full` (`http.url`), `rpc.service`, Zipkin's
/// remote endpoint.
enum PeerIdentity {
    static let keys = ["peer.service", "server.address", "net.peer.name", "rpc.service", "http.host"]
    static let urlKeys = ["url.full", "http.url"]

    static func names(_ span: Span) -> [String] {
        var names = keys.compactMap { span.attribute($0)?.description }
        for key in urlKeys {
            if let text = span.attribute(key)?.description, let host = URL(string: text)?.host { names.append(host) }
        }
        return names.filter { !$0.isEmpty }
    }

    /// true when the span names `service` as its peer, false when it names another, nil when it names none.
    static func matches(_ span: Span, service: String) -> Bool? {
        let names = names(span)
        guard !names.isEmpty else { return nil }
        let wanted = service.lowercased()
        return names.contains { name in
            let lower = name.lowercased()
            let host = lower.split(separator: ".").first.map(String.init) ?? lower
            let bare = host.split(separator: ":").first.map(String.init) ?? host
            return lower == wanted || bare == wanted || lower.contains(wanted) || wanted.contains(bare)
        }
    }

    /// Calls to a database, cache or broker are not calls to a traced service.
    static func isDatastore(_ span: Span) -> Bool {
        span.attribute("db.system") != nil || span.attribute("db.system.name") != nil
            || span.attribute("messaging.system") != nil
    }
}
