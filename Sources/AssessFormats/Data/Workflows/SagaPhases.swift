/// A saga run split as its history tells it: the forward steps that completed, in order; the
/// failure that ended the forward phase, if any; and what ran after it. Which names are
/// compensations is the rubric's to say, so they are passed in; everything else is read from
/// the record, not from the rubric's list of steps — an activity the rubric does not name can
/// still be the one that failed the saga.
public struct SagaPhases: Sendable, Hashable {
    /// Forward steps that completed before the failure, in the order they first completed
    /// (compensation names excluded).
    public var forward: [SagaRun.Step]
    /// The first step that failed for good (failed, timed out or was canceled, with no later
    /// attempt of the same name), which ends the forward phase.
    public var failure: SagaRun.Step?
    /// Steps that completed after the forward phase ended, in the order they first completed:
    /// the compensations, rightly or wrongly named.
    public var afterward: [SagaRun.Step]
    /// Steps after the forward phase whose last record is a failure (a compensation that
    /// never succeeded), by name.
    public var failedAfterward: [String: SagaRun.Step]
    /// Compensations that completed while nothing had failed yet.
    public var earlyCompensations: [SagaRun.Step]
    /// Whether the saga failed: a step failed for good, or the run itself ended failed,
    /// canceled, terminated or timed out.
    public var failed: Bool

    static let failures: Set<SagaRun.StepStatus> = [.failed, .timedOut, .canceled]

    public init(_ run: SagaRun, compensations: Set<String>) {
        let steps = run.steps
        var lastIndex: [String: Int] = [:]
        for (index, step) in steps.enumerated() { lastIndex[step.name] = index }
        let failureIndex = steps.indices.first { index in
            Self.failures.contains(steps[index].status) && lastIndex[steps[index].name] == index
        }
        let runFailed = [.failed, .canceled, .terminated, .timedOut].contains(run.outcome)
        // Without a failed step, a failed run's forward phase ends where the first named
        // compensation completes.
        let split =
            failureIndex
            ?? (runFailed
                ? steps.indices.first { steps[$0].status == .completed && compensations.contains(steps[$0].name) }
                : nil)
            ?? steps.count
        failure = failureIndex.map { steps[$0] }
        failed = failureIndex != nil || runFailed
        var seen: Set<String> = []
        forward = []
        earlyCompensations = []
        for step in steps[..<split] where step.status == .completed && seen.insert(step.name).inserted {
            if compensations.contains(step.name) {
                earlyCompensations.append(step)
            } else {
                forward.append(step)
            }
        }
        afterward = []
        failedAfterward = [:]
        var after: Set<String> = []
        for (offset, step) in steps[split...].enumerated() where offset > 0 || failureIndex == nil {
            if step.status == .completed, after.insert(step.name).inserted { afterward.append(step) }
            if Self.failures.contains(step.status), lastIndex[step.name] == split + offset {
                failedAfterward[step.name] = step
            }
        }
    }
}
