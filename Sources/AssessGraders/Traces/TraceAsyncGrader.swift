public import AssessCore
import AssessFormats
import Foundation

/// Asynchronous work stays in the picture: each message a PRODUCER span sends is picked up by a
/// CONSUMER span that joins it — as its child (the context rode in the message headers) or
/// through a span link (a batch consumer) — across the services the design names.
public struct TraceAsyncGrader: Grader {
    public struct Options: Sendable, Hashable {
        var hops: [ServicePair]
        var minHops: Int
        var requireConsumers: Bool
    }

    public static let description = GraderDescription(
        kind: "trace.async",
        summary:
            "Finds messaging hops: a CONSUMER span whose parent is a PRODUCER span, or which links to one. Checks the hops named in `hops` (producer service → consumer service) are there, that every PRODUCER span has a consumer (a missing consumer span is reported with the producer and its destination), and that no CONSUMER span starts a trace of its own with no link (the context was not carried in the message). Score: the mean of the parts."
            + traceInputNote,
        options: [
            OptionDescription(
                "hops", .list(.form("'producer -> consumer'")), default: "[]",
                "Messaging hops between services that must be traced."),
            OptionDescription("min_hops", .integer, default: "1", "At least this many messaging hops in all."),
            OptionDescription(
                "require_consumers", .boolean, default: "true",
                "Every PRODUCER span must have a CONSUMER span (child or link), and every CONSUMER a producer."),
        ],
        examples: [
            GraderExample(
                "orders publishes, inventory consumes via a link", with: "{ hops: ['orders -> inventory'] }",
                paths: ["traces/*.jsonl"], files: ["traces/export.jsonl": TraceExamples.linkedHop], .passes),
            GraderExample(
                "orders publishes, no consumer span", with: "{ hops: ['orders -> inventory'] }",
                paths: ["traces/*.jsonl"], files: ["traces/export.jsonl": TraceExamples.lostMessage], .fails),
        ])

    public let options: Options

    public init(options: Options) {
        self.options = options
    }

    public static func options(from reader: MappingReader) -> Options? {
        Options(
            hops: ServicePair.read("hops", from: reader) ?? [], minHops: reader.declaredInt("min_hops"),
            requireConsumers: reader.declaredBool("require_consumers"))
    }

    /// One PRODUCER → CONSUMER pair.
    struct Hop {
        var producer: Int
        var consumer: Int
        var viaLink: Bool
    }

    public func grade(_ job: GradingJob) async throws -> Outcome { judge(try await job.traceEvidence()) }

    /// The verdict on traces already read and assembled (a test builds the forest in Swift).
    func judge(_ evidence: TraceEvidence) -> Outcome {
        if let empty = evidence.emptyOutcome { return empty }
        let forest = evidence.forest
        let spans = forest.spans
        var hops: [Hop] = []
        var consumed = Set<Int>()
        var joined = Set<Int>()
        var producers: [Int] = []
        var consumers: [Int] = []
        for index in 0..<spans.count {
            switch spans[index].kind {
            case .producer: producers.append(index)
            case .consumer:
                consumers.append(index)
                let parent = Int(forest.parents[index])
                if parent >= 0, spans[parent].kind == .producer {
                    hops.append(Hop(producer: parent, consumer: index, viaLink: false))
                    consumed.insert(parent)
                    joined.insert(index)
                }
                for link in spans[index].links {
                    if let producer = forest.span(traceID: link.traceID, spanID: link.spanID), producer != parent,
                        spans[producer].kind == .producer
                    {
                        hops.append(Hop(producer: producer, consumer: index, viaLink: true))
                        consumed.insert(producer)
                        joined.insert(index)
                    }
                }
                // A consumer whose parent is the broker's or the producer's own span counts as joined.
                if parent >= 0 { joined.insert(index) }
            default: break
            }
        }
        var parts: [Double] = []
        var findings: [Finding] = []
        let names = ServiceNames(known: Array(Set(spans.map(\.service))).sorted())
        for hop in hops.prefix(10) {
            let (p, c) = (spans[hop.producer], spans[hop.consumer])
            let how =
                hop.viaLink
                ? "via a span link (consumer in trace \(c.traceID), producer in trace \(p.traceID))"
                : "as parent and child in trace \(c.traceID)"
            findings.append(
                .info("messaging hop \(p.service) → \(c.service) on \(destination(p) ?? "?") \(how)", at: c.location))
        }
        if !options.hops.isEmpty {
            var found = 0
            for pair in options.hops {
                if hops.contains(where: {
                    names.same(spans[$0.producer].service, pair.caller)
                        && names.same(spans[$0.consumer].service, pair.callee)
                }) {
                    found += 1
                    continue
                }
                let sent = producers.filter { names.same(spans[$0].service, pair.caller) }
                var message = "no messaging hop \(pair) in the traces"
                if names.find(pair.caller) == nil {
                    message += ": no span of '\(pair.caller)'\(names.missingHint(pair.caller))"
                } else if sent.isEmpty {
                    message += ": \(pair.caller) has no PRODUCER span"
                } else if names.find(pair.callee) == nil {
                    message +=
                        ": \(pair.caller) publishes, but there is no span of '\(pair.callee)'\(names.missingHint(pair.callee))"
                } else {
                    message +=
                        ": \(pair.caller) publishes and \(pair.callee) is traced, but no CONSUMER span of \(pair.callee) continues or links to a message of \(pair.caller)"
                }
                findings.append(.error(message, at: sent.first.map { spans[$0].location }))
            }
            parts.append(Double(found) / Double(options.hops.count))
        } else {
            parts.append(options.minHops > 0 ? min(1, Double(hops.count) / Double(options.minHops)) : 1)
            if hops.count < options.minHops {
                findings.append(
                    .error(
                        "\(plural(hops.count, "messaging hop")) traced; at least \(options.minHops) expected (\(plural(producers.count, "PRODUCER span")), \(plural(consumers.count, "CONSUMER span")))"
                    ))
            }
        }
        if options.requireConsumers {
            let lost = producers.filter { !consumed.contains($0) }
            let loose = consumers.filter { !joined.contains($0) }
            findings += capped(
                lost.map { index in
                    .error(
                        "missing consumer span: \(spans[index].label) sends to \(destination(spans[index]) ?? "a destination it does not name") in trace \(spans[index].traceID), and no CONSUMER span continues it or links to it",
                        at: spans[index].location,
                        hint:
                            "Instrument the consumer: extract the context from the message headers and start a CONSUMER span as its child, or link to it."
                    )
                }, 10)
            findings += capped(
                loose.map { index in
                    .error(
                        "\(spans[index].label) starts trace \(spans[index].traceID) with no parent and no link: the context was not carried in the message",
                        at: spans[index].location,
                        hint:
                            "Inject the context into the message headers when producing, and extract it when consuming."
                    )
                }, 10)
            let total = producers.count + consumers.count
            if total > 0 { parts.append(Double(total - lost.count - loose.count) / Double(total)) }
        }
        let score = parts.isEmpty ? 1 : parts.reduce(0, +) / Double(parts.count)
        let lostCount = producers.filter { !consumed.contains($0) }.count
        var outcome = Outcome.scored(
            score,
            "\(plural(hops.count, "messaging hop")) (\(hops.filter(\.viaLink).count) via links); \(lostCount) of \(plural(producers.count, "PRODUCER span")) without a consumer",
            findings: findings + evidence.findings,
            measurements: [
                MeasuredValue("messaging hops", Double(hops.count)),
                MeasuredValue("hops via links", Double(hops.filter(\.viaLink).count)),
                MeasuredValue(
                    "producer spans without a consumer", Double(lostCount), limit: options.requireConsumers ? "0" : nil),
            ])
        if let hop = hops.first {
            outcome.charts.append(
                forest.waterfall(forest.traces[Int(forest.traceIndex[hop.producer])], title: "A traced messaging hop"))
        }
        if let graph = forest.serviceGraphChart() { outcome.charts.append(graph) }
        return outcome
    }

    /// The queue or topic: `messaging.destination.name` (`messaging.destination` before
    /// semantic conventions 1.17), else the peer the span names.
    private func destination(_ span: Span) -> String? {
        (span.attribute("messaging.destination.name") ?? span.attribute("messaging.destination")
            ?? span.attribute("peer.service")).map { "'\($0)'" }
    }
}
