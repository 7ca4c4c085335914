public import AssessYAML

/// A path into a YAML or JSON tree, in the JSONPath subset Spectral's `given` uses most:
/// `$`, `.key`, `['key with spaces']`, `["p(95)"]`, `[0]`, `[-1]`, `[*]`, `.*` and `..key`
/// (recursive descent). Evaluation returns every node the path selects, in document order.
public struct NodeQuery: Sendable, Hashable, CustomStringConvertible {
    public enum Step: Sendable, Hashable {
        case key(String)
        case index(Int)
        case wildcard
        case descendant(String?)  // `..key`, or `..*`
    }

    public let text: String
    public let steps: [Step]

    public var description: String { text }

    /// Parses a path; the error message says what is wrong at which character.
    public init(_ text: String) throws(NodeQueryError) {
        self.text = text
        var steps: [Step] = []
        let chars = Array(text)
        var i = 0
        if i < chars.count, chars[i] == "$" { i += 1 }
        func identifier(_ i: inout Int) -> String {
            var name = ""
            while i < chars.count, chars[i] != ".", chars[i] != "[" {
                name.append(chars[i])
                i += 1
            }
            return name
        }
        while i < chars.count {
            let c = chars[i]
            if c == "." {
                if i + 1 < chars.count, chars[i + 1] == "." {
                    i += 2
                    if i < chars.count, chars[i] == "*" {
                        i += 1
                        steps.append(.descendant(nil))
                    } else if i < chars.count, chars[i] == "[" {
                        steps.append(.descendant(nil))
                    } else {
                        let name = identifier(&i)
                        guard !name.isEmpty else {
                            throw NodeQueryError(path: text, offset: i, "expected a key after '..'")
                        }
                        steps.append(.descendant(name))
                    }
                    continue
                }
                i += 1
                if i < chars.count, chars[i] == "*" {
                    i += 1
                    steps.append(.wildcard)
                    continue
                }
                let name = identifier(&i)
                guard !name.isEmpty else { throw NodeQueryError(path: text, offset: i, "expected a key after '.'") }
                steps.append(.key(name))
            } else if c == "[" {
                i += 1
                guard i < chars.count else { throw NodeQueryError(path: text, offset: i, "unclosed '['") }
                if chars[i] == "'" || chars[i] == "\"" {
                    let quote = chars[i]
                    i += 1
                    var name = ""
                    while i < chars.count, chars[i] != quote {
                        if chars[i] == "\\", i + 1 < chars.count { i += 1 }
                        name.append(chars[i])
                        i += 1
                    }
                    guard i + 1 < chars.count, chars[i + 1] == "]" else {
                        throw NodeQueryError(path: text, offset: i, "expected a closing quote and ']'")
                    }
                    i += 2
                    steps.append(.key(name))
                } else {
                    var inner = ""
                    while i < chars.count, chars[i] != "]" {
                        inner.append(chars[i])
                        i += 1
                    }
                    guard i < chars.count else { throw NodeQueryError(path: text, offset: i, "unclosed '['") }
                    i += 1
                    if inner == "*" {
                        steps.append(.wildcard)
                    } else if let n = Int(inner.trimmingCharacters(in: " ")) {
                        steps.append(.index(n))
                    } else {
                        throw NodeQueryError(
                            path: text, offset: i - inner.count - 1,
                            "expected an index, '*' or a quoted key inside '[...]', found '\(inner)'")
                    }
                }
            } else if steps.isEmpty, i == 0 {
                // Bare `metrics.http_reqs` without `$.` reads as if it had one.
                let name = identifier(&i)
                steps.append(.key(name))
            } else {
                throw NodeQueryError(path: text, offset: i, "expected '.' or '[' but found '\(c)'")
            }
        }
        self.steps = steps
    }

    /// The nodes the path selects under `root`.
    public func select(in root: YAMLNode) -> [YAMLNode] {
        var current = [root]
        for step in steps {
            var next: [YAMLNode] = []
            for node in current {
                switch step {
                case .key(let name):
                    if let value = node[name] { next.append(value) }
                case .index(let n):
                    if let items = node.sequence {
                        let index = n < 0 ? items.count + n : n
                        if items.indices.contains(index) { next.append(items[index]) }
                    }
                case .wildcard:
                    next += NodeQuery.children(of: node)
                case .descendant(let name):
                    NodeQuery.collect(node, name: name, into: &next)
                }
            }
            current = next
        }
        return current
    }

    static func children(of node: YAMLNode) -> [YAMLNode] {
        switch node.content {
        case .scalar: return []
        case .sequence(let items, _): return items
        case .mapping(let pairs, _): return pairs.map(\.value)
        }
    }

    /// Every descendant of `node` (itself included) that is `name`'s value, or every node.
    private static func collect(_ node: YAMLNode, name: String?, into out: inout [YAMLNode]) {
        if let name {
            if let value = node[name] { out.append(value) }
        } else {
            out.append(node)
        }
        for child in children(of: node) { collect(child, name: name, into: &out) }
    }
}

extension String {
    fileprivate func trimmingCharacters(in set: Character) -> String {
        String(drop { $0 == set }.reversed().drop { $0 == set }.reversed())
    }
}

/// A path that cannot be parsed, with the character offset where it goes wrong.
public struct NodeQueryError: Error, Sendable, Hashable, CustomStringConvertible {
    public var path: String
    public var offset: Int
    public var message: String

    public init(path: String, offset: Int, _ message: String) {
        self.path = path
        self.offset = offset
        self.message = message
    }

    public var description: String { "invalid path '\(path)' at character \(offset + 1): \(message)" }
}

extension NodeQuery {
    /// The first `count` steps of this path, written back as text.
    public func prefix(_ count: Int) -> NodeQuery {
        let kept = Array(steps.prefix(count))
        var text = "$"
        for step in kept {
            switch step {
            case .key(let name):
                text +=
                    name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }
                    ? ".\(name)" : "['\(name)']"
            case .index(let n): text += "[\(n)]"
            case .wildcard: text += "[*]"
            case .descendant(let name): text += "..\(name ?? "*")"
            }
        }
        return NodeQuery(text: text, steps: kept)
    }

    init(text: String, steps: [Step]) {
        self.text = text
        self.steps = steps
    }
}
