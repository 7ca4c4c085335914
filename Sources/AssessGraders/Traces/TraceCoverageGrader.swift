public import AssessCore
import AssessFormats
import Foundation

/// The traces reach the services the design names: each required service appears, each
/// required caller → callee call is traced, and one request goes end to end through the chain.
public struct TraceCoverageGrader: Grader {
    public struct Options: Sendable, Hashable {
        var services: [String]
        var edges: [ServicePair]
        var endToEnd: [String]
        var minServices: Int?
    }

    public static let description = GraderDescription(
        kind: "trace.coverage",
        summary:
            "Checks that the traces cover the system: `services` appear in spans, `edges` (caller → callee) appear in the service graph derived from CLIENT/SERVER and PRODUCER/CONSUMER pairs, one trace passes through every service of `end_to_end`, and the widest trace spans at least `min_services`. Score: the mean of the parts asked for, each the share found. Names in findings are matched case-insensitively with a did-you-mean."
            + traceInputNote,
        options: [
            OptionDescription("services", .list(.string), default: "[]", "Services that must appear in some span."),
            OptionDescription(
                "edges", .list(.form("'caller -> callee'")), default: "[]",
                "Calls or messaging hops that must appear in the service graph."),
            OptionDescription(
                "end_to_end", .list(.string), default: "[]",
                "Services one single trace must pass through (e.g. gateway, orders, payments, inventory)."),
            OptionDescription("min_services", .integer, "The widest trace spans at least this many services."),
        ],
        examples: [
            GraderExample(
                "gateway → orders is traced end to end",
                with: "{ services: [gateway, orders], edges: ['gateway -> orders'], end_to_end: [gateway, orders] }",
                paths: ["traces/*.jsonl"], files: ["traces/export.jsonl": TraceExamples.whole], .passes),
            GraderExample(
                "payments never appears",
                with: "{ end_to_end: [gateway, orders, payments], edges: ['orders -> payments'] }",
                paths: ["traces/*.jsonl"], files: ["traces/export.jsonl": TraceExamples.whole], .fails),
        ])

    public let options: Options

    public init(options: Options) {
        self.options = options
    }

    public static func options(from reader: MappingReader) -> Options? {
        let options = Options(
            services: reader.strings("services") ?? [], edges: ServicePair.read("edges", from: reader) ?? [],
            endToEnd: reader.strings("end_to_end") ?? [], minServices: reader.int("min_services"))
        if options.services.isEmpty, options.edges.isEmpty, options.endToEnd.isEmpty, options.minServices == nil {
            reader.log.error(
                at: reader.node.location,
                "'trace.coverage' needs at least one of 'services', 'edges', 'end_to_end', 'min_services'")
        }
        return options
    }

    public func grade(_ job: GradingJob) async throws -> Outcome { judge(try await job.traceEvidence()) }

    /// The verdict on traces already read and assembled (a test builds the forest in Swift).
    func judge(_ evidence: TraceEvidence) -> Outcome {
        if let empty = evidence.emptyOutcome { return empty }
        let forest = evidence.forest
        var seen: [String] = []
        var seenSet = Set<String>()
        for span in forest.spans where seenSet.insert(span.service).inserted { seen.append(span.service) }
        let names = ServiceNames(known: seen)
        var parts: [Double] = []
        var findings: [Finding] = []
        var measurements: [MeasuredValue] = []
        var summaries: [String] = []
        var bestTrace: Trace?

        if !options.services.isEmpty {
            let missing = options.services.filter { names.find($0) == nil }
            for name in missing {
                findings.append(.error("no span of service '\(name)'\(names.missingHint(name))"))
            }
            let found = options.services.count - missing.count
            parts.append(Double(found) / Double(options.services.count))
            summaries.append("\(found)/\(options.services.count) services")
            measurements.append(
                MeasuredValue("required services traced", Double(found), limit: ">= \(options.services.count)"))
        }
        if !options.edges.isEmpty {
            var found = 0
            for pair in options.edges {
                let edge = forest.serviceGraph.edges.first {
                    names.same($0.caller, pair.caller) && names.same($0.callee, pair.callee)
                }
                if let edge {
                    found += 1
                    findings.append(
                        .info("\(pair): \(plural(edge.calls, edge.hop == .messaging ? "message" : "call"))"))
                    continue
                }
                let calls = forest.serviceGraph.edges.filter { names.same($0.caller, pair.caller) }.map(\.callee)
                var message = "no traced call \(pair)"
                if names.find(pair.caller) == nil {
                    message += ": no span of '\(pair.caller)'\(names.missingHint(pair.caller))"
                } else if names.find(pair.callee) == nil {
                    message += ": no span of '\(pair.callee)'\(names.missingHint(pair.callee))"
                } else {
                    message +=
                        calls.isEmpty
                        ? ": both are traced, but never in one trace as caller and callee"
                        : "; \(pair.caller) is traced calling \(calls.joined(separator: ", "))"
                }
                findings.append(
                    .error(
                        message,
                        hint: "The call must carry the trace context so the callee's span joins the caller's trace."))
            }
            parts.append(Double(found) / Double(options.edges.count))
            summaries.append("\(found)/\(options.edges.count) edges")
            measurements.append(
                MeasuredValue("required edges traced", Double(found), limit: ">= \(options.edges.count)"))
        }
        if !options.endToEnd.isEmpty || options.minServices != nil {
            var best: (trace: Trace, covered: Int, services: [String])?
            var widest: (trace: Trace, count: Int)?
            for trace in forest.traces {
                let services = forest.services(of: trace)
                let covered = options.endToEnd.filter { wanted in services.contains { names.same($0, wanted) } }.count
                if best == nil || covered > best!.covered { best = (trace, covered, services) }
                if widest == nil || services.count > widest!.count { widest = (trace, services.count) }
            }
            if !options.endToEnd.isEmpty, let best {
                bestTrace = best.trace
                let missing = options.endToEnd.filter { wanted in !best.services.contains { names.same($0, wanted) } }
                let chain = options.endToEnd.joined(separator: " → ")
                if missing.isEmpty {
                    findings.append(.info("\(forest.label(best.trace)) goes end to end through \(chain)"))
                } else {
                    let top = forest.top(of: best.trace).map { forest.spans[$0].location }
                    findings.append(
                        .error(
                            "no trace goes end to end through \(chain); the closest, \(forest.label(best.trace)), passes \(best.services.joined(separator: ", ")) but not \(missing.joined(separator: ", "))",
                            at: top))
                }
                parts.append(Double(best.covered) / Double(options.endToEnd.count))
                summaries.append("end to end \(best.covered)/\(options.endToEnd.count)")
                measurements.append(
                    MeasuredValue(
                        "end-to-end services in one trace", Double(best.covered), limit: ">= \(options.endToEnd.count)")
                )
            }
            if let minimum = options.minServices, let widest {
                if bestTrace == nil { bestTrace = widest.trace }
                parts.append(minimum > 0 ? min(1, Double(widest.count) / Double(minimum)) : 1)
                if widest.count < minimum {
                    findings.append(
                        .error(
                            "the widest trace, \(forest.label(widest.trace)), spans \(plural(widest.count, "service")); needs \(minimum)"
                        ))
                }
                summaries.append("widest trace \(plural(widest.count, "service"))")
                measurements.append(
                    MeasuredValue("services in the widest trace", Double(widest.count), limit: ">= \(minimum)"))
            }
        }
        findings.append(.info("services traced: \(seen.joined(separator: ", "))"))
        let score = parts.isEmpty ? 1 : parts.reduce(0, +) / Double(parts.count)
        var outcome = Outcome.scored(
            score, summaries.joined(separator: ", ") + " across \(plural(forest.traces.count, "trace"))",
            findings: findings + evidence.findings, measurements: measurements)
        if let bestTrace { outcome.charts.append(forest.waterfall(bestTrace, title: "The widest trace")) }
        if let graph = forest.serviceGraphChart() { outcome.charts.append(graph) }
        return outcome
    }
}
