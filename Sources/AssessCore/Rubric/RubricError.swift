public import AssessYAML

/// Why a rubric (or a grader's options, or a reviews file) was rejected: every problem found,
/// each printable as `path:line:col: error: message` with the source line and a caret.
public struct RubricError: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]
    /// File path → text, so each diagnostic can show its line.
    public var sources: [String: String]

    public init(_ diagnostics: [Diagnostic], sources: [String: String] = [:]) {
        self.diagnostics = diagnostics.sortedByLocation()
        self.sources = sources
    }

    public init(_ error: DiagnosticError) {
        self.init(error.diagnostics, sources: error.sources)
    }

    public var description: String {
        DiagnosticError(diagnostics, sources: sources).description
    }
}
