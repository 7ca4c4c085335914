import AssessCore
import AssessFormats
import AssessYAML
import Testing

@testable import AssessGraders

/// The change-data graders judge models built here in Swift: change events, replica reads and
/// saga runs as their readers would have made them, with no file written or read.
@Suite struct ChangeDataJudgingTests {
    /// An update of order `key` at PostgreSQL position `lsn`, captured `lag` ms after its commit.
    static func change(_ line: Int, key: String, lsn: Int64, version: Int, lag: Double = 100) -> ChangeEvent {
        var event = ChangeEvent(line: line, operation: .update)
        event.key = key
        event.version = String(version)
        event.position = SourcePosition(names: ["lsn"], parts: [.number(lsn)])
        event.sourceTime = 1_714_550_400_000 + Double(line) * 1000
        event.processedTime = event.sourceTime! + lag
        return event
    }

    static func capture(_ events: [ChangeEvent], file: String = "cdc/changes.jsonl") -> ChangeCapture {
        var analysis = ChangeStreamAnalysis(exampleLimit: 5)
        for event in events { analysis.add(event) }
        return ChangeCapture(
            analysis: analysis, exampleFiles: Array(repeating: file, count: analysis.examples.count), streams: 1)
    }

    static func cdc(lag: [String] = [], writes: String? = nil) throws -> CDCEventsGrader {
        CDCEventsGrader(
            options: .init(
                fields: ChangeFields(key: "id", version: "v"), lag: try lag.map { try Threshold(parsing: $0) },
                writes: writes.map(Glob.init), writeFields: EventFields(key: "id", id: "v"), duplicates: true,
                ordering: true, examples: 5))
    }

    @Test func changesDeliveredOnceInOrderWithinTheLagPass() throws {
        let events = (1...4).map { Self.change($0, key: "7", lsn: Int64($0) * 100, version: $0) }
        let outcome = try Self.cdc(lag: ["p(95)<500"]).judge(Self.capture(events), findings: [])
        #expect(outcome.status == .passed, "\(outcome.findings)")
        #expect(outcome.summary == "3 of 3 change-capture checks met")
    }

    @Test func aDuplicateAndASlowCaptureCostTwoOfThreeChecksAndNameTheirLine() throws {
        let events = [
            Self.change(1, key: "7", lsn: 100, version: 1),
            Self.change(2, key: "7", lsn: 200, version: 2, lag: 900),
            Self.change(3, key: "7", lsn: 200, version: 2, lag: 900),
        ]
        let outcome = try Self.cdc(lag: ["p(95)<500"]).judge(Self.capture(events), findings: [])
        #expect(outcome.status == .partial)
        #expect(abs(outcome.score - 1.0 / 3) < 1e-9)
        let duplicate = try #require(outcome.findings.first { $0.message.hasPrefix("duplicate:") })
        #expect(duplicate.location == SourceLocation(file: "cdc/changes.jsonl", line: 3, column: 1))
    }

    @Test func lostWritesAreNamedAndAMissingWriteLogIsAnError() throws {
        var capture = Self.capture([Self.change(1, key: "7", lsn: 100, version: 1)])
        var log = ChangeWriteLog()
        log.writes = 2
        log.lost = 1
        log.examples = [.init(key: "7", version: "2", file: "app/writes.csv", line: 3)]
        capture.writeLog = log
        let grader = try Self.cdc(writes: "app/writes.csv")
        let lost = grader.judge(capture, findings: [])
        #expect(lost.status == .partial)
        #expect(
            lost.findings.map(\.description).contains(
                "app/writes.csv:3:1: error: lost change: key 7 version 2 was written but never captured"))
        capture.writeLog = nil
        let missing = grader.judge(capture, findings: [])
        #expect(
            missing.findings.map(\.message).contains("no write log among the input's files matches 'app/writes.csv'"))
    }

    static func convergence(lastWriterWins: Bool = false) throws -> ConsistencyConvergenceGrader {
        ConsistencyConvergenceGrader(
            options: .init(
                fields: EventFields(), thresholds: [try Threshold(parsing: "p(99)<100")], writes: nil,
                lastWriterWins: lastWriterWins, examples: 5))
    }

    @Test func replicasThatConvergeInTimePassAndAStaleReadDoesNot() throws {
        var analysis = ConvergenceAnalysis()
        analysis.write(key: "k", version: 1, time: 1.000, line: 1, file: "w.csv")
        analysis.write(key: "k", version: 2, time: 2.000, line: 2, file: "w.csv")
        for (replica, delay) in [("r1", 0.010), ("r2", 0.040)] {
            analysis.read(key: "k", replica: replica, version: 1, time: 1 + delay, line: 1, file: "\(replica).csv")
            analysis.read(key: "k", replica: replica, version: 2, time: 2 + delay, line: 2, file: "\(replica).csv")
        }
        #expect(try Self.convergence().judge(analysis, findings: []).status == .passed)
        analysis.read(key: "k", replica: "r2", version: 1, time: 2.5, line: 3, file: "r2.csv")
        let stale = try Self.convergence().judge(analysis, findings: [])
        #expect(stale.status == .partial)
        #expect(stale.findings.contains { $0.message.hasPrefix("stale read:") && $0.location?.line == 3 })
    }

    @Test func noWriteIsAnErrorThatKeepsTheReadingFindings() throws {
        let read = Finding(.warning, "skipped a record", at: SourceLocation(file: "r.csv", line: 4, column: 1))
        let outcome = try Self.convergence().judge(ConvergenceAnalysis(), findings: [read])
        #expect(outcome.status == .error)
        #expect(outcome.summary == "no write could be read")
        #expect(outcome.findings == [read])
    }

    static func saga(_ id: String, _ steps: [(String, SagaRun.StepStatus)], outcome: SagaRun.Outcome) -> SagaRun {
        var run = SagaRun(id: id)
        for (index, step) in steps.enumerated() {
            run.steps.append(
                SagaRun.Step(
                    name: step.0, status: step.1,
                    location: SourceLocation(file: "sagas.csv", line: index + 2, column: 1),
                    reference: "line \(index + 2)"))
        }
        run.outcome = outcome
        return run
    }

    @Test func aSagaThatUndoesItsCompletedStepsPassesAndOneThatDoesNotFails() {
        let grader = SagaCompensationGrader(
            options: .init(
                steps: [("Reserve", "Release"), ("Charge", "Refund")], forward: nil, maxRetries: nil,
                fields: SagaLogFields()))
        let undone = Self.saga(
            "o-1", [("Reserve", .completed), ("Charge", .failed), ("Release", .completed)], outcome: .failed)
        let forgotten = Self.saga("o-2", [("Reserve", .completed), ("Charge", .failed)], outcome: .failed)
        #expect(grader.judge([undone], findings: []).status == .passed)
        let outcome = grader.judge([undone, forgotten], findings: [])
        #expect(outcome.status == .partial)
        #expect(outcome.summary == "1 of 2 sagas compensated as required")
        #expect(outcome.findings.contains { $0.severity == .error && $0.message.contains("o-2") })
        #expect(grader.judge([], findings: []).status == .error)
    }
}
