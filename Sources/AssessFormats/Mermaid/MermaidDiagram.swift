public import AssessYAML

/// One Mermaid diagram (the text of a ```` ```mermaid ```` fence) read into plain values, so that
/// graders can ask "is there a node called Payments?", "does the gateway call the orders service?"
/// or "which containers sit inside the shop boundary?" without knowing Mermaid's syntax.
///
/// Flowcharts, sequence diagrams and C4 diagrams are read; every other diagram type is kept with
/// its header keyword (`erDiagram`, `classDiagram`, …) and `isParsed == false`, so a grader can
/// still say which kinds of diagram a document holds.
public struct MermaidDiagram: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable {
        case flowchart, sequence, c4, other
    }

    public var kind: Kind
    /// The header keyword as written: "flowchart", "graph", "sequenceDiagram", "C4Context", "C4Container",
    /// "erDiagram", …; empty when the source has no header line at all.
    public var type: String
    /// flowchart: nodes; sequence: participants/actors; C4: Person/System/Container/… elements.
    /// In the order they are first seen.
    public var nodes: [MermaidNode]
    /// flowchart: edges; sequence: messages; C4: Rel/BiRel/Rel_U/… relations. In source order.
    public var edges: [MermaidEdge]
    /// flowchart: subgraphs; C4: *_Boundary / Boundary blocks (and Deployment_Node blocks); sequence: box blocks.
    /// In the order they are opened.
    public var groups: [MermaidGroup]
    /// False for diagram types other than the three above (kept with their type, not parsed).
    public var isParsed: Bool
    /// Statements that could not be understood, with their location; the rest is still read.
    public var problems: [Diagnostic]
    /// Where the diagram source starts.
    public var location: SourceLocation

    public init(
        kind: Kind, type: String, nodes: [MermaidNode] = [], edges: [MermaidEdge] = [], groups: [MermaidGroup] = [],
        isParsed: Bool, problems: [Diagnostic] = [], location: SourceLocation
    ) {
        self.kind = kind
        self.type = type
        self.nodes = nodes
        self.edges = edges
        self.groups = groups
        self.isParsed = isParsed
        self.problems = problems
        self.location = location
    }

    /// The node whose id or label is `named`, ignoring case and surrounding spaces. An id match wins
    /// over a label match, so `node(named: "db")` finds the node `db` even if another is labelled "DB".
    public func node(named name: String) -> MermaidNode? {
        let wanted = MermaidText.folded(name)
        return nodes.first { MermaidText.folded($0.id) == wanted }
            ?? nodes.first { MermaidText.folded($0.label) == wanted }
    }

    /// The group whose id or title is `named`, ignoring case and surrounding spaces (id first).
    public func group(named name: String) -> MermaidGroup? {
        let wanted = MermaidText.folded(name)
        return groups.first { MermaidText.folded($0.id) == wanted }
            ?? groups.first { MermaidText.folded($0.title) == wanted }
    }

    /// The members of `group` and, recursively, of the groups nested in it, without the nested
    /// groups' own ids (unless they are also nodes, like a C4 Deployment_Node). Members lists hold
    /// only direct members, as Mermaid draws them; this answers "is X anywhere inside Y?".
    public func allMembers(of group: MermaidGroup) -> [String] {
        var result: [String] = []
        var seen: Set<String> = []
        var visiting: Set<String> = [group.id]
        func visit(_ group: MermaidGroup) {
            for member in group.members {
                let nested = groups.first { $0.id == member }
                if let nested, !visiting.contains(nested.id) {
                    visiting.insert(nested.id)
                    if nodes.contains(where: { $0.id == member }), seen.insert(member).inserted {
                        result.append(member)
                    }
                    visit(nested)
                } else if nested == nil, seen.insert(member).inserted {
                    result.append(member)
                }
            }
        }
        visit(group)
        return result
    }

    /// Edges leaving `id` (by node id, exact).
    public func edges(from id: String) -> [MermaidEdge] { edges.filter { $0.from == id } }

    /// Edges arriving at `id` (by node id, exact).
    public func edges(to id: String) -> [MermaidEdge] { edges.filter { $0.to == id } }
}

/// A flowchart node, a sequence participant or a C4 element.
public struct MermaidNode: Sendable, Hashable, Codable {
    public var id: String
    /// The text shown; the id when the node is never given a label. `<br/>` becomes a space, markdown
    /// string backticks and `**` are removed, entity codes (`#quot;`, `#35;`) are decoded.
    public var label: String
    /// flowchart: the shape ("rect", "round", "stadium", "subroutine", "cylinder", "circle", "asymmetric",
    /// "rhombus", "hexagon", "parallelogram", "parallelogram-alt", "trapezoid", "trapezoid-alt",
    /// "double-circle", or "default" for a bare id; `A@{ shape: … }` names map to these where Mermaid has an
    /// alias and are kept as written otherwise); sequence: "participant" or "actor"; C4: the macro name
    /// ("Person", "System_Ext", "ContainerDb", "Deployment_Node", …).
    public var kind: String
    /// The start of the statement where the node is first seen.
    public var location: SourceLocation

    public init(id: String, label: String, kind: String, location: SourceLocation) {
        self.id = id
        self.label = label
        self.kind = kind
        self.location = location
    }
}

/// A flowchart edge, a sequence message or a C4 relation, directed `from` → `to` as written.
public struct MermaidEdge: Sendable, Hashable, Codable {
    public var from: String
    public var to: String
    /// The edge text, message text or relation label; nil when there is none.
    public var label: String?
    /// The arrow as written without its text: "-->", "-.->", "==>", "<-->", "~~~" for flowcharts; "->>", "--x",
    /// "-)", … for sequence messages (without the `+`/`-` activation mark); the macro name ("Rel", "BiRel",
    /// "Rel_Back", "RelIndex", …) for C4, so a reader can tell a back or two-way relation from a plain one.
    public var arrow: String
    /// The start of the statement the edge comes from.
    public var location: SourceLocation

    public init(from: String, to: String, label: String?, arrow: String, location: SourceLocation) {
        self.from = from
        self.to = to
        self.label = label
        self.arrow = arrow
        self.location = location
    }
}

/// A flowchart subgraph, a C4 boundary (or Deployment_Node with a body) or a sequence box.
public struct MermaidGroup: Sendable, Hashable, Codable {
    /// flowchart: the subgraph id, or "subGraph<n>" as Mermaid names a subgraph whose title has spaces;
    /// C4: the alias; sequence: the box title, or "box<n>" for an untitled box (n counts boxes from 1).
    public var id: String
    public var title: String
    /// Direct members in order: node ids and the ids of groups nested directly inside. As in Mermaid,
    /// a flowchart node belongs to one subgraph only: the first to close that mentions it.
    public var members: [String]
    /// The start of the statement that opens the group.
    public var location: SourceLocation

    public init(id: String, title: String, members: [String], location: SourceLocation) {
        self.id = id
        self.title = title
        self.members = members
        self.location = location
    }
}

enum MermaidText {
    /// Lowercased, with surrounding whitespace removed: how names are compared.
    static func folded(_ text: String) -> String {
        string(Array(text.unicodeScalars).trimmedScalars()).lowercased()
    }

    static func string<S: Sequence>(_ scalars: S) -> String where S.Element == Unicode.Scalar {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return String(view)
    }
}

extension Collection where Element == Unicode.Scalar, Index == Int {
    /// The scalars without leading and trailing whitespace.
    func trimmedScalars() -> SubSequence {
        var start = startIndex
        var end = endIndex
        while start < end, self[start].properties.isWhitespace { start += 1 }
        while end > start, self[end - 1].properties.isWhitespace { end -= 1 }
        return self[start..<end]
    }

    func containsScalars(_ literal: String) -> Bool {
        let needle = Array(literal.unicodeScalars)
        guard count >= needle.count else { return false }
        var i = startIndex
        while i + needle.count <= endIndex {
            if self[i..<(i + needle.count)].elementsEqual(needle) { return true }
            i += 1
        }
        return false
    }
}
