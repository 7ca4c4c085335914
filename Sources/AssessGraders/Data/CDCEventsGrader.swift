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
        var findings: [Finding] = []
        var measurements: [MeasuredValue] = []
        var analysis = ChangeStreamAnalysis(exampleLimit: options.examples)
        var exampleFiles: [String] = []
        var streams = 0
        let writeFiles = job.files.filter { options.writes?.matches($0.path) ?? false }
        for file in job.files where !writeFiles.contains(file) {
            let (opened, problem) = job.stream(file)
            guard let source = opened else {
                findings += [problem].compactMap { $0 }
                continue
            }
            let before = analysis.events
            let shownBefore = analysis.examples.count
            var problems = 0
            DebeziumReader.read(
                source, fields: options.fields,
                problem: { problem in
                    problems += 1
                    if problems <= options.examples {
                        findings.append(
                            Finding(
                                .warning, "skipped a record: \(problem.message)",
                                at: SourceLocation(file: file.path, line: problem.line, column: problem.column)))
                    }
                }
            ) { analysis.add($0) }
            if problems > options.examples {
                findings.append(
                    Finding(.warning, "\(problems - options.examples) more records skipped in \(file.path)"))
            }
            exampleFiles += Array(repeating: file.path, count: analysis.examples.count - shownBefore)
            if analysis.events > before {
                streams += 1
            } else {
                findings.append(
                    .error(
                        "no change event could be read from \(file.path)",
                        at: SourceLocation(file: file.path, line: 1, column: 1)))
            }
        }
        guard streams > 0 else { return .error("no change stream could be read", findings: findings) }
        measurements += [
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
                findings.append(
                    .error(
                        "\(kind.rawValue): \(example.message)",
                        at: SourceLocation(file: exampleFiles[index], line: example.line, column: 1)))
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
        if options.writes != nil {
            checks += 1
            if writeFiles.isEmpty {
                findings.append(.error("no write log among the input's files matches '\(options.writes!.pattern)'"))
            } else {
                let lost = lostChanges(job, writeFiles, delivered: analysis.delivered, findings: &findings)
                if let lost {
                    measurements.append(MeasuredValue("lost changes", Double(lost), limit: "== 0"))
                    if lost == 0 { met += 1 }
                }
            }
        }
        return .scored(
            checks == 0 ? 1 : met / Double(checks), "\(Int(met)) of \(checks) change-capture checks met",
            findings: findings, measurements: measurements)
    }

    /// Writes the stream never delivered, each named with its key, version and line; nil when no
    /// write could be read.
    func lostChanges(_ job: GradingJob, _ files: [SubmissionFile], delivered: Set<String>, findings: inout [Finding])
        -> Int?
    {
        var writes = 0
        var lost = 0
        for file in files {
            guard let source = job.stream(file).source else { continue }
            EventLog.read(
                source, fields: options.writeFields,
                problem: { problem in
                    findings.append(
                        Finding(
                            .warning, "skipped a write: \(problem.message)",
                            at: SourceLocation(file: file.path, line: problem.line, column: problem.column)))
                }
            ) { write in
                guard let key = write.key, let version = write.id else { return }
                writes += 1
                let normalized =
                    Double(version).flatMap { $0.rounded() == $0 && abs($0) < 1e15 ? String(Int64($0)) : nil }
                    ?? version
                if !delivered.contains(ChangeStreamAnalysis.identity(key: key, version: normalized)) {
                    lost += 1
                    if lost <= options.examples {
                        findings.append(
                            .error(
                                "lost change: key \(key) version \(version) was written but never captured",
                                at: SourceLocation(file: file.path, line: write.line, column: 1)))
                    }
                }
            }
        }
        if lost > options.examples { findings.append(.error("\(lost) lost changes in all")) }
        if writes == 0 {
            findings.append(.error("no write could be read from the write log"))
            return nil
        }
        return lost
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
