import AssessYAML
import Foundation

/// What ran in a saga, from either record of it: a Temporal workflow history (CLI, tctl or web
/// UI export) or a plain saga log (JSON lines or CSV, fields named by the rubric). Each file is
/// read on its own into the sagas it records; which steps should have been undone is the
/// grader's to say.
public struct SagaHistoryReader: EvidenceReader {
    public static let formats = [
        EvidenceFormat(
            id: "temporal-history",
            summary: "A Temporal workflow history exported as JSON (CLI, tctl or web UI; either event-type spelling)",
            refines: ["json"],
            recognizes: { head, _ in TemporalHistory.recognizes(String(decoding: head, as: UTF8.self)) }),
        EvidenceFormat(
            id: "saga-log",
            summary:
                "A saga step log as JSON lines or CSV, fields named by the rubric (named by an input, not recognised)"),
    ]

    /// Problems named per file; the rest of a badly broken log adds nothing a learner can use.
    static let problemLimit = 10

    public var fields: SagaLogFields

    public init() { self.init(fields: SagaLogFields()) }

    public init(fields: SagaLogFields) { self.fields = fields }

    public var variant: String {
        "saga=\(fields.saga);step=\(fields.step);status=\(fields.status);time=\(fields.time ?? "-");attempt=\(fields.attempt ?? "-")"
    }

    /// The sagas of one file: a history (recognised from its first bytes, or any JSON document)
    /// is one workflow named after its id or its file; a log holds every saga it mentions.
    public func read(_ file: EvidenceFile) throws(ReadFailure) -> Reading<[SagaRun]> {
        let source = try LoadTestSource(file)
        let head = source.head()
        let opening = head.drop(while: \.isWhitespace)
        if TemporalHistory.recognizes(head) || opening.hasPrefix("{\n") || opening.hasPrefix("[") {
            let id = (file.path as NSString).deletingPathExtension
            // From the stream already opened, within the input's own size cap (`max_size`).
            let read = TemporalHistory.read(source.text(), file: file.path, id: id)
            return Reading([read.run].compactMap { $0 }, problems: Self.shown(read.problems))
        }
        let read = SagaLog.read(source, fields: fields)
        return Reading(read.runs, problems: Self.shown(read.problems))
    }

    /// The first problems, each a warning: a record passed over leaves the rest of the run.
    static func shown(_ problems: [ReadProblem]) -> [ReadProblem] {
        problems.prefix(problemLimit).map { .warning($0.message, at: $0.location) }
    }
}
