/// A `Decoder` over a located node tree, so that `Decodable` models (OpenAPI documents, AsyncAPI,
/// anything a library defines) read YAML through libyaml and JSON through the project's reader,
/// and a decoding error says where in the file it went wrong.
///
/// Scalars convert by what was asked for, not by how they look: `"1.0"` decodes as a `String`
/// when the model wants a string, `1.0` as a `Double` when it wants a number (the YAML 1.2 core
/// schema decides only booleans, numbers and null).
public struct YAMLNodeDecoder: Sendable {
    /// Builds a value of a type straight from its node (nil when the node cannot be one), in
    /// place of the type's own `init(from:)`.
    public typealias Shortcut = @Sendable (YAMLNode) -> Any?

    /// Types built by a shortcut rather than through `Decoder`. A type whose `init(from:)` tries
    /// one alternative after another at every node of a subtree (OpenAPIKit's `AnyCodable`, which
    /// OpenAPIKit decodes at every level of a document to find its vendor extensions) costs a
    /// thrown error per alternative per node; a shortcut walks the subtree once.
    let shortcuts: [ObjectIdentifier: Shortcut]

    public init() { shortcuts = [:] }

    private init(shortcuts: [ObjectIdentifier: Shortcut]) { self.shortcuts = shortcuts }

    /// This decoder, building `type` with `build` wherever a model asks for one. `build` must give
    /// what `type.init(from:)` would give on the same node; where it gives nil, `init(from:)` runs
    /// and throws its own error.
    public func building<T>(_ type: T.Type, with build: @escaping @Sendable (YAMLNode) -> T?) -> YAMLNodeDecoder {
        var shortcuts = self.shortcuts
        shortcuts[ObjectIdentifier(type)] = { node in build(node) }
        return YAMLNodeDecoder(shortcuts: shortcuts)
    }

    public func decode<T: Decodable>(_ type: T.Type, from node: YAMLNode) throws -> T {
        try SingleNodeContainer(node: node, codingPath: [], shortcuts: shortcuts).decode(type)
    }

    /// Where a decoding error points: the node at the end of its coding path (or the deepest
    /// node found on it), so a message can carry file:line:col.
    public static func location(of error: DecodingError, in root: YAMLNode) -> SourceLocation {
        let path: [any CodingKey]
        switch error {
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .keyNotFound(_, let context),
            .dataCorrupted(let context):
            path = context.codingPath
        @unknown default:
            path = []
        }
        return root.deepest(along: path).location
    }
}

extension YAMLNode {
    /// The node reached by following coding keys as far as they go.
    public func deepest(along path: [any CodingKey]) -> YAMLNode {
        var node = self
        for key in path {
            if let index = key.intValue, let item = node[index] {
                node = item
            } else if let pair = node.mapping?.first(where: { $0.key.scalarText == key.stringValue }) {
                node = pair.value
            } else {
                break
            }
        }
        return node
    }
}

/// The key of a mapping or the index of a sequence item.
struct NodeKey: CodingKey {
    var stringValue: String
    var intValue: Int?
    init(stringValue: String) { self.stringValue = stringValue }
    init(intValue: Int) {
        self.stringValue = String(intValue)
        self.intValue = intValue
    }
}

private struct NodeDecoder: Decoder {
    let node: YAMLNode
    let codingPath: [any CodingKey]
    let shortcuts: [ObjectIdentifier: YAMLNodeDecoder.Shortcut]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    /// The error's context: its coding path, from which `YAMLNodeDecoder.location(of:in:)` finds
    /// the node, and a plain message. No location text is formatted here: a library trying the
    /// alternatives of a type (OpenAPIKit's `Either`) throws and discards many of these.
    func context(_ message: String) -> DecodingError.Context {
        DecodingError.Context(codingPath: codingPath, debugDescription: message)
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard let pairs = node.mapping else {
            throw DecodingError.typeMismatch(
                [String: Any].self, context("expected a mapping, found \(node.kindDescription)"))
        }
        return KeyedDecodingContainer(
            KeyedNodeContainer<Key>(node: node, pairs: pairs, codingPath: codingPath, shortcuts: shortcuts))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard let items = node.sequence else {
            throw DecodingError.typeMismatch([Any].self, context("expected a sequence, found \(node.kindDescription)"))
        }
        return UnkeyedNodeContainer(items: items, codingPath: codingPath, shortcuts: shortcuts)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        SingleNodeContainer(node: node, codingPath: codingPath, shortcuts: shortcuts)
    }
}

private struct KeyedNodeContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let node: YAMLNode
    let pairs: [YAMLNode.Pair]
    let codingPath: [any CodingKey]
    let shortcuts: [ObjectIdentifier: YAMLNodeDecoder.Shortcut]

    var allKeys: [Key] { pairs.compactMap { $0.key.scalarText.flatMap(Key.init(stringValue:)) } }

    func contains(_ key: Key) -> Bool { value(for: key) != nil }

    func value(for key: Key) -> YAMLNode? {
        pairs.first { $0.key.scalarText == key.stringValue }?.value
    }

    func child(_ key: Key) throws -> NodeDecoder {
        guard let value = value(for: key) else {
            throw DecodingError.keyNotFound(
                key,
                DecodingError.Context(
                    codingPath: codingPath, debugDescription: "no key '\(key.stringValue)'"))
        }
        return NodeDecoder(node: value, codingPath: codingPath + [key], shortcuts: shortcuts)
    }

    func decodeNil(forKey key: Key) throws -> Bool { value(for: key)?.isNull ?? true }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try SingleNodeContainer(decoder: try child(key)).decode(type)
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        try child(key).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try child(key).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        NodeDecoder(node: node, codingPath: codingPath, shortcuts: shortcuts)
    }
    func superDecoder(forKey key: Key) throws -> any Decoder { try child(key) }
}

private struct UnkeyedNodeContainer: UnkeyedDecodingContainer {
    let items: [YAMLNode]
    let codingPath: [any CodingKey]
    let shortcuts: [ObjectIdentifier: YAMLNodeDecoder.Shortcut]
    var currentIndex = 0

    init(items: [YAMLNode], codingPath: [any CodingKey], shortcuts: [ObjectIdentifier: YAMLNodeDecoder.Shortcut]) {
        self.items = items
        self.codingPath = codingPath
        self.shortcuts = shortcuts
    }

    var count: Int? { items.count }
    var isAtEnd: Bool { currentIndex >= items.count }

    mutating func next() throws -> NodeDecoder {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(
                Any.self, DecodingError.Context(codingPath: codingPath, debugDescription: "no more items"))
        }
        defer { currentIndex += 1 }
        return NodeDecoder(
            node: items[currentIndex], codingPath: codingPath + [NodeKey(intValue: currentIndex)], shortcuts: shortcuts)
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, items[currentIndex].isNull else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try SingleNodeContainer(decoder: try next()).decode(type)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        try next().container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try next().unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder { try next() }
}

private struct SingleNodeContainer: SingleValueDecodingContainer {
    let node: YAMLNode
    let codingPath: [any CodingKey]
    let shortcuts: [ObjectIdentifier: YAMLNodeDecoder.Shortcut]

    init(node: YAMLNode, codingPath: [any CodingKey], shortcuts: [ObjectIdentifier: YAMLNodeDecoder.Shortcut]) {
        self.node = node
        self.codingPath = codingPath
        self.shortcuts = shortcuts
    }

    init(decoder: NodeDecoder) {
        self.init(node: decoder.node, codingPath: decoder.codingPath, shortcuts: decoder.shortcuts)
    }

    func mismatch<T>(_ type: T.Type, _ wanted: String) -> DecodingError {
        DecodingError.typeMismatch(
            type,
            DecodingError.Context(
                codingPath: codingPath,
                debugDescription: "expected \(wanted), found \(node.kindDescription)"))
    }

    func decodeNil() -> Bool { node.isNull }

    func decode(_ type: Bool.Type) throws -> Bool {
        guard let value = node.bool else { throw mismatch(type, "a boolean") }
        return value
    }

    func decode(_ type: String.Type) throws -> String {
        // Any scalar reads as text when text is wanted (`version: 1.0` is the string "1.0").
        guard let text = node.scalarText else { throw mismatch(type, "a string") }
        return text
    }

    func decode(_ type: Double.Type) throws -> Double {
        guard let value = node.double else { throw mismatch(type, "a number") }
        return value
    }

    func decode(_ type: Float.Type) throws -> Float { Float(try decode(Double.self)) }

    func integer<T: FixedWidthInteger>(_ type: T.Type) throws -> T {
        if let value = node.int, let exact = T(exactly: value) { return exact }
        if let value = node.double, value.rounded() == value, let exact = T(exactly: value) { return exact }
        throw mismatch(type, "an integer")
    }

    func decode(_ type: Int.Type) throws -> Int { try integer(type) }
    func decode(_ type: Int8.Type) throws -> Int8 { try integer(type) }
    func decode(_ type: Int16.Type) throws -> Int16 { try integer(type) }
    func decode(_ type: Int32.Type) throws -> Int32 { try integer(type) }
    func decode(_ type: Int64.Type) throws -> Int64 { try integer(type) }
    func decode(_ type: UInt.Type) throws -> UInt { try integer(type) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try integer(type) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try integer(type) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try integer(type) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try integer(type) }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        switch type {
        case is Bool.Type: return try decode(Bool.self) as! T
        case is String.Type: return try decode(String.self) as! T
        case is Double.Type: return try decode(Double.self) as! T
        case is Float.Type: return try decode(Float.self) as! T
        case is Int.Type: return try decode(Int.self) as! T
        case is Int64.Type: return try decode(Int64.self) as! T
        case is Int32.Type: return try decode(Int32.self) as! T
        case is UInt.Type: return try decode(UInt.self) as! T
        default:
            // A shortcut that cannot build the value leaves the error to the type's own decoding.
            if !shortcuts.isEmpty, let build = shortcuts[ObjectIdentifier(type)], let value = build(node) as? T {
                return value
            }
            return try T(from: NodeDecoder(node: node, codingPath: codingPath, shortcuts: shortcuts))
        }
    }
}
