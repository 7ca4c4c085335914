import AssessCore

// What the document graders enforce, for `assess rubric explain`. The sentences follow one
// pattern (`Section "Name" (or "Other")`, quoted phrases) so that a learner can copy the names,
// and a test can write a passing design from the brief alone.

extension SectionNames {
    /// `Section "Bounded Contexts" (or "Domain Model", "Subdomains")`.
    var quoted: String {
        "\"\(names[0])\"" + (names.count > 1 ? " (or \(names.dropFirst().map { "\"\($0)\"" }.joined(separator: ", ")))" : "")
    }
}

extension CountRange {
    /// "8 to 12", "at least 8", "at most 3", "exactly 2".
    var words: String {
        switch (min, max) {
        case let (lo?, hi?) where lo == hi: return "exactly \(lo.compact)"
        case let (lo?, hi?): return "\(lo.compact) to \(hi.compact)"
        case let (lo?, nil): return "at least \(lo.compact)"
        case let (nil, hi?): return "at most \(hi.compact)"
        default: return "any number of"
        }
    }
}

extension MarkdownSectionsGrader: Explaining {
    public var requirements: [String] {
        options.sections.map { wanted in
            "Section \(wanted.names.quoted)" + (wanted.minWords > 0 ? ": at least \(wanted.minWords) words." : ".")
        } + (options.ordered ? ["The sections in the order listed."] : [])
    }
}

extension MarkdownItemsGrader: Explaining {
    public var requirements: [String] {
        let what: String
        switch options.kind {
        case .auto: what = "items (list items, sub-headings or table rows)"
        case .list: what = "list items"
        case .headings: what = "sub-headings"
        case .rows: what = "table rows"
        }
        return ["Section \(options.section.quoted) lists \(options.count.words) \(what)."]
    }
}

extension MarkdownConceptsGrader: Explaining {
    public var requirements: [String] {
        let place = options.section.map { "Section \($0.quoted)" } ?? "The document"
        let needed = options.min ?? options.concepts.count
        let list = options.concepts.map { concept in
            "\(concept.name): " + concept.synonyms.map { "\"\($0)\"" }.joined(separator: " | ")
        }
        return [
            "\(place) names at least \(needed) of \(options.concepts.count) concepts, each by one of its phrases (in prose, tables or diagram labels): "
                + list.joined(separator: "; ") + "."
        ]
    }
}

extension MarkdownTableGrader: Explaining {
    public var requirements: [String] {
        let place = options.section.map { "Section \($0.quoted) has" } ?? "The document has"
        var sentence = "\(place) a table with columns " + options.columns.map(\.quoted).joined(separator: ", ")
        if options.minRows > 0 { sentence += "; at least \(options.minRows) rows" }
        for check in options.checks {
            var rules: [String] = []
            if check.nonEmpty { rules.append("filled in") }
            if let pattern = check.matches { rules.append("matching /\(pattern.source)/") }
            if let low = check.min { rules.append("at least \(low.compact)") }
            if let high = check.max { rules.append("at most \(high.compact)") }
            sentence += "; \"\(check.column.names[0])\" \(rules.joined(separator: ", ")) in every row"
        }
        return [sentence + "."]
    }
}

extension MarkdownDiagramGrader: Explaining {
    public var requirements: [String] {
        let place = options.section.map { "Section \($0.quoted) has" } ?? "The document has"
        var parts: [String] = []
        if options.minNodes > 0 { parts.append("at least \(options.minNodes) nodes") }
        if options.minEdges > 0 { parts.append("at least \(options.minEdges) edges") }
        if !options.nodes.isEmpty { parts.append("nodes named " + options.nodes.map { "\"\($0)\"" }.joined(separator: ", ")) }
        let count = options.count > 1 ? "\(options.count) Mermaid \(options.type.type) diagrams" : "a Mermaid \(options.type.type) diagram"
        return ["\(place) \(count)" + (parts.isEmpty ? "." : " with " + parts.joined(separator: " and ") + ".")]
    }
}

extension MarkdownLinksGrader: Explaining {
    public var requirements: [String] {
        [
            "Every relative link\(options.images ? " and image" : "") points at a file of the submission\(options.anchors ? " (and its #anchor at a heading there)" : "")"
                + (options.minLinks > 0
                    ? "; at least \(options.minLinks) relative links."
                    : "; a document without relative links is not judged on them.")
        ]
    }
}

extension ConsistencyNamesGrader: Explaining {
    public var requirements: [String] {
        let places = options.against.map(\.quoted).joined(separator: "; ")
        return [
            "The names in \(options.source.quoted) "
                + (options.bothWays ? "are exactly the names in: " : "all appear in: ") + places + "."
        ]
    }
}

extension ConsistencyNamesGrader.Source {
    /// Like `description`, with section names quoted as the brief quotes them.
    var quoted: String {
        switch self {
        case .section(let names, _): return "section \(names.quoted)"
        case .diagram(let selector, let section):
            return "the \(selector.type) diagram" + (section.map { " in section \($0.quoted)" } ?? "")
        default: return description
        }
    }
}

extension ConsistencyNamesGrader: PathReading {
    public var pathsRead: [String] {
        let places = [options.source] + options.against
        let globs = places.compactMap { place -> String? in
            switch place {
            case .manifests(_, let glob), .interfaces(_, let glob), .files(let glob), .folders(let glob),
                .subgraphs(let glob):
                return glob.pattern
            case .section, .diagram: return nil
            }
        }
        // Names read from the input's Markdown mean the input itself is read.
        return globs.count == places.count ? globs : []
    }
}
