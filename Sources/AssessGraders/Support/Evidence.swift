import AssessCore
import AssessFormats
import Foundation

/// What a reader made of an input's files, as a grader uses it: each file's model, every
/// reading problem already a finding, and the files that yielded nothing.
struct Evidence<Model: Sendable>: Sendable {
    /// The files read, in input order, each with its model.
    var read: [(file: String, model: Model)]
    /// Every problem met, as findings at their file, line and column.
    var findings: [Finding]
    /// Files that yielded no model at all.
    var unreadable: [String]
    /// Why they did, every problem kept (nil when every file was read): for a family that
    /// cannot judge part of an input, whose criteria are then an error.
    var failure: ReadFailure?

    var models: [Model] { read.map(\.model) }
}

extension Finding {
    /// A reading problem as a finding: the one place a problem's severity becomes a finding's.
    init(_ problem: ReadProblem) {
        self.init(problem.severity == .error ? .error : .warning, problem.message, at: problem.location)
    }
}

extension GradingJob {
    /// `file` as a reader sees it: its bytes only through the submission's fence and caps.
    func evidenceFile(_ file: SubmissionFile) -> EvidenceFile {
        let submission = self.submission
        let start = SourceLocation(file: file.path, line: 1, column: 1)
        return EvidenceFile(
            path: file.path, declaredFormat: format,
            bytes: { () throws(ReadFailure) -> Data in
                do throws(SubmissionError) { return try submission.read(file) } catch {
                    throw ReadFailure(.error(error.reason, at: start))
                }
            },
            blocks: { () throws(ReadFailure) -> FileBlocks in
                do throws(SubmissionError) { return try submission.open(file) } catch {
                    throw ReadFailure(.error(error.reason, at: start))
                }
            })
    }

    /// The files of one set (`EvidenceReader.group`) read by `reader` as one model, once per run:
    /// every criterion that reads the same files with the same reader and options shares the
    /// model (the cache's purpose is the reader's first format, with its variant).
    func reading<Reader: EvidenceReader>(_ reader: Reader, of files: [SubmissionFile]) throws(ReadFailure)
        -> Reading<Reader.Model>
    {
        let purpose = Reader.formats[0].id + (reader.variant.isEmpty ? "" : "[\(reader.variant)]")
        return try cache.model(purpose, of: files, in: submission) { () throws(ReadFailure) in
            try reader.read(files.map(evidenceFile))
        }
    }

    /// One file read by `reader`, once per run.
    func reading<Reader: EvidenceReader>(_ reader: Reader.Type, of file: SubmissionFile) throws(ReadFailure)
        -> Reading<Reader.Model>
    {
        try reading(Reader(), of: [file])
    }

    /// Every input file (or `files`) read by `reader`, the sets it groups read as one, each once
    /// per run; problems become findings one way, and a set that cannot be read is listed and
    /// its problems kept, while the rest are still read. `kept: false` reads without keeping
    /// the models for the run, for an assembly (`assembled`) that keeps only what it makes.
    func evidence<Reader: EvidenceReader>(_ reader: Reader, files: [SubmissionFile]? = nil, kept: Bool = true)
        -> Evidence<Reader.Model>
    {
        let files = files ?? self.files
        let byPath = Dictionary(files.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        var evidence = Evidence<Reader.Model>(read: [], findings: [], unreadable: [], failure: nil)
        for set in Reader.group(files.map(\.path)) {
            let members = set.compactMap { byPath[$0] }
            do throws(ReadFailure) {
                let reading =
                    kept ? try self.reading(reader, of: members) : try reader.read(members.map(evidenceFile))
                evidence.read.append((set[0], reading.model))
                evidence.findings += reading.problems.map(Finding.init)
            } catch {
                evidence.unreadable.append(set[0])
                evidence.findings += error.problems.map(Finding.init)
                evidence.failure = ReadFailure((evidence.failure?.problems ?? []) + error.problems)
            }
        }
        return evidence
    }

    /// Every input file (or `files`) read by a reader without options.
    func evidence<Reader: EvidenceReader>(_ reader: Reader.Type, files: [SubmissionFile]? = nil) -> Evidence<
        Reader.Model
    > {
        evidence(Reader(), files: files)
    }

    /// A value a family assembles from every file's model (a trace forest from each export's
    /// spans, the objects of an operations hand-in resolved across its files), made once per run
    /// for the files as they stand and the format the input declares, and shared by every
    /// criterion that asks; criteria asking at the same time wait for the one assembly. The
    /// files' own models are not kept beside it: `assemble` holds the only copy and may let each
    /// go as it is used, so a gigabyte export is held once.
    func assembled<Reader: EvidenceReader, Value: Sendable>(
        _ reader: Reader, as purpose: String, files: [SubmissionFile]? = nil,
        _ assemble: @escaping @Sendable (inout Evidence<Reader.Model>) throws -> Value
    ) async throws -> Value {
        let files = files ?? self.files
        let variant = [format, reader.variant].filter { !$0.isEmpty }.joined(separator: ",")
        let key = GradingRunCache.key(purpose: purpose, variant: variant, files: files, in: submission)
        let job = self
        return try await cache.value(for: key) {
            var evidence = job.evidence(reader, files: files, kept: false)
            return try assemble(&evidence)
        }
    }
}
