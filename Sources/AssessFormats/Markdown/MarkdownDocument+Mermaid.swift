import AssessYAML

extension MarkdownDocument {
    /// Every ```mermaid block, parsed, with node locations in this file's lines.
    public var mermaidDiagrams: [MermaidDiagram] {
        codeBlocks.compactMap(\.diagram)
    }
}

extension MarkdownSection {
    /// The ```mermaid blocks of this section and its sub-sections.
    public var mermaidDiagrams: [MermaidDiagram] {
        allBlocks.flatMap(\.codeBlocks).compactMap(\.diagram)
    }
}

extension MermaidDiagram {
    /// The words a diagram shows a reader: node labels, edge labels and group titles, each at
    /// the statement it comes from. A context map often names its relationships only here
    /// (`Catalogue -->|customer-supplier| Pricing`).
    public var textUnits: [MarkdownText] {
        nodes.filter { $0.label != $0.id }.map { MarkdownText(text: $0.label, location: $0.location) }
            + edges.compactMap { edge in edge.label.map { MarkdownText(text: $0, location: edge.location) } }
            + groups.filter { !$0.title.isEmpty }.map { MarkdownText(text: $0.title, location: $0.location) }
    }
}

extension MarkdownSection {
    /// The section's prose (tables included) and the labels of its diagrams.
    public var textUnitsWithDiagrams: [MarkdownText] { textUnits + mermaidDiagrams.flatMap(\.textUnits) }
}

extension MarkdownDocument {
    /// All the document's prose (tables included) and the labels of its diagrams.
    public var textUnitsWithDiagrams: [MarkdownText] { textUnits + mermaidDiagrams.flatMap(\.textUnits) }
}
