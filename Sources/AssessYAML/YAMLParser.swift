internal import CLibYAML

/// Reads YAML through the system libyaml into `YAMLNode` trees that keep every node's
/// line and column, resolving anchors and aliases under `YAMLLimits`.
public struct YAMLParser: Sendable {
    public var limits: YAMLLimits

    public init(limits: YAMLLimits = .default) {
        self.limits = limits
    }

    /// The single document in `text`; an empty stream is a null scalar.
    /// - Throws: `DiagnosticError` with the file, line and column of each problem.
    public func parse(_ text: String, file: String) throws(DiagnosticError) -> YAMLNode {
        let documents = try parseDocuments(text, file: file)
        if documents.count > 1 {
            throw DiagnosticError(
                [.error(at: documents[1].location, "expected a single YAML document, found \(documents.count)")],
                sources: [file: text])
        }
        return documents.first ?? .scalar("", at: SourceLocation(file: file, line: 1, column: 1))
    }

    /// Every document of a multi-document stream (`---` separated), in order.
    public func parseDocuments(_ text: String, file: String) throws(DiagnosticError) -> [YAMLNode] {
        let bytes = Array(text.utf8)
        if bytes.count > limits.maxBytes {
            throw DiagnosticError(
                [
                    .error(
                        at: SourceLocation(file: file, line: 1, column: 1),
                        "document is \(bytes.count) bytes, over the limit of \(limits.maxBytes) bytes")
                ],
                sources: [:])
        }
        var builder = TreeBuilder(file: file, limits: limits)
        let result: Result<[YAMLNode], DiagnosticError> = bytes.withUnsafeBufferPointer { buffer in
            do throws(DiagnosticError) { return .success(try builder.run(buffer)) } catch {
                return .failure(error)
            }
        }
        switch result {
        case .success(let documents): return documents
        case .failure(var error):
            error.sources[file] = text
            throw error
        }
    }
}

/// Turns the libyaml event stream into node trees.
private struct TreeBuilder {
    let file: String
    let limits: YAMLLimits

    /// A collection being filled. Mutated in place on the stack (`stack[last].items.append`),
    /// so appending never copies the collection.
    private struct Frame {
        var isMapping: Bool
        var items: [YAMLNode] = []
        var pairs: [YAMLNode.Pair] = []
        var pendingKey: YAMLNode?
        /// Keys copied in by a merge key, which explicit keys may override.
        var merged: Set<String> = []
        /// Keys seen so far → where, for duplicate-key errors in constant time.
        var seenKeys: [String: SourceLocation] = [:]
        /// Nodes under this collection once aliases are expanded, so far.
        var size = 0
        var style: YAMLNode.CollectionStyle
        var tag: String?
        var anchor: String?
        var start: SourceLocation
    }

    private var stack: [Frame] = []
    private var anchors: [String: (node: YAMLNode, size: Int)] = [:]
    private var documents: [YAMLNode] = []
    private var expandedNodes = 0
    /// Nodes added by aliases: when they are most of the total, the limit names alias
    /// expansion as the cause; otherwise the document is just large (150,000 OpenAPI paths).
    private var aliasNodes = 0
    private var diagnostics: [Diagnostic] = []

    init(file: String, limits: YAMLLimits) {
        self.file = file
        self.limits = limits
    }

    private func location(_ mark: yaml_mark_t) -> SourceLocation {
        SourceLocation(file: file, line: Int(mark.line) + 1, column: Int(mark.column) + 1)
    }

    mutating func run(_ buffer: UnsafeBufferPointer<UInt8>) throws(DiagnosticError) -> [YAMLNode] {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else {
            throw DiagnosticError([.error(at: nil, "could not start the YAML parser")])
        }
        defer { yaml_parser_delete(&parser) }
        yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
        while true {
            var event = yaml_event_t()
            guard yaml_parser_parse(&parser, &event) == 1 else {
                throw DiagnosticError([syntaxError(parser)])
            }
            defer { yaml_event_delete(&event) }
            if event.type == YAML_STREAM_END_EVENT { break }
            try handle(event)
        }
        if !diagnostics.isEmpty { throw DiagnosticError(diagnostics) }
        return documents
    }

    private func syntaxError(_ parser: yaml_parser_t) -> Diagnostic {
        let problem = parser.problem.map { String(cString: $0) } ?? "invalid YAML"
        let at = location(parser.problem_mark)
        if let context = parser.context.map({ String(cString: $0) }) {
            let started = location(parser.context_mark)
            return .error(at: at, "\(context) (started at \(started.line):\(started.column)): \(problem)")
        }
        return .error(at: at, problem)
    }

    private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        pointer.map { String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)) }
    }

    private mutating func handle(_ event: yaml_event_t) throws(DiagnosticError) {
        let at = location(event.start_mark)
        switch event.type {
        case YAML_DOCUMENT_START_EVENT:
            anchors = [:]
        case YAML_SCALAR_EVENT:
            let data = event.data.scalar
            let text: String
            if let value = data.value {
                text = String(decoding: UnsafeBufferPointer(start: value, count: data.length), as: UTF8.self)
            } else {
                text = ""
            }
            let style: YAMLNode.ScalarStyle
            switch data.style {
            case YAML_SINGLE_QUOTED_SCALAR_STYLE: style = .singleQuoted
            case YAML_DOUBLE_QUOTED_SCALAR_STYLE: style = .doubleQuoted
            case YAML_LITERAL_SCALAR_STYLE: style = .literal
            case YAML_FOLDED_SCALAR_STYLE: style = .folded
            default: style = .plain
            }
            let node = YAMLNode(.scalar(text, style), tag: Self.string(data.tag), at: at)
            try add(node, size: 1, newNodes: 1, anchor: Self.string(data.anchor))
        case YAML_ALIAS_EVENT:
            let name = Self.string(event.data.alias.anchor) ?? ""
            guard let anchored = anchors[name] else {
                throw DiagnosticError([.error(at: at, "unknown anchor '\(name)'")])
            }
            aliasNodes += anchored.size
            try add(anchored.node, size: anchored.size, newNodes: anchored.size, anchor: nil)
        case YAML_SEQUENCE_START_EVENT:
            let data = event.data.sequence_start
            try push(at: at)
            stack.append(
                Frame(
                    isMapping: false, style: data.style == YAML_FLOW_SEQUENCE_STYLE ? .flow : .block,
                    tag: Self.string(data.tag), anchor: Self.string(data.anchor), start: at))
        case YAML_MAPPING_START_EVENT:
            let data = event.data.mapping_start
            try push(at: at)
            stack.append(
                Frame(
                    isMapping: true, style: data.style == YAML_FLOW_MAPPING_STYLE ? .flow : .block,
                    tag: Self.string(data.tag), anchor: Self.string(data.anchor), start: at))
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            guard let frame = stack.popLast() else { return }
            let content: YAMLNode.Content =
                frame.isMapping ? .mapping(frame.pairs, frame.style) : .sequence(frame.items, frame.style)
            try add(
                YAMLNode(content, tag: frame.tag, at: frame.start), size: frame.size + 1, newNodes: 1,
                anchor: frame.anchor)
        default:
            break
        }
    }

    private mutating func push(at: SourceLocation) throws(DiagnosticError) {
        if stack.count >= limits.maxDepth {
            throw DiagnosticError([.error(at: at, "nesting deeper than \(limits.maxDepth) levels")])
        }
    }

    /// Adds a finished node to the collection being built, or as a document. `size` is the
    /// node's expanded subtree size; `newNodes` how many nodes it adds to the document's total
    /// (a collection's children were counted as they arrived; an alias adds its whole subtree).
    private mutating func add(_ node: YAMLNode, size: Int, newNodes: Int, anchor: String?) throws(DiagnosticError) {
        expandedNodes += newNodes
        if expandedNodes > limits.maxNodes {
            throw DiagnosticError([
                .error(
                    at: node.location,
                    aliasNodes * 2 > expandedNodes
                        ? "document expands to more than \(limits.maxNodes) nodes (alias expansion limit); refusing it"
                        : "document has more than \(limits.maxNodes) nodes (the node limit; no aliases); refusing it")
            ])
        }
        if let anchor { anchors[anchor] = (node, size) }
        if !stack.isEmpty { stack[stack.count - 1].size += size }
        guard !stack.isEmpty else {
            documents.append(node)
            return
        }
        let top = stack.count - 1
        guard stack[top].isMapping else {
            stack[top].items.append(node)
            return
        }
        guard let key = stack[top].pendingKey else {
            stack[top].pendingKey = node
            return
        }
        stack[top].pendingKey = nil
        if key.scalarText == "<<", !key.isQuoted {
            let copied = Self.merge(node, into: &stack[top].pairs, problems: &diagnostics)
            stack[top].merged.formUnion(copied)
            for pair in stack[top].pairs where copied.contains(pair.key.scalarText ?? "") {
                stack[top].seenKeys[pair.key.scalarText ?? ""] = pair.key.location
            }
            return
        }
        if let keyText = key.scalarText {
            if stack[top].merged.remove(keyText) != nil {
                stack[top].pairs.removeAll { $0.key.scalarText == keyText }  // an explicit key overrides a merged one
            } else if let first = stack[top].seenKeys[keyText] {
                diagnostics.append(
                    .error(
                        at: key.location, "duplicate key '\(keyText)' (first defined at \(first.line):\(first.column))")
                )
            }
            stack[top].seenKeys[keyText] = key.location
        }
        stack[top].pairs.append(.init(key: key, value: node))
    }

    /// YAML merge key (`<<: *defaults`): keys not already present are copied in.
    /// Returns the keys it copied in, which explicit keys later in the mapping may override.
    private static func merge(_ value: YAMLNode, into pairs: inout [YAMLNode.Pair], problems: inout [Diagnostic])
        -> Set<String>
    {
        var copied = Set<String>()
        let sources = value.sequence ?? [value]
        for source in sources {
            guard let more = source.mapping else {
                problems.append(.error(at: source.location, "a merge key '<<' takes a mapping or a list of mappings"))
                continue
            }
            for pair in more where !pairs.contains(where: { $0.key.scalarText == pair.key.scalarText }) {
                pairs.append(pair)
                if let key = pair.key.scalarText { copied.insert(key) }
            }
        }
        return copied
    }
}
