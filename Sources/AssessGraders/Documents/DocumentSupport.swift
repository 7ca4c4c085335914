import AssessCore
import AssessFormats
import Foundation

/// What the document graders share: reading the input's Markdown files, finding sections by
/// name, and reading the things a section lists.
extension GradingJob {
    /// Every input file parsed as Markdown (a parse never fails; front-matter problems are kept),
    /// once per run: the ten criteria of a rubric that read the same design share one parse.
    /// A file holding a table over cmark-gfm's reading budget is refused as unreadable input,
    /// so the criterion ends in `error` with the table's line rather than grading a document
    /// the reader had to cut.
    func markdownDocuments() throws -> [MarkdownDocument] { try markdownDocuments(files) }

    /// `files` parsed as Markdown, through the run's cache.
    func markdownDocuments(_ files: [SubmissionFile]) throws -> [MarkdownDocument] {
        try files.map { file in
            let document: MarkdownDocument
            do throws(ReadFailure) {
                document = try reading(MarkdownReader.self, of: file).model
            } catch {
                throw SubmissionError(path: file.path, reason: error.problems.first?.message ?? "cannot be read")
            }
            if let over = document.tablesLeftOut.first {
                throw SubmissionError(
                    path: file.path, reason: "was not read: at line \(over.location?.line ?? 1), \(over.message)")
            }
            return document
        }
    }
}

/// Section names as a rubric writes them: a name or a list of synonyms.
struct SectionNames: Sendable, Hashable, CustomStringConvertible {
    var names: [String]
    var description: String {
        names.count == 1
            ? "'\(names[0])'" : "'\(names[0])' (or \(names.dropFirst().map { "'\($0)'" }.joined(separator: ", ")))"
    }

    static func read(_ key: String, from reader: MappingReader, required: Bool = false) -> SectionNames? {
        guard let names = reader.strings(key, required: required) else { return nil }
        if names.isEmpty {
            reader.log.error(at: reader.node(key)?.location, "'\(key)' needs at least one name")
            return nil
        }
        return SectionNames(names: names)
    }

    /// The first matching section across `documents`.
    func find(in documents: [MarkdownDocument]) -> MarkdownSection? {
        documents.lazy.compactMap { $0.sections(named: self.names).first }.first
    }

    /// Says which heading stood in for the wanted name when the learner worded it their own way
    /// ("heading 'API and Versioning Strategy' taken as 'API Strategy'"); nil when the heading
    /// holds the name as written, so a reviewer sees every loose reading and only those.
    func taken(_ section: MarkdownSection) -> String? {
        let ranked = names.compactMap { name in HeadingMatcher.closeness(section.title, name: name).map { (name, $0) } }
        guard let best = ranked.max(by: { $0.1 < $1.1 }), best.1 < .contained else { return nil }
        return "heading '\(section.title)' taken as '\(best.0)' (\(best.1))"
    }
}

/// What `markdown.items` counts in a section.
enum ItemKind: String, Sendable, Hashable, CaseIterable {
    /// The first of list items, sub-headings or table rows the section has.
    case auto
    case list, headings, rows
}

/// A named thing a section lists, and where.
struct SectionItem: Sendable, Hashable {
    var name: String
    var location: SourceLocation
}

extension MarkdownSection {
    /// The top-level items of the section's lists, its direct sub-headings or its table rows.
    func items(_ kind: ItemKind) -> (kind: ItemKind, items: [SectionItem]) {
        switch kind {
        case .list:
            let lists = blocks.compactMap { block -> MarkdownList? in
                if case .list(let list) = block { return list }
                return nil
            }
            return (.list, lists.flatMap(\.items).map { SectionItem(name: $0.name, location: $0.location) })
        case .headings:
            return (.headings, subsections.map { SectionItem(name: $0.title, location: $0.location) })
        case .rows:
            let tables = blocks.compactMap { block -> MarkdownTable? in
                if case .table(let table) = block { return table }
                return nil
            }
            return (
                .rows,
                tables.flatMap(\.rows).compactMap { row in
                    row.first.map { SectionItem(name: $0.text, location: $0.location) }
                }
            )
        case .auto:
            for candidate in [ItemKind.list, .headings, .rows] {
                let found = items(candidate)
                if !found.items.isEmpty { return found }
            }
            return (.list, [])
        }
    }
}

extension MarkdownListItem {
    /// What the item names: its bold or code lead, else the text before a colon or dash.
    var name: String {
        if let lead, !lead.isEmpty { return lead }
        for separator in [":", " — ", " – ", " - "] {
            if let range = text.range(of: separator) {
                return String(text[..<range.lowerBound]).trimmingCharacters(in: .whitespaces)
            }
        }
        return text
    }
}

extension ItemKind {
    var noun: String {
        switch self {
        case .auto, .list: return "list item"
        case .headings: return "sub-heading"
        case .rows: return "table row"
        }
    }
}

/// A finding about a whole document, at its first line.
func documentFinding(_ documents: [MarkdownDocument], _ message: String) -> Finding {
    .error(message, at: documents.first.map { SourceLocation(file: $0.file, line: 1, column: 1) })
}
