import AssessFormats
import AssessTestSupport
import Foundation
import Testing

/// Reads `text` as a Debezium dump, returning events and problems.
func readChanges(_ text: String, fields: ChangeFields = ChangeFields(key: "id")) -> ([ChangeEvent], [ReadProblem]) {
    var events: [ChangeEvent] = []
    var problems: [ReadProblem] = []
    DebeziumReader.read(LoadTestSource(file: "c.jsonl", text: text), fields: fields, problem: { problems.append($0) }) {
        events.append($0)
    }
    return (events, problems)
}

// Fixtures below follow the Debezium PostgreSQL and MySQL connector docs (§Data change events,
// §Tombstone events), Kafka's DefaultMessageFormatter (console consumer) and kcat's json.c.
let pgUpdate =
    #"{"before":{"id":7,"v":1},"after":{"id":7,"v":2},"source":{"version":"2.7.0.Final","connector":"postgresql","name":"shop","ts_ms":1714550400000,"snapshot":"false","db":"shop","schema":"public","table":"orders","txId":770,"lsn":24023128},"op":"u","ts_ms":1714550400250,"transaction":null}"#

@Suite struct DebeziumReaderTests {
    @Test func readsABareEnvelopeWithItsPostgresPosition() throws {
        let (events, problems) = readChanges(pgUpdate + "\n", fields: ChangeFields(key: "id", version: "v"))
        #expect(problems.isEmpty)
        let event = try #require(events.first)
        #expect(event.operation == .update)
        #expect(event.key == "7")
        #expect(event.version == "2")
        #expect(event.position?.description == "lsn 24023128")
        #expect(event.captureLag == 250)
        #expect(!event.snapshot)
    }

    @Test func readsTheSchemaPayloadWrapperAndTombstones() throws {
        let wrapped =
            #"{"schema":{"type":"struct","fields":[{"field":"op","type":"string"}]},"payload":"# + pgUpdate + "}"
        let text = wrapped + "\nnull\n" + #"{"schema":null,"payload":null}"# + "\n"
        let (events, problems) = readChanges(text)
        #expect(problems.isEmpty)
        #expect(events.map(\.operation) == [.update, .tombstone, .tombstone])
        #expect(events.first?.position?.description == "lsn 24023128")
    }

    @Test func readsConsoleConsumerAndKcatLines() throws {
        let console =
            "CreateTime:1714550400300\tPartition:0\tOffset:12\t{\"id\":7}\t\(pgUpdate)\n{\"id\":7}\tnull\n"
        let (consoleEvents, consoleProblems) = readChanges(console, fields: ChangeFields())
        #expect(consoleProblems.isEmpty)
        #expect(consoleEvents.map(\.operation) == [.update, .tombstone])
        #expect(consoleEvents.map(\.key) == [#"{"id":7}"#, #"{"id":7}"#])
        let escaped = String(data: try JSONEncoder().encode(pgUpdate), encoding: .utf8)!
        let kcat =
            #"{"topic":"shop.public.orders","partition":0,"offset":12,"tstype":"create","ts":1714550400300,"broker":1,"key":"{\"id\":7}","payload":\#(escaped)}"#
            + "\n"
            + #"{"topic":"shop.public.orders","partition":0,"offset":13,"tstype":"create","ts":1714550400400,"broker":1,"key":"{\"id\":7}","payload":null}"#
        let (kcatEvents, kcatProblems) = readChanges(kcat)
        #expect(kcatProblems.isEmpty)
        #expect(kcatEvents.map(\.operation) == [.update, .tombstone])
        #expect(kcatEvents.map(\.key) == ["7", "7"])
        #expect(kcatEvents.first?.position?.description == "lsn 24023128")
    }

    /// The Debezium docs print console output as `key value` with a space between: the line's
    /// first object is then the key, though it is walked as a record before the text after it
    /// shows it is not one.
    @Test func readsAKeyAndAValueSeparatedByASpace() throws {
        let text = #"{"id":7} "# + pgUpdate + "\n" + #"{"id":8} null"# + "\n" + #"{"id":9} {"op":"u","#
        let (events, problems) = readChanges(text, fields: ChangeFields())
        #expect(events.map(\.operation) == [.update, .tombstone])
        #expect(events.map(\.key) == [#"{"id":7}"#, #"{"id":8}"#])
        #expect(events.first?.position?.description == "lsn 24023128")
        #expect(problems.map(\.line) == [3])
        let (keyed, _) = readChanges(#"{"id":7} "# + pgUpdate, fields: ChangeFields(key: "id"))
        #expect(keyed.first?.key == "7", "the key field is read from the envelope, not the Kafka key")
        // A key that is not JSON, before a record that is: the record is read.
        let (loose, looseProblems) = readChanges("  {id=7} " + pgUpdate, fields: ChangeFields(key: "id"))
        #expect(looseProblems.isEmpty)
        #expect(loose.map(\.operation) == [.update])
        #expect(loose.first?.key == "7")
    }

    /// A line the record walk refuses is named as the loose skip of its first value names it:
    /// a line cut short ends inside a JSON value, at the column past its end.
    @Test func aLineCutShortEndsInsideAValue() {
        let (_, problems) = readChanges(#"{"op":"c","after":{broken"# + "\n" + pgUpdate)
        #expect(problems.count == 1)
        #expect(problems.first?.line == 1)
        #expect(problems.first?.column == 26)
        #expect(problems.first?.message.contains("the line ends inside a JSON value") == true)
    }

    @Test func aTruncatedLineIsAProblemWithItsLineAndTheRestIsRead() {
        let text = pgUpdate + "\n" + String(pgUpdate.prefix(90)) + "\n" + pgUpdate
        let (events, problems) = readChanges(text)
        #expect(events.count == 2)
        #expect(problems.count == 1)
        #expect(problems.first?.line == 2)
        #expect(problems.first?.column ?? 0 > 1)
    }

    /// `op`, `source.snapshot` and versions are read in place where they can be; each reads as
    /// its text would, escapes, literals and odd spellings included.
    @Test func operationsSnapshotsAndVersionsReadAsTheirText() {
        func event(op: String, snapshot: String, version: String = "1") -> ChangeEvent? {
            let line =
                #"{"op":\#(op),"after":{"id":1,"v":\#(version)},"source":{"connector":"postgresql","lsn":5,"snapshot":\#(snapshot)}}"#
            return readChanges(line, fields: ChangeFields(key: "id", version: "v")).0.first
        }
        let ops: [(String, ChangeEvent.Operation)] = [
            (#""c""#, .create), (#""u""#, .update), (#""d""#, .delete), (#""r""#, .read), (#""t""#, .truncate),
            (#""m""#, .message), (#""x""#, .unknown), (#""\u0063""#, .create), (#""cc""#, .unknown), ("1", .unknown),
            (#""tombstone""#, .tombstone), ("\"\"", .unknown),
        ]
        for (op, operation) in ops {
            #expect(event(op: op, snapshot: #""false""#)?.operation == operation, "op \(op)")
        }
        let snapshots: [(String, Bool)] = [
            (#""false""#, false), ("false", false), ("\"\"", false), ("null", false), (#""f\u0061lse""#, false),
            (#""true""#, true), ("true", true), (#""last""#, true), (#""incremental""#, true), (#""falsey""#, true),
            (#"{"a":1}"#, true),
        ]
        for (snapshot, marked) in snapshots {
            #expect(event(op: #""u""#, snapshot: snapshot)?.snapshot == marked, "snapshot \(snapshot)")
        }
        #expect(event(op: #""r""#, snapshot: #""false""#)?.snapshot == true, "a read is a snapshot row")
        let versions: [(String, String)] = [
            ("7", "7"), ("0", "0"), ("007", "7"), (#""007""#, "7"), ("7.0", "7"), ("-7", "-7"), (#""7""#, "7"),
            ("123456789012345", "123456789012345"), ("1234567890123456", "1234567890123456"), (#""v7""#, "v7"),
            ("1e3", "1000"),
        ]
        for (written, read) in versions {
            #expect(event(op: #""u""#, snapshot: #""false""#, version: written)?.version == read, "version \(written)")
        }
    }

    @Test(.enabled(if: sharedCorpus != nil, "needs ../shared/corpus"))
    func readsTheCorpusSamples() throws {
        let dir = (try sharedCorpusPath("public/debezium/"))
        func events(_ name: String) throws -> ([ChangeEvent], [ReadProblem]) {
            readChanges(try String(contentsOfFile: dir + name, encoding: .utf8))
        }
        let (flink, flinkProblems) = try events("jsonl_postgres-1.2_schema-exclude_flink.jsonl")
        #expect(flinkProblems.isEmpty)
        #expect(flink.count == 16)
        #expect(flink.filter(\.snapshot).count == 9)
        #expect(flink.last?.operation == .delete)
        #expect(flink.last?.key == "111")
        let (mysql, _) = try events("envelope-with-schema_mysql-0.10_serde.json")
        #expect(mysql.count == 1)
        #expect(mysql.first?.position?.description == "file mysql-bin.000003, pos 154, row 0")
        let (bare, _) = try events("envelope-no-schema_mysql-0.10_serde.json")
        #expect(bare.first?.key == "1004")
        let (v3, _) = try events("jsonl_mysql-3.0_engine-wasm-readme.extracted.jsonl")
        #expect(v3.map(\.operation) == [.read, .update])
        #expect(v3.last?.captureLag == 957)
    }
}
