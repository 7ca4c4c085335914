import AssessYAML

// The flowchart grammar (`flowchart`, `graph`): nodes with shapes, chained edges, subgraphs.

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
