import AssessCore

extension MarkdownSectionsGrader: Scaffolding {
    public var scaffold: [ScaffoldPart] { options.sections.map { ScaffoldPart(heading: $0.names.names[0]) } }
}

extension MarkdownItemsGrader: Scaffolding {
    public var scaffold: [ScaffoldPart] {
        [ScaffoldPart(heading: options.section.names[0], note: "List each one here (\(options.count)).")]
    }
}

extension MarkdownTableGrader: Scaffolding {
    public var scaffold: [ScaffoldPart] {
        [ScaffoldPart(heading: options.section?.names[0] ?? "Table", tableColumns: options.columns.map { $0.names[0] })]
    }
}

extension MarkdownConceptsGrader: Scaffolding {
    public var scaffold: [ScaffoldPart] { options.section.map { [ScaffoldPart(heading: $0.names[0])] } ?? [] }
}

extension MarkdownDiagramGrader: Scaffolding {
    public var scaffold: [ScaffoldPart] {
        options.section.map {
            [
                ScaffoldPart(
                    heading: $0.names[0],
                    note: "A Mermaid \(options.type.type == "any" ? "" : options.type.type + " ")diagram goes here.")
            ]
        } ?? []
    }
}
