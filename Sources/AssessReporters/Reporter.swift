public import AssessCore
public import Foundation

/// An output format: a pure function from a `Report` to bytes. No reporter reads a file or
/// the clock, so the same report always renders the same bytes.
public protocol Reporter: Sendable {
    /// The name `--format` takes.
    static var identifier: String { get }
    init(options: ReporterOptions)
    func render(_ report: Report) -> Data
}

/// Settings a caller may give any reporter; each uses what applies to it.
public struct ReporterOptions: Sendable, Hashable {
    /// ANSI colour (terminal only).
    public var color: Bool

    public init(color: Bool = false) {
        self.color = color
    }
}

/// Every output format, listed once.
public let builtInReporters: [any Reporter.Type] = [
    TerminalReporter.self, JSONReporter.self, MarkdownReporter.self, HTMLReporter.self, JUnitReporter.self,
    SARIFReporter.self, GitHubAnnotationsReporter.self, GradescopeReporter.self,
]

/// Finds reporters by identifier.
public enum ReporterCatalogue {
    public static var identifiers: [String] { builtInReporters.map { $0.identifier } }

    public static func reporter(for identifier: String, options: ReporterOptions) -> (any Reporter)? {
        builtInReporters.first { $0.identifier == identifier }.map { $0.init(options: options) }
    }
}
