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
            let keySeed = analysis.keyNumbers.seed
            let replicaSeed = analysis.replicaNumbers.seed
            EventLog.read(
                source, fields: options.fields, problem: { skipped.skip($0, in: file.path) },
                prepare: { record in
                    ReplicaRecord(record, isWriteLog: isWriteLog, keySeed: keySeed, replicaSeed: replicaSeed)
                }
            ) { record in
                if record.isWrite {
                    analysis.write(
                        key: record.key, hash: record.keyHash, version: record.version, time: record.time,
                        line: record.line, file: file.path)
                } else {
                    analysis.read(
                        key: record.key, hash: record.keyHash, replica: record.replica,
                        replicaHash: record.replicaHash, version: record.version, time: record.time,
                        line: record.line, file: file.path)
                }
            }
        }
        analysis.sortReads()
        return Reading(analysis, problems: problems + skipped.problems(in: "the input"))
    }
}

/// A record as convergence takes it, made where the line is parsed: a write, or a read with
/// its replica, and the names' hashes for `NameNumbers`. Records missing a key, version or
/// time, and reads naming no replica, make none.
struct ReplicaRecord: Sendable {
    var key: String
    var keyHash: UInt64
    var replica: String
    var replicaHash: UInt64
    var version: Int64
    var time: Double
    var line: Int
    var isWrite: Bool

    init?(_ record: EventRecord, isWriteLog: Bool, keySeed: UInt64, replicaSeed: UInt64) {
        guard let key = record.key, let version = record.sequence, let time = record.time else { return nil }
        isWrite = isWriteLog || record.id.map(Self.isWriteKind) ?? false
        if isWrite {
            replica = ""
            replicaHash = 0
        } else {
            guard let replica = record.partition else { return nil }
            self.replica = replica
            replicaHash = NameNumbers.hash(replica, seed: replicaSeed)
        }
        self.key = key
        keyHash = NameNumbers.hash(key, seed: keySeed)
        self.version = version
        self.time = time
        line = record.line
    }

    /// Whether a record's kind marks a write, in any case. An ASCII kind of another length than
    /// every write kind's (`read`, the usual one) is told at once, without hashing or lowering
    /// it: lowering ASCII keeps its length. Other kinds are looked up whatever their length.
    static func isWriteKind(_ kind: String) -> Bool {
        let utf8 = kind.utf8
        if !writeKindLengths.contains(utf8.count), !utf8.contains(where: { $0 >= 0x80 }) { return false }
        return ReplicaLogReader.writeKinds.contains(kind) || ReplicaLogReader.writeKinds.contains(kind.lowercased())
    }

    /// The lengths in bytes of the write kinds.
    static let writeKindLengths = Set(ReplicaLogReader.writeKinds.map(\.utf8.count))
}
