import AssessFormats
import AssessYAML
import Foundation
import Testing

/// The change-capture reader on bytes, as a stranger hands them in: a MySQL connector's changes
/// dumped by kafka-console-consumer in two parts, a PostgreSQL stream beside a write log whose
/// versions Python wrote as floats, and a directory where nothing is a change.
@Suite struct ChangeCaptureReaderTests {
    /// A MySQL connector's `orders` change at binlog `pos`, printed by kafka-console-consumer
    /// with `print.key=true` (key, a tab, then the value).
    static func mysql(_ id: Int, pos: Int, version: Int) -> String {
        #"{"id":\#(id)}"# + "\t"
            + #"{"before":null,"after":{"id":\#(id),"rev":\#(version)},"source":{"version":"2.7.0.Final","connector":"mysql","name":"shop","ts_ms":1714550400000,"snapshot":"false","db":"shop","table":"orders","server_id":223344,"file":"mysql-bin.000003","pos":\#(pos),"row":0},"op":"u","ts_ms":1714550400080}"#
            + "\n"
    }

    static func postgres(_ id: Int, lsn: Int, version: Int) -> String {
        #"{"before":null,"after":{"order_id":\#(id),"version":\#(version)},"source":{"connector":"postgresql","ts_ms":1714550400000,"snapshot":"false","table":"orders","lsn":\#(lsn)},"op":"c","ts_ms":1714550400120}"#
            + "\n"
    }

    @Test func aChangeInBothDumpsIsOneDuplicateNamedInTheSecondDump() throws {
        let first = EvidenceFile(
            path: "cdc/part-0.txt", contents: Self.mysql(1, pos: 400, version: 1) + Self.mysql(2, pos: 500, version: 1))
        let second = EvidenceFile(
            path: "cdc/part-1.txt", contents: Self.mysql(2, pos: 500, version: 1) + Self.mysql(1, pos: 600, version: 2))
        let reading = try ChangeCaptureReader(options: ChangeCaptureOptions(fields: ChangeFields(key: "id")))
            .read([first, second])
        let capture = reading.model
        #expect(reading.problems.isEmpty, "\(reading.problems)")
        #expect(capture.streams == 2)
        #expect(capture.analysis.events == 4)
        #expect(capture.analysis.counts[.duplicate] == 1)
        #expect(capture.analysis.examples.map(\.line) == [1])
        #expect(capture.exampleFiles == ["cdc/part-1.txt"])
        #expect(capture.writeLog == nil)
    }

    @Test func aWriteLogWithDecimalVersionsFindsOnlyTheWriteNeverDelivered() throws {
        let stream = Self.postgres(7, lsn: 100, version: 1) + Self.postgres(7, lsn: 200, version: 2)
        // Python's json.dumps of float versions, and one line the writer cut short.
        let writes = """
            {"order_id": 7, "version": 1.0}
            {"order_id": 7, "version": 2.0}
            {"order_id": 7, "version": 3.0}
            {"order_id": 7, "vers
            """
        let reader = ChangeCaptureReader(
            options: ChangeCaptureOptions(
                fields: ChangeFields(key: "order_id", version: "version"), writeLogs: ["app/writes.jsonl"]))
        let capture = try reader.read([
            EvidenceFile(path: "cdc/orders.jsonl", contents: stream),
            EvidenceFile(path: "app/writes.jsonl", contents: writes),
        ]).model
        let log = try #require(capture.writeLog)
        #expect(log.writes == 3)
        #expect(log.lost == 1)
        #expect(log.examples == [.init(key: "7", version: "3.0", file: "app/writes.jsonl", line: 3)])
        #expect(log.problems.count == 1)
        #expect(log.problems.first?.severity == .warning)
        #expect(log.problems.first?.location?.file == "app/writes.jsonl")
        #expect(log.problems.first?.line == 4)
        #expect(log.problems.first?.message.hasPrefix("skipped a write: ") == true)
    }

    @Test func aWriteLogBrokenOnEveryLineNamesAFewAndCountsTheRest() throws {
        let reader = ChangeCaptureReader(
            options: ChangeCaptureOptions(
                fields: ChangeFields(key: "order_id", version: "version"), writeLogs: ["writes.jsonl"], examples: 2))
        let capture = try reader.read([
            EvidenceFile(path: "changes.jsonl", contents: Self.postgres(7, lsn: 100, version: 1)),
            EvidenceFile(path: "writes.jsonl", contents: String(repeating: "{broken\n", count: 20)),
        ]).model
        let log = try #require(capture.writeLog)
        #expect(log.writes == 0)
        #expect(log.problems.map(\.line) == [1, 2, 1])
        #expect(log.problems.last?.message == "18 more writes skipped in writes.jsonl")
    }

    @Test func filesWithNoChangeThrowEveryProblemAtItsPlace() {
        let reader = ChangeCaptureReader(options: ChangeCaptureOptions(examples: 1))
        #expect {
            try reader.read([
                EvidenceFile(path: "cdc/notes.txt", contents: "these are my notes\nnot json\n"),
                EvidenceFile(path: "cdc/empty.jsonl", contents: ""),
            ])
        } throws: { error in
            guard let failure = error as? ReadFailure else { return false }
            return failure.problems.map(\.description) == [
                "cdc/notes.txt:1:1: warning: skipped a record: not a change event: expected '{'",
                "warning: 1 more records skipped in cdc/notes.txt",
                "cdc/notes.txt:1:1: error: no change event could be read from cdc/notes.txt",
                "cdc/empty.jsonl:1:1: error: no change event could be read from cdc/empty.jsonl",
            ]
        }
    }

    @Test func readingOptionsMakeTheirOwnVariant() {
        let plain = ChangeCaptureReader()
        let keyed = ChangeCaptureReader(options: ChangeCaptureOptions(fields: ChangeFields(key: "id")))
        let logged = ChangeCaptureReader(options: ChangeCaptureOptions(writeLogs: ["writes.csv"]))
        #expect(Set([plain.variant, keyed.variant, logged.variant]).count == 3)
        #expect(ChangeCaptureReader.group(["a.jsonl", "b.jsonl"]) == [["a.jsonl", "b.jsonl"]])
        #expect(ChangeCaptureReader.group([]).isEmpty)
    }
}
