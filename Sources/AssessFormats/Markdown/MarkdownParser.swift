import AssessYAML
internal import CCmarkGFM
import Foundation
import Synchronization

/// cmark-gfm keeps global mutable state: its core-extension registration is an unguarded
/// check-then-set, and inline parsing writes a shared special-character table (cmark-gfm
/// issues #176 and #207; two parses at once abort in `finalize`). Every call into the
/// library goes through this one lock; a parse takes milliseconds, so graders running
/// concurrently lose little.
private let cmarkGate = Mutex(())

/// Reads Markdown through the system cmark-gfm (CommonMark plus GitHub's tables, task lists,
/// strikethrough and autolinks), with source positions, into a `MarkdownDocument`. The C tree
/// is copied into Swift values and freed before `parse` returns.
public struct MarkdownParser: Sendable {
    public init() {}

    public func parse(_ text: String, file: String) -> MarkdownDocument {
        let (rawBody, frontMatter, problems) = Self.splitFrontMatter(text, file: file)
        let (body, tableProblems) = MarkdownTableBudget().apply(to: rawBody, file: file)
        var document = cmarkGate.withLock { _ in
            parseBody(body, frontMatter: frontMatter, problems: problems + tableProblems, file: file)
        }
        document.tablesLeftOut = tableProblems
        return document
    }

    private func parseBody(_ body: String, frontMatter: YAMLNode?, problems: [Diagnostic], file: String)
        -> MarkdownDocument
    {
        cmark_gfm_core_extensions_ensure_registered()
        guard let parser = cmark_parser_new(CMARK_OPT_SOURCEPOS | CMARK_OPT_FOOTNOTES) else {
            return MarkdownDocument(
                file: file, frontMatter: frontMatter, frontMatterProblems: problems, blocks: [], links: [])
        }
        defer { cmark_parser_free(parser) }
        for name in ["table", "tasklist", "strikethrough", "autolink"] {
            if let extensionPointer = cmark_find_syntax_extension(name) {
                cmark_parser_attach_syntax_extension(parser, extensionPointer)
            }
        }
        var bytes = Array(body.utf8)
        bytes.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                cmark_parser_feed(parser, $0, buffer.count)
            }
        }
        guard let root = cmark_parser_finish(parser) else {
            return MarkdownDocument(
                file: file, frontMatter: frontMatter, frontMatterProblems: problems, blocks: [], links: [])
        }
        defer { cmark_node_free(root) }
        var converter = Converter(file: file)
        let blocks = converter.blocks(under: root)
        return MarkdownDocument(
            file: file, frontMatter: frontMatter, frontMatterProblems: problems + converter.problems, blocks: blocks,
            links: converter.links)
    }

    /// Takes a leading `---` … `---` (or `...`) block off as YAML, leaving blank lines in its
    /// place so every later line keeps its number.
    static func splitFrontMatter(_ text: String, file: String) -> (String, YAMLNode?, [Diagnostic]) {
        guard text.hasPrefix("---\n") || text.hasPrefix("---\r\n") else { return (text, nil, []) }
        let lines = text.lines
        guard let close = lines.dropFirst().firstIndex(where: { $0 == "---" || $0 == "..." }) else {
            return (text, nil, [])
        }
        let yaml = "\n" + lines[1..<close].joined(separator: "\n")
        let blanked = Array(repeating: "", count: close + 1) + lines[(close + 1)...].map(String.init)
        let body = blanked.joined(separator: "\n")
        do {
            return (body, try YAMLParser().parse(yaml, file: file), [])
        } catch {
            return (body, nil, error.diagnostics)
        }
    }
}

/// Walks cmark's tree, turning nodes into `MarkdownBlock` values.
private struct Converter {
    let file: String
    var links: [MarkdownLink] = []

    init(file: String) {
        self.file = file
    }

    func type(_ node: OpaquePointer) -> String {
        cmark_node_get_type_string(node).map { String(cString: $0) } ?? ""
    }

    func location(_ node: OpaquePointer) -> SourceLocation {
        SourceLocation(
            file: file, line: Int(max(1, cmark_node_get_start_line(node))),
            column: Int(max(1, cmark_node_get_start_column(node))))
    }

    func endLine(_ node: OpaquePointer) -> Int {
        Int(max(cmark_node_get_end_line(node), cmark_node_get_start_line(node)))
    }

    func children(_ node: OpaquePointer) -> [OpaquePointer] {
        var result: [OpaquePointer] = []
        var child = cmark_node_first_child(node)
        while let current = child {
            result.append(current)
            child = cmark_node_next(current)
        }
        return result
    }

    func literal(_ node: OpaquePointer) -> String {
        cmark_node_get_literal(node).map { String(cString: $0) } ?? ""
    }

    /// The plain text of inline content, collecting links on the way.
    mutating func inlineText(_ node: OpaquePointer) -> String {
        inlineText(node, collectingLinks: true)
    }

    /// Walks the inline tree with cmark's own iterator (enter and exit events, no recursion):
    /// emphasis nested fifty thousand deep in a 700 KB paragraph is a long loop here, never a
    /// deep stack. A link's text is what was written between its enter and exit events; links
    /// are collected innermost first, in the order their ends are reached.
    mutating func inlineText(_ node: OpaquePointer, collectingLinks: Bool) -> String {
        var out = ""
        guard let iterator = cmark_iter_new(node) else { return out }
        defer { cmark_iter_free(iterator) }
        var linkStarts: [Int] = []  // UTF-8 offsets into `out` where each open link's text begins
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE || event == CMARK_EVENT_NONE { break }
            guard let current = cmark_iter_get_node(iterator), current != node else { continue }
            let kind = type(current)
            switch (kind, event) {
            case ("text", CMARK_EVENT_ENTER), ("code", CMARK_EVENT_ENTER): out += literal(current)
            case ("html_inline", CMARK_EVENT_ENTER): if collectingLinks { out += literal(current) }
            case ("softbreak", CMARK_EVENT_ENTER), ("linebreak", CMARK_EVENT_ENTER): out += " "
            case ("link", CMARK_EVENT_ENTER), ("image", CMARK_EVENT_ENTER):
                if collectingLinks { linkStarts.append(out.utf8.count) }
            case ("link", CMARK_EVENT_EXIT), ("image", CMARK_EVENT_EXIT):
                guard collectingLinks, let start = linkStarts.popLast() else { continue }
                let text = String(decoding: out.utf8.dropFirst(start), as: UTF8.self)
                links.append(
                    MarkdownLink(
                        destination: cmark_node_get_url(current).map { String(cString: $0) } ?? "", text: text,
                        isImage: kind == "image", location: location(current)))
            default: break
            }
        }
        return out
    }

    /// Deepest block nesting copied; deeper content (a hostile `>>>>…` line) is left out with
    /// a problem, so a document can never exhaust the stack.
    static let maxDepth = 128
    var depth = 0
    var problems: [Diagnostic] = []

    mutating func blocks(under node: OpaquePointer) -> [MarkdownBlock] {
        guard depth < Self.maxDepth else {
            if problems.isEmpty {
                problems.append(
                    .warning(at: location(node), "blocks nested deeper than \(Self.maxDepth) levels were not read"))
            }
            return []
        }
        depth += 1
        defer { depth -= 1 }
        return children(node).compactMap { block($0) }
    }

    mutating func block(_ node: OpaquePointer) -> MarkdownBlock? {
        let at = location(node)
        switch type(node) {
        case "heading":
            let text = inlineText(node).trimmingSpaces
            return .heading(MarkdownHeading(level: Int(cmark_node_get_heading_level(node)), text: text, location: at))
        case "paragraph":
            return .paragraph(
                MarkdownParagraph(text: inlineText(node).trimmingSpaces, location: at, endLine: endLine(node)))
        case "list":
            let ordered = cmark_node_get_list_type(node) == CMARK_ORDERED_LIST
            let items = children(node).map { item(for: $0) }
            return .list(MarkdownList(ordered: ordered, items: items, location: at, endLine: endLine(node)))
        case "table":
            var rows: [[MarkdownTableCell]] = []
            var header: [MarkdownTableCell] = []
            for row in children(node) {
                let cells = children(row).map { cell in
                    MarkdownTableCell(text: inlineText(cell).trimmingSpaces, location: location(cell))
                }
                if type(row) == "table_header" || cmark_gfm_extensions_get_table_row_is_header(row) != 0 {
                    header = cells
                } else {
                    rows.append(cells)
                }
            }
            return .table(MarkdownTable(header: header, rows: rows, location: at, endLine: endLine(node)))
        case "code_block":
            let info = cmark_node_get_fence_info(node).map { String(cString: $0) } ?? ""
            let fenced = Self.isFence(at: at, info: info, node: node)
            var block = MarkdownCodeBlock(
                info: info.trimmingSpaces, code: literal(node), location: at, endLine: endLine(node), isFenced: fenced)
            if block.language == "mermaid" {
                block.diagram = MermaidParser.parse(block.code, start: block.contentStart)
            }
            return .code(block)
        case "block_quote":
            return .quote(blocks(under: node), at, endLine: endLine(node))
        case "html_block":
            return .html(literal(node), at, endLine: endLine(node))
        case "thematic_break":
            return .rule(at)
        default:
            let inner = blocks(under: node)
            return inner.isEmpty ? nil : .quote(inner, at, endLine: endLine(node))
        }
    }

    /// cmark gives fenced and indented code the same node type; it says which it is here.
    static func isFence(at: SourceLocation, info: String, node: OpaquePointer) -> Bool {
        var length: Int32 = 0
        var offset: Int32 = 0
        var character: CChar = 0
        return cmark_node_get_fenced(node, &length, &offset, &character) != 0
    }

    mutating func item(for node: OpaquePointer) -> MarkdownListItem {
        let at = location(node)
        let checked: Bool? = type(node) == "tasklist" ? cmark_gfm_extensions_get_tasklist_item_checked(node) : nil
        var lead: String?
        var text = ""
        if let first = children(node).first, type(first) == "paragraph" {
            if let span = cmark_node_first_child(first), ["strong", "code", "emph"].contains(type(span)) {
                lead = (type(span) == "code" ? literal(span) : inlineTextWithoutLinks(span)).trimmingSpaces
            }
        }
        let inner = blocks(under: node)
        if case .paragraph(let paragraph)? = inner.first { text = paragraph.text }
        return MarkdownListItem(text: text, blocks: inner, checked: checked, location: at, lead: lead)
    }

    mutating func inlineTextWithoutLinks(_ node: OpaquePointer) -> String {
        inlineText(node, collectingLinks: false)
    }
}

extension String {
    var trimmingSpaces: String {
        var view = Substring(self)
        while let first = view.first, first.isWhitespace { view = view.dropFirst() }
        while let last = view.last, last.isWhitespace { view = view.dropLast() }
        return String(view)
    }
}

/// Short Markdown (a rubric's hint, a reviewer's comment) as HTML, through the same cmark-gfm
/// and the same lock as the parser: GitHub's tables, strikethrough and autolinks; raw HTML in
/// the text is left out (cmark's safe default), so a hint cannot inject markup into a report.
public enum MarkdownHTML {
    public static func render(_ text: String) -> String {
        cmarkGate.withLock { _ -> String in
            cmark_gfm_core_extensions_ensure_registered()
            guard let parser = cmark_parser_new(CMARK_OPT_DEFAULT) else { return "" }
            defer { cmark_parser_free(parser) }
            for name in ["table", "strikethrough", "autolink"] {
                if let extensionPointer = cmark_find_syntax_extension(name) {
                    cmark_parser_attach_syntax_extension(parser, extensionPointer)
                }
            }
            var bytes = Array(text.utf8)
            bytes.withUnsafeMutableBufferPointer { buffer in
                buffer.baseAddress.map { base in
                    base.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                        cmark_parser_feed(parser, $0, buffer.count)
                    }
                }
            }
            guard let root = cmark_parser_finish(parser) else { return "" }
            defer { cmark_node_free(root) }
            guard let html = cmark_render_html(root, CMARK_OPT_DEFAULT, cmark_parser_get_syntax_extensions(parser))
            else { return "" }
            defer { free(html) }
            return String(cString: html)
        }
    }
}
