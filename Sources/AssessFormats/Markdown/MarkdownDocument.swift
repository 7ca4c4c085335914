public import AssessYAML

/// A Markdown document as a reviewer reads it: blocks with their lines, grouped into
/// sections by heading, with its lists, tables, code blocks, links and front matter.
/// Built from cmark-gfm's tree and holding no C pointers.
public struct MarkdownDocument: Sendable, Hashable {
    public var file: String
    /// The YAML front matter (`---` … `---` at the top), when there is one that parses.
    public var frontMatter: YAMLNode?
    /// Problems reading the document: front matter that did not parse, nesting cut off.
    public var frontMatterProblems: [Diagnostic]
    /// Top-level blocks in document order.
    public var blocks: [MarkdownBlock]
    /// Blocks before the first heading.
    public var preamble: [MarkdownBlock]
    /// Top-level sections (the lowest heading level used), each nesting those below it.
    public var sections: [MarkdownSection]
    /// Every link and image, in document order.
    public var links: [MarkdownLink]
    /// Tables left out for going over cmark-gfm's reading budget (also among
    /// `frontMatterProblems`): a grader that must not judge a cut document asks here.
    public var tablesLeftOut: [Diagnostic] = []

    public init(
        file: String, frontMatter: YAMLNode?, frontMatterProblems: [Diagnostic], blocks: [MarkdownBlock],
        links: [MarkdownLink]
    ) {
        self.file = file
        self.frontMatter = frontMatter
        self.frontMatterProblems = frontMatterProblems
        self.blocks = blocks
        self.links = links
        (preamble, sections) = MarkdownSection.build(from: blocks)
    }

    /// Every section, depth first, in document order.
    public var allSections: [MarkdownSection] { sections.flatMap { [$0] + $0.descendants } }

    /// Sections whose heading matches any of `names` (case, punctuation, numbering and plurals
    /// ignored), in document order. Only the closest kind of match the document has counts
    /// (see `HeadingMatcher.Closeness`), so an "API Strategy" heading is taken over "API and
    /// Versioning Strategy", and that over nothing.
    public func sections(named names: [String]) -> [MarkdownSection] {
        let wanted = names.map(HeadingMatcher.normalize)
        let ranked = allSections.compactMap { section in
            HeadingMatcher.closeness(words: HeadingMatcher.normalize(section.title), any: wanted).map { (section, $0) }
        }
        guard let best = ranked.map(\.1).max() else { return [] }
        return ranked.filter { $0.1 == best }.map(\.0)
    }

    /// Every fenced or indented code block, wherever it sits.
    public var codeBlocks: [MarkdownCodeBlock] { blocks.flatMap(\.codeBlocks) }

    /// Every table, wherever it sits.
    public var tables: [MarkdownTable] { blocks.flatMap(\.tables) }
}

/// A heading with the blocks under it, down to the next heading of the same or a higher level.
public struct MarkdownSection: Sendable, Hashable {
    public var heading: MarkdownHeading
    /// Blocks directly under the heading, before its first subsection.
    public var blocks: [MarkdownBlock]
    public var subsections: [MarkdownSection]
    /// The last line of the section (its last block, or the heading).
    public var endLine: Int

    public var title: String { heading.text }
    public var location: SourceLocation { heading.location }
    public var level: Int { heading.level }

    /// Subsections at every depth, in document order.
    public var descendants: [MarkdownSection] { subsections.flatMap { [$0] + $0.descendants } }

    /// The section's own blocks and those of every subsection, headings included.
    public var allBlocks: [MarkdownBlock] {
        blocks + subsections.flatMap { [MarkdownBlock.heading($0.heading)] + $0.allBlocks }
    }

    /// The prose of the section (code left out), for word counts and concept searches.
    public var text: String { allBlocks.map(\.plainText).filter { !$0.isEmpty }.joined(separator: "\n") }

    /// Words of the prose and of the section's diagram labels: a context map whose relationships
    /// are named on its arrows says them there, and a reviewer reads them as part of the section.
    public var wordCount: Int {
        WordCount.of(text + "\n" + mermaidDiagrams.flatMap(\.textUnits).map(\.text).joined(separator: "\n"))
    }

    /// Groups a flat block list into a preamble and a section tree.
    static func build(from blocks: [MarkdownBlock]) -> ([MarkdownBlock], [MarkdownSection]) {
        var preamble: [MarkdownBlock] = []
        var roots: [MarkdownSection] = []
        var open: [MarkdownSection] = []  // a stack, deepest last

        func close(toLevel level: Int) {
            while let last = open.last, last.level >= level {
                open.removeLast()
                if open.isEmpty {
                    roots.append(last)
                } else {
                    open[open.count - 1].subsections.append(last)
                    open[open.count - 1].endLine = max(open[open.count - 1].endLine, last.endLine)
                }
            }
        }
        for block in blocks {
            if case .heading(let heading) = block {
                close(toLevel: heading.level)
                open.append(
                    MarkdownSection(heading: heading, blocks: [], subsections: [], endLine: heading.location.line))
            } else if open.isEmpty {
                preamble.append(block)
            } else {
                open[open.count - 1].blocks.append(block)
                open[open.count - 1].endLine = max(open[open.count - 1].endLine, block.endLine)
            }
        }
        close(toLevel: 0)
        return (preamble, roots)
    }
}

public struct MarkdownHeading: Sendable, Hashable {
    public var level: Int
    public var text: String
    public var location: SourceLocation
}

public struct MarkdownParagraph: Sendable, Hashable {
    public var text: String
    public var location: SourceLocation
    public var endLine: Int
}

public struct MarkdownList: Sendable, Hashable {
    public var ordered: Bool
    public var items: [MarkdownListItem]
    public var location: SourceLocation
    public var endLine: Int
}

public struct MarkdownListItem: Sendable, Hashable {
    /// The item's first paragraph as plain text ("Ordering: baskets and checkout").
    public var text: String
    /// Everything in the item, nested lists included.
    public var blocks: [MarkdownBlock]
    /// `true` / `false` for a task-list item (`- [x]`), nil otherwise.
    public var checked: Bool?
    public var location: SourceLocation
    /// The item's leading strong or code span (`**Ordering**: …` → "Ordering"), when it starts with one:
    /// how design docs name the thing an item is about.
    public var lead: String?
}

public struct MarkdownTable: Sendable, Hashable {
    public var header: [MarkdownTableCell]
    public var rows: [[MarkdownTableCell]]
    public var location: SourceLocation
    public var endLine: Int

    /// The index of the first column whose header matches any of `names`.
    public func column(named names: [String]) -> Int? {
        header.firstIndex { HeadingMatcher.matches($0.text, any: names) }
    }
}

public struct MarkdownTableCell: Sendable, Hashable {
    public var text: String
    public var location: SourceLocation
}

public struct MarkdownCodeBlock: Sendable, Hashable {
    /// The fence's info string (`mermaid`, `yaml title="x"`); empty for indented code.
    public var info: String
    public var code: String
    /// The fence line.
    public var location: SourceLocation
    public var endLine: Int

    /// The first word of the info string, lowercased: the language.
    public var language: String { info.split(separator: " ").first.map { $0.lowercased() } ?? "" }

    /// Where the code's first line sits in the file: the line after the fence, at the fence's
    /// column (cmark strips the fence's indentation from every content line).
    public var contentStart: SourceLocation {
        SourceLocation(file: location.file, line: location.line + (isFenced ? 1 : 0), column: location.column)
    }

    /// Indented code blocks have no fence line.
    public var isFenced: Bool
    /// A ```mermaid block read as a diagram when the document was parsed, so the criteria that
    /// look at diagrams share one parse of each.
    public var diagram: MermaidDiagram? = nil
}

public struct MarkdownLink: Sendable, Hashable {
    public var destination: String
    public var text: String
    public var isImage: Bool
    public var location: SourceLocation
}

public indirect enum MarkdownBlock: Sendable, Hashable {
    case heading(MarkdownHeading)
    case paragraph(MarkdownParagraph)
    case list(MarkdownList)
    case table(MarkdownTable)
    case code(MarkdownCodeBlock)
    case quote([MarkdownBlock], SourceLocation, endLine: Int)
    case html(String, SourceLocation, endLine: Int)
    case rule(SourceLocation)

    public var location: SourceLocation {
        switch self {
        case .heading(let h): return h.location
        case .paragraph(let p): return p.location
        case .list(let l): return l.location
        case .table(let t): return t.location
        case .code(let c): return c.location
        case .quote(_, let at, _), .html(_, let at, _), .rule(let at): return at
        }
    }

    public var endLine: Int {
        switch self {
        case .heading(let h): return h.location.line
        case .paragraph(let p): return p.endLine
        case .list(let l): return l.endLine
        case .table(let t): return t.endLine
        case .code(let c): return c.endLine
        case .quote(_, _, let end), .html(_, _, let end): return end
        case .rule(let at): return at.line
        }
    }

    /// Prose text of the block (code and HTML left out).
    public var plainText: String {
        switch self {
        case .heading(let h): return h.text
        case .paragraph(let p): return p.text
        case .list(let l):
            return l.items.map { $0.blocks.map(\.plainText).joined(separator: "\n") }.joined(separator: "\n")
        case .table(let t):
            return ([t.header] + t.rows).map { $0.map(\.text).joined(separator: " ") }.joined(separator: "\n")
        case .quote(let blocks, _, _): return blocks.map(\.plainText).joined(separator: "\n")
        case .code, .html, .rule: return ""
        }
    }

    var children: [MarkdownBlock] {
        switch self {
        case .list(let l): return l.items.flatMap(\.blocks)
        case .quote(let blocks, _, _): return blocks
        default: return []
        }
    }

    public var codeBlocks: [MarkdownCodeBlock] {
        if case .code(let code) = self { return [code] }
        return children.flatMap(\.codeBlocks)
    }

    public var tables: [MarkdownTable] {
        if case .table(let table) = self { return [table] }
        return children.flatMap(\.tables)
    }
}

/// A run of prose with where it starts: a heading, a paragraph, a list item's own text, a
/// table cell. Searches report the unit a match falls in.
public struct MarkdownText: Sendable, Hashable {
    public var text: String
    public var location: SourceLocation

    public init(text: String, location: SourceLocation) {
        self.text = text
        self.location = location
    }
}

extension MarkdownBlock {
    /// The prose of this block as located units (code and HTML left out).
    public var textUnits: [MarkdownText] {
        switch self {
        case .heading(let h): return [MarkdownText(text: h.text, location: h.location)]
        case .paragraph(let p): return [MarkdownText(text: p.text, location: p.location)]
        case .list(let l):
            return l.items.flatMap { item in
                item.blocks.enumerated().flatMap { index, block -> [MarkdownText] in
                    // The item's first paragraph is located at the item's marker.
                    if index == 0, case .paragraph(let p) = block {
                        return [MarkdownText(text: p.text, location: item.location)]
                    }
                    return block.textUnits
                }
            }
        case .table(let t):
            return (t.header + t.rows.flatMap { $0 }).map { MarkdownText(text: $0.text, location: $0.location) }
        case .quote(let blocks, _, _): return blocks.flatMap(\.textUnits)
        case .code, .html, .rule: return []
        }
    }
}

extension MarkdownSection {
    /// The section's prose, heading first, sub-sections included.
    public var textUnits: [MarkdownText] {
        [MarkdownText(text: heading.text, location: heading.location)] + allBlocks.flatMap(\.textUnits)
    }
}

extension MarkdownDocument {
    /// All the document's prose.
    public var textUnits: [MarkdownText] { blocks.flatMap(\.textUnits) }
}
