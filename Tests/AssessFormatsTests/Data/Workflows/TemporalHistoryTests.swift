import AssessFormats
import AssessTestSupport
import Foundation
import Testing

@Suite struct TemporalHistoryTests {
    @Test func bothEventTypeSpellingsNormaliseAlike() {
        #expect(
            TemporalHistory.normalized("EVENT_TYPE_ACTIVITY_TASK_FAILED")
                == TemporalHistory.normalized("ActivityTaskFailed"))
    }

    @Test(.enabled(if: sharedCorpus != nil, "needs ../shared/corpus"))
    func readsTheCorpusHistories() throws {
        let dir = (try sharedCorpusPath("public/temporal/"))
        func read(_ name: String) throws -> (SagaRun?, [ReadProblem]) {
            let result = TemporalHistory.read(
                try String(contentsOfFile: dir + name, encoding: .utf8), file: name, id: name)
            return (result.run, result.problems)
        }
        let (retried, retriedProblems) = try read("history_shorthand-enums_activity-retry-then-failed_sdk-java.json")
        #expect(retriedProblems.isEmpty)
        #expect(retried?.outcome == .failed)
        #expect(retried?.steps.map(\.status) == [.scheduled, .started, .failed])
        #expect(retried?.steps[1].attempt == 2)
        let (completed, _) = try read("history_event-type-enums_activity-completed_sdk-go.json")
        #expect(completed?.outcome == .completed)
        #expect(completed?.steps.last?.status == .completed)
        let (running, runningProblems) = try read("get-history-response_descending-running_ui-fixture.json")
        #expect(runningProblems.isEmpty)
        #expect(running?.outcome == .running)
        #expect(running?.steps.count == 1)
    }

    @Test func aSagaLogGroupsRowsBySagaAndNamesBadLines() {
        let log = """
            {"saga":"o-1","step":"ReserveInventory","status":"SUCCEEDED","ts":"2024-05-01T10:00:00Z"}
            {"saga":"o-1","step":"ChargePayment","status":"weird"}
            {"saga":"o-2","step":"ReserveInventory","sta
            """
        let (runs, problems) = SagaLog.read(
            LoadTestSource(file: "saga.jsonl", text: log), fields: SagaLogFields(saga: "saga", time: "ts"))
        #expect(runs.map(\.id) == ["o-1"])
        #expect(runs.first?.steps.first?.status == .completed)
        #expect(runs.first?.steps.first?.time != nil)
        #expect(problems.map(\.location?.line) == [2, 3])
    }
}
