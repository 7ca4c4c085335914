/// A failure that carries every diagnostic found, plus the text of the files they point into,
/// so that it can print each one with its source line.
public struct DiagnosticError: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]
    /// File path → full text, for the caret lines.
    public var sources: [String: String]

    public init(_ diagnostics: [Diagnostic], sources: [String: String] = [:]) {
        self.diagnostics = diagnostics.sortedByLocation()
        self.sources = sources
    }

    public var description: String {
        diagnostics.map { $0.rendered(source: $0.location.flatMap { sources[$0.file] }) }
            .joined(separator: "\n")
    }
}
