import AssessFormats
import AssessYAML
import AssessTestSupport
import Foundation
import Testing

/// The phases of real Temporal histories (Data/Fixtures/temporal, made by `checkout_saga.py`).
@Suite struct SagaPhasesTests {
    static let compensations: Set<String> = ["CancelShipment", "VoidPayment", "ReleaseInventory"]

    static func run(_ id: String) throws -> SagaRun {
        let path = repositoryRoot + "/Tests/AssessFormatsTests/Data/Fixtures/temporal/checkout-\(id).json"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let read = TemporalHistory.read(text, file: "checkout-\(id).json", id: "checkout-\(id)")
        #expect(read.problems.isEmpty, "\(read.problems)")
        return try #require(read.run)
    }

    @Test func aFailureInAStepTheRubricDoesNotListEndsTheForwardPhase() throws {
        let run = try Self.run("o-3001")
        #expect(run.outcome == .failed)
        let phases = SagaPhases(run, compensations: Self.compensations)
        #expect(phases.failed)
        #expect(phases.forward.map(\.name) == ["ReserveInventory", "AuthorizePayment", "CreateShipment"])
        #expect(phases.forward.map(\.reference) == ["event 7", "event 13", "event 19"])
        #expect(phases.failure?.name == "CapturePayment")
        #expect(phases.failure?.reference == "event 25")
        #expect(phases.afterward.map(\.name) == ["CancelShipment", "VoidPayment", "ReleaseInventory"])
        #expect(phases.earlyCompensations.isEmpty && phases.failedAfterward.isEmpty)
        // Temporal puts the attempt on the started event: CapturePayment's fourth.
        #expect(run.steps.first { $0.name == "CapturePayment" && $0.status == .started }?.attempt == 4)
    }

    @Test func aStepThatFailedForGoodIsNotAForwardStep() throws {
        let phases = SagaPhases(try Self.run("o-3003"), compensations: Self.compensations)
        #expect(phases.forward.map(\.name) == ["ReserveInventory", "AuthorizePayment"])
        #expect(phases.failure?.name == "CreateShipment")
        #expect(phases.afterward.first?.name == "CancelShipment")
    }

    @Test func aFailedRunWithoutAFailedStepEndsItsForwardPhaseAtTheFirstCompensation() {
        var run = SagaRun(id: "o-1")
        let at = AssessYAML.SourceLocation(file: "log.csv", line: 1, column: 1)
        for (name, line) in [("ReserveInventory", 2), ("VoidPayment", 3), ("ReleaseInventory", 4)] {
            run.steps.append(SagaRun.Step(name: name, status: .completed, location: at, reference: "line \(line)"))
        }
        run.outcome = .failed
        let phases = SagaPhases(run, compensations: Self.compensations)
        #expect(phases.failed && phases.failure == nil)
        #expect(phases.forward.map(\.name) == ["ReserveInventory"])
        #expect(phases.afterward.map(\.name) == ["VoidPayment", "ReleaseInventory"])
        // The same steps in a run that succeeded: compensations with nothing failed.
        run.outcome = .completed
        let succeeded = SagaPhases(run, compensations: Self.compensations)
        #expect(!succeeded.failed)
        #expect(succeeded.earlyCompensations.map(\.name) == ["VoidPayment", "ReleaseInventory"])
    }
}
