import AssessFormats
import AssessReporters

extension MarkdownRendering {
    /// Hints rendered through cmark-gfm: the reporters cannot import `AssessFormats`, so the
    /// command line, which sees both, hands them this.
    static let cmarkGFM = MarkdownRendering(name: "cmark-gfm") { MarkdownHTML.render($0) }
}
