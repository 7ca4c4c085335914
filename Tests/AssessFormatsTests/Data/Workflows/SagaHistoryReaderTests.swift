import AssessFormats
import AssessYAML
import Foundation
import Testing

/// The saga reader on bytes: a real Temporal history (made with the Temporal CLI, see the
/// fixtures' README) and a saga log a stranger's orchestrator wrote with its own column names.
@Suite struct SagaHistoryReaderTests {
    let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/temporal")

    @Test func aTemporalHistoryIsOneRunNamedAfterItsFile() throws {
        let text = try String(contentsOf: fixtures.appendingPathComponent("checkout-o-3001.json"), encoding: .utf8)
        let reading = try SagaHistoryReader().read(EvidenceFile(path: "histories/checkout-o-3001.json", contents: text))
        #expect(reading.problems.isEmpty, "\(reading.problems)")
        let run = try #require(reading.model.first)
        #expect(reading.model.count == 1)
        #expect(run.outcome.isTerminal)
        #expect(!run.steps.isEmpty)
        #expect(
            FormatRegistry.builtIn.sniff(head: Array(text.utf8.prefix(4096)), path: "h.json")?.id
                == "temporal-history")
    }

    @Test func aSagaLogWithItsOwnColumnsHoldsEverySagaItMentions() throws {
        let log = """
            tx,action,state,at
            t-1,reserve,ok,2026-12-01T10:00:00Z
            t-2,reserve,ok,2026-12-01T10:00:01Z
            t-1,charge,error,2026-12-01T10:00:02Z
            t-1,release,ok,2026-12-01T10:00:03Z
            t-2,charge,ok,2026-12-01T10:00:04Z
            t-3,reserve,maybe,2026-12-01T10:00:05Z
            """
        let reader = SagaHistoryReader(fields: SagaLogFields(saga: "tx", step: "action", status: "state", time: "at"))
        let reading = try reader.read(EvidenceFile(path: "orchestrator/steps.csv", contents: log))
        #expect(reading.model.map(\.id) == ["t-1", "t-2"])
        #expect(reading.model[0].steps.map(\.name) == ["reserve", "charge", "release"])
        #expect(reading.problems.map(\.description) == ["orchestrator/steps.csv:7:1: warning: unknown status 'maybe'"])
    }
}
