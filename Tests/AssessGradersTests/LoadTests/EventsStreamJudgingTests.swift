import AssessCore
import AssessFormats
import AssessYAML
import Testing

@testable import AssessGraders

/// `events.stream` judges analyses built here from records, one log at a time.
@Suite struct EventsStreamJudgingTests {
    static func log(_ sequences: [Int64], latencyMs: Double = 10) -> EventStreamAnalysis {
        var analysis = EventStreamAnalysis(exampleLimit: 5)
        for (index, sequence) in sequences.enumerated() {
            let time = 1_714_550_400 + Double(index) / 100
            analysis.add(
                EventRecord(
                    line: index + 2, key: "o-1", sequence: sequence, time: time, consumedTime: time + latencyMs / 1000))
        }
        analysis.finish()
        return analysis
    }

    static func grader(latency: [String] = []) throws -> EventsStreamGrader {
        EventsStreamGrader(
            options: .init(
                fields: EventFields(key: "order", sequence: "seq", time: "sent", consumedTime: "got"),
                minThroughput: nil, window: 10, ordering: true, duplicates: true, gaps: true,
                latency: try latency.map { try Threshold(parsing: $0) }, examples: 5))
    }

    @Test func anOrderedLogPassesEveryCheck() throws {
        var judged = EventsStreamGrader.Judged()
        try Self.grader(latency: ["p(95)<50"]).judge(Self.log([1, 2, 3, 4]), file: "log.csv", into: &judged)
        #expect(judged.outcome.status == .passed, "\(judged.findings)")
        #expect(judged.checks == 4)
    }

    @Test func eachLogIsJudgedOnItsOwnAndTheirChecksAddUp() throws {
        var judged = EventsStreamGrader.Judged()
        let grader = try Self.grader()
        grader.judge(Self.log([1, 2, 3]), file: "a.csv", into: &judged)
        grader.judge(Self.log([1, 3, 2, 2]), file: "b.csv", into: &judged)
        #expect(judged.logs == 2)
        #expect(judged.checks == 6)
        // b.csv is out of order and delivers 2 twice, but has no gap: 1 of its 3 checks met.
        #expect(judged.met == 4)
        #expect(judged.outcome.status == .partial)
        #expect(judged.findings.allSatisfy { $0.location?.file == "b.csv" || $0.location == nil }, "\(judged.findings)")
        #expect(judged.findings.contains { $0.message.hasPrefix("duplicate:") })
        #expect(judged.findings.contains { $0.message.hasPrefix("reordered:") })
    }
}
