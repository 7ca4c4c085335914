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

    /// One file read by `reader`, once per run: every criterion that reads the same file with the
    /// same reader shares the model (the cache's purpose is the reader's first format).
    func reading<Reader: EvidenceReader>(_ reader: Reader.Type, of file: SubmissionFile) throws(ReadFailure)
        -> Reading<Reader.Model>
    {
        try cache.model(Reader.formats[0].id, of: file, in: submission) { () throws(ReadFailure) in
            try Reader().read(evidenceFile(file))
        }
    }

    /// Every input file (or `files`) read by `reader`, each once per run; problems become
    /// findings one way, and a file that cannot be read is listed and its problems kept, while
    /// the rest are still read.
    func evidence<Reader: EvidenceReader>(_ reader: Reader.Type, files: [SubmissionFile]? = nil) -> Evidence<
        Reader.Model
    > {
        var evidence = Evidence<Reader.Model>(read: [], findings: [], unreadable: [])
        for file in files ?? self.files {
            do throws(ReadFailure) {
                let reading = try self.reading(reader, of: file)
                evidence.read.append((file.path, reading.model))
                evidence.findings += reading.problems.map(Finding.init)
            } catch {
                evidence.unreadable.append(file.path)
                evidence.findings += error.problems.map(Finding.init)
            }
        }
        return evidence
    }
}
