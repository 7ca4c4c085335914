import AssessYAML

// The sequence-diagram grammar: participants, actors, boxes and messages.

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
