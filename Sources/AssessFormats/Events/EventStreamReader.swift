import AssessYAML
import Foundation

/// How a consumer or producer log is read: which fields hold what, and how many skipped
/// records and violations are named.
public struct EventStreamOptions: Sendable, Hashable {
    public var fields: EventFields
    public var examples: Int

    public init(fields: EventFields, examples: Int = 5) {
        self.fields = fields
        self.examples = examples
    }
}

/// A consumer's or producer's event log (JSON lines or CSV, fields named by the rubric), one
/// analysis per file: each log is its own stream, with its own order and rate.
public struct EventStreamReader: EvidenceReader {
    public static let formats = [
        EvidenceFormat(
            id: "event-log",
            summary:
                "A consumer or producer log as JSON lines or CSV, fields named by the rubric (named by an input, not recognised)"
        )
    ]

    public var options: EventStreamOptions

    public init() { self.init(options: EventStreamOptions(fields: EventFields())) }

    public init(options: EventStreamOptions) { self.options = options }

    public var variant: String { "fields \(options.fields.labelled); examples \(options.examples)" }

    /// The log's analysis, finished, with the first skipped records named; a log with no event
    /// at all throws them with the error that says so.
    public func read(_ file: EvidenceFile) throws(ReadFailure) -> Reading<EventStreamAnalysis> {
        let source = try LoadTestSource(file)
        var analysis = EventStreamAnalysis(exampleLimit: options.examples)
        var skipped = SkippedRecords(limit: options.examples)
        EventLog.read(source, fields: options.fields, problem: { skipped.skip($0, in: file.path) }) {
            analysis.add($0)
        }
        analysis.finish()
        let problems = skipped.problems(in: file.path)
        guard analysis.events > 0 else {
            throw ReadFailure(problems + [.error("no event could be read from \(file.path)", at: file.start)])
        }
        return Reading(analysis, problems: problems)
    }
}
