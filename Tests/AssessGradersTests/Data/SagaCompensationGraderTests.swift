import AssessCore
import AssessGraders
import AssessTestSupport
import Foundation
import Testing

/// A Temporal history (`temporal workflow show -o json` layout, proto3 JSON: int64 ids as
/// strings) for activities given as (type, outcome) in order, written after
/// temporal/api `history/v1/message.proto` and `enums/v1/event_type.proto`. `canonical` picks
/// the `EVENT_TYPE_…` spelling, otherwise the shorthand older exports use.
func temporalHistory(
    _ activities: [(String, String)], ending: String, canonical: Bool = true, extra: [String] = []
) -> String {
    func type(_ screaming: String) -> String {
        canonical
            ? "EVENT_TYPE_" + screaming
            : screaming.split(separator: "_").map { $0.prefix(1) + $0.dropFirst().lowercased() }.joined()
    }
    var events: [String] = []
    var id = 0
    func event(_ screaming: String, _ attributesName: String, _ attributes: String) {
        id += 1
        events.append(
            #"{"eventId":"\#(id)","eventTime":"2024-05-01T10:00:\#(String(format: "%02d", id))Z","eventType":"\#(type(screaming))","taskId":"\#(1_048_576 + id)","\#(attributesName)EventAttributes":\#(attributes)}"#
        )
    }
    event("WORKFLOW_EXECUTION_STARTED", "workflowExecutionStarted", #"{"workflowType":{"name":"OrderSaga"}}"#)
    for (name, outcome) in activities {
        event(
            "ACTIVITY_TASK_SCHEDULED", "activityTaskScheduled",
            #"{"activityId":"\#(id + 1)","activityType":{"name":"\#(name)"}}"#)
        let scheduled = id
        let attempt = outcome.hasPrefix("retried") ? Int(outcome.dropFirst("retried".count)) ?? 1 : 1
        event(
            "ACTIVITY_TASK_STARTED", "activityTaskStarted",
            #"{"scheduledEventId":"\#(scheduled)","attempt":\#(attempt)}"#)
        if outcome == "failed" {
            event(
                "ACTIVITY_TASK_FAILED", "activityTaskFailed",
                #"{"failure":{"message":"no courier"},"scheduledEventId":"\#(scheduled)","retryState":"RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED"}"#
            )
        } else {
            event("ACTIVITY_TASK_COMPLETED", "activityTaskCompleted", #"{"scheduledEventId":"\#(scheduled)"}"#)
        }
    }
    for screaming in extra { event(screaming, "unknown", "{}") }
    event("WORKFLOW_EXECUTION_\(ending)", "workflowExecution\(ending == "FAILED" ? "Failed" : "Completed")", "{}")
    return "{\n  \"events\": [\n    " + events.joined(separator: ",\n    ") + "\n  ]\n}\n"
}

@Suite struct SagaCompensationGraderTests {
    let steps =
        "{ steps: { ReserveInventory: ReleaseInventory, ChargePayment: RefundPayment, ScheduleShipment: CancelShipment }, max_retries: 5 }"

    @Test func namesTheStepThatWasNotCompensated() async throws {
        // Third step fails after two completed; only RefundPayment ran.
        let history = temporalHistory(
            [
                ("ReserveInventory", "completed"), ("ChargePayment", "completed"), ("ScheduleShipment", "failed"),
                ("RefundPayment", "completed"),
            ], ending: "FAILED")
        let r = try await gradeSingle(grader: "saga.compensation", with: steps, files: ["order-1042.json": history])
        #expect(r.status == .failed)
        let errors = r.findings.filter { $0.severity == .error }
        #expect(errors.count == 1, "\(errors)")
        let finding = try #require(errors.first)
        #expect(finding.message.contains("order-1042: step ReserveInventory completed (event 4)"))
        #expect(finding.message.contains("ReleaseInventory never completed"))
        #expect(finding.message.contains("after ScheduleShipment failed (event 10)"))
        #expect(finding.location?.file == "order-1042.json")
    }

    @Test func passesWhenEveryCompletedStepIsUndoneNewestFirstInEitherSpelling() async throws {
        let compensated = temporalHistory(
            [
                ("ReserveInventory", "completed"), ("ChargePayment", "retried3"), ("ScheduleShipment", "failed"),
                ("RefundPayment", "completed"), ("ReleaseInventory", "completed"),
            ], ending: "FAILED", canonical: false)
        let succeeded = temporalHistory(
            [("ReserveInventory", "completed"), ("ChargePayment", "completed"), ("ScheduleShipment", "completed")],
            ending: "COMPLETED")
        let r = try await gradeSingle(
            grader: "saga.compensation", with: steps, files: ["wf/a.json": compensated, "wf/b.json": succeeded])
        #expect(r.status == .passed, "\(r.findings)")
        #expect(r.measurements.first { $0.name == "sagas that failed part-way" }?.value == 1)
    }

    @Test func wrongOrderTooManyRetriesAndNeedlessCompensationArePartial() async throws {
        let log = """
            saga_id,step,status,attempt
            o-1,ReserveInventory,completed,1
            o-1,ChargePayment,completed,1
            o-1,ScheduleShipment,failed,1
            o-1,ReleaseInventory,completed,1
            o-1,RefundPayment,completed,1
            o-1,,failed,
            o-2,ReserveInventory,completed,1
            o-2,ChargePayment,completed,7
            o-2,ScheduleShipment,completed,1
            o-2,,completed,
            o-3,ReserveInventory,completed,1
            o-3,ReleaseInventory,completed,1
            o-3,ChargePayment,completed,1
            o-3,ScheduleShipment,completed,1
            o-3,,completed,
            o-4,ReserveInventory,completed,1
            o-4,ChargePayment,completed,1
            o-4,ScheduleShipment,completed,1
            o-4,,completed,

            """
        let r = try await gradeSingle(
            grader: "saga.compensation",
            with:
                "{ steps: { ReserveInventory: ReleaseInventory, ChargePayment: RefundPayment, ScheduleShipment: CancelShipment }, max_retries: 5, fields: { attempt: attempt } }",
            files: ["sagas.csv": log])
        #expect(r.status == .partial)
        #expect(r.score == 0.25)
        #expect(
            r.findings.contains { $0.message.contains("o-1: compensations ran as ReleaseInventory, RefundPayment") })
        #expect(r.findings.contains { $0.message.contains("o-2: step ChargePayment was retried 6 times") })
        #expect(
            r.findings.contains {
                $0.message.contains("o-3: the saga did not fail, yet compensation ReleaseInventory ran (line 13)")
            })
    }

    @Test func anUnknownEventTypeIsNamedAndAStuckSagaHasNoDefinedEnd() async throws {
        var history = temporalHistory([("ReserveInventory", "completed")], ending: "COMPLETED", extra: ["TELEPORTED"])
        history = history.replacingOccurrences(
            of: "EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED", with: "EVENT_TYPE_TIMER_STARTED")
        let r = try await gradeSingle(grader: "saga.compensation", with: steps, files: ["h.json": history])
        #expect(
            r.findings.contains {
                $0.severity == .warning && $0.message.contains("unknown event type 'EVENT_TYPE_TELEPORTED'")
                    && $0.location?.line == 7
            })
        #expect(r.findings.contains { $0.message.contains("never reached a defined end") })
        #expect(r.status == .failed)
    }

    @Test func malformedInputIsAnErrorWithItsPlace() async throws {
        let r = try await gradeSingle(
            grader: "saga.compensation", with: steps, files: ["h.json": "{\n  \"events\": [\n  {\"eventId\": \n"])
        #expect(r.status == .error)
        #expect(r.findings.contains { $0.location?.file == "h.json" && ($0.location?.line ?? 0) >= 3 })
    }
}

/// Real Temporal histories (Tests/AssessFormatsTests/Data/Fixtures/temporal, made by
/// `checkout_saga.py` on a Temporal dev server): the saga's own record decides what ran.
@Suite struct SagaCompensationRealHistoryTests {
    static let folder = repositoryRoot + "/Tests/AssessFormatsTests/Data/Fixtures/temporal/"
    /// The Phase 2 rubric's options.
    static let phase2 =
        "{ steps: { ReserveInventory: ReleaseInventory, AuthorizePayment: VoidPayment, CreateShipment: CancelShipment }, forward: [ReserveInventory, AuthorizePayment, CreateShipment], max_retries: 3 }"
    static let withoutForward =
        "{ steps: { ReserveInventory: ReleaseInventory, AuthorizePayment: VoidPayment, CreateShipment: CancelShipment }, max_retries: 3 }"

    static func history(_ id: String) throws -> String {
        let data = try #require(FileManager.default.contents(atPath: folder + "checkout-\(id).json"), "fixture \(id)")
        return String(decoding: data, as: UTF8.self)
    }

    /// The line of the event object with this id, where findings about it land.
    static func line(ofEvent id: Int, in text: String) -> Int? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        // The 0-based index of the eventId line is the 1-based number of the "{" above it.
        return lines.firstIndex { $0.contains("\"eventId\": \"\(id)\"") }
    }

    @Test(arguments: [phase2, withoutForward])
    func aFailureAfterTheLastListedStepIsAFailedSagaCompensatedInReverse(options: String) async throws {
        // CapturePayment, which the rubric does not list, fails on its 4th attempt; the three
        // completed steps are undone newest first and the workflow fails.
        let r = try await gradeSingle(
            grader: "saga.compensation", with: options, files: ["sagas/checkout-o-3001.json": try Self.history("o-3001")])
        #expect(r.status == .passed, "\(r.findings)")
        #expect(r.findings.filter { $0.severity == .error }.isEmpty)
        #expect(r.measurements.first { $0.name == "sagas that failed part-way" }?.value == 1)
    }

    @Test func retriesCountFromTheAttemptOnTheStartedEvent() async throws {
        // Temporal writes `attempt: 4` on CapturePayment's started event only.
        let r = try await gradeSingle(
            grader: "saga.compensation", with: Self.phase2.replacingOccurrences(of: "max_retries: 3", with: "max_retries: 2"),
            files: ["sagas/checkout-o-3001.json": try Self.history("o-3001")])
        #expect(r.status == .failed)
        #expect(
            r.findings.map(\.message) == ["sagas/checkout-o-3001: step CapturePayment was retried 3 times, more than 2 (event 25)"])
    }

    @Test func aRenamedForwardActivityIsFlaggedWhenTheRubricNamesTheForwardSteps() async throws {
        let text = try Self.history("o-3002")
        let r = try await gradeSingle(
            grader: "saga.compensation", with: Self.phase2, files: ["sagas/checkout-o-3002.json": text])
        #expect(r.status == .failed)
        let renamed = try #require(
            r.findings.first { $0.message.contains("AuthorizeCard ran (event 13) where forward step AuthorizePayment was expected") })
        #expect(renamed.location?.file == "sagas/checkout-o-3002.json")
        #expect(renamed.location?.line == Self.line(ofEvent: 13, in: text))
        // VoidPayment undid an authorization that never happened.
        #expect(
            r.findings.contains {
                $0.message.contains("compensation VoidPayment ran (event 37) but AuthorizePayment never completed: it never ran")
            })
        // Without the forward list the stray compensation alone still fails the saga.
        let plain = try await gradeSingle(
            grader: "saga.compensation", with: Self.withoutForward, files: ["sagas/checkout-o-3002.json": text])
        #expect(plain.status == .failed)
        #expect(!plain.findings.contains { $0.message.contains("where forward step") })
        #expect(plain.findings.contains { $0.message.contains("compensation VoidPayment ran (event 37)") })
    }

    @Test func aCompensationForAStepThatNeverCompletedIsFlagged() async throws {
        let text = try Self.history("o-3003")
        let r = try await gradeSingle(
            grader: "saga.compensation", with: Self.phase2, files: ["sagas/checkout-o-3003.json": text])
        #expect(r.status == .failed)
        let errors = r.findings.filter { $0.severity == .error }
        #expect(errors.count == 1, "\(errors)")
        let finding = try #require(errors.first)
        #expect(
            finding.message
                == "sagas/checkout-o-3003: compensation CancelShipment ran (event 25) but CreateShipment never completed: it failed (event 19)"
        )
        #expect(finding.location?.line == Self.line(ofEvent: 25, in: text))
    }

    @Test func thePhase2RubricPassesTheHonestHistoryAndFailsTheOthers() async throws {
        let rubric = try RubricLoader(registry: .builtIn).load(file: repositoryRoot + "/Rubrics/phase2-communication.yaml")
        for (id, expected) in [("o-3001", CriterionStatus.passed), ("o-3002", .failed), ("o-3003", .failed)] {
            let tree = try TemporaryTree(["sagas/checkout-\(id).json": try Self.history(id)])
            let report = await Engine().grade(try Submission(path: tree.path), against: rubric, reviews: Reviews())
            let saga = try #require(report.criteria.first { $0.id == "p2-saga-compensation" })
            #expect(saga.status == expected, "\(id): \(saga.findings)")
        }
    }

    @Test func aMisnamedCompensationIsNamedBesideTheOneThatNeverRan() async throws {
        let log = """
            saga_id,step,status
            o-9,ReserveInventory,completed
            o-9,AuthorizePayment,completed
            o-9,CreateShipment,completed
            o-9,CapturePayment,failed
            o-9,CancelShipping,completed
            o-9,VoidPayment,completed
            o-9,ReleaseInventory,completed
            o-9,,failed

            """
        let r = try await gradeSingle(grader: "saga.compensation", with: Self.phase2, files: ["sagas/log.csv": log])
        #expect(r.status == .failed)
        let errors = r.findings.filter { $0.severity == .error }
        #expect(errors.count == 1, "\(errors)")
        #expect(
            errors.first?.message
                == "o-9: step CreateShipment completed (line 4) but its compensation CancelShipment never completed; ran instead: CancelShipping (line 6) after CapturePayment failed (line 5)"
        )
        #expect(errors.first?.location?.line == 4)
    }
}
