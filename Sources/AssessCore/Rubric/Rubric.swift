public import AssessYAML

/// A validated rubric: every criterion's grader is known and its options decoded, every
/// input it names exists. Nothing else in the engine needs to look at YAML again.
public struct Rubric: Sendable {
    /// The version of the rubric format this loader reads (`format:` in the file, optional).
    public static let formatVersion = 1

    public var id: String
    public var title: String
    public var version: String?
    public var stage: String?
    /// Percent of weighted points needed to pass.
    public var pass: Double
    /// Named bands above the pass mark, highest first.
    public var bands: [Band]
    public var inputs: [InputSpec]
    public var plugins: [PluginSpec]
    public var objectives: [Objective]
    public var criteria: [Criterion]
    /// The file the rubric came from, as given.
    public var file: String
    /// sha256 of the rubric's bytes and of every file it extends, in load order.
    public var sha256: String
    /// Warnings found while loading (an objective no criterion covers, …).
    public var warnings: [Diagnostic]
    /// The plugins criteria use, with the digests of their programs.
    public var pluginDigests: [PluginDigest] = []
    /// The text of the rubric and every file it extends, by path: for warnings' source lines.
    public var sources: [String: String] = [:]
    /// For a shared part loaded on its own (`RubricLoader.fragment`): inputs its criteria read
    /// that the rubrics extending it declare.
    public var expectedInputs: [String] = []

    public func input(named name: String) -> InputSpec? {
        inputs.first { $0.name == name }
    }
}

/// A named score band (`distinction: 95`).
public struct Band: Sendable, Hashable, Codable {
    public var name: String
    public var minimum: Double

    public init(name: String, minimum: Double) {
        self.name = name
        self.minimum = minimum
    }
}

/// A learning objective a rubric assesses; criteria say which they cover.
public struct Objective: Sendable, Hashable, Codable {
    public var id: String
    public var text: String

    public init(id: String, text: String) {
        self.id = id
        self.text = text
    }
}

/// What a submission must contain: a named set of files found by glob.
public struct InputSpec: Sendable, Hashable {
    public var name: String
    /// Globs relative to the submission root, tried in order.
    public var paths: [String]
    public var format: String
    /// A required input that is missing fails the criteria that read it; an optional
    /// one that is missing skips them.
    public var required: Bool
    /// All matches are graded (else only the first match of the first pattern that matches).
    public var many: Bool
    /// A larger per-file cap than the engine's default, for inputs that are big by nature
    /// (load-test logs, event streams), which their graders stream rather than load.
    public var maxBytes: Int?
    public var location: SourceLocation

    public init(
        name: String, paths: [String], format: String = "auto", required: Bool = true,
        many: Bool = false, maxBytes: Int? = nil, location: SourceLocation
    ) {
        self.name = name
        self.paths = paths
        self.format = format
        self.required = required
        self.many = many
        self.maxBytes = maxBytes
        self.location = location
    }
}

/// A grader that lives outside the binary, declared in the rubric's `plugins:` block.
public struct PluginSpec: Sendable, Hashable {
    public var name: String
    public var exec: [String]?
    public var wasm: String?
    public var timeout: Duration?
    public var location: SourceLocation
    /// The folder of the rubric file that declared it: relative paths start here.
    public var directory: String

    public init(
        name: String, exec: [String]? = nil, wasm: String? = nil, timeout: Duration? = nil,
        location: SourceLocation, directory: String
    ) {
        self.name = name
        self.exec = exec
        self.wasm = wasm
        self.timeout = timeout
        self.location = location
        self.directory = directory
    }
}

/// When a learner sees a criterion (Gradescope's four settings): `hidden` criteria count but
/// are never shown in a learner's pre-check; the two "after" settings are shown to reviewers and
/// in Gradescope after the due date or once grades are published.
public enum Visibility: String, Sendable, Hashable, Codable, CaseIterable {
    case visible, hidden
    case afterDueDate = "after_due_date"
    case afterPublished = "after_published"
}

/// One thing the rubric judges: a grader with its options, over one input, with a weight.
public struct Criterion: Sendable {
    public var id: String
    public var title: String
    public var description: String?
    public var weight: Double
    /// A gate: failing it fails the submission whatever the total.
    public var required: Bool
    public var visibility: Visibility
    public var hint: String?
    public var input: String?
    public var covers: [String]
    public var timeout: Duration?
    /// The grader kind as written (`text.matches`).
    public var graderKind: String
    /// The configured grader, its options already checked.
    public var grader: any Grader
    public var location: SourceLocation
    /// The `with:` block as written, for the brief of graders that cannot state their own
    /// requirements (`Explaining`).
    public var options: YAMLNode? = nil
}
