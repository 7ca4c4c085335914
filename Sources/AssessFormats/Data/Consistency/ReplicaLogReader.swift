import AssessYAML
import Foundation

/// How a replication hand-in is read: which columns hold the key, version, replica, time and
/// (optionally) the record's kind, which files are write logs, and how many skipped records
/// are named.
public struct ReplicaLogOptions: Sendable, Hashable {
    /// `key`, `sequence` (the version), `partition` (the replica), `time`, and `id` (the kind
    /// of record, telling writes from reads in one log).
    public var fields: EventFields
    /// Files whose every record is a write, whatever its kind says.
    public var writeLogs: [String]
    /// Skipped records named, across all the files.
    public var examples: Int

    public init(fields: EventFields, writeLogs: [String] = [], examples: Int = 5) {
        self.fields = fields
        self.writeLogs = writeLogs
        self.examples = examples
    }
}

/// Writes and the replicas' reads of them (JSON lines or CSV, columns named by the rubric) as
/// one `ConvergenceAnalysis` per input: a write in one file and its reads in others belong
/// together, so every file is read into the same analysis.
public struct ReplicaLogReader: EvidenceReader {
    public static let formats = [
        EvidenceFormat(
            id: "replica-log",
            summary:
                "Writes and replica reads as JSON lines or CSV, columns named by the rubric (named by an input, not recognised)"
        )
    ]

    /// Kinds that mark a record as a write in a log of both (`kind: put`).
    public static let writeKinds: Set<String> = ["write", "w", "put", "set", "insert", "update", "upsert"]

    public var options: ReplicaLogOptions

    public init() { self.init(options: ReplicaLogOptions(fields: EventFields())) }

    public init(options: ReplicaLogOptions) { self.options = options }

    public var variant: String {
        "fields \(options.fields.labelled); writes \(options.writeLogs.joined(separator: "\u{0}")); examples \(options.examples)"
    }

    public static func group(_ paths: [String]) -> [[String]] { paths.isEmpty ? [] : [paths] }

    public func read(_ file: EvidenceFile) throws(ReadFailure) -> Reading<ConvergenceAnalysis> { try read([file]) }

    /// Every file into one analysis; records missing a key, version or time are passed over,
    /// malformed ones are skipped with a warning (the first `examples` of them named).
    public func read(_ files: [EvidenceFile]) throws(ReadFailure) -> Reading<ConvergenceAnalysis> {
        var analysis = ConvergenceAnalysis()
        var problems: [ReadProblem] = []
        // One limit across the files: a write and its reads are one story, told once.
        var skipped = SkippedRecords(limit: options.examples)
        let logs = Set(options.writeLogs)
        for file in files {
            let source: LoadTestSource
            do throws(ReadFailure) { source = try LoadTestSource(file) } catch {
                problems += error.problems
                continue
            }
            let isWriteLog = logs.contains(file.path)
            EventLog.read(
                source, fields: options.fields, problem: { skipped.skip($0, in: file.path) }
            ) { record in
                guard let key = record.key, let version = record.sequence, let time = record.time else { return }
                // Most logs write the kind in lower case already: no new string for each record then.
                let isWrite =
                    isWriteLog
                    || record.id.map { Self.writeKinds.contains($0) || Self.writeKinds.contains($0.lowercased()) }
                        ?? false
                if isWrite {
                    analysis.write(key: key, version: version, time: time, line: record.line, file: file.path)
                } else if let replica = record.partition {
                    analysis.read(
                        key: key, replica: replica, version: version, time: time, line: record.line, file: file.path)
                }
            }
        }
        return Reading(analysis, problems: problems + skipped.problems(in: "the input"))
    }
}
