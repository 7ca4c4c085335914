import AssessCore
import AssessFormats

/// Which diagrams an option means: `flowchart` (also `graph`), `sequence`, `c4`, a raw type
/// name (`C4Container`), or `any`.
struct DiagramSelector: Sendable, Hashable, CustomStringConvertible {
    var type: String

    static let kinds = ["any", "flowchart", "sequence", "c4"]

    var description: String { type == "any" ? "Mermaid diagram" : "\(type) diagram" }

    func accepts(_ diagram: MermaidDiagram) -> Bool {
        switch type.lowercased() {
        case "any": return true
        case "flowchart", "graph": return diagram.kind == .flowchart
        case "sequence", "sequencediagram": return diagram.kind == .sequence
        case "c4": return diagram.kind == .c4
        default: return diagram.type.lowercased() == type.lowercased()
        }
    }

    /// The names a diagram shows: labels (or ids) of its nodes, participants or elements.
    static func names(in diagram: MermaidDiagram) -> [(name: String, location: SourceLocation)] {
        diagram.nodes.map { (($0.label.isEmpty ? $0.id : $0.label), $0.location) }
    }

    static func read(_ key: String, from reader: MappingReader) -> DiagramSelector? {
        guard let text = reader.string(key) else { return nil }
        if !kinds.contains(text.lowercased()), !text.hasPrefix("C4"), text != "graph", text != "sequenceDiagram" {
            reader.log.error(
                at: reader.node(key)?.location,
                "'\(key)' is one of \(kinds.joined(separator: ", ")) or a Mermaid type such as C4Container; found '\(text)'\(Suggestion.didYouMean(text, in: kinds))"
            )
        }
        return DiagramSelector(type: text)
    }
}
