import AssessYAML

extension MarkdownDocument {
    /// Every ```mermaid block, parsed, with node locations in this file's lines.
    public var mermaidDiagrams: [MermaidDiagram] {
        codeBlocks.filter { $0.language == "mermaid" }.map { MermaidParser.parse($0.code, start: $0.contentStart) }
    }
}

extension MarkdownSection {
    /// The ```mermaid blocks of this section and its sub-sections.
    public var mermaidDiagrams: [MermaidDiagram] {
        allBlocks.flatMap(\.codeBlocks).filter { $0.language == "mermaid" }.map {
            MermaidParser.parse($0.code, start: $0.contentStart)
        }
    }
}
