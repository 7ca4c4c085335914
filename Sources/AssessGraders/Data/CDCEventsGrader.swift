public import AssessCore
import AssessFormats
import Foundation

/// Change data capture judged from what the connector delivered: no change twice, every key's
/// changes in source order, capture lag within the lab's bound, and — against the
/// application's own write log — no change lost.
public struct CDCEventsGrader: Grader {
    public struct Options: Sendable {
        var fields: ChangeFields
        var lag: [Threshold]
        var writes: Glob?
        var writeFields: EventFields
        var duplicates: Bool
        var ordering: Bool
        var examples: Int
    }

    public static let description = GraderDescription(
        kind: "cdc.events",
        summary:
            "Reads Debezium change events (JSON lines with or without the schema/payload wrapper, kcat -J, console-consumer key<TAB>value, tombstones) in constant memory and checks duplicates (one source position delivered twice), per-key order (a key's source position going backwards), capture lag (ts_ms − source.ts_ms) against k6-style thresholds, snapshot versus streamed counts, and — given the application's write log — changes the stream lost, each named with its key and line.",
        options: [
            OptionDescription(
                "fields", .map(.string),
                "Row columns: key (the row key, read from after, or before for deletes) and version (matched against the write log)."
            ),
            OptionDescription(
                "lag", .list(.form("k6 threshold such as p(95)<100")), default: "[]",
                "On capture lag in ms: [\"p(95)<500\"]."),
            OptionDescription(
                "writes", .glob,
                "The write log among the input's files (JSON lines or CSV with the same key and version fields); every other file is a change stream. An input naming the stream and the log by two patterns needs many: true, or only the first pattern's files are read."
            ),
            OptionDescription("duplicates", .boolean, default: "true", "Check that no change is delivered twice."),
            OptionDescription(
                "ordering", .boolean, default: "true", "Check each key's changes arrive in source order."),
            OptionDescription("examples", .integer, default: "5", "Violations of each kind named in the report."),
        ],
        examples: [
            GraderExample(
                "PostgreSQL changes delivered once each, in order, lag under 500 ms",
                with: "{ fields: { key: id }, lag: [\"p(95)<500\"] }", paths: ["changes.jsonl"],
                files: ["changes.jsonl": CDCExamples.stream(lsns: [100, 200, 300, 400])], .passes),
            GraderExample(
                "one change delivered twice",
                with: "{ fields: { key: id } }", paths: ["changes.jsonl"],
                files: ["changes.jsonl": CDCExamples.stream(lsns: [100, 200, 200, 300])], .fails),
        ])

    public let options: Options

    public init(options: Options) { self.options = options }

    public static func options(from reader: MappingReader) -> Options? {
        var fields = ChangeFields()
        if let node = reader.node("fields"),
            let sub = MappingReader(node, keys: ["key", "version"], context: "'fields'", log: reader.log)
        {
            fields = ChangeFields(key: sub.string("key"), version: sub.string("version"))
        }
        let writes = reader.string("writes").map(Glob.init)
        if writes != nil, fields.key == nil || fields.version == nil {
            reader.log.error(
                at: reader.node("writes")?.location,
                "'writes' needs 'key' and 'version' in 'fields' to match changes")
        }
        return Options(
            fields: fields, lag: LatencyThresholds.read("lag", from: reader), writes: writes,
            writeFields: EventFields(key: fields.key, id: fields.version),
            duplicates: reader.bool("duplicates") ?? true, ordering: reader.bool("ordering") ?? true,
            examples: reader.int("examples") ?? 5)
    }

    public func grade(_ job: GradingJob) async throws -> Outcome {
        let writeLogs = job.files.filter { options.writes?.matches($0.path) ?? false }.map(\.path)
        let reader = ChangeCaptureReader(
            options: ChangeCaptureOptions(fields: options.fields, writeLogs: writeLogs, examples: options.examples))
        let evidence = job.evidence(reader)
        guard let capture = evidence.models.first else {
            return .error("no change stream could be read", findings: evidence.findings)
        }
        return judge(capture, findings: evidence.findings)
    }

    /// The delivery checks on what the streams held: no change twice, each key in source order,
    /// capture lag within the thresholds, and no write lost; each check met is an equal share.
    func judge(_ capture: ChangeCapture, findings read: [Finding]) -> Outcome {
        var findings = read
        let analysis = capture.analysis
        var measurements = [
            MeasuredValue("change events", Double(analysis.events)),
            MeasuredValue("snapshot events", Double(analysis.snapshotEvents)),
            MeasuredValue("streamed events", Double(analysis.streamedEvents)),
            MeasuredValue("tombstones", Double(analysis.tombstones)),
        ]
        var checks = 0
        var met = 0.0
        let kinds: [(ChangeStreamAnalysis.ViolationKind, Bool, String)] = [
            (.duplicate, options.duplicates, "changes delivered twice"),
            (.reordered, options.ordering, "changes out of order"),
        ]
        for (kind, enabled, label) in kinds where enabled {
            checks += 1
            let count = analysis.counts[kind] ?? 0
            measurements.append(MeasuredValue(label, Double(count), limit: "== 0"))
            if count == 0 {
                met += 1
                continue
            }
            for (index, example) in analysis.examples.enumerated() where example.kind == kind {
                let file = index < capture.exampleFiles.count ? capture.exampleFiles[index] : ""
                findings.append(
                    .error(
                        "\(kind.rawValue): \(example.message)",
                        at: SourceLocation(file: file, line: example.line, column: 1)))
            }
            if count > options.examples { findings.append(.error("\(count) \(label) in all")) }
        }
        if analysis.unpositioned > 0, options.duplicates || options.ordering {
            findings.append(
                Finding(
                    .warning,
                    "\(analysis.unpositioned) streamed events carry no source position (lsn, file/pos, …), so they could not be checked for duplicates or order"
                ))
        }
        for threshold in options.lag {
            checks += 1
            guard let value = threshold.measure(analysis.lag) else {
                findings.append(
                    .error("no capture lag could be measured: no streamed change carries both ts_ms and source.ts_ms"))
                continue
            }
            let judged = threshold.judge(value, measured: "capture lag", subject: "capture lag", places: 1)
            measurements.append(judged.measurement)
            if let finding = judged.finding { findings.append(finding) } else { met += 1 }
        }
        if let writes = options.writes {
            checks += 1
            if let log = capture.writeLog {
                findings += log.problems.map(Finding.init)
                for lost in log.examples {
                    findings.append(
                        .error(
                            "lost change: key \(lost.key) version \(lost.version) was written but never captured",
                            at: SourceLocation(file: lost.file, line: lost.line, column: 1)))
                }
                if log.lost > options.examples { findings.append(.error("\(log.lost) lost changes in all")) }
                if log.writes == 0 {
                    findings.append(.error("no write could be read from the write log"))
                } else {
                    measurements.append(MeasuredValue("lost changes", Double(log.lost), limit: "== 0"))
                    if log.lost == 0 { met += 1 }
                }
            } else {
                findings.append(.error("no write log among the input's files matches '\(writes.pattern)'"))
            }
        }
        return .scored(
            checks == 0 ? 1 : met / Double(checks), "\(Int(met)) of \(checks) change-capture checks met",
            findings: findings, measurements: measurements)
    }
}

/// Change events for the grader's own examples, written after the PostgreSQL connector docs.
enum CDCExamples {
    static func stream(lsns: [Int]) -> String {
        lsns.enumerated().map { index, lsn in
            let ts = 1_714_550_400_000 + index * 1000
            return
                #"{"before":null,"after":{"id":7,"status":"s\#(lsn)"},"source":{"version":"2.7.0.Final","connector":"postgresql","name":"shop","ts_ms":\#(ts),"snapshot":"false","db":"shop","schema":"public","table":"orders","txId":\#(700 + lsn),"lsn":\#(lsn * 1000)},"op":"\#(index == 0 ? "c" : "u")","ts_ms":\#(ts + 120),"transaction":null}"#
                + "\n"
        }.joined()
    }
}
