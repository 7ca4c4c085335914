import AssessYAML
import Foundation

/// A Temporal workflow history as `temporal workflow show -o json`, `tctl workflow show` and the
/// web UI's "Download event history" write it (`{"events": […]}`), or as the API returns it
/// (`{"history": {"events": […]}}`, possibly newest first). Event types come in two spellings
/// (`EVENT_TYPE_ACTIVITY_TASK_FAILED` and `ActivityTaskFailed`); both are read. Activities
/// become saga steps named by their activity type.
public enum TemporalHistory {
    /// Whether `text` looks like a Temporal history.
    public static func recognizes(_ text: String) -> Bool {
        let head = text.prefix(8192)
        return head.contains("\"eventType\"") && head.contains("\"events\"")
    }

    /// Every event type of `temporal/api/enums/v1/event_type.proto`, normalised (no prefix, no
    /// underscores, lower case), so an unknown type is reported rather than misread.
    static let knownTypes: Set<String> = Set(
        [
            "WORKFLOW_EXECUTION_STARTED", "WORKFLOW_EXECUTION_COMPLETED", "WORKFLOW_EXECUTION_FAILED",
            "WORKFLOW_EXECUTION_TIMED_OUT", "WORKFLOW_TASK_SCHEDULED", "WORKFLOW_TASK_STARTED",
            "WORKFLOW_TASK_COMPLETED", "WORKFLOW_TASK_TIMED_OUT", "WORKFLOW_TASK_FAILED", "ACTIVITY_TASK_SCHEDULED",
            "ACTIVITY_TASK_STARTED", "ACTIVITY_TASK_COMPLETED", "ACTIVITY_TASK_FAILED", "ACTIVITY_TASK_TIMED_OUT",
            "ACTIVITY_TASK_CANCEL_REQUESTED", "ACTIVITY_TASK_CANCELED", "TIMER_STARTED", "TIMER_FIRED",
            "TIMER_CANCELED", "WORKFLOW_EXECUTION_CANCEL_REQUESTED", "WORKFLOW_EXECUTION_CANCELED",
            "REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED", "REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_FAILED",
            "EXTERNAL_WORKFLOW_EXECUTION_CANCEL_REQUESTED", "MARKER_RECORDED", "WORKFLOW_EXECUTION_SIGNALED",
            "WORKFLOW_EXECUTION_TERMINATED", "WORKFLOW_EXECUTION_CONTINUED_AS_NEW",
            "START_CHILD_WORKFLOW_EXECUTION_INITIATED", "START_CHILD_WORKFLOW_EXECUTION_FAILED",
            "CHILD_WORKFLOW_EXECUTION_STARTED", "CHILD_WORKFLOW_EXECUTION_COMPLETED", "CHILD_WORKFLOW_EXECUTION_FAILED",
            "CHILD_WORKFLOW_EXECUTION_CANCELED", "CHILD_WORKFLOW_EXECUTION_TIMED_OUT",
            "CHILD_WORKFLOW_EXECUTION_TERMINATED", "SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED",
            "SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_FAILED", "EXTERNAL_WORKFLOW_EXECUTION_SIGNALED",
            "UPSERT_WORKFLOW_SEARCH_ATTRIBUTES", "WORKFLOW_EXECUTION_UPDATE_ACCEPTED",
            "WORKFLOW_EXECUTION_UPDATE_REJECTED", "WORKFLOW_EXECUTION_UPDATE_COMPLETED",
            "WORKFLOW_PROPERTIES_MODIFIED_EXTERNALLY", "ACTIVITY_PROPERTIES_MODIFIED_EXTERNALLY",
            "WORKFLOW_PROPERTIES_MODIFIED", "WORKFLOW_EXECUTION_UPDATE_REQUESTED", "WORKFLOW_EXECUTION_UPDATE_ADMITTED",
            "NEXUS_OPERATION_SCHEDULED", "NEXUS_OPERATION_STARTED", "NEXUS_OPERATION_COMPLETED",
            "NEXUS_OPERATION_FAILED", "NEXUS_OPERATION_CANCELED", "NEXUS_OPERATION_TIMED_OUT",
            "NEXUS_OPERATION_CANCEL_REQUESTED", "WORKFLOW_EXECUTION_OPTIONS_UPDATED",
            "NEXUS_OPERATION_CANCEL_REQUEST_COMPLETED", "NEXUS_OPERATION_CANCEL_REQUEST_FAILED",
            "WORKFLOW_EXECUTION_PAUSED", "WORKFLOW_EXECUTION_UNPAUSED",
        ].map(normalized))

    /// `EVENT_TYPE_ACTIVITY_TASK_FAILED` and `ActivityTaskFailed` both become `activitytaskfailed`.
    public static func normalized(_ type: String) -> String {
        var text = type
        if text.hasPrefix("EVENT_TYPE_") { text.removeFirst("EVENT_TYPE_".count) }
        return text.replacingOccurrences(of: "_", with: "").lowercased()
    }

    /// Reads one history into a run named `id` (the workflow id, or the file when the history
    /// does not carry one); unknown event types and unreadable events go to `problems`.
    public static func read(_ text: String, file: String, id: String) -> (
        run: SagaRun?, problems: [ReadProblem]
    ) {
        let root: YAMLNode
        do throws(DiagnosticError) {
            root = try JSONReader().parse(text, file: file)
        } catch {
            let first = error.diagnostics.first
            return (
                nil,
                [
                    ReadProblem.warning(
                        "not JSON: \(first?.message ?? "unreadable")",
                        at: first?.location ?? SourceLocation(file: file, line: 1, column: 1))
                ]
            )
        }
        guard let events = (root["events"] ?? root["history"]?["events"])?.sequence else {
            return (nil, [ReadProblem.warning("no 'events' list: not a Temporal history", at: root.location)])
        }
        var problems: [ReadProblem] = []
        var run = SagaRun(id: id)
        // Newest-first API pages are put back in order.
        let ordered = events.sorted {
            (Int64($0["eventId"]?.string ?? "") ?? 0) < (Int64($1["eventId"]?.string ?? "") ?? 0)
        }
        var scheduled: [String: String] = [:]
        for event in ordered {
            guard let type = event["eventType"]?.string, let eventID = event["eventId"]?.string else {
                problems.append(ReadProblem.warning("an event without eventType or eventId", at: event.location))
                continue
            }
            let kind = normalized(type)
            guard knownTypes.contains(kind) else {
                problems.append(
                    ReadProblem.warning("unknown event type '\(type)' (event \(eventID))", at: event.location))
                continue
            }
            let time = event["eventTime"]?.string.flatMap(Timestamps.rfc3339)
            let attributes = event.mapping?.first { $0.key.string?.hasSuffix("EventAttributes") == true }?.value
            func step(_ name: String, _ status: SagaRun.StepStatus, attempt: Int = 1) {
                run.steps.append(
                    SagaRun.Step(
                        name: name, status: status, attempt: attempt, time: time, location: event.location,
                        reference: "event \(eventID)"))
            }
            switch kind {
            case "activitytaskscheduled":
                let name = attributes?["activityType"]?["name"]?.string ?? "activity \(eventID)"
                scheduled[eventID] = name
                step(name, .scheduled)
            case "activitytaskstarted", "activitytaskcompleted", "activitytaskfailed", "activitytasktimedout",
                "activitytaskcanceled":
                guard let scheduledID = attributes?["scheduledEventId"]?.string, let name = scheduled[scheduledID]
                else {
                    problems.append(
                        ReadProblem.warning(
                            "\(type) (event \(eventID)) names no activity scheduled earlier", at: event.location))
                    continue
                }
                let status: SagaRun.StepStatus =
                    switch kind {
                    case "activitytaskstarted": .started
                    case "activitytaskcompleted": .completed
                    case "activitytaskfailed": .failed
                    case "activitytasktimedout": .timedOut
                    default: .canceled
                    }
                let attempt = attributes?["attempt"]?.int ?? attributes?["attempt"]?.string.flatMap(Int.init) ?? 1
                step(name, status, attempt: attempt)
            case "workflowexecutioncompleted", "workflowexecutionfailed", "workflowexecutioncanceled",
                "workflowexecutionterminated", "workflowexecutiontimedout", "workflowexecutioncontinuedasnew":
                run.outcome =
                    switch kind {
                    case "workflowexecutioncompleted": .completed
                    case "workflowexecutionfailed": .failed
                    case "workflowexecutioncanceled": .canceled
                    case "workflowexecutionterminated": .terminated
                    case "workflowexecutiontimedout": .timedOut
                    default: .continuedAsNew
                    }
                run.outcomeLocation = event.location
            default:
                if run.outcome == .unknown { run.outcome = .running }
            }
        }
        return (run, problems)
    }
}
