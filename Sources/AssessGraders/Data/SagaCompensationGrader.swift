public import AssessCore
import AssessFormats
import Foundation

/// Compensating transactions judged from what actually ran: a saga that failed part-way — any
/// activity failing for good, listed in the rubric or not, or the workflow failing — must undo
/// exactly the steps it had completed, newest first, within its retry budget, and end in a
/// state its engine defines; a saga that succeeded must undo nothing. The forward steps come
/// from the history, so an honest saga with a step the rubric does not list is judged fairly.
/// Reads Temporal histories and plain saga logs alike.
public struct SagaCompensationGrader: Grader {
    public struct Options: Sendable {
        /// Action → compensation, in the order the rubric lists them.
        var steps: [(action: String, compensation: String)]
        /// The forward steps expected, in order, when the rubric names them.
        var forward: [String]?
        var maxRetries: Int?
        var fields: SagaLogFields
    }

    public static let description = GraderDescription(
        kind: "saga.compensation",
        summary:
            "Reads Temporal workflow histories (CLI, tctl or web UI export, either event-type spelling) or a plain saga log (JSON lines or CSV, fields mapped in the rubric) and judges each saga from what ran: the forward steps are the activities that completed, in order; a saga failed when any activity failed for good or the workflow failed; after a failure exactly the completed steps must be compensated, newest first. A missing, misnamed or out-of-order compensation, one for a step that never completed, retries beyond a bound, a saga with no defined end and compensation in a saga that did not fail are findings naming the saga, the step and the event or line; with `forward`, so is a forward step of the wrong name.",
        options: [
            OptionDescription(
                "steps", .map(.string),
                "Each action step and its compensation, as activity types or log step names: { ReserveInventory: ReleaseInventory }."
            ),
            OptionDescription(
                "forward", .list(.string),
                "The forward steps expected, in order: [ReserveInventory, AuthorizePayment, CreateShipment]. A step of another name running where one of these was due, or one skipped, is a finding; further steps may follow the last (CapturePayment). Without it any completed activity is a forward step."
            ),
            OptionDescription("max_retries", .integer, "Retries allowed per step (Temporal attempt − 1)."),
            OptionDescription(
                "fields", .map(.string),
                "For saga logs: saga (default saga_id), step (default step), status (default status), time, attempt. A row with no step sets the saga's outcome."
            ),
        ],
        examples: [
            GraderExample(
                "payment failed; the reserved stock was released",
                with: "{ steps: { ReserveInventory: ReleaseInventory, ChargePayment: RefundPayment } }",
                paths: ["sagas.csv"],
                files: [
                    "sagas.csv":
                        "saga_id,step,status\no-1,ReserveInventory,completed\no-1,ChargePayment,failed\no-1,ReleaseInventory,completed\no-1,,failed\no-2,ReserveInventory,completed\no-2,ChargePayment,completed\no-2,,completed\n"
                ], .passes),
            GraderExample(
                "payment failed and nothing was undone",
                with: "{ steps: { ReserveInventory: ReleaseInventory, ChargePayment: RefundPayment } }",
                paths: ["sagas.csv"],
                files: [
                    "sagas.csv":
                        "saga_id,step,status\no-1,ReserveInventory,completed\no-1,ChargePayment,failed\no-1,,failed\n"
                ], .fails),
        ])

    public let options: Options

    public init(options: Options) { self.options = options }

    public static func options(from reader: MappingReader) -> Options? {
        var steps: [(String, String)] = []
        if let node = reader.require("steps") {
            if let pairs = node.mapping {
                for pair in pairs {
                    guard let action = pair.key.string, let compensation = pair.value.string else {
                        reader.log.error(at: pair.key.location, "each step maps to the name of its compensation")
                        continue
                    }
                    steps.append((action, compensation))
                }
            } else {
                reader.log.error(at: node.location, "'steps' maps each action to its compensation")
            }
        }
        var fields = SagaLogFields()
        if let node = reader.node("fields"),
            let sub = MappingReader(
                node, keys: ["saga", "step", "status", "time", "attempt"], context: "'fields'", log: reader.log)
        {
            fields = SagaLogFields(
                saga: sub.string("saga") ?? "saga_id", step: sub.string("step") ?? "step",
                status: sub.string("status") ?? "status", time: sub.string("time"), attempt: sub.string("attempt"))
        }
        var forward: [String]?
        if let node = reader.node("forward") {
            if let items = node.sequence, items.allSatisfy({ $0.string != nil }), !items.isEmpty {
                forward = items.compactMap(\.string)
            } else {
                reader.log.error(at: node.location, "'forward' lists the forward steps' names in order")
            }
        }
        return Options(steps: steps, forward: forward, maxRetries: reader.int("max_retries"), fields: fields)
    }

    public func grade(_ job: GradingJob) async throws -> Outcome {
        let evidence = job.evidence(SagaHistoryReader(fields: options.fields))
        return judge(evidence.models.flatMap { $0 }, findings: evidence.findings)
    }

    /// Each saga judged on its own; the score is the share handled correctly.
    func judge(_ runs: [SagaRun], findings read: [Finding]) -> Outcome {
        var findings = read
        guard !runs.isEmpty else { return .error("no saga or workflow could be read", findings: findings) }
        var sound = 0
        var failedRuns = 0
        for run in runs {
            let (problems, failed) = judge(run)
            if failed { failedRuns += 1 }
            if problems.isEmpty { sound += 1 }
            findings += problems
        }
        let measurements = [
            MeasuredValue("sagas", Double(runs.count)),
            MeasuredValue("sagas that failed part-way", Double(failedRuns)),
            MeasuredValue("sagas handled correctly", Double(sound), limit: "== \(runs.count)"),
        ]
        return .scored(
            Double(sound) / Double(runs.count), "\(sound) of \(runs.count) sagas compensated as required",
            findings: findings, measurements: measurements)
    }

    /// The problems of one run, and whether it failed part-way. The forward steps and the
    /// failure are read from the history; the rubric's map says which compensation undoes which
    /// step, and its optional `forward` list which steps should have run.
    func judge(_ run: SagaRun) -> (problems: [Finding], failed: Bool) {
        let compensationOf = Dictionary(
            options.steps.map { ($0.action, $0.compensation) }, uniquingKeysWith: { a, _ in a })
        let actionOf = Dictionary(options.steps.map { ($0.compensation, $0.action) }, uniquingKeysWith: { a, _ in a })
        let phases = SagaPhases(run, compensations: Set(actionOf.keys))
        var problems: [Finding] = []
        var last: [String: SagaRun.Step] = [:]
        var earlierFailures: [String: Int] = [:]
        // Temporal records the attempt on the started event only; the failure after it says 1.
        var attempts: [String: Int] = [:]
        for step in run.steps {
            if let previous = last[step.name], [.failed, .timedOut, .retrying].contains(previous.status) {
                earlierFailures[step.name, default: 0] += 1
            }
            last[step.name] = step
            attempts[step.name] = max(attempts[step.name] ?? 1, step.attempt)
        }
        let at = run.outcomeLocation ?? run.steps.last?.location
        problems += forwardProblems(run, phases)
        if phases.failed {
            let cause =
                phases.failure.map { " after \($0.name) \($0.status.rawValue) (\($0.reference))" }
                ?? " (the \(run.outcome == .unknown ? "saga" : "workflow") \(run.outcome.rawValue))"
            let completed = phases.forward.filter { compensationOf[$0.name] != nil }
            let ran = phases.afterward.filter { actionOf[$0.name] != nil }
            // Steps that ran after the failure but undo nothing the rubric names: a misnamed
            // compensation, or work the rubric does not judge.
            let strays = phases.afterward.filter { actionOf[$0.name] == nil }
            var missing = false
            for step in completed.reversed() {
                let compensation = compensationOf[step.name]!
                guard !ran.contains(where: { $0.name == compensation }) else { continue }
                missing = true
                var detail = ""
                if let failedStep = phases.failedAfterward[compensation] {
                    detail = " (it \(failedStep.status.rawValue), \(failedStep.reference))"
                } else if let lastSeen = last[compensation] {
                    detail = " (it \(lastSeen.status.rawValue), \(lastSeen.reference))"
                }
                if !strays.isEmpty {
                    detail +=
                        "; ran instead: \(strays.map { "\($0.name) (\($0.reference))" }.joined(separator: ", "))"
                }
                problems.append(
                    .error(
                        "\(run.id): step \(step.name) completed (\(step.reference)) but its compensation \(compensation) never completed\(detail)\(cause)",
                        at: step.location))
            }
            for compensation in ran {
                let action = actionOf[compensation.name]!
                guard !phases.forward.contains(where: { $0.name == action }) else { continue }
                let what = last[action].map { "it \($0.status.rawValue) (\($0.reference))" } ?? "it never ran"
                problems.append(
                    .error(
                        "\(run.id): compensation \(compensation.name) ran (\(compensation.reference)) but \(action) never completed: \(what)",
                        at: compensation.location))
            }
            let expected = completed.reversed().map { compensationOf[$0.name]! }.filter { name in
                ran.contains { $0.name == name }
            }
            let actual = ran.map(\.name).filter { expected.contains($0) }
            if !missing || actual.count > 1, actual != expected {
                problems.append(
                    .error(
                        "\(run.id): compensations ran as \(actual.joined(separator: ", ")); reverse order of the completed steps is \(expected.joined(separator: ", "))",
                        at: ran.first?.location ?? at))
            }
            for step in phases.earlyCompensations {
                problems.append(
                    .error(
                        "\(run.id): compensation \(step.name) ran (\(step.reference)) before anything had failed",
                        at: step.location))
            }
        } else {
            for step in phases.earlyCompensations + phases.afterward where actionOf[step.name] != nil {
                problems.append(
                    .error(
                        "\(run.id): the saga did not fail, yet compensation \(step.name) ran (\(step.reference))",
                        at: step.location))
            }
        }
        if let bound = options.maxRetries {
            for (name, step) in last.sorted(by: { $0.key < $1.key }) {
                let retries = max((attempts[name] ?? step.attempt) - 1, earlierFailures[name] ?? 0)
                if retries > bound {
                    problems.append(
                        .error(
                            "\(run.id): step \(name) was retried \(retries) times, more than \(bound) (\(step.reference))",
                            at: step.location))
                }
            }
        }
        if !run.outcome.isTerminal {
            let open = last.values.filter { [.scheduled, .started, .retrying].contains($0.status) }
                .sorted { $0.reference < $1.reference }
            if run.outcome == .running || !open.isEmpty {
                let detail =
                    open.first.map { ": step \($0.name) was last seen \($0.status.rawValue) (\($0.reference))" } ?? ""
                problems.append(
                    .error("\(run.id): the saga never reached a defined end\(detail)", at: open.first?.location ?? at))
            }
        }
        return (problems, phases.failed)
    }

    /// The forward steps that ran, walked against the rubric's expected list: a step of another
    /// name where an expected one was due stands in for it (one finding), an expected step
    /// skipped before a later one ran is a finding, and a saga that did not fail must have run
    /// them all. Unlisted steps after the last expected one (a capture, a notification) are fine.
    func forwardProblems(_ run: SagaRun, _ phases: SagaPhases) -> [Finding] {
        guard let expected = options.forward else { return [] }
        let attempted = phases.forward + [phases.failure].compactMap { $0 }
        let order = expected.joined(separator: " → ")
        var problems: [Finding] = []
        var next = 0
        for step in attempted {
            if next < expected.count, step.name == expected[next] {
                next += 1
            } else if let index = expected.firstIndex(of: step.name) {
                if index > next {
                    let skipped = expected[next..<index].joined(separator: ", ")
                    problems.append(
                        .error(
                            "\(run.id): forward step \(skipped) never ran before \(step.name) (\(step.reference)); the expected forward steps are \(order)",
                            at: step.location))
                    next = index + 1
                } else {
                    problems.append(
                        .error(
                            "\(run.id): forward step \(step.name) ran out of order (\(step.reference)); the expected forward steps are \(order)",
                            at: step.location))
                }
            } else if next < expected.count {
                problems.append(
                    .error(
                        "\(run.id): \(step.name) ran (\(step.reference)) where forward step \(expected[next]) was expected; the expected forward steps are \(order)",
                        at: step.location))
                next += 1
            }
        }
        if !phases.failed, next < expected.count {
            problems.append(
                .error(
                    "\(run.id): the saga did not fail, yet forward step \(expected[next...].joined(separator: ", ")) never ran; the expected forward steps are \(order)",
                    at: run.outcomeLocation ?? run.steps.last?.location))
        }
        return problems
    }
}
