import AssessYAML
import Testing

@testable import AssessFormats

/// The replica-log reader on bytes: one CSV that tells writes from reads by a kind column (as a
/// Cassandra or Riak test harness writes it), and a write log beside read logs whose columns
/// are named otherwise.
@Suite struct ReplicaLogReaderTests {
    let mixed = EventFields(key: "k", sequence: "ver", partition: "node", time: "at", id: "op")

    @Test func aKindColumnTellsWritesFromReadsWhateverItsCase() throws {
        let log = """
            op,k,ver,node,at
            PUT,user:1,1,,1714550400000
            get,user:1,1,dc1-a,1714550400012
            get,user:1,1,dc2-a,1714550400048
            Upsert,user:1,2,,1714550400100
            get,user:1,2,dc1-a,1714550400105
            get,user:1,1,dc2-a,1714550400110
            get,user:1,2,dc2-a,1714550400160
            """
        let reading = try ReplicaLogReader(options: ReplicaLogOptions(fields: mixed))
            .read([EvidenceFile(path: "harness/history.csv", contents: log)])
        let analysis = reading.model
        #expect(reading.problems.isEmpty)
        #expect(analysis.writes.map(\.version) == [1, 2])
        #expect(analysis.replicas == ["dc1-a", "dc2-a"])
        let result = analysis.finish(examples: 5)
        #expect(result.neverConvergedCount == 0)
        #expect(abs((result.convergence.max ?? 0) - 60) < 0.01)
    }

    @Test func aWriteLogCountsEveryRecordAsAWriteAndSkippedRecordsAreNamedUpToTheLimit() throws {
        let fields = EventFields(key: "cart", sequence: "rev", partition: "replica", time: "t")
        let writes = #"{"cart": "c1", "rev": 1, "t": 1000}"# + "\n" + #"{"cart": "c2", "rev": 1, "t": 2000}"# + "\n"
        let reads =
            #"{"cart": "c1", "rev": 1, "replica": "r1", "t": 1010}"# + "\n" + "{oops\n" + "{oops again\n"
            + #"{"cart": "c2", "rev": 1, "replica": "r1", "t": 2005}"# + "\n"
        let reading = try ReplicaLogReader(
            options: ReplicaLogOptions(fields: fields, writeLogs: ["logs/writes.jsonl"], examples: 1)
        ).read([
            EvidenceFile(path: "logs/writes.jsonl", contents: writes),
            EvidenceFile(path: "logs/r1.jsonl", contents: reads),
        ])
        #expect(reading.model.writes.map(\.key) == ["c1", "c2"])
        #expect(reading.model.finish(examples: 5).converged == 2)
        #expect(reading.problems.count == 2)
        #expect(reading.problems.first?.location?.file == "logs/r1.jsonl")
        #expect(reading.problems.first?.line == 2)
        #expect(reading.problems.last?.message == "1 more records skipped in the input")
    }

    @Test func mappingsThatNameTheSameColumnsForOtherRolesReadApart() {
        let a = ReplicaLogReader(options: ReplicaLogOptions(fields: EventFields(key: "user", time: "ts")))
        let b = ReplicaLogReader(options: ReplicaLogOptions(fields: EventFields(partition: "user", time: "ts")))
        #expect(a.variant != b.variant)
    }

    @Test func theWriteKindsAreTheOnesDocumented() {
        #expect(ReplicaLogReader.writeKinds.isSuperset(of: ["write", "put", "set", "insert", "update", "upsert"]))
        #expect(!ReplicaLogReader.writeKinds.contains("read"))
    }

    /// A kind is a write when it lowers to one of the write kinds, whatever its case or
    /// length; the shortcut for ASCII kinds of other lengths changes no answer.
    @Test(arguments: [
        ("write", true), ("WRITE", true), ("Put", true), ("w", true), ("W", true), ("UPSERT", true), ("sEt", true),
        ("read", false), ("READ", false), ("get", false), ("r", false), ("", false), ("writes", false),
        ("put ", false), ("wr\u{130}te", false), ("\u{212A}ill", false), ("ınsert", false),
    ])
    func aKindIsAWriteWhenItLowersToAWriteKind(_ kind: String, _ isWrite: Bool) {
        #expect(ReplicaRecord.isWriteKind(kind) == isWrite)
        #expect(
            ReplicaRecord.isWriteKind(kind)
                == (ReplicaLogReader.writeKinds.contains(kind)
                    || ReplicaLogReader.writeKinds.contains(kind.lowercased())))
    }
}
