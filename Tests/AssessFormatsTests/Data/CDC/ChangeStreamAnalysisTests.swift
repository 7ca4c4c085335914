import AssessFormats
import Testing

/// `ChangeStreamAnalysis` over Debezium change events written as text, one envelope per line
/// as a Kafka consumer dumps a Debezium topic. Envelopes follow the Debezium PostgreSQL and
/// MySQL connector documentation (§Data change events: `before`, `after`, `source` with `lsn`
/// or `file`/`pos`/`row`, `op`, `ts_ms`; snapshot reads with `op: r` and `source.snapshot`
/// `first`/`true`/`last`; a tombstone as a null value after a delete).
@Suite struct ChangeStreamAnalysisTests {
    func analyse(
        _ text: String, fields: ChangeFields = ChangeFields(key: "id", version: "version"), exampleLimit: Int = 5
    )
        -> (ChangeStreamAnalysis, [ReadProblem])
    {
        var analysis = ChangeStreamAnalysis(exampleLimit: exampleLimit)
        var problems: [ReadProblem] = []
        DebeziumReader.read(
            LoadTestSource(file: "orders.jsonl", text: text), fields: fields, problem: { problems.append($0) }
        ) {
            analysis.add($0)
        }
        return (analysis, problems)
    }

    /// A PostgreSQL envelope for table `public.orders`.
    static func pg(
        _ op: String, id: Int, version: Int, lsn: Int, sourceMs: Int, processedMs: Int, snapshot: String = "false",
        deleted: Bool = false
    ) -> String {
        let row = #"{"id":\#(id),"status":"PAID","version":\#(version)}"#
        let before = deleted || op == "u" ? row : "null"
        let after = deleted ? "null" : row
        return
            #"{"before":\#(before),"after":\#(after),"source":{"version":"2.7.0.Final","connector":"postgresql","name":"shop","ts_ms":\#(sourceMs),"snapshot":"\#(snapshot)","db":"shop","sequence":"[\"24019000\",\"\#(lsn)\"]","schema":"public","table":"orders","txId":\#(700 + id),"lsn":\#(lsn),"xmin":null},"op":"\#(op)","ts_ms":\#(processedMs),"transaction":null}"#
    }

    static let t0 = 1_714_550_400_000

    static let stream =
        [
            pg("r", id: 1, version: 1, lsn: 24_020_000, sourceMs: t0, processedMs: t0 + 100, snapshot: "first"),
            pg("r", id: 2, version: 1, lsn: 24_020_000, sourceMs: t0, processedMs: t0 + 100, snapshot: "true"),
            pg("r", id: 1, version: 1, lsn: 24_020_000, sourceMs: t0, processedMs: t0 + 200, snapshot: "last"),
            pg("c", id: 3, version: 1, lsn: 24_023_000, sourceMs: t0 + 1000, processedMs: t0 + 1120),
            pg("u", id: 1, version: 2, lsn: 24_023_128, sourceMs: t0 + 2000, processedMs: t0 + 2250),
            pg("u", id: 3, version: 3, lsn: 24_023_200, sourceMs: t0 + 3000, processedMs: t0 + 3080),
            pg("u", id: 1, version: 2, lsn: 24_023_128, sourceMs: t0 + 2000, processedMs: t0 + 2300),
            pg("u", id: 3, version: 2, lsn: 24_023_150, sourceMs: t0 + 2500, processedMs: t0 + 2510),
            pg("d", id: 3, version: 3, lsn: 24_023_300, sourceMs: t0 + 4000, processedMs: t0 + 4050, deleted: true),
            "null",
        ].joined(separator: "\n") + "\n"

    @Test func redeliveryReorderingSnapshotAndCounts() {
        let (analysis, problems) = analyse(Self.stream)
        #expect(problems.isEmpty)
        #expect(analysis.events == 10)
        #expect(analysis.snapshotEvents == 3)
        #expect(analysis.streamedEvents == 6)
        #expect(analysis.tombstones == 1)
        #expect(analysis.unpositioned == 0)
        #expect(analysis.operations == [.read: 3, .create: 1, .update: 4, .delete: 1, .tombstone: 1])
        #expect(analysis.counts == [.duplicate: 2, .reordered: 1])
        #expect(
            analysis.examples.map { "\($0.line) \($0.kind.rawValue) [\($0.key)] \($0.message)" } == [
                "3 duplicate [1] key 1: snapshot row read again (first at line 1)",
                "7 duplicate [1] key 1: lsn 24023128 delivered again (first at line 5)",
                "8 reordered [3] key 3: lsn 24023150 arrives after lsn 24023200 (line 6): the key's changes went backwards",
            ])
    }

    @Test func captureLagAndDeliveredVersions() {
        let (analysis, _) = analyse(Self.stream)
        // Streamed changes only (snapshot reads say nothing about lag): 120, 250, 80, 300, 10, 50 ms.
        #expect(analysis.lag.count == 6)
        #expect(analysis.lag.mean == 135)
        #expect(analysis.lag.min == 10)
        #expect(analysis.lag.max == 300)
        // Every key and version delivered, for matching against the application's writes; a
        // delete carries the version it deleted.
        let expected = [("1", "1"), ("2", "1"), ("3", "1"), ("1", "2"), ("3", "3"), ("3", "2")]
        #expect(analysis.delivered.count == expected.count)
        for (key, version) in expected { #expect(analysis.delivered.contains(key: key, version: version)) }
        for (key, version) in [("2", "2"), ("1", "3"), ("4", "1"), ("11", ""), ("", "11"), ("1\u{1F}1", "")] {
            #expect(!analysis.delivered.contains(key: key, version: version))
        }
        // Without a version field nothing is remembered.
        #expect(analyse(Self.stream, fields: ChangeFields(key: "id")).0.delivered.isEmpty)
    }

    @Test func mysqlBinlogPositionsCompareFileThenPositionThenRow() {
        func mysql(_ op: String, id: Int, file: String, pos: Int, row: Int) -> String {
            #"{"before":null,"after":{"id":\#(id),"first_name":"Anne","last_name":"Kretchmar","email":"annek@noanswer.org"},"source":{"version":"2.7.0.Final","connector":"mysql","name":"mysql-server-1","ts_ms":1486500577000,"snapshot":"false","db":"inventory","table":"customers","server_id":223344,"gtid":null,"file":"\#(file)","pos":\#(pos),"row":\#(row),"thread":7,"query":null},"op":"\#(op)","ts_ms":1486500577691}"#
        }
        let text = [
            mysql("c", id: 1004, file: "mysql-bin.000003", pos: 154, row: 0),
            mysql("c", id: 1005, file: "mysql-bin.000003", pos: 154, row: 1),
            mysql("u", id: 1004, file: "mysql-bin.000004", pos: 4, row: 0),
            mysql("u", id: 1004, file: "mysql-bin.000003", pos: 900, row: 0),
            mysql("u", id: 1004, file: "mysql-bin.000004", pos: 4, row: 0),
            mysql("u", id: 1004, file: "mysql-bin.000004", pos: 4, row: 1),
        ].joined(separator: "\n")
        let (analysis, problems) = analyse(text, fields: ChangeFields(key: "id"))
        #expect(problems.isEmpty)
        #expect(analysis.streamedEvents == 6)
        #expect(
            analysis.examples.map { "\($0.line) \($0.message)" } == [
                "4 key 1004: file mysql-bin.000003, pos 900, row 0 arrives after file mysql-bin.000004, pos 4, row 0 (line 3): the key's changes went backwards",
                "5 key 1004: file mysql-bin.000004, pos 4, row 0 delivered again (first at line 3)",
            ])
        #expect(analysis.lag.count == 6)
        #expect(analysis.lag.min == 691)
    }

    @Test func keylessUnpositionedAndLimitedExamples() {
        // Without a key field the stream is one scope; flattened records without `__lsn` have no
        // position and are only counted.
        let flattened =
            #"{"id":7,"status":"PAID","__op":"u","__source_ts_ms":1714550400000,"__table":"orders","__deleted":"false"}"#
        let lsn = { (n: Int) in
            Self.pg("u", id: n, version: 1, lsn: 100 - n, sourceMs: Self.t0, processedMs: Self.t0 + 5)
        }
        let text = [flattened, lsn(1), lsn(2), lsn(3), lsn(4)].joined(separator: "\n")
        let (analysis, _) = analyse(text, fields: ChangeFields(), exampleLimit: 2)
        #expect(analysis.unpositioned == 1)
        #expect(analysis.operations[.update] == 5)
        // Positions 99, 98, 97, 96 under one scope: three go backwards, two are kept as examples.
        #expect(analysis.counts == [.reordered: 3])
        #expect(
            analysis.examples.map(\.message) == [
                "key (the stream): lsn 98 arrives after lsn 99 (line 2): the key's changes went backwards",
                "key (the stream): lsn 97 arrives after lsn 99 (line 2): the key's changes went backwards",
            ])
        #expect(analysis.examples.map(\.key) == ["(the stream)", "(the stream)"])
        // Snapshot rows of different tables with the same key are different rows.
        let customers = Self.pg("r", id: 1, version: 1, lsn: 5, sourceMs: 0, processedMs: 0, snapshot: "true")
            .replacingOccurrences(of: #""table":"orders""#, with: #""table":"customers""#)
        let orders = Self.pg("r", id: 1, version: 1, lsn: 5, sourceMs: 0, processedMs: 0, snapshot: "true")
        let (snapshot, _) = analyse(customers + "\n" + orders + "\n")
        #expect(snapshot.snapshotEvents == 2)
        #expect(snapshot.counts.isEmpty)
        #expect(snapshot.lag.isEmpty)
    }

    @Test func aBrokenEnvelopeIsLocatedAndTheStreamGoesOn() {
        let good = Self.pg("u", id: 1, version: 2, lsn: 24_023_128, sourceMs: Self.t0, processedMs: Self.t0 + 250)
        let broken =
            #"{"before":null,"after":{"id":2,"version":1},"source":{"connector":"postgresql","lsn":24023130,},"op":"c"}"#
        let (analysis, problems) = analyse([good, broken, good].joined(separator: "\n") + "\n")
        #expect(
            problems.map { "\($0.line):\($0.column) \($0.message)" } == [
                "2:95 not a change event: expected '\"'"
            ])
        #expect(analysis.events == 2)
        #expect(analysis.examples.map(\.message) == ["key 1: lsn 24023128 delivered again (first at line 1)"])
        #expect(analysis.examples.map(\.line) == [3])
    }

    /// A dump of several topics (`kafka-console-consumer --include 'shop.public.*'`) interleaves
    /// tables in no particular order: row 1 of `customers` at an earlier LSN, read after row 1
    /// of `orders`, is a different row, not row 1 going backwards.
    @Test func keysOfDifferentTablesAreDifferentRows() {
        let orders = Self.pg("u", id: 1, version: 2, lsn: 24_023_300, sourceMs: Self.t0, processedMs: Self.t0 + 20)
        let customers = Self.pg("u", id: 1, version: 5, lsn: 24_023_100, sourceMs: Self.t0, processedMs: Self.t0 + 20)
            .replacingOccurrences(of: #""table":"orders""#, with: #""table":"customers""#)
        let (analysis, problems) = analyse(orders + "\n" + customers + "\n")
        #expect(problems.isEmpty)
        #expect(analysis.streamedEvents == 2)
        #expect(analysis.counts.isEmpty, "\(analysis.examples.map(\.message))")
    }
}
