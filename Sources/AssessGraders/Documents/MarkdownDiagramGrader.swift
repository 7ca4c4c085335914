public import AssessCore
import AssessFormats

/// The design shows the diagrams a reviewer expects: a context map as a flowchart, a checkout
/// as a sequence diagram, a C4 container view — big enough, naming what it must.
public struct MarkdownDiagramGrader: Grader {
    public struct Options: Sendable, Hashable {
        var type: DiagramSelector
        var count: Int
        var minNodes: Int
        var minEdges: Int
        var nodes: [String]
        var section: SectionNames?
    }

    public static let description = GraderDescription(
        kind: "markdown.diagram",
        summary:
            "Mermaid diagrams in the input's Markdown (flowchart/graph, sequenceDiagram, C4): at least `count` of `type`, and the best of them with at least `min_nodes` nodes (participants, elements) and `min_edges` edges (messages, relations) and every name in `nodes` (matched loosely: case, hyphens, plurals, 'service'). Score: the mean of those parts.",
        options: [
            OptionDescription(
                "type", .form("flowchart, sequence, c4, any or a Mermaid type"), default: "any", "Which diagrams count."
            ),
            OptionDescription("count", .integer, default: "1", "How many such diagrams are needed."),
            OptionDescription("min_nodes", .integer, default: "0", "Fewest nodes / participants / elements."),
            OptionDescription("min_edges", .integer, default: "0", "Fewest edges / messages / relations."),
            OptionDescription("nodes", .list(.string), "Names the diagram must show."),
            OptionDescription("section", .names, "Look only in this section."),
        ],
        examples: [
            GraderExample(
                "A checkout sequence with four participants",
                with: "{ type: sequence, min_nodes: 3, nodes: [Ordering, Payments] }",
                paths: ["design.md"],
                files: [
                    "design.md":
                        "# Checkout\n```mermaid\nsequenceDiagram\n  participant C as Client\n  C->>Ordering: place order\n  Ordering->>Payments: authorise\n  Ordering->>Inventory: reserve\n```\n"
                ],
                .passes),
            GraderExample(
                "A context map with two nodes where eight are wanted", with: "{ type: flowchart, min_nodes: 8 }",
                paths: ["design.md"],
                files: ["design.md": "# Context map\n```mermaid\nflowchart LR\n  Ordering --> Payments\n```\n"], .fails),
        ])

    public let options: Options

    public init(options: Options) {
        self.options = options
    }

    public static func options(from reader: MappingReader) -> Options? {
        let options = Options(
            type: DiagramSelector.read("type", from: reader) ?? DiagramSelector(type: "any"),
            count: reader.declaredInt("count"),
            minNodes: reader.declaredInt("min_nodes"), minEdges: reader.declaredInt("min_edges"),
            nodes: reader.strings("nodes") ?? [],
            section: SectionNames.read("section", from: reader))
        if options.count < 1 { reader.log.error(at: reader.node("count")?.location, "'count' must be at least 1") }
        return options
    }

    public func grade(_ job: GradingJob) async throws -> Outcome {
        judge(try job.markdownDocuments())
    }

    /// The documents' best diagram of the wanted type against the node, edge and name requirements.
    func judge(_ documents: [MarkdownDocument]) -> Outcome {
        var all: [MermaidDiagram] = []
        for document in documents {
            if let section = options.section {
                all += document.sections(named: section.names).flatMap(\.mermaidDiagrams)
            } else {
                all += document.mermaidDiagrams
            }
        }
        var findings: [Finding] = all.flatMap { diagram in
            diagram.problems.map { Finding(.warning, "in the \(diagram.type) diagram: \($0.message)", at: $0.location) }
        }
        let diagrams = all.filter { options.type.accepts($0) }
        let scope = options.section.map { " in section \($0)" } ?? ""
        guard !diagrams.isEmpty else {
            let others = all.map(\.type)
            let seen = others.isEmpty ? "no Mermaid diagram at all" : "only \(others.joined(separator: ", "))"
            return .failed(
                "no \(options.type)\(scope)",
                findings: findings + [documentFinding(documents, "no \(options.type)\(scope) (\(seen))")])
        }
        func parts(_ diagram: MermaidDiagram) -> [Double] {
            var result: [Double] = []
            if options.minNodes > 0 { result.append(min(1, Double(diagram.nodes.count) / Double(options.minNodes))) }
            if options.minEdges > 0 { result.append(min(1, Double(diagram.edges.count) / Double(options.minEdges))) }
            if !options.nodes.isEmpty {
                let names = DiagramSelector.names(in: diagram).map(\.name) + diagram.nodes.map(\.id)
                let found = options.nodes.filter { wanted in names.contains { NameMatcher.matches(wanted, $0) } }
                result.append(Double(found.count) / Double(options.nodes.count))
            }
            return result
        }
        let best = diagrams.max { a, b in parts(a).reduce(0, +) < parts(b).reduce(0, +) }!
        var scores = parts(best)
        if options.count > 1 {
            scores.append(min(1, Double(diagrams.count) / Double(options.count)))
            if diagrams.count < options.count {
                findings.append(
                    documentFinding(
                        documents, "found \(plural(diagrams.count, options.type.description)); needs \(options.count)"))
            }
        }
        if best.nodes.count < options.minNodes {
            findings.append(
                .error(
                    "the \(best.type) diagram has \(plural(best.nodes.count, "node")); needs at least \(options.minNodes)",
                    at: best.location))
        }
        if best.edges.count < options.minEdges {
            findings.append(
                .error(
                    "the \(best.type) diagram has \(plural(best.edges.count, "edge")); needs at least \(options.minEdges)",
                    at: best.location))
        }
        let names = DiagramSelector.names(in: best).map(\.name) + best.nodes.map(\.id)
        for wanted in options.nodes where !names.contains(where: { NameMatcher.matches(wanted, $0) }) {
            findings.append(.error("the \(best.type) diagram does not show '\(wanted)'", at: best.location))
        }
        let score = scores.isEmpty ? 1 : scores.reduce(0, +) / Double(scores.count)
        var outcome = Outcome.scored(
            score,
            "\(best.type) diagram with \(plural(best.nodes.count, "node")) and \(plural(best.edges.count, "edge"))\(scope)",
            findings: findings,
            measurements: [
                MeasuredValue("nodes", Double(best.nodes.count), limit: ">= \(options.minNodes)"),
                MeasuredValue("edges", Double(best.edges.count), limit: ">= \(options.minEdges)"),
            ])
        let label = Dictionary(
            best.nodes.map { ($0.id, $0.label.isEmpty ? $0.id : $0.label) }, uniquingKeysWith: { a, _ in a })
        if !best.edges.isEmpty {
            outcome.charts = [
                Chart(
                    kind: .graph, title: "\(best.type) diagram",
                    edges: best.edges.map {
                        Chart.Edge(from: label[$0.from] ?? $0.from, to: label[$0.to] ?? $0.to, label: $0.label)
                    })
            ]
        }
        return outcome
    }
}
