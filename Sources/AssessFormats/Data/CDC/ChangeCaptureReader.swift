import AssessYAML
import Foundation

/// How a change-capture hand-in is read: which row columns matter, which of its files are the
/// application's write log rather than change streams, and how many skipped records are named.
public struct ChangeCaptureOptions: Sendable, Hashable {
    public var fields: ChangeFields
    /// The input's files that are the application's write log (JSON lines or CSV); every other
    /// file is a change stream. Empty when the rubric gives no write log.
    public var writeLogs: [String]
    /// Records skipped (per stream) and lost changes named with their lines.
    public var examples: Int

    public init(fields: ChangeFields = ChangeFields(), writeLogs: [String] = [], examples: Int = 5) {
        self.fields = fields
        self.writeLogs = writeLogs
        self.examples = examples
    }
}

/// What a connector delivered, folded as it streams past (a million events are never held):
/// the delivery analysis of every change stream of the input, and, given the application's
/// write log, the writes the streams never delivered.
public struct ChangeCapture: Sendable {
    public var analysis: ChangeStreamAnalysis
    /// The file of each of `analysis.examples`, in the same order.
    public var exampleFiles: [String] = []
    /// Change streams that yielded at least one event.
    public var streams = 0
    /// The write log checked against the streams; nil when the input has none.
    public var writeLog: ChangeWriteLog?

    public init(analysis: ChangeStreamAnalysis, exampleFiles: [String] = [], streams: Int = 0) {
        self.analysis = analysis
        self.exampleFiles = exampleFiles
        self.streams = streams
    }
}

/// The application's write log set against what was delivered.
public struct ChangeWriteLog: Sendable {
    /// A write no stream delivered.
    public struct Lost: Sendable, Hashable {
        public var key: String
        public var version: String
        public var file: String
        public var line: Int

        public init(key: String, version: String, file: String, line: Int) {
            self.key = key
            self.version = version
            self.file = file
            self.line = line
        }
    }

    /// Writes read (with a key and a version).
    public var writes = 0
    /// Writes never delivered.
    public var lost = 0
    /// The first lost writes, as many as the options' `examples`.
    public var examples: [Lost] = []
    /// Write records skipped, and logs that could not be opened, in file order.
    public var problems: [ReadProblem] = []

    public init() {}
}

/// Debezium change streams, and the write log beside them, as one model per input: the files of
/// an input are one stream (a change delivered in two dumps is delivered twice), so they are
/// read as one set. Formats never judge: duplicates and reordering are counted here, their
/// weight is the grader's.
public struct ChangeCaptureReader: EvidenceReader {
    public static let formats = [
        EvidenceFormat(
            id: "debezium",
            summary:
                "Debezium change events: JSON lines (with or without the schema/payload wrapper), kcat -J, console-consumer key<TAB>value, or pretty-printed events",
            refines: ["json"], recognizes: { head, _ in recognizes(head) })
    ]

    /// A Debezium envelope shows its operation and its source block (or, flattened by
    /// `ExtractNewRecordState`, its `__op` column) within the first record.
    static func recognizes(_ head: [UInt8]) -> Bool {
        let text = String(decoding: head, as: UTF8.self)
        return (text.contains("\"op\"") && (text.contains("\"source\"") || text.contains("\"payload\"")))
            || text.contains("\"__op\"")
    }

    public var options: ChangeCaptureOptions

    public init() { self.init(options: ChangeCaptureOptions()) }

    public init(options: ChangeCaptureOptions) { self.options = options }

    public var variant: String {
        "key \(options.fields.key ?? "-"); version \(options.fields.version ?? "-"); writes \(options.writeLogs.joined(separator: "\u{0}")); examples \(options.examples)"
    }

    /// Every file of the input together: one delivery, however many dumps it came in.
    public static func group(_ paths: [String]) -> [[String]] { paths.isEmpty ? [] : [paths] }

    public func read(_ file: EvidenceFile) throws(ReadFailure) -> Reading<ChangeCapture> { try read([file]) }

    /// The streams in input order, then the write log; a set in which no stream yields an event
    /// throws every problem met.
    public func read(_ files: [EvidenceFile]) throws(ReadFailure) -> Reading<ChangeCapture> {
        let logs = Set(options.writeLogs)
        var capture = ChangeCapture(analysis: ChangeStreamAnalysis(exampleLimit: options.examples))
        var problems: [ReadProblem] = []
        for file in files where !logs.contains(file.path) {
            let source: LoadTestSource
            do throws(ReadFailure) { source = try LoadTestSource(file) } catch {
                problems += error.problems
                continue
            }
            let before = capture.analysis.events
            let shownBefore = capture.analysis.examples.count
            var skipped = SkippedRecords(limit: options.examples)
            DebeziumReader.read(source, fields: options.fields, problem: { skipped.skip($0, in: file.path) }) {
                capture.analysis.add($0)
            }
            problems += skipped.problems(in: file.path)
            capture.exampleFiles += Array(
                repeating: file.path, count: capture.analysis.examples.count - shownBefore)
            if capture.analysis.events > before {
                capture.streams += 1
            } else {
                problems.append(.error("no change event could be read from \(file.path)", at: file.start))
            }
        }
        guard capture.streams > 0 else {
            throw ReadFailure(problems.isEmpty ? [.error("no change stream among the files", at: nil)] : problems)
        }
        if !logs.isEmpty {
            capture.writeLog = writeLog(files.filter { logs.contains($0.path) }, delivered: capture.analysis.delivered)
        }
        return Reading(capture, problems: problems)
    }

    /// The write log set against the delivered changes, a write's version compared as the
    /// stream writes it (a version of `7.0` is the stream's `7`).
    func writeLog(_ files: [EvidenceFile], delivered: DeliveredChanges) -> ChangeWriteLog {
        var log = ChangeWriteLog()
        let fields = EventFields(key: options.fields.key, id: options.fields.version)
        for file in files {
            let source: LoadTestSource
            do throws(ReadFailure) { source = try LoadTestSource(file) } catch {
                log.problems += error.problems
                continue
            }
            var skipped = SkippedRecords(limit: options.examples, noun: "write")
            defer { log.problems += skipped.problems(in: file.path) }
            // Each write's fingerprint is made where its line is parsed, on both cores; only
            // the lookup is left for the thread that counts them in order.
            let seed = delivered.seed
            EventLog.read(
                source, fields: fields, problem: { skipped.skip($0, in: file.path) },
                prepare: { write -> (String, String, Int, DeliveredChanges.Fingerprint)? in
                    guard let key = write.key, let version = write.id else { return nil }
                    // Normalised as the stream's versions are, so `7.0` in the log is the stream's `7`.
                    let normalized = EnvelopeWalker.normalized(version)
                    let fingerprint = DeliveredChanges.fingerprint(key: key, version: normalized, seed: seed)
                    return (key, version, write.line, fingerprint)
                }
            ) { key, version, line, fingerprint in
                log.writes += 1
                if !delivered.contains(fingerprint) {
                    log.lost += 1
                    if log.examples.count < options.examples {
                        log.examples.append(.init(key: key, version: version, file: file.path, line: line))
                    }
                }
            }
        }
        return log
    }
}
