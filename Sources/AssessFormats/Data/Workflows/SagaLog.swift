import AssessYAML
import Foundation

/// Which fields of a hand-built orchestrator's log carry what; the rubric names them.
public struct SagaLogFields: Sendable, Hashable {
    public var saga: String
    public var step: String
    public var status: String
    public var time: String?
    public var attempt: String?

    public init(
        saga: String = "saga_id", step: String = "step", status: String = "status", time: String? = nil,
        attempt: String? = nil
    ) {
        self.saga = saga
        self.step = step
        self.status = status
        self.time = time
        self.attempt = attempt
    }
}

/// A plain saga log, JSON lines or CSV with a header: one row per step event (`saga_id, step,
/// status, time`). A row with no step sets the saga's own outcome (`status: failed`). Statuses
/// are matched loosely (`completed`, `succeeded`, `ok`; `failed`, `error`; `started`;
/// `retrying`…), since every orchestrator spells them its own way.
public enum SagaLog {
    public static func status(_ text: String) -> SagaRun.StepStatus? {
        switch text.lowercased().replacingOccurrences(of: "_", with: "").replacingOccurrences(of: "-", with: "") {
        case "completed", "complete", "succeeded", "success", "successful", "ok", "done", "compensated":
            return .completed
        case "failed", "failure", "error", "errored": return .failed
        case "started", "running", "begin", "inprogress", "executing": return .started
        case "scheduled", "pending", "requested": return .scheduled
        case "timedout", "timeout": return .timedOut
        case "canceled", "cancelled", "aborted": return .canceled
        case "retry", "retrying", "retried": return .retrying
        default: return nil
        }
    }

    static func outcome(_ status: SagaRun.StepStatus) -> SagaRun.Outcome {
        switch status {
        case .completed: return .completed
        case .failed: return .failed
        case .canceled: return .canceled
        case .timedOut: return .timedOut
        default: return .running
        }
    }

    /// Reads every saga in the log, in the order each first appears.
    public static func read(_ source: LoadTestSource, fields: SagaLogFields) -> (
        runs: [SagaRun], problems: [ReadProblem]
    ) {
        var runs: [String: SagaRun] = [:]
        var order: [String] = []
        var problems: [ReadProblem] = []
        let names = [fields.saga, fields.step, fields.status] + [fields.time, fields.attempt].compactMap { $0 }
        func add(_ values: [String: String], line: Int) {
            let location = SourceLocation(file: source.file, line: line, column: 1)
            guard let saga = values[fields.saga], let statusText = values[fields.status] else {
                problems.append(ReadProblem.warning("no '\(fields.saga)' or '\(fields.status)'", at: location))
                return
            }
            guard let status = status(statusText) else {
                problems.append(ReadProblem.warning("unknown status '\(statusText)'", at: location))
                return
            }
            if runs[saga] == nil {
                runs[saga] = SagaRun(id: saga)
                order.append(saga)
            }
            guard let step = values[fields.step], !step.isEmpty else {
                runs[saga]!.outcome = outcome(status)
                runs[saga]!.outcomeLocation = location
                return
            }
            let attempt = fields.attempt.flatMap { values[$0] }.flatMap { Int($0) } ?? 1
            let time = fields.time.flatMap { values[$0] }.flatMap(EventLog.seconds)
            runs[saga]!.steps.append(
                SagaRun.Step(
                    name: step, status: status, attempt: attempt, time: time, location: location,
                    reference: "line \(line)"
                ))
        }
        if EventLog.shape(of: source.head(4096)) == .jsonLines {
            let paths = EventLog.bytePaths(names)
            let overlong = source.forEachLine { line, number, unterminated in
                guard line.contains(where: { $0 != 0x20 && $0 != 0x09 }) else { return true }
                var values: [String: String] = [:]
                var scanner = JSONLineScanner(line)
                do throws(JSONLineScanner.SyntaxError) {
                    try EventLog.collect(&scanner, paths: paths, into: &values)
                } catch {
                    problems.append(
                        ReadProblem.warning(
                            (unterminated ? "the last line is cut short: " : "not a JSON record: ") + error.message,
                            at: SourceLocation(file: source.file, line: number, column: error.column)))
                    return true
                }
                add(values, line: number)
                return true
            }
            if let message = LoadTestSource.overlongMessage(overlong) {
                problems.append(
                    ReadProblem.warning(message, at: SourceLocation(file: source.file, line: overlong[0], column: 1)))
            }
        } else {
            var columns: [String: Int] = [:]
            source.forEachLine { line, number, _ in
                guard !line.isEmpty else { return true }
                guard let cells = CSVFields.strings(line) else {
                    problems.append(
                        ReadProblem.warning(
                            "a quoted field is not closed",
                            at: SourceLocation(file: source.file, line: number, column: 1)))
                    return true
                }
                if columns.isEmpty {
                    for (index, name) in cells.enumerated() {
                        columns[name.trimmingCharacters(in: .whitespaces)] = index
                    }
                    for name in names where columns[name] == nil {
                        problems.append(
                            ReadProblem.warning(
                                "the header has no column '\(name)'",
                                at: SourceLocation(file: source.file, line: 1, column: 1)))
                    }
                    return true
                }
                var values: [String: String] = [:]
                for name in names {
                    if let index = columns[name], index < cells.count, !cells[index].isEmpty {
                        values[name] = cells[index]
                    }
                }
                add(values, line: number)
                return true
            }
        }
        return (order.compactMap { runs[$0] }, problems)
    }
}
