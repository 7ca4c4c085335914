public import AssessYAML

/// Something a reader met in a file: a record it skipped, a syntax error, a file it could not
/// read at all. One type for every format, so graders turn every reader's problems into
/// findings the same way (an error fails the part it touches; a warning is shown).
public struct ReadProblem: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable {
        /// The file, or a part of it, could not be read: what it held is missing from the model.
        case error
        /// Read, with something skipped or guessed; the model is still what the file says.
        case warning
    }

    public var severity: Severity
    public var message: String
    public var location: SourceLocation?

    public init(_ severity: Severity, _ message: String, at location: SourceLocation?) {
        self.severity = severity
        self.message = message
        self.location = location
    }

    public static func error(_ message: String, at location: SourceLocation?) -> ReadProblem {
        ReadProblem(.error, message, at: location)
    }

    public static func warning(_ message: String, at location: SourceLocation?) -> ReadProblem {
        ReadProblem(.warning, message, at: location)
    }

    /// The line it is on (1 for a problem about a whole file): streaming readers count records
    /// by line.
    public var line: Int { location?.line ?? 1 }

    /// The column it is at (1 when it has none).
    public var column: Int { location?.column ?? 1 }

    /// `file:line:column: error: message`, as a compiler writes it.
    public var description: String {
        let place = location.map { "\($0): " } ?? ""
        return "\(place)\(severity.rawValue): \(message)"
    }
}

extension ReadProblem {
    /// A record skipped at `line` of a file the caller names (the event and change-data
    /// streams report records of the file they were handed).
    public init(file: String? = nil, line: Int, column: Int = 1, _ message: String) {
        self = .skipped(message, file: file ?? "", line: line, column: column)
    }
}

extension ReadProblem {
    /// A record a streaming reader skipped (a warning: the rest of the file is read), at its
    /// line and column of `file`.
    public static func skipped(_ message: String, file: String, line: Int, column: Int = 1) -> ReadProblem {
        .warning(message, at: SourceLocation(file: file, line: line, column: column))
    }

    /// A parser's diagnostic as a reading problem (notes are warnings: nothing is lost).
    public init(_ diagnostic: Diagnostic) {
        self.init(diagnostic.severity == .error ? .error : .warning, diagnostic.message, at: diagnostic.location)
    }
}

/// What a reader made of a file: its model, and the problems met on the way.
public struct Reading<Model: Sendable>: Sendable {
    public var model: Model
    public var problems: [ReadProblem]

    public init(_ model: Model, problems: [ReadProblem] = []) {
        self.model = model
        self.problems = problems
    }
}

/// Why a file yielded no model at all: every problem met (a YAML file with two syntax errors
/// reports both), so nothing a learner needs to fix is hidden behind the first.
public struct ReadFailure: Error, Sendable, Hashable, CustomStringConvertible {
    public var problems: [ReadProblem]

    public init(_ problems: [ReadProblem]) { self.problems = problems }

    public init(_ problem: ReadProblem) { self.problems = [problem] }

    /// A parser's error, every diagnostic kept.
    public init(_ error: DiagnosticError) { self.problems = error.diagnostics.map(ReadProblem.init) }

    public var description: String { problems.map(\.description).joined(separator: "\n") }
}
