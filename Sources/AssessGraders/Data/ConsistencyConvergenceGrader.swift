public import AssessCore
import AssessFormats
import Foundation

/// Eventual consistency judged from the evidence: each write's time to show on every replica
/// against the lab's bound, writes that never showed, reads that went back in time, and for
/// last-writer-wins, keys that settled on a value other than the latest write.
public struct ConsistencyConvergenceGrader: Grader {
    public struct Options: Sendable {
        var fields: EventFields
        var thresholds: [Threshold]
        var writes: Glob?
        var lastWriterWins: Bool
        var examples: Int
    }

    public static let description = GraderDescription(
        kind: "consistency.convergence",
        summary:
            "Reads a write log and replica read logs (JSON lines or CSV; key, version, replica, time and kind mapped in the rubric) and measures each write's time until it is visible on every replica against k6-style thresholds, names writes that never converged and stale reads (an older version read after a newer one on a replica), and with last_writer_wins, keys whose final value is not the latest write.",
        options: [
            OptionDescription(
                "fields", .map(.string),
                "Which field holds what: key, version (a whole number or epoch timestamp), replica, time, and kind (rows whose kind is write/put/set/insert/update are writes, the rest reads)."
            ),
            OptionDescription(
                "thresholds", .list(.form("k6 threshold such as p(95)<100")), default: "[]",
                "On convergence time in ms: [\"p(99)<100\"]."),
            OptionDescription(
                "writes", .glob,
                "Instead of a kind field: the write log among the input's files (an input naming it by its own pattern needs many: true)."
            ),
            OptionDescription(
                "last_writer_wins", .boolean, default: "false",
                "Check every replica ends on the latest write of each key."),
            OptionDescription("examples", .integer, default: "5", "Violations of each kind named in the report."),
        ],
        examples: [
            GraderExample(
                "both replicas show each write within 40 ms",
                with:
                    "{ fields: { key: key, version: version, replica: replica, time: ts, kind: event }, thresholds: [\"p(99)<100\"] }",
                paths: ["replicas.csv"],
                files: [
                    "replicas.csv":
                        "event,key,version,replica,ts\nwrite,cart:1,1,,1714550400000\nread,cart:1,1,r1,1714550400020\nread,cart:1,1,r2,1714550400040\n"
                ], .passes),
            GraderExample(
                "one replica takes 900 ms",
                with:
                    "{ fields: { key: key, version: version, replica: replica, time: ts, kind: event }, thresholds: [\"p(99)<100\"] }",
                paths: ["replicas.csv"],
                files: [
                    "replicas.csv":
                        "event,key,version,replica,ts\nwrite,cart:1,1,,1714550400000\nread,cart:1,1,r1,1714550400020\nread,cart:1,1,r2,1714550400900\n"
                ], .fails),
        ])

    public let options: Options

    public init(options: Options) { self.options = options }

    public static func options(from reader: MappingReader) -> Options? {
        var fields = EventFields()
        if let node = reader.require("fields"),
            let sub = MappingReader(
                node, keys: ["key", "version", "replica", "time", "kind"], context: "'fields'", log: reader.log)
        {
            for name in ["key", "version", "replica", "time"] where sub.string(name) == nil {
                reader.log.error(at: node.location, "'fields' needs '\(name)'")
            }
            // Kind rides in the id slot of the shared event-log reader.
            fields = EventFields(
                key: sub.string("key"), sequence: sub.string("version"), partition: sub.string("replica"),
                time: sub.string("time"), id: sub.string("kind"))
        }
        let writes = reader.string("writes").map(Glob.init)
        if writes == nil, fields.id == nil, reader.node("fields") != nil {
            reader.log.error(
                at: reader.node("fields")?.location,
                "tell writes from reads: map 'kind' in 'fields' or give 'writes'")
        }
        return Options(
            fields: fields, thresholds: LatencyThresholds.read("thresholds", from: reader), writes: writes,
            lastWriterWins: reader.bool("last_writer_wins") ?? false, examples: reader.int("examples") ?? 5)
    }

    public func grade(_ job: GradingJob) async throws -> Outcome {
        let writeLogs = job.files.filter { options.writes?.matches($0.path) ?? false }.map(\.path)
        let reader = ReplicaLogReader(
            options: ReplicaLogOptions(fields: options.fields, writeLogs: writeLogs, examples: options.examples))
        let evidence = job.evidence(reader)
        return judge(evidence.models.first ?? ConvergenceAnalysis(), findings: evidence.findings)
    }

    /// The convergence checks on the writes and reads of every replica: every write reached
    /// every replica, no replica read went back in time, (with last-writer-wins) every key
    /// settled on its latest write, and convergence times within the thresholds.
    func judge(_ analysis: ConvergenceAnalysis, findings read: [Finding]) -> Outcome {
        var findings = read
        guard !analysis.writes.isEmpty, !analysis.replicas.isEmpty else {
            return .error(
                analysis.writes.isEmpty ? "no write could be read" : "no replica read could be read", findings: findings
            )
        }
        let result = analysis.finish(examples: options.examples)
        var measurements = [
            MeasuredValue("writes", Double(analysis.writes.count)),
            MeasuredValue("replicas", Double(analysis.replicas.count)),
            MeasuredValue("writes never converged", Double(result.neverConvergedCount), limit: "== 0"),
            MeasuredValue("stale reads", Double(result.staleReadCount), limit: "== 0"),
        ]
        var checks = 2
        var met = 0.0
        func report(_ list: [ConvergenceAnalysis.Finding], _ label: String, total: Int) {
            for item in list {
                findings.append(
                    .error("\(label): \(item.message)", at: SourceLocation(file: item.file, line: item.line, column: 1))
                )
            }
            if total > list.count { findings.append(.error("\(total) \(label)s in all")) }
        }
        if result.neverConvergedCount == 0 {
            met += 1
        } else {
            report(result.neverConverged, "never converged", total: result.neverConvergedCount)
        }
        if result.staleReadCount == 0 {
            met += 1
        } else {
            report(result.staleReads, "stale read", total: result.staleReadCount)
        }
        if options.lastWriterWins {
            checks += 1
            measurements.append(
                MeasuredValue("keys not on the latest write", Double(result.divergentKeys.count), limit: "== 0"))
            if result.divergentKeys.isEmpty {
                met += 1
            } else {
                report(result.divergentKeys, "last writer lost", total: result.divergentKeys.count)
            }
        }
        for threshold in options.thresholds {
            checks += 1
            guard let value = threshold.measure(result.convergence) else {
                findings.append(.error("no write converged, so no convergence time could be measured"))
                continue
            }
            let judged = threshold.judge(value, measured: "convergence", subject: "convergence", places: 1)
            measurements.append(judged.measurement)
            if let finding = judged.finding { findings.append(finding) } else { met += 1 }
        }
        return .scored(
            met / Double(checks), "\(Int(met)) of \(checks) convergence checks met", findings: findings,
            measurements: measurements)
    }
}
