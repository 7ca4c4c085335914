import AssessCore
import AssessGraders
import AssessTestSupport
import Foundation
import Testing

/// PostgreSQL change events for order `key`, one per (lsn, version), after the Debezium
/// PostgreSQL connector docs (§Data change events).
func pgChanges(_ changes: [(key: Int, lsn: Int, version: Int)], lag: Int = 120) -> String {
    changes.enumerated().map { index, change in
        let ts = 1_714_550_400_000 + index * 1000
        return
            #"{"before":null,"after":{"order_id":\#(change.key),"version":\#(change.version)},"source":{"version":"2.7.0.Final","connector":"postgresql","name":"shop","ts_ms":\#(ts),"snapshot":"false","db":"shop","schema":"public","table":"orders","txId":\#(600 + index),"lsn":\#(change.lsn)},"op":"\#(change.version == 1 ? "c" : "u")","ts_ms":\#(ts + lag),"transaction":null}"#
            + "\n"
    }.joined()
}

@Suite struct CDCEventsGraderTests {
    let options = "{ fields: { key: order_id, version: version }, lag: [\"p(95)<500\"] }"

    @Test func passesOnAStreamDeliveredOnceInOrder() async throws {
        let stream = pgChanges([(1, 100, 1), (2, 150, 1), (1, 200, 2), (2, 250, 2)])
        let r = try await gradeSingle(grader: "cdc.events", with: options, files: ["changes.jsonl": stream])
        #expect(r.status == .passed, "\(r.findings)")
        #expect(r.measurements.contains { $0.name == "capture lag p(95)" && $0.value == 120 && $0.unit == "ms" })
    }

    @Test func namesExactlyTheDuplicateAndTheReorderedChangeAndTheLostOne() async throws {
        // Order 7: lsn 200 delivered twice (line 3), lsn 300 arriving after 400 (line 5);
        // order 8 is clean. The write log has version 6 of order 7, which the stream lacks.
        let stream = pgChanges([
            (7, 100, 1), (7, 200, 2), (7, 200, 2), (7, 400, 4), (7, 300, 3), (8, 350, 1), (7, 500, 5),
        ])
        let writes = "order_id,version\n7,1\n7,2\n7,3\n7,4\n7,5\n8,1\n7,6\n"
        let r = try await gradeSingle(
            grader: "cdc.events",
            with: "{ fields: { key: order_id, version: version }, writes: 'writes.csv', lag: [\"p(95)<500\"] }",
            files: ["changes.jsonl": stream, "writes.csv": writes])
        let errors = r.findings.filter { $0.severity == .error }
        #expect(errors.count == 3, "\(errors)")
        let duplicate = try #require(errors.first { $0.message.hasPrefix("duplicate") })
        #expect(duplicate.location?.line == 3)
        #expect(duplicate.message.contains("key 7") && duplicate.message.contains("line 2"))
        let reordered = try #require(errors.first { $0.message.hasPrefix("reordered") })
        #expect(reordered.location?.line == 5)
        #expect(reordered.message.contains("lsn 300") && reordered.message.contains("lsn 400"))
        let lost = try #require(errors.first { $0.message.hasPrefix("lost change") })
        #expect(lost.message.contains("key 7 version 6"))
        #expect(lost.location == SourceLocation(file: "writes.csv", line: 8, column: 1))
        #expect(r.status == .partial)
        #expect(abs(r.score - 0.25) < 0.001)
    }

    @Test func lagOverTheThresholdFails() async throws {
        let r = try await gradeSingle(
            grader: "cdc.events",
            with: "{ fields: { key: order_id }, lag: [\"p(95)<500\"], duplicates: false, ordering: false }",
            files: ["changes.jsonl": pgChanges([(1, 100, 1), (1, 200, 2)], lag: 900)])
        #expect(r.status == .failed)
        #expect(r.findings.contains { $0.message.contains("capture lag p(95) is 900") })
    }

    @Test func aMalformedLineIsNamedAndTheRestGraded() async throws {
        let stream = pgChanges([(1, 100, 1), (1, 200, 2)])
        let r = try await gradeSingle(
            grader: "cdc.events", with: options, files: ["changes.jsonl": stream + "{\"before\":null,\"after\":{\"ord"])
        #expect(r.status == .passed)
        #expect(r.findings.contains { $0.location?.line == 3 && $0.message.contains("cut short") })
    }

    @Test func aFileWithNoEventIsAnError() async throws {
        let r = try await gradeSingle(grader: "cdc.events", with: options, files: ["changes.jsonl": "not json\n"])
        #expect(r.status == .error)
    }
}
