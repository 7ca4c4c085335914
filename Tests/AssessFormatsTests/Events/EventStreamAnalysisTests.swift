import AssessFormats
import Testing

/// `EventStreamAnalysis` over small event logs written as text, the way a lab's consumer logs
/// what it received (JSON lines with RFC 3339 times) or a producer dumps offsets (CSV with epoch
/// milliseconds): order per key, duplicates by id and by sequence, gaps, throughput and
/// end-to-end latency, with the line of every finding.
@Suite struct EventStreamAnalysisTests {
    func analyse(
        _ text: String, fields: EventFields, file: String = "consumer.log", exampleLimit: Int = 5
    ) -> (EventStreamAnalysis, [ReadProblem]) {
        var analysis = EventStreamAnalysis(exampleLimit: exampleLimit)
        var problems: [ReadProblem] = []
        EventLog.read(LoadTestSource(file: file, text: text), fields: fields, problem: { problems.append($0) }) {
            analysis.add($0)
        }
        analysis.finish()
        return (analysis, problems)
    }

    static let consumerFields = EventFields(
        key: "key", sequence: "seq", time: "produced_at", consumedTime: "consumed_at", id: "event_id")

    /// Seconds 0…3 after 2024-05-01T10:00:00Z.
    static let base: Int64 = 1_714_557_600

    static let consumerLog = """
        {"event_id":"e1","key":"order-1","seq":1,"produced_at":"2024-05-01T10:00:00.100Z","consumed_at":"2024-05-01T10:00:00.150Z","type":"OrderPlaced"}
        {"event_id":"e2","key":"order-2","seq":1,"produced_at":"2024-05-01T10:00:00.200Z","consumed_at":"2024-05-01T10:00:00.230Z","type":"OrderPlaced"}
        {"event_id":"e3","key":"order-1","seq":2,"produced_at":"2024-05-01T10:00:01.000Z","consumed_at":"2024-05-01T10:00:01.020Z","type":"OrderPaid"}
        {"event_id":"e4","key":"order-1","seq":4,"produced_at":"2024-05-01T10:00:01.100Z","consumed_at":"2024-05-01T10:00:01.200Z","type":"OrderShipped"}
        {"event_id":"e5","key":"order-2","seq":2,"produced_at":"2024-05-01T10:00:01.300Z","consumed_at":"2024-05-01T10:00:01.310Z","type":"OrderPaid"}
        {"event_id":"e6","key":"order-1","seq":3,"produced_at":"2024-05-01T10:00:02.000Z","consumed_at":"2024-05-01T10:00:02.040Z","type":"OrderPacked"}
        {"event_id":"e4","key":"order-1","seq":4,"produced_at":"2024-05-01T10:00:02.400Z","consumed_at":"2024-05-01T10:00:02.500Z","type":"OrderShipped"}
        {"event_id":"e8","key":"order-2","seq":5,"produced_at":"2024-05-01T10:00:03.000Z","consumed_at":"2024-05-01T10:00:03.060Z","type":"OrderCancelled"}
        {"event_id":"e9","key":"order-3","seq":1,"produced_at":"2024-05-01T10:00:03.100Z","consumed_at":"2024-05-01T10:00:03.200Z","type":"OrderPlaced"}

        """

    @Test func orderDuplicatesAndGapsPerKey() {
        let (analysis, problems) = analyse(Self.consumerLog, fields: Self.consumerFields)
        #expect(problems.isEmpty)
        #expect(analysis.events == 9)
        #expect(analysis.counts == [.reordered: 1, .duplicate: 1, .gap: 1])
        #expect(
            analysis.examples.map { "\($0.line) \($0.kind.rawValue): \($0.message)" } == [
                "6 reordered: key 'order-1': 3 arrives after 4 (line 4); it was due before line 4",
                "7 duplicate: event 'e4' delivered again",
                "8 gap: 'order-2': 3–4 are missing (skipped at this line)",
            ])
    }

    @Test func throughputAndLatency() throws {
        let (analysis, _) = analyse(Self.consumerLog, fields: Self.consumerFields)
        let b = Self.base
        // Counted by the second each event was consumed in; a redelivery is still an event.
        #expect(analysis.perSecond == [b: 2, b + 1: 3, b + 2: 2, b + 3: 2])
        #expect(analysis.overallRate == 2.25)
        // The whole seconds between the first and the last: 1 and 2.
        #expect(analysis.sustainedRate(window: 2) == 2.5)
        #expect(analysis.sustainedRate(window: 1) == 2)
        #expect(analysis.sustainedRate(window: 3) == nil)
        // Produced → consumed: 50, 30, 20, 100, 10, 40, 100, 60, 100 ms.
        #expect(analysis.latency.count == 9)
        let mean = try #require(analysis.latency.mean)
        #expect(abs(mean - 510.0 / 9) < 0.001, "\(mean)")
        #expect(abs((analysis.latency.min ?? 0) - 10) < 0.001)
        #expect(abs((analysis.latency.max ?? 0) - 100) < 0.001)
        #expect(abs((analysis.latency.percentile(50) ?? 0) - 50) < 0.1)
    }

    @Test func partitionsWithoutIdsFromACSVDump() {
        let csv = """
            partition,offset,timestamp
            0,0,1714557600000
            0,1,1714557600100
            1,0,1714557600200
            0,1,1714557600300
            1,20005,1714557601000
            0,3,1714557601100
            0,2,1714557601200
            0,0,1714557602500

            """
        let fields = EventFields(sequence: "offset", partition: "partition", time: "timestamp")
        let (analysis, problems) = analyse(csv, fields: fields, file: "producer.csv")
        #expect(problems.isEmpty)
        #expect(analysis.events == 8)
        #expect(analysis.counts == [.duplicate: 2, .gap: 1, .reordered: 1])
        #expect(
            analysis.examples.map { "\($0.line) \($0.kind.rawValue): \($0.message)" } == [
                "5 duplicate: partition 0: 1 delivered again",
                // A jump past the hole limit is one gap at once, not 20 004 numbers remembered.
                "6 gap: partition 1 jumps from 0 to 20005",
                "8 reordered: partition 0: 2 arrives after 3 (line 7); it was due before line 7",
                "9 duplicate: partition 0: 0 delivered again",
            ])
        // No consumed time: no latency; the rate counts by produced time.
        #expect(analysis.latency.isEmpty)
        #expect(analysis.perSecond == [Self.base: 4, Self.base + 1: 3, Self.base + 2: 1])
        #expect(analysis.sustainedRate(window: 1) == 3)
        // Only the first example of each kind is kept with a limit of one; counts are complete.
        let (limited, _) = analyse(csv, fields: fields, exampleLimit: 1)
        #expect(limited.counts[.duplicate] == 2)
        #expect(limited.examples.map(\.line) == [5, 6, 8])
    }

    @Test func aStreamWithoutKeysAndEdgeCases() {
        let (stream, _) = analyse("n\n1\n2\n5\n6\n9\n", fields: EventFields(sequence: "n"), file: "n.csv")
        #expect(
            stream.examples.map { "\($0.line) \($0.message)" } == [
                "4 the stream: 3–4 are missing (skipped at this line)",
                "6 the stream: 7–8 are missing (skipped at this line)",
            ])
        // No times: no rate at all.
        #expect(stream.overallRate == nil)
        #expect(stream.sustainedRate(window: 1) == nil)
        // One second only: no overall rate (it needs a first and a last second).
        let (oneSecond, _) = analyse(
            #"{"id":"a","t":1714557600.1}"# + "\n" + #"{"id":"b","t":1714557600.9}"# + "\n",
            fields: EventFields(time: "t", id: "id"))
        #expect(oneSecond.events == 2)
        #expect(oneSecond.overallRate == nil)
        #expect(oneSecond.counts.isEmpty)
        // An empty log.
        let (empty, emptyProblems) = analyse("", fields: Self.consumerFields)
        #expect(empty.events == 0 && empty.examples.isEmpty && emptyProblems.isEmpty)
    }

    @Test func malformedRecordsAreLocatedAndTheRestIsAnalysed() {
        let text = """
            {"event_id":"e1","key":"order-1","seq":1,"produced_at":"2024-05-01T10:00:00.100Z","consumed_at":"2024-05-01T10:00:00.150Z"}
            {"event_id":"e2","key":"order-1","seq":2,"produced_at":"2024-05-01T10:00:00.200Z","consumed_at":
            {"event_id":"e3","key":"order-1","produced_at":"2024-05-01T10:00:00.300Z","consumed_at":"2024-05-01T10:00:00.350Z"}
            {"event_id":"e4","key":"order-1","seq":"4a","produced_at":"2024-05-01T10:00:00.400Z","consumed_at":"2024-05-01T10:00:00.450Z"}
            {"event_id":"e5","key":"order-1","seq":5,"produced_at":"yesterday","consumed_at":"2024-05-01T10:00:00.550Z"}
            {"event_id":"e6","key":"order-1","seq":3,"produced_at":"2024-05-01T10:00:00.600Z","consumed_at":"2024-05-01T10:00:00.650Z"}
            """
        let (analysis, problems) = analyse(text, fields: Self.consumerFields)
        #expect(
            problems.map { "\($0.line):\($0.column) \($0.message)" } == [
                "2:97 not a JSON record: the line ends inside a JSON value",
                "3:1 no 'seq' (the sequence)",
                "4:1 'seq' is '4a', not a whole number",
                "5:1 'produced_at' is 'yesterday', not a timestamp",
            ])
        // Lines 1 and 6 are read: 2 is then missing, at line 6.
        #expect(analysis.events == 2)
        #expect(analysis.examples.map(\.message) == ["'order-1': 2 is missing (skipped at this line)"])
        #expect(analysis.examples.map(\.line) == [6])
    }
}
