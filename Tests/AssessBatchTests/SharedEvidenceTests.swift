import AssessBatch
import AssessCore
import AssessGraders
import AssessTestSupport
import Foundation
import Testing

/// Lab outputs written the way a cohort writes them: every learner runs the same lab script, so
/// their files share shape, metric names, workflow ids and even database positions; only a
/// copy shares the measured values, ids and timestamps of one run.
struct EvidenceCohort {
    var random: GeneratedCohort.Generator

    init(seed: UInt64) { random = GeneratedCohort.Generator(state: seed) }

    mutating func hex(_ digits: Int) -> String {
        (0..<digits).map { _ in String(Int.random(in: 0..<16, using: &random), radix: 16) }.joined()
    }

    /// `2026-11-20T10:00:07.123456+00:00` for `seconds` after 10:00 (plus `hours`).
    static func time(_ seconds: Double, hours: Int = 0) -> String {
        let micros = Int((seconds * 1_000_000).rounded())
        let whole = micros / 1_000_000
        return String(
            format: "2026-11-20T%02d:%02d:%02d.%06d+00:00", 10 + hours + whole / 3600, (whole / 60) % 60, whole % 60,
            micros % 1_000_000)
    }

    /// A k6 `--out json` stream: request durations with their counters, as k6 writes them.
    mutating func k6Samples(_ count: Int = 300) -> [(time: Double, value: Double)] {
        var t = Double(Int.random(in: 0..<600, using: &random))
        return (0..<count).map { _ in
            t += Double(Int.random(in: 1...40_000, using: &random)) / 1_000_000
            return (t, Double(Int.random(in: 8_000...180_000, using: &random)) / 1000)
        }
    }

    static func k6(_ samples: [(time: Double, value: Double)], hours: Int = 0) -> String {
        var out =
            #"{"type":"Metric","data":{"type":"trend","contains":"time","thresholds":[],"submetrics":null},"metric":"http_req_duration"}"#
            + "\n"
        for sample in samples {
            let time = Self.time(sample.time, hours: hours)
            out +=
                #"{"metric":"http_req_duration","type":"Point","data":{"time":"\#(time)","value":\#(sample.value),"tags":{"name":"GET /orders","status":"200"}}}"#
                + "\n"
            out +=
                #"{"metric":"http_reqs","type":"Point","data":{"time":"\#(time)","value":1,"tags":{"name":"GET /orders","status":"200"}}}"#
                + "\n"
        }
        return out
    }

    /// Trace and span ids of one run.
    mutating func spans(_ count: Int = 12) -> [(trace: String, span: String)] {
        (0..<count).map { _ in (hex(32), hex(16)) }
    }

    static func otlp(_ spans: [(trace: String, span: String)]) -> String {
        let body = spans.enumerated().map { index, span in
            #"{"traceId":"\#(span.trace)","spanId":"\#(span.span)","name":"GET /orders","kind":2,"startTimeUnixNano":"\#(1_795_000_000_000_000_000 + index * 1_000_000)","endTimeUnixNano":"\#(1_795_000_000_000_000_000 + index * 1_000_000 + 500_000)"}"#
        }.joined(separator: ",")
        return
            #"{"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"orders"}}]},"scopeSpans":[{"spans":[\#(body)]}]}]}"#
            + "\n"
    }

    /// The same spans as a Zipkin v2 export: another format, another file, the same ids.
    static func zipkin(_ spans: [(trace: String, span: String)]) -> String {
        "[\n"
            + spans.enumerated().map { index, span in
                #"  {"traceId": "\#(span.trace)", "id": "\#(span.span)", "name": "get /orders", "kind": "SERVER", "timestamp": \#(1_795_000_000_000_000 + index * 1000), "duration": 500, "localEndpoint": {"serviceName": "orders"}}"#
            }.joined(separator: ",\n") + "\n]\n"
    }

    /// Debezium changes of the lab script: a fresh database gives every learner the same LSNs;
    /// the capture times are their own.
    mutating func changes(_ count: Int = 20) -> [(lsn: Int, ts: Int)] {
        var ts = 1_795_000_000_000 + Int.random(in: 0..<10_000_000, using: &random)
        return (0..<count).map { index in
            ts += Int.random(in: 5...50, using: &random)
            return (24_023_128 + index * 88, ts)
        }
    }

    static func debezium(_ changes: [(lsn: Int, ts: Int)], spaced: Bool = false) -> String {
        changes.enumerated().map { index, change in
            spaced
                ? #"{"op": "c", "ts_ms": \#(change.ts + 12), "source": {"lsn": \#(change.lsn), "ts_ms": \#(change.ts), "connector": "postgresql", "table": "orders"}, "after": {"id": \#(5001 + index), "version": 1}, "before": null}"#
                : #"{"before":null,"after":{"id":\#(5001 + index),"version":1},"source":{"connector":"postgresql","ts_ms":\#(change.ts),"table":"orders","lsn":\#(change.lsn)},"op":"c","ts_ms":\#(change.ts + 12)}"#
        }.joined(separator: "\n") + "\n"
    }

    mutating func uuid() -> String { [hex(8), hex(4), hex(4), hex(4), hex(12)].joined(separator: "-") }

    /// A Temporal history: the workflow id is the lab's (`order-42`), the run id the server's.
    static func temporal(runID: String, pretty: Bool = false) -> String {
        let started =
            #"{"eventId":"1","eventTime":"2026-11-20T10:00:00Z","eventType":"EVENT_TYPE_WORKFLOW_EXECUTION_STARTED","workflowExecutionStartedEventAttributes":{"workflowType":{"name":"OrderSaga"},"workflowId":"order-42","originalExecutionRunId":"\#(runID)","firstExecutionRunId":"\#(runID)"}}"#
        let done =
            #"{"eventId":"2","eventTime":"2026-11-20T10:00:01Z","eventType":"EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED","workflowExecutionCompletedEventAttributes":{}}"#
        return pretty
            ? "{\n  \"events\": [\n    \(started),\n    \(done)\n  ]\n}\n" : "{\"events\":[\(started),\(done)]}\n"
    }

    mutating func redis() -> String {
        "# Server\r\nredis_version:7.2.4\r\nrun_id:\(hex(40))\r\nuptime_in_seconds:\(Int.random(in: 100...9000, using: &random))\r\n# Stats\r\nkeyspace_hits:\(Int.random(in: 1000...90000, using: &random))\r\nkeyspace_misses:\(Int.random(in: 10...9000, using: &random))\r\nevicted_keys:0\r\n"
    }

    static let rubric = """
        rubric: evidence-test
        title: Evidence
        version: 1.0.0
        pass: 50
        inputs:
          design: { paths: ["design.md"], format: markdown }
          load: { paths: ["load/*.json"], many: true }
          traces: { paths: ["traces/*.json"], many: true }
          cdc: { paths: ["cdc/*.jsonl"], many: true }
          workflows: { paths: ["workflows/*.json"], many: true }
          cache: { paths: ["cache/*.txt"], many: true }
        criteria:
          - { id: d, title: Design, weight: 1, grader: file.exists, input: design, hint: Hand in a design. }
          - { id: l, title: Load, weight: 1, grader: file.exists, input: load, hint: Hand in a load test. }
          - { id: t, title: Traces, weight: 1, grader: file.exists, input: traces, hint: Hand in traces. }
          - { id: c, title: CDC, weight: 1, grader: file.exists, input: cdc, hint: Hand in changes. }
          - { id: w, title: Workflows, weight: 1, grader: file.exists, input: workflows, hint: Hand in histories. }
          - { id: r, title: Cache, weight: 1, grader: file.exists, input: cache, hint: Hand in INFO. }
        """

    /// Writes `learners` honest submissions, then plants one copy of each kind of evidence:
    /// returns the pairs planted (and the kind each should be found by).
    mutating func write(into cohort: TemporaryTree, learners: Int, plant: Bool = true) throws -> [String: EvidenceKind]
    {
        let fixture = String(repeating: "{\"course\":\"fixture\",\"rows\":[1,2,3]}\n", count: 4)
        var kept:
            [String: (
                k6: [(time: Double, value: Double)], spans: [(trace: String, span: String)],
                changes: [(lsn: Int, ts: Int)], run: String, redis: String
            )] = [:]
        for index in 0..<learners {
            let id = String(format: "l%03d", index)
            let own = (k6Samples(), spans(), changes(), uuid(), redis())
            kept[id] = own
            _ = try cohort.write("\(id)/design.md", "# Design\n\nLearner \(index) wrote this on their own.\n")
            _ = try cohort.write("\(id)/load/run.json", Self.k6(own.0))
            _ = try cohort.write("\(id)/load/fixture.json", fixture)
            _ = try cohort.write("\(id)/traces/export.json", Self.otlp(own.1))
            _ = try cohort.write("\(id)/cdc/changes.jsonl", Self.debezium(own.2))
            _ = try cohort.write("\(id)/workflows/order.json", Self.temporal(runID: own.3))
            _ = try cohort.write("\(id)/cache/info.txt", own.4)
        }
        guard plant else { return [:] }
        // l001 hands in l000's traces re-exported as Zipkin; l003 l002's k6 stream an hour
        // later; l005 l004's change stream re-serialised; l007 l006's workflow run pretty-printed;
        // l009 l008's INFO reply with other line endings; l011 l010's k6 file byte for byte.
        _ = try cohort.write("l001/traces/export.json", Self.zipkin(kept["l000"]!.spans))
        _ = try cohort.write("l003/load/run.json", Self.k6(kept["l002"]!.k6, hours: 1))
        _ = try cohort.write("l005/cdc/changes.jsonl", Self.debezium(kept["l004"]!.changes, spaced: true))
        _ = try cohort.write("l007/workflows/order.json", Self.temporal(runID: kept["l006"]!.run, pretty: true))
        _ = try cohort.write("l009/cache/info.txt", kept["l008"]!.redis.replacingOccurrences(of: "\r\n", with: "\n"))
        _ = try cohort.write("l011/load/run.json", Self.k6(kept["l010"]!.k6))
        return [
            "l000~l001": .traceID, "l002~l003": .k6Samples, "l004~l005": .cdcPosition, "l006~l007": .temporalRun,
            "l008~l009": .redisSnapshot, "l010~l011": .file,
        ]
    }
}

@Suite struct SharedEvidenceTests {
    func scan(_ cohort: TemporaryTree) throws -> IntegrityReport {
        let rubric = try RubricLoader(registry: .builtIn).load(text: EvidenceCohort.rubric, file: "evidence.yaml")
        return try IntegrityScan(rubric: rubric, cohort: cohort.path).run()
    }

    @Test func aK6StreamMovedInTimeIsFoundWithItsShift() throws {
        var generator = EvidenceCohort(seed: 7)
        let cohort = try TemporaryTree()
        let samples = generator.k6Samples()
        _ = try cohort.write("ana/load/run.json", EvidenceCohort.k6(samples))
        // Ben's stream: Ana's samples, an hour later, the first 40 left out.
        _ = try cohort.write("ben/load/k6.json", EvidenceCohort.k6(Array(samples.dropFirst(40)), hours: 1))
        _ = try cohort.write("cy/load/run.json", EvidenceCohort.k6(generator.k6Samples()))
        let report = try scan(cohort)
        #expect(report.evidence.count == 1, "\(report.evidence)")
        let match = try #require(report.evidence.first?.matches.first)
        #expect(report.evidence.first?.a == "ana" && report.evidence.first?.b == "ben")
        #expect(match.kind == .k6Samples && match.shiftSeconds == 3600, "\(match)")
        #expect(match.a.file == "load/run.json" && match.b.file == "load/k6.json")
        #expect(match.shared > 20)
        #expect(match.summary.contains("moved by a constant +3600.0 s"), "\(match.summary)")
        #expect(report.markdown.contains("windows of k6 samples"))
        // The HTML page lists each match with both places and a few of the shared ids.
        #expect(report.html.contains("<td class=where>load/run.json:\(match.a.line)</td>"))
        #expect(report.html.contains("<code>\(match.examples.joined(separator: ", "))</code>"))
    }

    @Test func honestRunsOfTheSameLabAreNotFlagged() throws {
        // The same script, metric names, LSNs and workflow ids; their own values, times and ids.
        var generator = EvidenceCohort(seed: 11)
        let cohort = try TemporaryTree()
        _ = try generator.write(into: cohort, learners: 12, plant: false)
        let report = try scan(cohort)
        #expect(report.evidence.isEmpty, "\(report.evidence.map { "\($0.a)~\($0.b): \($0.matches.map(\.summary))" })")
        // The fixture every learner has is counted, not paired.
        #expect(report.commonEvidenceDropped == 1)
    }

    @Test func aGeneratedCohortsPlantedCopiesAreFoundAndNothingElse() throws {
        var generator = EvidenceCohort(seed: 2026)
        let cohort = try TemporaryTree()
        let planted = try generator.write(into: cohort, learners: 40)
        let report = try scan(cohort)
        let found = Dictionary(
            uniqueKeysWithValues: report.evidence.map { ("\($0.a)~\($0.b)", Set($0.matches.map(\.kind))) })
        let truePositives = found.keys.filter { planted[$0] != nil }.count
        #expect(truePositives == planted.count, "recall \(truePositives)/\(planted.count): \(found)")
        #expect(found.count == truePositives, "precision \(truePositives)/\(found.count): \(found)")
        for (pair, kind) in planted { #expect(found[pair]?.contains(kind) == true, "\(pair) not found by \(kind)") }
        // Span ids ride with trace ids; the Temporal copy is found by its run id, not the lab's workflow id.
        #expect(found["l000~l001"] == [.traceID, .spanID])
        #expect(found["l008~l009"] == [.redisSnapshot, .redisServer])
        #expect(found["l010~l011"] == [.file, .k6Samples])
        // The course's fixture, in all forty submissions, is no one's copy.
        #expect(report.commonEvidenceDropped >= 1)
        #expect(report.evidenceFiles == 40 * 6)
    }
}
