public import AssessCore
import AssessFormats
import Foundation

/// Compensating transactions judged from what actually ran: a saga that failed part-way must
/// undo every step it had completed, newest first, within its retry budget, and end in a state
/// its engine defines; a saga that succeeded must undo nothing. Reads Temporal histories and
/// plain saga logs alike.
public struct SagaCompensationGrader: Grader {
    public struct Options: Sendable {
        /// Action → compensation, in the order the rubric lists them.
        var steps: [(action: String, compensation: String)]
        var maxRetries: Int?
        var fields: SagaLogFields
    }

    public static let description = GraderDescription(
        kind: "saga.compensation",
        summary:
            "Reads Temporal workflow histories (CLI, tctl or web UI export, either event-type spelling) or a plain saga log (JSON lines or CSV, fields mapped in the rubric) and checks that every saga that failed part-way compensated each completed step in reverse order, that retries stayed within a bound, that each saga ended in a defined state, and that successful sagas ran no compensation. Findings name the saga or workflow, the step and the event or line.",
        options: [
            OptionDescription(
                "steps", "mapping",
                "Each action step and its compensation, as activity types or log step names: { ReserveInventory: ReleaseInventory }."
            ),
            OptionDescription("max_retries", "integer", "Retries allowed per step (Temporal attempt − 1)."),
            OptionDescription(
                "fields", "mapping",
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

    public static func options(from node: YAMLNode?) throws(RubricError) -> Options {
        try OptionsReader.read(node, for: description) { reader in
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
            return Options(steps: steps, maxRetries: reader.int("max_retries"), fields: fields)
        }
    }

    public func grade(_ job: GradingJob) async throws -> Outcome {
        var findings: [Finding] = []
        var runs: [SagaRun] = []
        for file in job.files {
            let (opened, problem) = job.stream(file)
            guard let source = opened else {
                findings += [problem].compactMap { $0 }
                continue
            }
            let head = source.head()
            let problems: [WorkflowReadProblem]
            if TemporalHistory.recognizes(head) || head.drop(while: \.isWhitespace).hasPrefix("{\n")
                || head.drop(while: \.isWhitespace).hasPrefix("[")
            {
                let id = (file.path as NSString).deletingPathExtension
                let read = TemporalHistory.read(source.text(), file: file.path, id: id)
                runs += [read.run].compactMap { $0 }
                problems = read.problems
            } else {
                let read = SagaLog.read(source, fields: options.fields)
                runs += read.runs
                problems = read.problems
            }
            for problem in problems.prefix(10) {
                findings.append(Finding(.warning, problem.message, at: problem.location))
            }
        }
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

    /// The problems of one run, and whether it failed part-way.
    func judge(_ run: SagaRun) -> (problems: [Finding], failed: Bool) {
        let compensationOf = Dictionary(
            options.steps.map { ($0.action, $0.compensation) }, uniquingKeysWith: { a, _ in a })
        let actionOf = Dictionary(options.steps.map { ($0.compensation, $0.action) }, uniquingKeysWith: { a, _ in a })
        var problems: [Finding] = []
        var last: [String: SagaRun.Step] = [:]
        var firstCompleted: [(String, SagaRun.Step)] = []
        var earlierFailures: [String: Int] = [:]
        for step in run.steps {
            if let previous = last[step.name], [.failed, .timedOut, .retrying].contains(previous.status) {
                earlierFailures[step.name, default: 0] += 1
            }
            last[step.name] = step
            if step.status == .completed, !firstCompleted.contains(where: { $0.0 == step.name }) {
                firstCompleted.append((step.name, step))
            }
        }
        let completedActions = firstCompleted.filter { compensationOf[$0.0] != nil }
        let ranCompensations = firstCompleted.filter { actionOf[$0.0] != nil }
        let failedAction = options.steps.lazy.compactMap { last[$0.action] }.first {
            [.failed, .timedOut, .canceled].contains($0.status)
        }
        let failed =
            failedAction != nil
            || ([.failed, .canceled, .terminated, .timedOut].contains(run.outcome)
                && completedActions.count < options.steps.count)
        let at = run.outcomeLocation ?? run.steps.last?.location
        if failed {
            let cause = failedAction.map { " after \($0.name) \($0.status.rawValue) (\($0.reference))" } ?? ""
            var missing = false
            for (action, step) in completedActions {
                let compensation = compensationOf[action]!
                if !ranCompensations.contains(where: { $0.0 == compensation }) {
                    missing = true
                    let status = last[compensation].map { " (it \($0.status.rawValue), \($0.reference))" } ?? ""
                    problems.append(
                        .error(
                            "\(run.id): step \(action) completed (\(step.reference)) but its compensation \(compensation) never completed\(status)\(cause)",
                            at: step.location))
                }
            }
            let expected = completedActions.reversed().map { compensationOf[$0.0]! }.filter { name in
                ranCompensations.contains { $0.0 == name }
            }
            let actual = ranCompensations.map(\.0).filter { expected.contains($0) }
            if !missing || actual.count > 1, actual != expected {
                problems.append(
                    .error(
                        "\(run.id): compensations ran as \(actual.joined(separator: ", ")); reverse order of the completed steps is \(expected.joined(separator: ", "))",
                        at: ranCompensations.first?.1.location ?? at))
            }
        } else {
            for (name, step) in ranCompensations {
                problems.append(
                    .error(
                        "\(run.id): the saga did not fail, yet compensation \(name) ran (\(step.reference))",
                        at: step.location))
            }
        }
        if let bound = options.maxRetries {
            for (name, step) in last.sorted(by: { $0.key < $1.key }) {
                let retries = max(step.attempt - 1, earlierFailures[name] ?? 0)
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
        return (problems, failed)
    }
}
