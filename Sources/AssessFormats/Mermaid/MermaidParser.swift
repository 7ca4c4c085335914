public import AssessYAML

/// Reads the text of a ```` ```mermaid ```` fence into a `MermaidDiagram`.
///
/// The parser is forgiving on purpose: a document is graded, not rendered, so one statement it
/// cannot read becomes a warning in `problems` and the statements around it are still read. A
/// statement is taken whole or not at all (a half-read chain adds no nodes), so a typo never
/// invents a node. It never throws, and every loop advances, so any input ends.
///
/// Columns count Unicode scalars, like `JSONReader`, from `start.column` for the first character
/// of every line: when the fence is indented and its lines were un-indented, pass the column of
/// the indentation so the locations are the file's.
public enum MermaidParser {
    /// `source` is the text inside a ```mermaid fence; `start` is the location of its first line in the file
    /// (so node locations are real file lines: line = start.line + index of the line in source).
    public static func parse(_ source: String, start: SourceLocation) -> MermaidDiagram {
        let lines = splitLines(source)
        var problems: [Diagnostic] = []
        func location(_ line: Int, _ column: Int) -> SourceLocation {
            SourceLocation(file: start.file, line: start.line + line, column: start.column + column)
        }
        guard let header = findHeader(lines, problems: &problems, location: location) else {
            if problems.isEmpty { problems.append(.warning(at: start, "the diagram is empty: no diagram type line")) }
            return MermaidDiagram(kind: .other, type: "", isParsed: false, problems: problems, location: start)
        }
        let kind = diagramKind(header.keyword)
        var diagram = MermaidDiagram(
            kind: kind, type: header.keyword, isParsed: kind != .other, problems: problems, location: start)
        guard kind != .other else { return diagram }
        let statements = StatementSplitter.split(
            lines, line: header.line, column: header.bodyColumn, semicolons: kind != .c4, brackets: kind == .flowchart)
        switch kind {
        case .flowchart:
            var builder = FlowchartBuilder()
            for statement in statements { builder.read(statement, at: location(statement.line, statement.column)) }
            builder.finish(into: &diagram)
        case .sequence:
            var builder = SequenceBuilder()
            for statement in statements { builder.read(statement, at: location(statement.line, statement.column)) }
            builder.finish(into: &diagram)
        case .c4:
            var builder = C4Builder()
            for statement in statements { builder.read(statement, at: location(statement.line, statement.column)) }
            builder.finish(into: &diagram)
        case .other:
            break
        }
        return diagram
    }

    static func diagramKind(_ keyword: String) -> MermaidDiagram.Kind {
        switch keyword {
        case "flowchart", "graph", "flowchart-elk": .flowchart
        case "sequenceDiagram": .sequence
        case "C4Context", "C4Container", "C4Component", "C4Dynamic", "C4Deployment": .c4
        default: .other
        }
    }

    /// Lines split on LF, CRLF or a lone CR (what cmark counts as line endings), as scalars.
    static func splitLines(_ source: String) -> [[Unicode.Scalar]] {
        var lines: [[Unicode.Scalar]] = [[]]
        var previousWasCR = false
        for scalar in source.unicodeScalars {
            if scalar == "\n" {
                if !previousWasCR { lines.append([]) }
                previousWasCR = false
            } else if scalar == "\r" {
                lines.append([])
                previousWasCR = true
            } else {
                lines[lines.count - 1].append(scalar)
                previousWasCR = false
            }
        }
        return lines
    }

    struct Header {
        var keyword: String
        var line: Int
        /// Where statements may start on the header line (after the keyword and a flowchart direction).
        var bodyColumn: Int
    }

    /// The first line that is not blank, front matter, a comment or a `%%{init}%%` directive.
    static func findHeader(
        _ lines: [[Unicode.Scalar]], problems: inout [Diagnostic], location: (Int, Int) -> SourceLocation
    ) -> Header? {
        var index = 0
        while index < lines.count, lines[index].trimmedScalars().isEmpty { index += 1 }
        if index < lines.count, MermaidText.string(lines[index].trimmedScalars()) == "---" {
            let opening = index
            index += 1
            while index < lines.count, MermaidText.string(lines[index].trimmedScalars()) != "---" { index += 1 }
            guard index < lines.count else {
                problems.append(.warning(at: location(opening, 0), "front matter opened with '---' is never closed"))
                return nil
            }
            index += 1
        }
        while index < lines.count {
            let text = lines[index].trimmedScalars()
            if text.isEmpty {
                index += 1
            } else if text.starts(with: "%%{".unicodeScalars) {
                index = StatementSplitter.endOfDirective(lines, from: index) + 1
            } else if text.starts(with: "%%".unicodeScalars) {
                index += 1
            } else {
                break
            }
        }
        guard index < lines.count else { return nil }
        let line = lines[index]
        var column = line.firstIndex { !$0.properties.isWhitespace } ?? 0
        let keywordStart = column
        while column < line.count, !line[column].properties.isWhitespace, line[column] != ";" { column += 1 }
        let keyword = MermaidText.string(line[keywordStart..<column])
        if diagramKind(keyword) == .flowchart {
            var after = column
            while after < line.count, line[after].properties.isWhitespace { after += 1 }
            var end = after
            while end < line.count, line[end].properties.isAlphabetic { end += 1 }
            let word = MermaidText.string(line[after..<end])
            if ["TB", "TD", "BT", "RL", "LR"].contains(word) {
                column = end
            } else if end == after, after < line.count, ["<", ">", "^", "v"].contains(line[after]),
                after + 1 == line.count || line[after + 1].properties.isWhitespace || line[after + 1] == ";"
            {
                column = after + 1
            }
        }
        return Header(keyword: keyword, line: index, bodyColumn: column)
    }
}

// MARK: - Statements

/// One statement: the text between line ends (and `;` where the diagram type allows it), trimmed,
/// with the line index and the column offset of its first character.
struct MermaidStatement {
    var text: [Unicode.Scalar]
    var line: Int
    var column: Int

    var string: String { MermaidText.string(text) }

    /// The statement for a message, shortened so a warning stays one line.
    var quoted: String {
        let text = string
        return text.count > 60 ? "'\(text.prefix(57))...'" : "'\(text)'"
    }
}

enum StatementSplitter {
    /// Splits the body into statements. `%%` starts a comment outside quotes (and brackets);
    /// `%%{…}%%` directives and `accDescr { … }` blocks are skipped whole; `;` ends a statement
    /// outside quotes and brackets unless it closes an entity code (`#59;`; not in `style` lines). A markdown string
    /// (`"` followed by a backtick) may run over several lines when it is closed later on.
    static func split(
        _ lines: [[Unicode.Scalar]], line firstLine: Int, column firstColumn: Int, semicolons: Bool, brackets: Bool
    ) -> [MermaidStatement] {
        var statements: [MermaidStatement] = []
        var current: [Unicode.Scalar] = []
        var startLine = 0
        var startColumn = 0
        var inQuote = false
        var markdownQuote = false
        var depth = 0

        func flush() {
            let trimmed = current.trimmedScalars()
            if !trimmed.isEmpty {
                statements.append(MermaidStatement(text: Array(trimmed), line: startLine, column: startColumn))
            }
            current = []
            depth = 0
        }

        var index = firstLine
        while index < lines.count {
            let line = lines[index]
            var column = index == firstLine ? firstColumn : 0
            let continuing = inQuote
            if !continuing && index != firstLine {
                let text = line.trimmedScalars()
                if text.starts(with: "%%{".unicodeScalars) {
                    index = endOfDirective(lines, from: index) + 1
                    continue
                }
                if text.starts(with: "%%".unicodeScalars) {
                    index += 1
                    continue
                }
                if isAccessibilityBlock(text) {
                    var end = index
                    while end < lines.count, !lines[end].contains("}") { end += 1 }
                    index = end + 1
                    continue
                }
            }
            while column < line.count {
                let c = line[column]
                defer { column += 1 }
                if inQuote {
                    current.append(c)
                    if c == "\"" { inQuote = false }
                    continue
                }
                if current.isEmpty {
                    if c.properties.isWhitespace { continue }
                    startLine = index
                    startColumn = column
                }
                if c == "\"" {
                    inQuote = true
                    markdownQuote = column + 1 < line.count && line[column + 1] == "`"
                    current.append(c)
                    continue
                }
                if c == "%", column + 1 < line.count, line[column + 1] == "%", depth == 0 {
                    column = line.count
                    break
                }
                if brackets {
                    if c == "(" || c == "[" || c == "{" { depth += 1 }
                    if c == ")" || c == "]" || c == "}" { depth = max(0, depth - 1) }
                }
                if c == ";", semicolons, depth == 0, isStyle(current) || !endsWithEntityName(current) {
                    flush()
                    continue
                }
                current.append(c)
            }
            if inQuote, markdownQuote, closesLater(lines, line: index + 1) {
                current.append("\n")
            } else {
                inQuote = false
                flush()
            }
            index += 1
        }
        flush()
        return statements
    }

    /// The line that ends the `%%{` directive starting on `from` (the same line when it closes there).
    static func endOfDirective(_ lines: [[Unicode.Scalar]], from: Int) -> Int {
        var index = from
        while index < lines.count {
            if lines[index].containsScalars("}%%") { return index }
            index += 1
        }
        return from  // never closed: skip only the opening line
    }

    /// `accDescr {` opens a multi-line accessibility description that ends at `}`.
    static func isAccessibilityBlock(_ text: ArraySlice<Unicode.Scalar>) -> Bool {
        guard text.starts(with: "accDescr".unicodeScalars) else { return false }
        let rest = text.dropFirst(8).trimmedScalars()
        return rest.first == "{"
    }

    /// `style A fill:#f9f;`: in these statements `#…;` is a colour, not an entity code (as Mermaid reads them).
    static func isStyle(_ text: [Unicode.Scalar]) -> Bool {
        ["style", "classDef", "linkStyle"].contains { text.starts(with: $0.unicodeScalars) }
    }

    /// True when `text` ends in `#name` or `#123`, so a following `;` closes an entity code.
    static func endsWithEntityName(_ text: [Unicode.Scalar]) -> Bool {
        var index = text.count - 1
        while index >= 0, text[index].properties.isAlphabetic || ("0"..."9").contains(text[index]) { index -= 1 }
        return index >= 0 && index < text.count - 1 && text[index] == "#"
    }

    /// Whether a markdown string's closing backtick-quote appears on a later line.
    static func closesLater(_ lines: [[Unicode.Scalar]], line: Int) -> Bool {
        var index = line
        while index < lines.count {
            let text = lines[index]
            if text.count >= 2 {
                for i in 0..<(text.count - 1) where text[i] == "`" && text[i + 1] == "\"" { return true }
            }
            index += 1
        }
        return false
    }
}

// MARK: - Text

enum MermaidLabel {
    /// The label as a reader sees it: a markdown string loses its backticks and `**`, `<br>` /
    /// `<br/>` / `<br />` and line breaks become spaces, entity codes are decoded, runs of spaces
    /// collapse and the ends are trimmed.
    static func clean<S: Sequence>(_ raw: S) -> String where S.Element == Unicode.Scalar {
        var text = Array(Array(raw).trimmedScalars())
        if text.count >= 2, text.first == "`", text.last == "`" {
            text = Array(text.dropFirst().dropLast())
            text = removing("**", from: text)
        }
        var output: [Unicode.Scalar] = []
        var index = 0
        while index < text.count {
            let c = text[index]
            if c == "<", let end = lineBreakTag(text, at: index) {
                output.append(" ")
                index = end
                continue
            }
            if c == "#", let (decoded, end) = entity(text, at: index) {
                output.append(decoded)
                index = end
                continue
            }
            output.append(c)
            index += 1
        }
        var collapsed: [Unicode.Scalar] = []
        for c in output {
            if c.properties.isWhitespace {
                if let last = collapsed.last, last != " " { collapsed.append(" ") }
            } else {
                collapsed.append(c)
            }
        }
        return MermaidText.string(collapsed.trimmedScalars())
    }

    static func removing(_ marker: String, from text: [Unicode.Scalar]) -> [Unicode.Scalar] {
        let m = Array(marker.unicodeScalars)
        var output: [Unicode.Scalar] = []
        var index = 0
        while index < text.count {
            if text[index...].starts(with: m) {
                index += m.count
            } else {
                output.append(text[index])
                index += 1
            }
        }
        return output
    }

    /// The index after `<br>`, `<br/>` or `<br />` (any case) starting at `index`.
    static func lineBreakTag(_ text: [Unicode.Scalar], at index: Int) -> Int? {
        guard index + 3 < text.count, text[index + 1] == "b" || text[index + 1] == "B",
            text[index + 2] == "r" || text[index + 2] == "R"
        else { return nil }
        var i = index + 3
        while i < text.count, text[i] == " " { i += 1 }
        if i < text.count, text[i] == "/" { i += 1 }
        guard i < text.count, text[i] == ">" else { return nil }
        return i + 1
    }

    static let namedEntities: [String: Unicode.Scalar] = [
        "quot": "\"", "amp": "&", "lt": "<", "gt": ">", "apos": "'", "nbsp": " ", "semi": ";", "num": "#",
    ]

    /// Mermaid's entity codes: `#quot;`, `#35;` (decimal), and `#x23;` (hex).
    static func entity(_ text: [Unicode.Scalar], at index: Int) -> (Unicode.Scalar, Int)? {
        var end = index + 1
        while end < text.count, end - index <= 10, text[end].properties.isAlphabetic || ("0"..."9").contains(text[end])
        {
            end += 1
        }
        guard end < text.count, text[end] == ";", end > index + 1 else { return nil }
        let name = MermaidText.string(text[(index + 1)..<end])
        if let scalar = namedEntities[name] { return (scalar, end + 1) }
        if let value = UInt32(name), let scalar = Unicode.Scalar(value) { return (scalar, end + 1) }
        if name.first == "x", let value = UInt32(name.dropFirst(), radix: 16), let scalar = Unicode.Scalar(value) {
            return (scalar, end + 1)
        }
        return nil
    }
}

/// A position in one statement's scalars, with the small look-ahead helpers the readers share.
struct MermaidCursor {
    let text: [Unicode.Scalar]
    var index = 0

    init(_ text: [Unicode.Scalar]) { self.text = text }

    var atEnd: Bool { index >= text.count }
    func peek(_ offset: Int = 0) -> Unicode.Scalar? {
        index + offset < text.count && index + offset >= 0 ? text[index + offset] : nil
    }
    func looksAt(_ literal: String) -> Bool { text[min(index, text.count)...].starts(with: literal.unicodeScalars) }
    mutating func take(_ literal: String) -> Bool {
        guard looksAt(literal) else { return false }
        index += literal.unicodeScalars.count
        return true
    }
    mutating func skipSpaces() {
        while let c = peek(), c.properties.isWhitespace { index += 1 }
    }
    var rest: ArraySlice<Unicode.Scalar> { text[min(index, text.count)...] }

    /// The first index at or after the cursor where `literal` starts.
    func find(_ literal: String) -> Int? {
        let needle = Array(literal.unicodeScalars)
        var i = index
        while i + needle.count <= text.count {
            if text[i..<(i + needle.count)].elementsEqual(needle) { return i }
            i += 1
        }
        return nil
    }

    static func isWord(_ c: Unicode.Scalar) -> Bool {
        c.properties.isAlphabetic || ("0"..."9").contains(c) || c == "_"
    }
}

// MARK: - Flowchart

struct FlowchartBuilder {
    var nodes: [MermaidNode] = []
    var nodeIndex: [String: Int] = [:]
    var edges: [MermaidEdge] = []
    var groups: [MermaidGroup] = []
    var frames: [Frame] = []
    /// Ids that already belong to a closed subgraph: Mermaid keeps a node in the first one only.
    var claimed: Set<String> = []
    var subgraphCount = 0
    var edgeIDs: Set<String> = []
    var problems: [Diagnostic] = []

    enum Member {
        case node(String)
        case group(Int)
    }

    struct Frame {
        var slot: Int
        var id: String?
        var members: [Member] = []
    }

    struct NodeRef {
        var id: String
        var shape: (kind: String, label: String)?
    }

    struct Link {
        var arrow: String
        var label: String?
    }

    static let ignoredKeywords: Set<String> = ["style", "classDef", "class", "click", "linkStyle", "direction"]

    mutating func read(_ statement: MermaidStatement, at location: SourceLocation) {
        var cursor = MermaidCursor(statement.text)
        var word = ""
        while let c = cursor.peek(), c.properties.isAlphabetic {
            word.unicodeScalars.append(c)
            cursor.index += 1
        }
        let wordEnds = cursor.atEnd || cursor.peek()!.properties.isWhitespace
        if statement.string == "end" {
            close(at: location)
            return
        }
        if word == "subgraph", wordEnds {
            open(cursor, at: location)
            return
        }
        if word == "accTitle" || word == "accDescr" {
            cursor.skipSpaces()
            if cursor.peek() == ":" || cursor.peek() == "{" { return }
        }
        if Self.ignoredKeywords.contains(word), wordEnds {
            cursor.skipSpaces()
            if let c = cursor.peek(), !"-=.~<&".unicodeScalars.contains(c) { return }
        }
        var parser = FlowchartStatementParser(cursor: MermaidCursor(statement.text))
        switch parser.parse(edgeIDs: edgeIDs) {
        case .failure(let message):
            problems.append(
                .warning(at: location, "could not read flowchart statement \(statement.quoted): \(message)"))
        case .edgeProperties:
            return
        case .success(let groupsInChain, let links):
            edgeIDs.formUnion(parser.edgeIDs)
            for group in groupsInChain {
                for node in group { touch(node, at: location) }
            }
            for (offset, link) in links.enumerated() {
                for from in groupsInChain[offset] {
                    for to in groupsInChain[offset + 1] {
                        edges.append(
                            MermaidEdge(
                                from: from.id, to: to.id, label: link.label, arrow: link.arrow, location: location))
                    }
                }
            }
        }
    }

    /// Adds or updates a node: a shape or label replaces the old one (as in Mermaid), a bare mention
    /// keeps it.
    mutating func touch(_ node: NodeRef, at location: SourceLocation) {
        if let index = nodeIndex[node.id] {
            if let shape = node.shape {
                nodes[index].kind = shape.kind
                nodes[index].label = shape.label
            }
        } else {
            nodeIndex[node.id] = nodes.count
            nodes.append(
                MermaidNode(
                    id: node.id, label: node.shape?.label ?? node.id, kind: node.shape?.kind ?? "default",
                    location: location))
        }
        if !frames.isEmpty { frames[frames.count - 1].members.append(.node(node.id)) }
    }

    /// `subgraph id`, `subgraph id [Title]`, `subgraph id["Title"]`, `subgraph Title with spaces`, `subgraph "Title"`.
    mutating func open(_ cursor: MermaidCursor, at location: SourceLocation) {
        var cursor = cursor
        cursor.skipSpaces()
        let rest = Array(cursor.rest)
        guard !rest.isEmpty else {
            problems.append(.warning(at: location, "subgraph needs an id or a title"))
            openFrame(id: nil, title: "", at: location)
            return
        }
        var idEnd = 0
        while idEnd < rest.count, MermaidCursor.isWord(rest[idEnd]) || rest[idEnd] == "-" || rest[idEnd] == "." {
            idEnd += 1
        }
        var after = idEnd
        while after < rest.count, rest[after].properties.isWhitespace { after += 1 }
        if idEnd > 0, after < rest.count, rest[after] == "[", rest.last == "]" {
            let id = MermaidText.string(rest[..<idEnd])
            openFrame(
                id: id, title: FlowchartStatementParser.titleText(rest[(after + 1)..<(rest.count - 1)]), at: location)
            return
        }
        let title = FlowchartStatementParser.titleText(rest[...])
        let hasSpace = title.unicodeScalars.contains { $0.properties.isWhitespace }
        openFrame(id: hasSpace || title.isEmpty ? nil : title, title: title, at: location)
    }

    mutating func openFrame(id: String?, title: String, at location: SourceLocation) {
        let slot = groups.count
        groups.append(MermaidGroup(id: id ?? "", title: title, members: [], location: location))
        if !frames.isEmpty { frames[frames.count - 1].members.append(.group(slot)) }
        frames.append(Frame(slot: slot, id: id))
    }

    mutating func close(at location: SourceLocation) {
        guard let frame = frames.popLast() else {
            problems.append(.warning(at: location, "'end' without an open subgraph"))
            return
        }
        // Mermaid numbers unnamed subgraphs as they close (inner ones first).
        let id = frame.id ?? "subGraph\(subgraphCount)"
        subgraphCount += 1
        groups[frame.slot].id = id
        var members: [String] = []
        var seen: Set<String> = []
        for member in frame.members {
            let name: String
            switch member {
            case .node(let node): name = node
            case .group(let slot): name = groups[slot].id
            }
            if claimed.contains(name) { continue }
            if seen.insert(name).inserted { members.append(name) }
        }
        claimed.formUnion(members)
        groups[frame.slot].members = members
    }

    mutating func finish(into diagram: inout MermaidDiagram) {
        while let frame = frames.last {
            problems.append(.warning(at: groups[frame.slot].location, "subgraph is not closed with 'end'"))
            close(at: groups[frame.slot].location)
        }
        // An edge to a subgraph's id connects the subgraph; it is not a node of its own.
        let groupIDs = Set(groups.map(\.id))
        diagram.nodes = nodes.filter { !($0.kind == "default" && groupIDs.contains($0.id)) }
        diagram.edges = edges
        diagram.groups = groups
        diagram.problems += problems
    }
}

/// Reads one flowchart statement: node groups (`A & B`) joined by links, left to right.
struct FlowchartStatementParser {
    var cursor: MermaidCursor
    var edgeIDs: Set<String> = []

    enum Result {
        case success([[FlowchartBuilder.NodeRef]], [FlowchartBuilder.Link])
        case edgeProperties
        case failure(String)
    }

    struct Failure: Error, Sendable {
        var message: String
        init(_ message: String) { self.message = message }
    }

    mutating func parse(edgeIDs known: Set<String>) -> Result {
        // `e1@{ animate: true }` sets properties of the edge named e1.
        var probe = cursor
        let id = probe.scanID()
        if !id.isEmpty, known.contains(id), probe.take("@{") { return .edgeProperties }
        do throws(Failure) {
            var groups: [[FlowchartBuilder.NodeRef]] = [try nodeGroup()]
            var links: [FlowchartBuilder.Link] = []
            while true {
                cursor.skipSpaces()
                if cursor.atEnd { break }
                guard let link = try link() else {
                    throw Failure("expected an arrow such as '-->' at \(describe())")
                }
                links.append(link)
                cursor.skipSpaces()
                guard !cursor.atEnd else { throw Failure("expected a node after the arrow '\(link.arrow)'") }
                groups.append(try nodeGroup())
            }
            return .success(groups, links)
        } catch {
            return .failure(error.message)
        }
    }

    func describe() -> String {
        guard !cursor.atEnd else { return "the end" }
        return "'\(MermaidText.string(cursor.rest.prefix(12)))'"
    }

    mutating func nodeGroup() throws(Failure) -> [FlowchartBuilder.NodeRef] {
        var nodes = [try node()]
        while true {
            var probe = cursor
            probe.skipSpaces()
            guard probe.take("&") else { break }
            probe.skipSpaces()
            cursor = probe
            nodes.append(try node())
        }
        return nodes
    }

    mutating func node() throws(Failure) -> FlowchartBuilder.NodeRef {
        let id = cursor.scanID()
        guard !id.isEmpty else { throw Failure("expected a node id at \(describe())") }
        skipClass()
        var shape: (kind: String, label: String)?
        if cursor.looksAt("@{") {
            shape = try shapeProperties()
        } else if let c = cursor.peek(), "([{>".unicodeScalars.contains(c) {
            shape = try bracketShape()
        }
        skipClass()
        return FlowchartBuilder.NodeRef(id: id, shape: shape)
    }

    mutating func skipClass() {
        guard cursor.take(":::") else { return }
        while let c = cursor.peek(), MermaidCursor.isWord(c) || c == "-" { cursor.index += 1 }
    }

    /// Openers longest first; a `[/` or `[\` opener has two closers (parallelogram or trapezoid).
    static let shapes: [(open: String, closers: [(String, String)])] = [
        ("(((", [(")))", "double-circle")]),
        ("((", [("))", "circle")]),
        ("([", [("])", "stadium")]),
        ("(", [(")", "round")]),
        ("[[", [("]]", "subroutine")]),
        ("[(", [(")]", "cylinder")]),
        ("[/", [("/]", "parallelogram"), ("\\]", "trapezoid")]),
        ("[\\", [("\\]", "parallelogram-alt"), ("/]", "trapezoid-alt")]),
        ("[", [("]", "rect")]),
        ("{{", [("}}", "hexagon")]),
        ("{", [("}", "rhombus")]),
        (">", [("]", "asymmetric")]),
    ]

    mutating func bracketShape() throws(Failure) -> (kind: String, label: String) {
        for shape in Self.shapes where cursor.looksAt(shape.open) {
            var probe = cursor
            probe.index += shape.open.unicodeScalars.count
            if let (kind, label) = Self.body(&probe, closers: shape.closers) {
                cursor = probe
                return (kind, label)
            }
        }
        throw Failure("the shape opened at \(describe()) is not closed")
    }

    /// The label and the shape named by the closer found; nil when no closer fits.
    static func body(_ cursor: inout MermaidCursor, closers: [(String, String)]) -> (String, String)? {
        var probe = cursor
        probe.skipSpaces()
        if probe.peek() == "\"" {
            let open = probe.index
            probe.index += 1
            while let c = probe.peek(), c != "\"" { probe.index += 1 }
            if !probe.atEnd {
                let label = cursor.text[(open + 1)..<probe.index]
                probe.index += 1
                probe.skipSpaces()
                for (closer, kind) in closers where probe.take(closer) {
                    cursor = probe
                    return (kind, MermaidLabel.clean(label))
                }
            }
        }
        var best: (at: Int, closer: String, kind: String)?
        for (closer, kind) in closers {
            if let at = cursor.find(closer), best == nil || at < best!.at { best = (at, closer, kind) }
        }
        guard let best else { return nil }
        let label = cursor.text[cursor.index..<best.at]
        cursor.index = best.at + best.closer.unicodeScalars.count
        return (best.kind, MermaidLabel.clean(label))
    }

    /// Mermaid 11's `A@{ shape: cyl, label: "Orders" }`.
    mutating func shapeProperties() throws(Failure) -> (kind: String, label: String) {
        _ = cursor.take("@{")
        var fields: [String: String] = [:]
        var key: [Unicode.Scalar] = []
        var value: [Unicode.Scalar] = []
        var inValue = false
        var inQuote = false
        func store() {
            let name = MermaidText.string(key.trimmedScalars())
            var text = Array(value.trimmedScalars())
            if text.count >= 2, text.first == "\"", text.last == "\"" { text = Array(text.dropFirst().dropLast()) }
            if !name.isEmpty { fields[name] = MermaidText.string(text) }
            key = []
            value = []
            inValue = false
        }
        while true {
            guard let c = cursor.peek() else { throw Failure("'@{' is not closed with '}'") }
            cursor.index += 1
            if inQuote {
                value.append(c)
                if c == "\"" { inQuote = false }
            } else if c == "}" {
                store()
                break
            } else if c == ",", inValue {
                store()
            } else if c == ":", !inValue {
                inValue = true
            } else if inValue {
                if c == "\"" { inQuote = true }
                value.append(c)
            } else {
                key.append(c)
            }
        }
        let written = fields["shape"] ?? "rect"
        let label = fields["label"].map { MermaidLabel.clean($0.unicodeScalars) } ?? ""
        return (Self.shapeAliases[written] ?? written, label)
    }

    /// Mermaid 11 shape names and aliases for the classic shapes, so both spellings give one kind.
    static let shapeAliases: [String: String] = [
        "rect": "rect", "proc": "rect", "process": "rect", "rectangle": "rect",
        "rounded": "round", "event": "round",
        "stadium": "stadium", "pill": "stadium", "terminal": "stadium",
        "fr-rect": "subroutine", "subproc": "subroutine", "subprocess": "subroutine", "subroutine": "subroutine",
        "framed-rectangle": "subroutine",
        "cyl": "cylinder", "cylinder": "cylinder", "database": "cylinder", "db": "cylinder",
        "circle": "circle", "circ": "circle",
        "diam": "rhombus", "diamond": "rhombus", "decision": "rhombus", "question": "rhombus",
        "hex": "hexagon", "hexagon": "hexagon", "prepare": "hexagon",
        "lean-r": "parallelogram", "lean-right": "parallelogram", "in-out": "parallelogram",
        "lean-l": "parallelogram-alt", "lean-left": "parallelogram-alt", "out-in": "parallelogram-alt",
        "trap-b": "trapezoid", "trapezoid": "trapezoid", "trapezoid-bottom": "trapezoid", "priority": "trapezoid",
        "trap-t": "trapezoid-alt", "trapezoid-top": "trapezoid-alt", "inv-trapezoid": "trapezoid-alt",
        "manual": "trapezoid-alt",
        "dbl-circ": "double-circle", "double-circle": "double-circle",
        "odd": "asymmetric",
    ]

    /// A link and its text, or nil (cursor unmoved) when none starts here. An edge id (`e1@-->`) is
    /// remembered so that a later `e1@{ … }` line is not read as a node.
    mutating func link() throws(Failure) -> FlowchartBuilder.Link? {
        var probe = cursor
        let edgeID = probe.scanWord()
        if !edgeID.isEmpty, probe.take("@") {
            var inner = FlowchartStatementParser(cursor: probe)
            if let link = try inner.plainLink() {
                edgeIDs.insert(edgeID)
                cursor = inner.cursor
                return link
            }
        }
        return try plainLink()
    }

    mutating func plainLink() throws(Failure) -> FlowchartBuilder.Link? {
        let start = cursor.index
        var prefix = ""
        if let c = cursor.peek(), c == "x" || c == "o" || c == "<",
            let next = cursor.peek(1), next == "-" || next == "=" || next == "."
        {
            prefix = String(Character(c))
            cursor.index += 1
        }
        var arrow: String
        var text: String?
        if cursor.looksAt("~~~") {
            var n = 0
            while cursor.peek() == "~" {
                n += 1
                cursor.index += 1
            }
            arrow = String(repeating: "~", count: n)
        } else if cursor.peek() == "-" || cursor.peek() == "=" {
            let line = cursor.peek()!
            let n = cursor.run(of: line)
            if n == 1, line == "-", cursor.peek() == "." {
                guard let dotted = try dottedLink(prefix: prefix) else {
                    cursor.index = start
                    return nil
                }
                (arrow, text) = dotted
            } else if n >= 2, let head = cursor.peek(), head == ">" || head == "x" || head == "o" {
                cursor.index += 1
                arrow = prefix + String(repeating: String(Character(line)), count: n) + String(Character(head))
            } else if n >= 3 {
                arrow = prefix + String(repeating: String(Character(line)), count: n)
            } else if n == 2 {
                (arrow, text) = try textLink(prefix: prefix, line: line)
            } else {
                cursor.index = start
                return nil
            }
        } else if cursor.peek() == "." {
            guard let dotted = try dottedLink(prefix: prefix, leadingDash: false) else {
                cursor.index = start
                return nil
            }
            (arrow, text) = dotted
        } else {
            cursor.index = start
            return nil
        }
        var probe = cursor
        probe.skipSpaces()
        if probe.take("|") {
            let open = probe.index
            var inQuote = false
            while let c = probe.peek(), inQuote || c != "|" {
                if c == "\"" { inQuote.toggle() }
                probe.index += 1
            }
            guard !probe.atEnd else { throw Failure("the edge text opened with '|' is not closed") }
            text = Self.edgeText(probe.text[open..<probe.index])
            probe.index += 1
            cursor = probe
        }
        return FlowchartBuilder.Link(arrow: arrow, label: text.flatMap { $0.isEmpty ? nil : $0 })
    }

    /// After `-` with the cursor on `.`: `-.-`, `-.->`, `-..->`, or `-. text .->`.
    mutating func dottedLink(prefix: String, leadingDash: Bool = true) throws(Failure) -> (String, String?)? {
        let dots = cursor.run(of: ".")
        if cursor.peek() == "-" {
            cursor.index += 1
            var arrow = prefix + (leadingDash ? "-" : "") + String(repeating: ".", count: dots) + "-"
            if let head = cursor.peek(), head == ">" || head == "x" || head == "o" {
                cursor.index += 1
                arrow.unicodeScalars.append(head)
            }
            return (arrow, nil)
        }
        guard leadingDash, dots == 1 else { return nil }
        // Text until `.-`, `.->`, `..->`, `-.->`.
        let textStart = cursor.index
        var i = textStart
        while i < cursor.text.count {
            if cursor.text[i] == "." {
                var j = i
                while j < cursor.text.count, cursor.text[j] == "." { j += 1 }
                if j < cursor.text.count, cursor.text[j] == "-" {
                    var textEnd = i
                    if textEnd > textStart, cursor.text[textEnd - 1] == "-" { textEnd -= 1 }
                    let label = Self.edgeText(cursor.text[textStart..<textEnd])
                    cursor.index = j + 1
                    var arrow = prefix + "-" + String(repeating: ".", count: j - i) + "-"
                    if let head = cursor.peek(), head == ">" || head == "x" || head == "o" {
                        cursor.index += 1
                        arrow.unicodeScalars.append(head)
                    }
                    return (arrow, label)
                }
                i = j
            } else {
                i += 1
            }
        }
        throw Failure("the edge text after '-.' is not closed with '.->' or '.-'")
    }

    /// After `--` or `==`: `-- text -->`, `== text ==>` (and their open and `x`/`o` forms).
    mutating func textLink(prefix: String, line: Unicode.Scalar) throws(Failure) -> (String, String?) {
        let textStart = cursor.index
        var i = textStart
        while i + 1 < cursor.text.count {
            if cursor.text[i] == line, cursor.text[i + 1] == line {
                var j = i
                while j < cursor.text.count, cursor.text[j] == line { j += 1 }
                var arrow = prefix + String(repeating: String(Character(line)), count: j - i)
                var end = j
                if j < cursor.text.count, cursor.text[j] == ">" || cursor.text[j] == "x" || cursor.text[j] == "o" {
                    arrow.unicodeScalars.append(cursor.text[j])
                    end += 1
                } else if j - i < 3 {
                    i = j
                    continue
                }
                var textEnd = i
                if textEnd > textStart, ["x", "o", "<"].contains(cursor.text[textEnd - 1]),
                    textEnd - 1 == textStart || cursor.text[textEnd - 2].properties.isWhitespace
                {
                    textEnd -= 1
                }
                let label = Self.edgeText(cursor.text[textStart..<textEnd])
                cursor.index = end
                return (arrow, label)
            }
            i += 1
        }
        let mark = String(repeating: String(Character(line)), count: 2)
        throw Failure("the edge text after '\(mark)' is not closed with an arrow such as '\(mark)>'")
    }

    static func edgeText(_ raw: ArraySlice<Unicode.Scalar>) -> String {
        var text = raw.trimmedScalars()
        if text.count >= 2, text.first == "\"", text.last == "\"" { text = text.dropFirst().dropLast() }
        return MermaidLabel.clean(text)
    }

    /// A subgraph title: quoted or not, cleaned like a label.
    static func titleText(_ raw: ArraySlice<Unicode.Scalar>) -> String { edgeText(raw) }
}

extension MermaidCursor {
    /// A flowchart node id: letters, digits, `_`, and `-` or `.` between word characters (so `A-->B`
    /// and `A-.->B` still end the id at the arrow).
    mutating func scanID() -> String {
        let start = index
        while let c = peek() {
            if MermaidCursor.isWord(c) {
                index += 1
            } else if (c == "-" || c == "."), index > start, let next = peek(1), MermaidCursor.isWord(next) {
                index += 1
            } else {
                break
            }
        }
        return MermaidText.string(text[start..<index])
    }

    mutating func scanWord() -> String {
        let start = index
        while let c = peek(), MermaidCursor.isWord(c) { index += 1 }
        return MermaidText.string(text[start..<index])
    }

    /// Consumes a run of `c` and returns its length.
    mutating func run(of c: Unicode.Scalar) -> Int {
        var n = 0
        while peek() == c {
            n += 1
            index += 1
        }
        return n
    }
}

// MARK: - Sequence

struct SequenceBuilder {
    var nodes: [MermaidNode] = []
    var nodeIndex: [String: Int] = [:]
    var edges: [MermaidEdge] = []
    var groups: [MermaidGroup] = []
    /// Open blocks: a box (its group slot) or a control block (loop, alt, …), closed by `end`.
    var frames: [(box: Int?, location: SourceLocation)] = []
    var boxCount = 0
    var problems: [Diagnostic] = []

    static let blockKeywords: Set<String> = ["loop", "alt", "opt", "par", "par_over", "critical", "break", "rect"]
    static let ignoredKeywords: Set<String> = [
        "else", "and", "option", "note", "activate", "deactivate", "autonumber", "title", "destroy", "link", "links",
        "properties", "details", "acctitle", "accdescr",
    ]
    /// Longest first at each position.
    static let arrows = ["<<-->>", "<<->>", "-->>", "->>", "--x", "--)", "-->", "-x", "-)", "->"]

    mutating func read(_ statement: MermaidStatement, at location: SourceLocation) {
        var cursor = MermaidCursor(statement.text)
        var word = ""
        while let c = cursor.peek(), MermaidCursor.isWord(c) {
            word.unicodeScalars.append(c)
            cursor.index += 1
        }
        let keyword = word.lowercased()
        let wordEnds = cursor.atEnd || cursor.peek()!.properties.isWhitespace || cursor.peek() == ":"
        if wordEnds {
            if keyword == "end" {
                if frames.popLast() == nil {
                    problems.append(.warning(at: location, "'end' without an open block or box"))
                }
                return
            }
            if keyword == "participant" || keyword == "actor" {
                declare(cursor.rest, kind: keyword, at: location, statement: statement)
                return
            }
            if keyword == "create" {
                cursor.skipSpaces()
                var kindWord = ""
                while let c = cursor.peek(), MermaidCursor.isWord(c) {
                    kindWord.unicodeScalars.append(c)
                    cursor.index += 1
                }
                let kind = kindWord.lowercased()
                if kind == "participant" || kind == "actor" {
                    declare(cursor.rest, kind: kind, at: location, statement: statement)
                } else {
                    problems.append(
                        .warning(
                            at: location,
                            "could not read sequence statement \(statement.quoted): expected 'participant' or 'actor' after 'create'"
                        ))
                }
                return
            }
            if keyword == "box" {
                openBox(cursor.rest, at: location)
                return
            }
            if Self.blockKeywords.contains(keyword) {
                frames.append((nil, location))
                return
            }
            if Self.ignoredKeywords.contains(keyword), !looksLikeMessage(statement.text) { return }
        }
        if !message(statement, at: location) {
            problems.append(
                .warning(
                    at: location,
                    "could not read sequence statement \(statement.quoted): expected a message such as 'A->>B: text'"
                ))
        }
    }

    func looksLikeMessage(_ text: [Unicode.Scalar]) -> Bool {
        let left = text.prefix { $0 != ":" }
        return Self.findArrow(Array(left)) != nil && !text.starts(with: "Note".unicodeScalars)
            && !text.starts(with: "note".unicodeScalars)
    }

    /// `A`, `A as Label`, `A@{ "type": "database" }`.
    mutating func declare(
        _ rest: ArraySlice<Unicode.Scalar>, kind: String, at location: SourceLocation, statement: MermaidStatement
    ) {
        var text = Array(rest.trimmedScalars())
        if let at = text.firstIndex(of: "@"), at + 1 < text.count, text[at + 1] == "{" {
            var close = at
            while close < text.count, text[close] != "}" { close += 1 }
            text = Array(text[..<at]) + (close < text.count ? Array(text[(close + 1)...]) : [])
        }
        var id = text[...]
        var label: String?
        var i = 1
        while i + 2 < text.count {
            if text[i - 1].properties.isWhitespace, text[i] == "a", text[i + 1] == "s",
                text[i + 2].properties.isWhitespace
            {
                id = text[..<(i - 1)]
                label = MermaidLabel.clean(text[(i + 2)...])
                break
            }
            i += 1
        }
        let name = MermaidText.string(id.trimmedScalars())
        guard !name.isEmpty else {
            problems.append(
                .warning(at: location, "could not read sequence statement \(statement.quoted): expected a name"))
            return
        }
        if let index = nodeIndex[name] {
            nodes[index].kind = kind
            if let label { nodes[index].label = label }
        } else {
            nodeIndex[name] = nodes.count
            nodes.append(MermaidNode(id: name, label: label ?? name, kind: kind, location: location))
        }
        if let box = frames.last?.box, !groups[box].members.contains(name) { groups[box].members.append(name) }
    }

    /// `box Aqua Title`, `box rgb(1,2,3) Title`, `box Title`, `box transparent Aqua`: the first word is a
    /// colour when it names one (as Mermaid checks with CSS).
    mutating func openBox(_ rest: ArraySlice<Unicode.Scalar>, at location: SourceLocation) {
        let text = rest.trimmedScalars()
        var titleStart = text.startIndex
        if let first = text.first, first == "r" || first == "h",
            text.starts(with: "rgb".unicodeScalars) || text.starts(with: "hsl".unicodeScalars),
            let close = text.firstIndex(of: ")")
        {
            titleStart = close + 1
        } else {
            var end = text.startIndex
            while end < text.endIndex, MermaidCursor.isWord(text[end]) { end += 1 }
            if Self.cssColors.contains(MermaidText.string(text[text.startIndex..<end]).lowercased()) {
                titleStart = end
            }
        }
        let title = MermaidLabel.clean(text[titleStart...])
        boxCount += 1
        let slot = groups.count
        groups.append(
            MermaidGroup(id: title.isEmpty ? "box\(boxCount)" : title, title: title, members: [], location: location))
        frames.append((slot, location))
    }

    /// `A->>B: text`, `A-->>+B: text`, `A->B` …
    mutating func message(_ statement: MermaidStatement, at location: SourceLocation) -> Bool {
        let text = statement.text
        let colon = text.firstIndex(of: ":") ?? text.count
        let left = Array(text[..<colon])
        guard let (at, arrow) = Self.findArrow(left) else { return false }
        let from = MermaidText.string(left[..<at].trimmedScalars())
        var toStart = at + arrow.unicodeScalars.count
        while toStart < left.count, left[toStart].properties.isWhitespace { toStart += 1 }
        if toStart < left.count, left[toStart] == "+" || left[toStart] == "-" { toStart += 1 }
        let toText = Array(left[toStart...].trimmedScalars())
        guard !from.isEmpty, !toText.isEmpty, Self.findArrow(toText) == nil else { return false }
        let to = MermaidText.string(toText)
        let label = colon < text.count ? MermaidLabel.clean(text[(colon + 1)...]) : ""
        for name in [from, to] where nodeIndex[name] == nil {
            nodeIndex[name] = nodes.count
            nodes.append(MermaidNode(id: name, label: name, kind: "participant", location: location))
        }
        edges.append(
            MermaidEdge(from: from, to: to, label: label.isEmpty ? nil : label, arrow: arrow, location: location))
        return true
    }

    static func findArrow(_ text: [Unicode.Scalar]) -> (Int, String)? {
        for i in text.indices where text[i] == "-" || text[i] == "<" {
            for arrow in arrows where text[i...].starts(with: arrow.unicodeScalars) { return (i, arrow) }
        }
        return nil
    }

    mutating func finish(into diagram: inout MermaidDiagram) {
        for frame in frames.reversed() {
            let what = frame.box == nil ? "block" : "box"
            problems.append(.warning(at: frame.location, "\(what) is not closed with 'end'"))
        }
        diagram.nodes = nodes
        diagram.edges = edges
        diagram.groups = groups
        diagram.problems += problems
    }

    /// CSS named colours, which Mermaid accepts as a box's first word.
    static let cssColors: Set<String> = [
        "transparent", "aliceblue", "antiquewhite", "aqua", "aquamarine", "azure", "beige", "bisque", "black",
        "blanchedalmond", "blue", "blueviolet", "brown", "burlywood", "cadetblue", "chartreuse", "chocolate", "coral",
        "cornflowerblue", "cornsilk", "crimson", "cyan", "darkblue", "darkcyan", "darkgoldenrod", "darkgray",
        "darkgreen", "darkgrey", "darkkhaki", "darkmagenta", "darkolivegreen", "darkorange", "darkorchid", "darkred",
        "darksalmon", "darkseagreen", "darkslateblue", "darkslategray", "darkslategrey", "darkturquoise",
        "darkviolet", "deeppink", "deepskyblue", "dimgray", "dimgrey", "dodgerblue", "firebrick", "floralwhite",
        "forestgreen", "fuchsia", "gainsboro", "ghostwhite", "gold", "goldenrod", "gray", "green", "greenyellow",
        "grey", "honeydew", "hotpink", "indianred", "indigo", "ivory", "khaki", "lavender", "lavenderblush",
        "lawngreen", "lemonchiffon", "lightblue", "lightcoral", "lightcyan", "lightgoldenrodyellow", "lightgray",
        "lightgreen", "lightgrey", "lightpink", "lightsalmon", "lightseagreen", "lightskyblue", "lightslategray",
        "lightslategrey", "lightsteelblue", "lightyellow", "lime", "limegreen", "linen", "magenta", "maroon",
        "mediumaquamarine", "mediumblue", "mediumorchid", "mediumpurple", "mediumseagreen", "mediumslateblue",
        "mediumspringgreen", "mediumturquoise", "mediumvioletred", "midnightblue", "mintcream", "mistyrose",
        "moccasin", "navajowhite", "navy", "oldlace", "olive", "olivedrab", "orange", "orangered", "orchid",
        "palegoldenrod", "palegreen", "paleturquoise", "palevioletred", "papayawhip", "peachpuff", "peru", "pink",
        "plum", "powderblue", "purple", "rebeccapurple", "red", "rosybrown", "royalblue", "saddlebrown", "salmon",
        "sandybrown", "seagreen", "seashell", "sienna", "silver", "skyblue", "slateblue", "slategray", "slategrey",
        "snow", "springgreen", "steelblue", "tan", "teal", "thistle", "tomato", "turquoise", "violet", "wheat",
        "white", "whitesmoke", "yellow", "yellowgreen",
    ]
}

// MARK: - C4

struct C4Builder {
    var nodes: [MermaidNode] = []
    var nodeIndex: [String: Int] = [:]
    var edges: [MermaidEdge] = []
    var groups: [MermaidGroup] = []
    var frames: [Int] = []
    /// A boundary (its group) or a Deployment_Node (no group yet) written without `{` on its line,
    /// which a `{` alone on the next line opens.
    var pending: (slot: Int?, alias: String, title: String, location: SourceLocation)?
    var problems: [Diagnostic] = []

    static let elements: Set<String> = [
        "Person", "Person_Ext", "System", "System_Ext", "SystemDb", "SystemDb_Ext", "SystemQueue", "SystemQueue_Ext",
        "Container", "Container_Ext", "ContainerDb", "ContainerDb_Ext", "ContainerQueue", "ContainerQueue_Ext",
        "Component", "Component_Ext", "ComponentDb", "ComponentDb_Ext", "ComponentQueue", "ComponentQueue_Ext",
        "Deployment_Node", "Node", "Node_L", "Node_R",
    ]
    static let deploymentNodes: Set<String> = ["Deployment_Node", "Node", "Node_L", "Node_R"]
    static let boundaries: Set<String> = ["Boundary", "Enterprise_Boundary", "System_Boundary", "Container_Boundary"]
    static let relations: Set<String> = [
        "Rel", "BiRel", "Rel_Up", "Rel_U", "Rel_Down", "Rel_D", "Rel_Left", "Rel_L", "Rel_Right", "Rel_R", "Rel_Back",
        "RelIndex",
    ]
    static let ignoredPrefixes = ["Update", "Add", "LAYOUT", "SHOW", "HIDE"]

    mutating func read(_ statement: MermaidStatement, at location: SourceLocation) {
        var cursor = MermaidCursor(statement.text)
        while cursor.peek() == "}" {
            cursor.index += 1
            if frames.popLast() == nil { problems.append(.warning(at: location, "'}' without an open boundary")) }
            cursor.skipSpaces()
        }
        if cursor.atEnd { return }
        if cursor.peek() == "{" {
            cursor.index += 1
            cursor.skipSpaces()
            if let open = pending {
                if let slot = open.slot {
                    frames.append(slot)
                } else {
                    frames.append(groups.count)
                    groups.append(MermaidGroup(id: open.alias, title: open.title, members: [], location: open.location))
                }
                pending = nil
            } else {
                problems.append(.warning(at: location, "'{' without a boundary before it"))
            }
            guard cursor.atEnd else { return fail(statement, at: location, "unexpected text after '{'") }
            return
        }
        pending = nil
        let name = cursor.scanWord()
        cursor.skipSpaces()
        let keyword = name.lowercased()
        if keyword == "title" || keyword == "acctitle" || keyword == "accdescr" { return }
        if Self.ignoredPrefixes.contains(where: { name.hasPrefix($0) }) { return }
        guard !name.isEmpty, cursor.take("(") else {
            return fail(statement, at: location, "expected a macro such as 'System(alias, \"Label\")'")
        }
        guard let arguments = Self.arguments(&cursor) else {
            return fail(statement, at: location, "the argument list is not closed with ')'")
        }
        cursor.skipSpaces()
        let opens = cursor.take("{")
        _ = cursor.take(";")
        cursor.skipSpaces()
        var closes = 0
        while cursor.take("}") {
            closes += 1
            cursor.skipSpaces()
        }
        guard cursor.atEnd else { return fail(statement, at: location, "unexpected text after ')'") }

        if Self.relations.contains(name) {
            let offset = name == "RelIndex" ? 1 : 0
            guard arguments.count >= offset + 2, !arguments[offset].isEmpty, !arguments[offset + 1].isEmpty else {
                return fail(statement, at: location, "\(name) needs a from and a to alias")
            }
            let label = arguments.count > offset + 2 ? MermaidLabel.clean(arguments[offset + 2].unicodeScalars) : ""
            edges.append(
                MermaidEdge(
                    from: arguments[offset], to: arguments[offset + 1], label: label.isEmpty ? nil : label, arrow: name,
                    location: location))
        } else if Self.elements.contains(name) || Self.boundaries.contains(name) {
            guard let alias = arguments.first, !alias.isEmpty else {
                return fail(statement, at: location, "\(name) needs an alias")
            }
            let label = arguments.count > 1 ? MermaidLabel.clean(arguments[1].unicodeScalars) : alias
            if !frames.isEmpty, !groups[frames[frames.count - 1]].members.contains(alias) {
                groups[frames[frames.count - 1]].members.append(alias)
            }
            if Self.elements.contains(name), nodeIndex[alias] == nil {
                nodeIndex[alias] = nodes.count
                nodes.append(MermaidNode(id: alias, label: label, kind: name, location: location))
            }
            if Self.boundaries.contains(name) || (Self.deploymentNodes.contains(name) && opens) {
                let slot = groups.count
                groups.append(MermaidGroup(id: alias, title: label, members: [], location: location))
                if opens { frames.append(slot) } else { pending = (slot, alias, label, location) }
            } else if Self.deploymentNodes.contains(name), closes == 0 {
                pending = (nil, alias, label, location)
            }
        } else {
            return fail(statement, at: location, "unknown C4 macro '\(name)'")
        }
        for _ in 0..<closes where frames.popLast() == nil {
            problems.append(.warning(at: location, "'}' without an open boundary"))
        }
    }

    mutating func fail(_ statement: MermaidStatement, at location: SourceLocation, _ message: String) {
        problems.append(.warning(at: location, "could not read C4 statement \(statement.quoted): \(message)"))
    }

    /// Positional arguments up to the matching `)`, unquoted and trimmed; `$name=value` arguments are
    /// dropped. Commas and parentheses inside quotes do not count.
    static func arguments(_ cursor: inout MermaidCursor) -> [String]? {
        var arguments: [String] = []
        var current: [Unicode.Scalar] = []
        var inQuote = false
        var depth = 0
        func store() {
            var text = current.trimmedScalars()
            if text.first == "$" {
                current = []
                return
            }
            if text.count >= 2, text.first == "\"", text.last == "\"" { text = text.dropFirst().dropLast() }
            arguments.append(MermaidText.string(text))
            current = []
        }
        while let c = cursor.peek() {
            cursor.index += 1
            if inQuote {
                if c == "\"" { inQuote = false }
                current.append(c)
                continue
            }
            switch c {
            case "\"":
                inQuote = true
                current.append(c)
            case "(":
                depth += 1
                current.append(c)
            case ")" where depth > 0:
                depth -= 1
                current.append(c)
            case ")":
                if !(arguments.isEmpty && current.trimmedScalars().isEmpty) { store() }
                return arguments
            case ",":
                store()
            default:
                current.append(c)
            }
        }
        return nil
    }

    mutating func finish(into diagram: inout MermaidDiagram) {
        for slot in frames.reversed() {
            problems.append(.warning(at: groups[slot].location, "boundary '\(groups[slot].id)' is not closed with '}'"))
        }
        diagram.nodes = nodes
        diagram.edges = edges
        diagram.groups = groups
        diagram.problems += problems
    }
}
