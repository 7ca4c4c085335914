public import AssessYAML
import Foundation

/// One saga or workflow execution as a sequence of step outcomes, whether a workflow engine
/// recorded it (a Temporal history) or a learner's own orchestrator logged it. Which steps are
/// actions and which are compensations is the rubric's to say, so steps carry names only.
public struct SagaRun: Sendable, Hashable {
    /// What became of one attempt at a step.
    public enum StepStatus: String, Sendable, Hashable {
        case scheduled, started, completed, failed, timedOut = "timed out", canceled, retrying
    }

    /// How the whole run ended, as far as the record shows.
    public enum Outcome: String, Sendable, Hashable {
        case completed, failed, canceled, terminated, timedOut = "timed out", continuedAsNew = "continued as new"
        case running, unknown

        /// Whether the run reached an end the engine or log defines.
        public var isTerminal: Bool { self != .running && self != .unknown }
    }

    public struct Step: Sendable, Hashable {
        public var name: String
        public var status: StepStatus
        /// Attempts the step took (Temporal's `attempt`; 1 when not recorded).
        public var attempt: Int
        /// Seconds since the epoch, when recorded.
        public var time: Double?
        /// The event or line it was recorded at.
        public var location: SourceLocation
        /// The event id or line, for messages (`event 7`, `line 12`).
        public var reference: String

        public init(
            name: String, status: StepStatus, attempt: Int = 1, time: Double? = nil, location: SourceLocation,
            reference: String
        ) {
            self.name = name
            self.status = status
            self.attempt = attempt
            self.time = time
            self.location = location
            self.reference = reference
        }
    }

    public var id: String
    public var steps: [Step] = []
    public var outcome: Outcome = .unknown
    public var outcomeLocation: SourceLocation?

    public init(id: String) { self.id = id }
}
