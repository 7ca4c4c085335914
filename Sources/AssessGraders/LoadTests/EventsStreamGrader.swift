public import AssessCore
import AssessFormats
import Foundation

/// Delivery guarantees judged from what a consumer or producer logged: every event in order
/// per key, none twice, none missing, at the rate and latency the lab promised. Every
/// violation is counted; the first few are named with their lines.
public struct EventsStreamGrader: Grader {
    public struct Options: Sendable {
        var fields: EventFields
        var minThroughput: Double?
        var window: Int
        var ordering: Bool
        var duplicates: Bool
        var gaps: Bool
        var latency: [Threshold]
        var examples: Int
    }

    public static let description = GraderDescription(
        kind: "events.stream",
        summary:
            "Reads a consumer or producer log (JSON lines or CSV, fields mapped in the rubric) and checks per-key ordering, duplicates, gaps, sustained throughput over a window and end-to-end latency percentiles with k6-style thresholds. Each violation is counted, the first few named with line numbers.",
        options: [
            OptionDescription(
                "fields", .map(.string),
                "Which field holds what: key, sequence (or offset), partition, time (produced), consumed_time, id. Dotted names reach into nested JSON."
            ),
            OptionDescription("min_throughput", .number, "Events per second the stream must sustain in every window."),
            OptionDescription("window", .integer, default: "10", "Seconds per throughput window."),
            OptionDescription(
                "ordering", .boolean, default: "true", "Check that the sequence rises per key (or partition)."),
            OptionDescription(
                "duplicates", .boolean, default: "true", "Check that no event (id, or key and sequence) comes twice."),
            OptionDescription("gaps", .boolean, default: "true", "Check that no sequence number is missing per key."),
            OptionDescription(
                "latency", .list(.form("k6 threshold such as p(95)<100")), default: "[]",
                "On consumed_time − time in ms: [\"p(99)<100\"]."),
            OptionDescription("examples", .integer, default: "5", "Violations of each kind named in the report."),
        ],
        examples: [
            GraderExample(
                "Phase 2: orders consumed in order per key, none lost or repeated, p99 under 100 ms",
                with:
                    "{ fields: { key: order_id, sequence: seq, time: produced_ms, consumed_time: consumed_ms }, latency: [\"p(99)<100\"] }",
                paths: ["events.jsonl"],
                files: [
                    "events.jsonl": (1...6).map { i in
                        #"{"order_id":"o-\#(i % 2)","seq":\#((i + 1) / 2),"produced_ms":\#(1_714_550_400_000 + i * 10),"consumed_ms":\#(1_714_550_400_012 + i * 10)}"#
                            + "\n"
                    }.joined()
                ], .passes),
            GraderExample(
                "one key's events arrive out of order",
                with: "{ fields: { key: order_id, sequence: seq } }", paths: ["events.csv"],
                files: ["events.csv": "order_id,seq\no-1,1\no-1,3\no-1,2\no-2,1\n"], .fails),
        ])

    public let options: Options

    public init(options: Options) { self.options = options }

    public static func options(from reader: MappingReader) -> Options? {
        var fields = EventFields()
        if let node = reader.require("fields"),
            let sub = MappingReader(
                node, keys: ["key", "sequence", "offset", "partition", "time", "consumed_time", "id"],
                context: "'fields'", log: reader.log)
        {
            fields = EventFields(
                key: sub.string("key"), sequence: sub.string("sequence") ?? sub.string("offset"),
                partition: sub.string("partition"), time: sub.string("time"),
                consumedTime: sub.string("consumed_time"), id: sub.string("id"))
            if fields.all.isEmpty { reader.log.error(at: node.location, "'fields' maps no field") }
        }
        let latency = LatencyThresholds.read("latency", from: reader)
        if !latency.isEmpty, fields.time == nil || fields.consumedTime == nil {
            reader.log.error(
                at: reader.node("latency")?.location, "latency needs both 'time' and 'consumed_time' in 'fields'")
        }
        return Options(
            fields: fields, minThroughput: reader.double("min_throughput"), window: reader.declaredInt("window"),
            ordering: reader.declaredBool("ordering"), duplicates: reader.declaredBool("duplicates"),
            gaps: reader.declaredBool("gaps"), latency: latency, examples: reader.declaredInt("examples"))
    }

    public func grade(_ job: GradingJob) async throws -> Outcome {
        let reader = EventStreamReader(options: EventStreamOptions(fields: options.fields, examples: options.examples))
        var judged = Judged()
        // Each log is judged where it is read, so its problems stand beside its violations.
        for file in job.files {
            do throws(ReadFailure) {
                let reading = try job.reading(reader, of: [file])
                judged.findings += reading.problems.map(Finding.init)
                judge(reading.model, file: file.path, into: &judged)
            } catch {
                judged.findings += error.problems.map(Finding.init)
            }
        }
        guard judged.logs > 0 else { return .error("no event log could be read", findings: judged.findings) }
        return judged.outcome
    }

    /// The delivery checks of every log judged so far.
    struct Judged {
        var findings: [Finding] = []
        var measurements: [MeasuredValue] = []
        var checks = 0
        var met = 0.0
        var logs = 0

        var outcome: Outcome {
            .scored(
                checks == 0 ? 1 : met / Double(checks), "\(Int(met)) of \(checks) delivery checks met",
                findings: findings, measurements: measurements)
        }
    }

    /// One log's checks: order, duplicates and gaps where the fields allow them, the slowest
    /// window's rate, and end-to-end latency; each met is an equal share of the score.
    func judge(_ analysis: EventStreamAnalysis, file: String, into judged: inout Judged) {
        judged.logs += 1
        judged.measurements.append(MeasuredValue("events (\(file))", Double(analysis.events)))
        var checks = 0
        var met = 0.0
        var findings: [Finding] = []
        var measurements: [MeasuredValue] = []
        let kinds: [(EventStreamAnalysis.ViolationKind, Bool)] = [
            (.reordered, options.ordering && options.fields.sequence != nil),
            (.duplicate, options.duplicates && (options.fields.sequence != nil || options.fields.id != nil)),
            (.gap, options.gaps && options.fields.sequence != nil),
        ]
        for (kind, enabled) in kinds where enabled {
            checks += 1
            let count = analysis.counts[kind] ?? 0
            measurements.append(MeasuredValue("\(kind.rawValue) events", Double(count), limit: "== 0"))
            if count == 0 {
                met += 1
            } else {
                for example in analysis.examples where example.kind == kind {
                    findings.append(
                        .error(
                            "\(kind.rawValue): \(example.message)",
                            at: SourceLocation(file: file, line: example.line, column: 1)))
                }
                if count > options.examples {
                    findings.append(.error("\(count) \(kind.rawValue) events in all in \(file)"))
                }
            }
        }
        if let bound = options.minThroughput {
            checks += 1
            if let rate = analysis.sustainedRate(window: options.window) {
                measurements.append(
                    MeasuredValue(
                        "lowest \(options.window)s throughput", rate, unit: "events/s", limit: ">= \(bound.compact)"
                    ))
                if rate >= bound {
                    met += 1
                } else {
                    findings.append(
                        .error(
                            "the stream sustains \(rate.compact(places: 1)) events/s in its slowest \(options.window) s window, below \(bound.compact)",
                            at: SourceLocation(file: file, line: 1, column: 1)))
                }
            } else {
                findings.append(
                    .error(
                        "\(file) spans less than \(options.window + 2) s of timestamps, too short to show a sustained rate",
                        at: SourceLocation(file: file, line: 1, column: 1)))
            }
            if let overall = analysis.overallRate {
                measurements.append(MeasuredValue("overall throughput", overall, unit: "events/s"))
            }
        }
        for threshold in options.latency {
            checks += 1
            guard let value = threshold.measure(analysis.latency) else {
                findings.append(.error("no end-to-end latency could be measured in \(file)"))
                continue
            }
            let verdict = threshold.judge(
                value, measured: "latency", subject: "end-to-end latency", places: 2,
                at: SourceLocation(file: file, line: 1, column: 1))
            measurements.append(verdict.measurement)
            if let finding = verdict.finding { findings.append(finding) } else { met += 1 }
        }
        judged.checks += checks
        judged.met += met
        judged.findings += findings
        judged.measurements += measurements
    }
}
