import AssessYAML

// The C4 grammar (`C4Context`, `C4Container`, …): elements, boundaries and relations.

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
