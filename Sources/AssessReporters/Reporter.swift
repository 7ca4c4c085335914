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
    /// Where the submission and the rubric's criteria sit from the base consumers resolve
    /// paths against (SARIF, Code Quality, GitHub annotations).
    public var paths: ReportPaths
    /// The assignment's total in Gradescope: the score and every test's `max_score` are scaled to it.
    public var gradescopePoints: Double
    /// Columns the terminal report may use (it wraps, never cuts).
    public var width: Int
    /// How the HTML report turns a hint's Markdown into HTML; the command line hands in
    /// cmark-gfm (through `AssessFormats`, which reporters do not import), escaped text otherwise.
    public var markdown: MarkdownRendering

    public init(
        color: Bool = false, paths: ReportPaths = ReportPaths(), gradescopePoints: Double = 100, width: Int = 100,
        markdown: MarkdownRendering = .escaped
    ) {
        self.color = color
        self.paths = paths
        self.gradescopePoints = gradescopePoints
        self.width = width
        self.markdown = markdown
    }
}

/// Markdown to HTML, as a value a caller hands a reporter. Two renderings are the same when
/// their names are.
public struct MarkdownRendering: Sendable, Hashable {
    public let name: String
    public let render: @Sendable (String) -> String

    public init(name: String, render: @escaping @Sendable (String) -> String) {
        self.name = name
        self.render = render
    }

    /// The text escaped, in a paragraph: what a report shows when no Markdown renderer is given.
    public static let escaped = MarkdownRendering(name: "escaped") { "<p>" + HTMLText.escape($0) + "</p>" }

    public static func == (a: MarkdownRendering, b: MarkdownRendering) -> Bool { a.name == b.name }
    public func hash(into hasher: inout Hasher) { hasher.combine(name) }
}

/// Every output format, listed once.
public let builtInReporters: [any Reporter.Type] = [
    TerminalReporter.self, JSONReporter.self, MarkdownReporter.self, HTMLReporter.self, JUnitReporter.self,
    SARIFReporter.self, GitHubAnnotationsReporter.self, GradescopeReporter.self, CodeQualityReporter.self,
]

/// Finds reporters by identifier.
public enum ReporterCatalogue {
    public static var identifiers: [String] { builtInReporters.map { $0.identifier } }

    public static func reporter(for identifier: String, options: ReporterOptions) -> (any Reporter)? {
        builtInReporters.first { $0.identifier == identifier }.map { $0.init(options: options) }
    }
}
