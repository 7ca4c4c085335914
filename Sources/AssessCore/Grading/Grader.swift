public import AssessYAML

/// A judge of one criterion. One small type per kind, in one file, with its options, its
/// description (with a passing and a failing example) and its `grade`.
///
/// Options are decoded when the rubric loads, so a mistake in them is a rubric error with a
/// line and column, never a failure half-way through grading a cohort.
public protocol Grader: Sendable {
    associatedtype Options: Sendable
    static var description: GraderDescription { get }
    init(options: Options)
    /// Reads the criterion's `with:` block. The reader has already refused keys the grader does
    /// not declare (with a did-you-mean); a problem is logged on `reader.log` at its line and
    /// column, and nil returned. With no `with:`, the reader holds an empty mapping located at
    /// the criterion, so graders whose options all have defaults need none.
    static func options(from reader: MappingReader) -> Options?
    /// Reads the `with:` block with the files beside the rubric its `rubricFile` options name,
    /// already read by the loader. Only graders with such options (or none at all: plugins)
    /// implement it; the rest get `options(from: MappingReader)` through `OptionsReader`.
    static func options(from node: YAMLNode?, files: RubricFiles) throws(RubricError) -> Options
    func grade(_ job: GradingJob) async throws -> Outcome
}

/// A file beside the rubric that an option names, as the loader read it.
public struct RubricFile: Sendable, Hashable {
    /// The path as resolved from the rubric's folder.
    public var path: String
    public var text: String

    public init(path: String, text: String) {
        self.path = path
        self.text = text
    }
}

/// The rubric files a criterion's options name, by option key.
public struct RubricFiles: Sendable, Hashable {
    private var files: [String: RubricFile] = [:]

    public init() {}

    public subscript(option: String) -> RubricFile? {
        get { files[option] }
        set { files[option] = newValue }
    }
}

extension Grader {
    /// The kind this grader is registered under (`file.exists`).
    public static var kind: String { description.kind }

    public static func options(from node: YAMLNode?, files: RubricFiles) throws(RubricError) -> Options {
        try OptionsReader.read(node, for: description) { options(from: $0) }
    }

    /// Decodes a `with:` block on its own (no rubric files), as tests and tools do.
    public static func options(from node: YAMLNode?) throws(RubricError) -> Options {
        try options(from: node, files: RubricFiles())
    }

    /// Decodes options and makes the configured grader.
    static func configured(from node: YAMLNode?, files: RubricFiles = RubricFiles()) throws(RubricError) -> any Grader {
        Self(options: try options(from: node, files: files))
    }
}

/// What a grader is, for `assess graders`, the docs and the example tests.
public struct GraderDescription: Sendable {
    public var kind: String
    public var summary: String
    /// Whether the criterion must name an `input:` (a manual review reads none).
    public var needsInput: Bool
    public var options: [OptionDescription]
    public var examples: [GraderExample]

    public init(
        kind: String, summary: String, needsInput: Bool = true, options: [OptionDescription],
        examples: [GraderExample]
    ) {
        self.kind = kind
        self.summary = summary
        self.needsInput = needsInput
        self.options = options
        self.examples = examples
    }

    public var optionNames: [String] { options.map(\.name) }
}

/// One option a grader accepts.
public struct OptionDescription: Sendable, Hashable {
    public var name: String
    /// What the value is; the docs' type column and the JSON Schema of `with:` come from it.
    public var type: OptionType
    /// The default, as written in YAML; nil when the option is required.
    public var defaultValue: String?
    public var summary: String

    public init(_ name: String, _ type: OptionType, default defaultValue: String? = nil, _ summary: String) {
        self.name = name
        self.type = type
        self.defaultValue = defaultValue
        self.summary = summary
    }
}

/// A worked example: a `with:` block, the files of a submission, and whether it passes.
/// Every example is run by a test and printed by `assess graders --markdown`.
public struct GraderExample: Sendable, Hashable {
    public enum Expectation: String, Sendable, Hashable {
        case passes, fails
    }

    public var title: String
    /// The criterion's `with:` block as YAML (empty for none).
    public var with: String
    /// Input globs for the example's input (ignored for graders that need none).
    public var paths: [String]
    /// Files of the example submission: relative path → content.
    public var files: [String: String]
    /// A reviews file for manual grading, as YAML keyed by criterion id (`example`).
    public var reviews: String?
    public var expectation: Expectation

    public init(
        _ title: String, with: String, paths: [String] = [], files: [String: String] = [:],
        reviews: String? = nil, _ expectation: Expectation
    ) {
        self.title = title
        self.with = with
        self.paths = paths
        self.files = files
        self.reviews = reviews
        self.expectation = expectation
    }
}
