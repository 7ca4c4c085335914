/// A reader of one evidence format: the contract every format of `AssessFormats` offers the
/// graders. It names its format (what a rubric's `format:` says), recognises a file from its
/// first bytes and its path, and reads a file into a model with the problems it met. Readers
/// judge nothing: a p95 over a limit or a missing section is a grader's business.
///
/// Adding a format is one type conforming to this protocol and one line in
/// `FormatRegistry.builtIn`; see docs/architecture.md, "Walkthrough: add a format". The reader says how a
/// file is read; `GradingJob.evidence(_:)` on the grading side decides which files, fences
/// them, keeps each model for the run and turns problems into findings.
public protocol EvidenceReader: Sendable {
    associatedtype Model: Sendable
    /// The formats it reads: what each is called, how it is recognised and what it is. Most
    /// readers read one; the trace reader reads OTLP, Jaeger and Zipkin exports.
    static var formats: [EvidenceFormat] { get }
    init()
    /// What a reading depends on beside the file's bytes (the reader's options), so the run
    /// keeps one model per file and variant; empty for readers without options.
    var variant: String { get }
    /// The input's files as the sets read as one model, in input order: each file alone for
    /// most formats; the files one tool writes for one run (Locust's `--csv` set, a Gatling
    /// report folder) together.
    static func group(_ paths: [String]) -> [[String]]
    /// Reads one file. Problems that leave a usable model are returned beside it; a file that
    /// yields no model at all throws its one problem.
    func read(_ file: EvidenceFile) throws(ReadFailure) -> Reading<Model>
    /// Reads a set `group` formed as one model; a set of one file is that file read.
    func read(_ files: [EvidenceFile]) throws(ReadFailure) -> Reading<Model>
}

extension EvidenceReader {
    public var variant: String { "" }

    public static func group(_ paths: [String]) -> [[String]] { paths.map { [$0] } }

    public func read(_ files: [EvidenceFile]) throws(ReadFailure) -> Reading<Model> {
        precondition(files.count == 1, "\(Self.self) groups no files; override read(_: [EvidenceFile])")
        return try read(files[0])
    }
}

/// A format as rubrics name it and as Assess recognises it.
public struct EvidenceFormat: Sendable {
    /// The name an input's `format:` uses (`markdown`, `otlp`, `k6`).
    public var id: String
    /// One line for `assess rubric explain` and the docs.
    public var summary: String
    /// File name endings the format usually has (`.md`); used with the head to sniff.
    public var extensions: [String]
    /// Formats a file of this one also is (OTLP JSON is JSON); `format: json` accepts them.
    public var refines: [String]
    /// Whether the first bytes of a file (up to 4 KiB) show this format. Extensions alone
    /// decide when nil.
    public var recognizes: (@Sendable (_ head: [UInt8], _ path: String) -> Bool)?

    public init(
        id: String, summary: String, extensions: [String] = [], refines: [String] = [],
        recognizes: (@Sendable (_ head: [UInt8], _ path: String) -> Bool)? = nil
    ) {
        self.id = id
        self.summary = summary
        self.extensions = extensions
        self.refines = refines
        self.recognizes = recognizes
    }

    /// Whether a file with this head and path is in this format.
    public func matches(head: [UInt8], path: String) -> Bool {
        if let recognizes { return recognizes(head, path) }
        let lower = path.lowercased()
        return extensions.contains { lower.hasSuffix($0) }
    }
}
