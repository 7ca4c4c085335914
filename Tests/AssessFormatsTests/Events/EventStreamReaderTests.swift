import AssessFormats
import AssessYAML
import Testing

/// The event-stream reader on bytes: a Redis Streams consumer's CSV (the shipped lab's shape,
/// written here with other column names) and a log with nothing in it.
@Suite struct EventStreamReaderTests {
    let fields = EventFields(key: "order", sequence: "n", time: "sent", consumedTime: "got")

    @Test func aLogIsOneFinishedAnalysisWithItsOrderViolations() throws {
        let log = """
            id,order,n,sent,got
            1-0,o-1,1,1714550400000,1714550400010
            1-1,o-1,2,1714550400100,1714550400115
            1-2,o-1,4,1714550400200,1714550400220
            1-3,o-1,3,1714550400300,1714550400330
            """
        let reading = try EventStreamReader(options: EventStreamOptions(fields: fields))
            .read(EvidenceFile(path: "consumer/log.csv", contents: log))
        #expect(reading.problems.isEmpty)
        #expect(reading.model.events == 4)
        #expect(reading.model.counts[.reordered] == 1)
        #expect(abs((reading.model.latency.max ?? 0) - 30) < 0.01)
    }

    @Test func aConsumedTimeAndAProducedTimeOfOneColumnReadApart() {
        let produced = EventStreamReader(
            options: EventStreamOptions(fields: EventFields(sequence: "offset", time: "ts")))
        let consumed = EventStreamReader(
            options: EventStreamOptions(fields: EventFields(sequence: "offset", consumedTime: "ts")))
        #expect(produced.variant != consumed.variant)
    }

    @Test func skippedRecordsPastTheLimitAreCountedAndAnEmptyLogThrows() {
        let reader = EventStreamReader(options: EventStreamOptions(fields: fields, examples: 1))
        #expect {
            try reader.read(EvidenceFile(path: "consumer/log.jsonl", contents: "{bad\n{worse\n"))
        } throws: { error in
            guard let failure = error as? ReadFailure else { return false }
            return failure.problems.map(\.severity) == [.warning, .warning, .error]
                && failure.problems[1].message == "1 more records skipped in consumer/log.jsonl"
                && failure.problems[2].description
                    == "consumer/log.jsonl:1:1: error: no event could be read from consumer/log.jsonl"
        }
    }
}
