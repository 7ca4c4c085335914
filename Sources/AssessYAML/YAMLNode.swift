/// A node of a YAML (or JSON) document: a scalar, a sequence or a mapping, with its tag,
/// its style and where it starts in the file. Aliases are already resolved.
public struct YAMLNode: Sendable, Hashable {
    public enum ScalarStyle: String, Sendable, Hashable {
        case plain, singleQuoted, doubleQuoted, literal, folded
    }

    public enum CollectionStyle: String, Sendable, Hashable {
        case block, flow
    }

    /// A key and its value in a mapping, kept in document order.
    public struct Pair: Sendable, Hashable {
        public var key: YAMLNode
        public var value: YAMLNode
        public init(key: YAMLNode, value: YAMLNode) {
            self.key = key
            self.value = value
        }
    }

    public enum Content: Sendable, Hashable {
        case scalar(String, ScalarStyle)
        case sequence([YAMLNode], CollectionStyle)
        case mapping([Pair], CollectionStyle)
    }

    public var content: Content
    /// The explicit tag (`!!str`, `!custom`), when the document wrote one.
    public var tag: String?
    public var location: SourceLocation

    public init(_ content: Content, tag: String? = nil, at location: SourceLocation) {
        self.content = content
        self.tag = tag
        self.location = location
    }

    public static func scalar(_ text: String, style: ScalarStyle = .plain, at location: SourceLocation) -> YAMLNode {
        YAMLNode(.scalar(text, style), at: location)
    }
}

// MARK: - Reading values

extension YAMLNode {
    /// What kind of node this is, for messages ("expected a mapping, found a sequence").
    public var kindDescription: String {
        switch content {
        case .scalar:
            if isNull { return "null" }
            if bool != nil { return "a boolean" }
            if double != nil { return "a number" }
            return "a string"
        case .sequence: return "a sequence"
        case .mapping: return "a mapping"
        }
    }

    /// The scalar's text, whatever it looks like; nil for collections.
    public var scalarText: String? {
        if case .scalar(let text, _) = content { return text }
        return nil
    }

    var isQuoted: Bool {
        if case .scalar(_, let style) = content { return style != .plain }
        return false
    }

    /// A string value: any scalar but null.
    public var string: String? {
        guard let text = scalarText, !isNull else { return nil }
        return text
    }

    /// True for a plain `null`, `~` or empty scalar (YAML 1.2 core schema).
    public var isNull: Bool {
        guard case .scalar(let text, .plain) = content, tag == nil || tag == "tag:yaml.org,2002:null" else {
            return false
        }
        return text.isEmpty || text == "~" || text == "null" || text == "Null" || text == "NULL"
    }

    /// A boolean (`true` / `false` in the YAML 1.2 core schema; never `yes`/`no`).
    public var bool: Bool? {
        guard let text = scalarText, !isQuoted else { return nil }
        switch text {
        case "true", "True", "TRUE": return true
        case "false", "False", "FALSE": return false
        default: return nil
        }
    }

    /// An integer written as an integer (`12`, `-3`, `0x1F`, `0o17`).
    public var int: Int? {
        guard let text = scalarText, !isQuoted, Self.mayBeNumber(text, dot: false) else { return nil }
        var body = Substring(text)
        var sign = 1
        if body.hasPrefix("-") {
            sign = -1
            body = body.dropFirst()
        } else if body.hasPrefix("+") {
            body = body.dropFirst()
        }
        let value: Int?
        if body.hasPrefix("0x") {
            value = Int(body.dropFirst(2), radix: 16)
        } else if body.hasPrefix("0o") {
            value = Int(body.dropFirst(2), radix: 8)
        } else {
            value = body.allSatisfy(\.isASCII) ? Int(body) : nil
        }
        return value.map { $0 * sign }
    }

    /// Whether the text starts as a number can (a digit, a sign, or a dot when `dot`): decoders try
    /// `int` and `double` on every scalar they meet, and most scalars are words.
    private static func mayBeNumber(_ text: String, dot: Bool) -> Bool {
        guard let first = text.utf8.first else { return false }
        return (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) || first == UInt8(ascii: "-")
            || first == UInt8(ascii: "+") || (dot && first == UInt8(ascii: "."))
    }

    /// A number: an integer or a float (`1.5`, `1e3`, `.inf`, `.nan`).
    public var double: Double? {
        if let int { return Double(int) }
        guard let text = scalarText, !isQuoted, Self.mayBeNumber(text, dot: true) else { return nil }
        switch text {
        case ".inf", ".Inf", ".INF", "+.inf": return .infinity
        case "-.inf", "-.Inf", "-.INF": return -.infinity
        case ".nan", ".NaN", ".NAN": return .nan
        default: break
        }
        guard text.allSatisfy({ $0.isNumber || "+-.eE".contains($0) }) else { return nil }
        return Double(text)
    }

    public var sequence: [YAMLNode]? {
        if case .sequence(let items, _) = content { return items }
        return nil
    }

    public var mapping: [Pair]? {
        if case .mapping(let pairs, _) = content { return pairs }
        return nil
    }

    /// The value under a string key of a mapping.
    public subscript(key: String) -> YAMLNode? {
        mapping?.first { $0.key.scalarText == key }?.value
    }

    /// The value at an index of a sequence.
    public subscript(index: Int) -> YAMLNode? {
        guard let items = sequence, items.indices.contains(index) else { return nil }
        return items[index]
    }

    /// The node as plain Swift values: String, Int, Double, Bool, nil, arrays and
    /// string-keyed dictionaries. Useful where locations are no longer needed.
    public var plainValue: PlainValue {
        switch content {
        case .scalar(let text, _):
            if isNull { return .null }
            if let bool { return .bool(bool) }
            if let int { return .int(int) }
            if let double { return .double(double) }
            return .string(text)
        case .sequence(let items, _):
            return .array(items.map(\.plainValue))
        case .mapping(let pairs, _):
            return .object(pairs.map { ($0.key.scalarText ?? "", $0.value.plainValue) })
        }
    }

    /// Number of nodes in this subtree, itself included.
    public var nodeCount: Int {
        switch content {
        case .scalar: return 1
        case .sequence(let items, _): return items.reduce(1) { $0 + $1.nodeCount }
        case .mapping(let pairs, _): return pairs.reduce(1) { $0 + $1.key.nodeCount + $1.value.nodeCount }
        }
    }
}

/// A YAML or JSON value without locations.
public enum PlainValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([PlainValue])
    case object([(String, PlainValue)])

    public static func == (a: PlainValue, b: PlainValue) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case let (.bool(x), .bool(y)): return x == y
        case let (.int(x), .int(y)): return x == y
        case let (.int(x), .double(y)), let (.double(y), .int(x)): return Double(x) == y
        case let (.double(x), .double(y)): return x == y
        case let (.string(x), .string(y)): return x == y
        case let (.array(x), .array(y)): return x == y
        case let (.object(x), .object(y)):
            return x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: return false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .null: hasher.combine(0)
        case .bool(let v): hasher.combine(v)
        case .int(let v): hasher.combine(Double(v))
        case .double(let v): hasher.combine(v)
        case .string(let v): hasher.combine(v)
        case .array(let v): hasher.combine(v)
        case .object(let v):
            for (k, value) in v {
                hasher.combine(k)
                hasher.combine(value)
            }
        }
    }

    /// A short rendering for messages: `"text"`, `12`, `[3 items]`.
    public var brief: String {
        switch self {
        case .null: return "null"
        case .bool(let v): return String(v)
        case .int(let v): return String(v)
        case .double(let v): return v.rounded() == v && abs(v) < 1e15 ? String(Int(v)) : String(v)
        case .string(let v): return "'\(v.count > 60 ? v.prefix(57) + "..." : v)'"
        case .array(let v): return "[\(v.count) item\(v.count == 1 ? "" : "s")]"
        case .object(let v): return "{\(v.count) key\(v.count == 1 ? "" : "s")}"
        }
    }
}
