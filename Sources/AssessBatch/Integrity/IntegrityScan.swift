public import AssessCore
import Crypto
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Reads a cohort for `CohortIntegrity`: each submission's Markdown inputs as documents and its
/// other inputs as evidence (content digest, trace ids), through the same confinement as
/// grading; the rubric's `init` skeleton and any starter folders as the template.
public struct IntegrityScan: Sendable {
    public var rubric: Rubric
    public var cohort: String
    /// Folders of starter files the course hands out: their passages and files are not copying.
    public var starters: [String]
    public var unpacker: ArchiveUnpacker
    /// How lab outputs are read for ids.
    public var marks = EvidenceMarks()

    public init(rubric: Rubric, cohort: String, starters: [String] = [], unpacker: ArchiveUnpacker = ArchiveUnpacker())
    {
        self.rubric = rubric
        self.cohort = cohort
        self.starters = starters
        self.unpacker = unpacker
    }

    public func run(_ integrity: CohortIntegrity = CohortIntegrity()) throws -> IntegrityReport {
        var documents: [CohortIntegrity.Document] = []
        var evidence: [CohortIntegrity.EvidenceFile] = []
        let scratch = NSTemporaryDirectory() + "assess-integrity-\(ProcessInfo.processInfo.processIdentifier)"
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        for entry in try BatchRunner.entries(in: cohort) {
            var root = cohort + "/" + entry.source
            if entry.isArchive {
                root = scratch + "/" + entry.id
                guard (try? unpacker.unpack(cohort + "/" + entry.source, into: root)) != nil else { continue }
            }
            guard let submission = try? Submission(path: root) else { continue }
            let (docs, files) = read(submission, id: entry.id)
            documents += docs
            evidence += files
            Self.releaseFreePages()
        }
        let skeleton = RubricGuide.scaffold(rubric)
        var template = skeleton.filter { $0.key.lowercased().hasSuffix(".md") }.map(\.value)
        // The skeleton's lab files (an empty results template) are the course's, not a copy.
        var templateDigests = Set(
            skeleton.values.map { SHA256.hash(data: Data($0.utf8)).hexString })
        for starter in starters {
            guard let submission = try? Submission(path: starter) else { continue }
            let (docs, files) = read(submission, id: "starter", everyFile: true)
            template += docs.map(\.text)
            templateDigests.formUnion(files.map(\.sha256))
        }
        return integrity.analyse(
            documents: documents, evidence: evidence, template: template, templateDigests: templateDigests)
    }

    /// The submission's Markdown inputs and its other inputs' files (`everyFile`: every file
    /// the rubric's inputs or a `.md` glob find, for starter folders).
    func read(_ submission: Submission, id: String, everyFile: Bool = false)
        -> ([CohortIntegrity.Document], [CohortIntegrity.EvidenceFile])
    {
        var documents: [CohortIntegrity.Document] = []
        var evidence: [CohortIntegrity.EvidenceFile] = []
        var seen = Set<String>()
        var inputs = rubric.inputs
        if everyFile {
            inputs.append(
                InputSpec(
                    name: "starter", paths: ["**/*.md"], format: "markdown", required: false, many: true,
                    location: SourceLocation(file: "", line: 1, column: 1)))
        }
        for input in inputs {
            var spec = input
            spec.many = true
            for file in submission.resolve(spec).files where seen.insert(file.path).inserted {
                let isDocument = spec.format == "markdown" || file.path.lowercased().hasSuffix(".md")
                if isDocument {
                    guard let data = try? submission.read(file) else { continue }
                    documents.append(
                        .init(submission: id, file: file.path, text: String(decoding: data, as: UTF8.self)))
                    // A document handed in byte for byte as another's is shared evidence too: held
                    // by many submissions, its passages fall under the common-phrasing cutoff.
                    if data.count >= 64 {
                        evidence.append(
                            .init(submission: id, file: file.path, sha256: EvidenceMarks.sha256([UInt8](data))))
                    }
                    continue
                }
                // Lab output: its digest, and the ids its format holds (large files streamed).
                guard file.size >= 64, let blocks = try? submission.open(file) else { continue }
                let (digest, ids) = marks.read(blocks, file: file.path)
                evidence.append(.init(submission: id, file: file.path, sha256: digest, marks: ids))
            }
        }
        return (documents, evidence)
    }

    /// Large files are read through block buffers of megabytes; between them the ids kept for
    /// the index pin the heap, and glibc keeps a block per file resident (60 submissions with a
    /// 2 MB k6 log each held 183 MB) unless asked to give the free pages back. `malloc_trim` is
    /// not in the Glibc module, so it is looked up by name; elsewhere this does nothing.
    static func releaseFreePages() {
        #if canImport(Glibc)
            guard let symbol = dlsym(nil, "malloc_trim") else { return }
            typealias Trim = @convention(c) (Int) -> Int32
            _ = unsafeBitCast(symbol, to: Trim.self)(0)
        #endif
    }
}
