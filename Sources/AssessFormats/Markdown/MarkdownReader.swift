/// Markdown (CommonMark with GitHub's tables, task lists and front matter) as an evidence format.
public struct MarkdownReader: EvidenceReader {
    public static let formats = [
        EvidenceFormat(
            id: "markdown", summary: "Markdown documents (CommonMark and GitHub's tables), with YAML front matter",
            extensions: [".md", ".markdown", ".mdx"])
    ]

    public init() {}

    /// Parses the file (a parse never fails). Front-matter problems, and tables over the
    /// reading budget, come back as problems; `MarkdownDocument.tablesLeftOut` says which of
    /// them cut the document.
    public func read(_ file: EvidenceFile) throws(ReadFailure) -> Reading<MarkdownDocument> {
        let document = MarkdownParser().parse(try file.text(), file: file.path)
        return Reading(document, problems: document.frontMatterProblems.map(ReadProblem.init))
    }
}
