public import AssessYAML
import Foundation
import OpenAPIKit
import Synchronization

/// The node decoder OpenAPI documents are read with: `YAMLNodeDecoder` with OpenAPIKit's untyped
/// values built straight from the tree.
///
/// OpenAPIKit finds the vendor extensions of every object (document, path item, operation,
/// response, schema…) by decoding the whole object again as `AnyCodable`, whose `init(from:)`
/// tries null, boolean, integer, unsigned, number, string, list and map at each node under it,
/// throwing an error for every miss. That made untyped values about a third of a Phase 1 grading.
/// Built here, each node is looked at once, and the values are those `AnyCodable.init(from:)`
/// gives on the same decoder: the same tries in the same order, with lists holding plain values
/// and maps keeping the first of repeated keys.
public enum OpenAPIDecoder {
    /// `type` decoded from `node` with the untyped values built straight from the tree, each map
    /// built once for the whole decoding (`UntypedValues`).
    public static func decode<T: Decodable>(_ type: T.Type, from node: YAMLNode) throws -> T {
        try decoder(UntypedValues()).decode(type, from: node)
    }

    /// The node decoder with its shortcuts building through `values`, which must serve one tree.
    static func decoder(_ values: UntypedValues) -> YAMLNodeDecoder {
        YAMLNodeDecoder()
            .building(AnyCodable.self) { AnyCodable(values.value(of: $0)) }
            .building([String: AnyCodable].self) { node in
                guard let pairs = node.mapping else { return nil }
                return values.mapping(pairs).mapValues { AnyCodable($0) }
            }
    }

    /// An integer as the node decoder reads one: written as an integer, or a whole number.
    static func integer<T: FixedWidthInteger>(_ node: YAMLNode, _ type: T.Type) -> T? {
        if let value = node.int, let exact = T(exactly: value) { return exact }
        if let value = node.double, value.rounded() == value, let exact = T(exactly: value) { return exact }
        return nil
    }
}

/// What `AnyCodable(from:)` stores for the nodes of one tree, each map built once.
///
/// OpenAPIKit builds the untyped value of every object to find its vendor extensions: the
/// document's (the whole tree), then each path item's, each operation's, each response's and
/// each schema's again, so a tree was built once per level above its deepest node. Here a map
/// is built once and found again by the storage of its pairs. That storage is the tree's own,
/// held by the caller for the whole decoding, so no address is reused while the table lives;
/// the table is made for one `OpenAPIDecoder.decode` and dropped with it.
final class UntypedValues: Sendable {
    private let maps = Mutex<[UInt: [String: any Sendable]]>([:])
    /// How many maps were built (not found): for tests.
    var built: Int { maps.withLock { $0.count } }

    /// What `AnyCodable(from:)` stores for a node.
    func value(of node: YAMLNode) -> any Sendable {
        if node.isNull { return NSNull() }
        if let bool = node.bool { return bool }
        if let int = OpenAPIDecoder.integer(node, Int.self) { return int }
        if let uint = OpenAPIDecoder.integer(node, UInt.self) { return uint }
        if let double = node.double { return double }
        switch node.content {
        case .scalar(let text, _): return text
        case .sequence(let items, _): return items.map { value(of: $0) }
        case .mapping(let pairs, _): return mapping(pairs)
        }
    }

    /// A map as `[String: AnyCodable]` decodes one: keys that are scalars, each with the value of
    /// its first occurrence.
    func mapping(_ pairs: [YAMLNode.Pair]) -> [String: any Sendable] {
        let address = pairs.withUnsafeBufferPointer { UInt(bitPattern: $0.baseAddress) }
        if !pairs.isEmpty, let known = maps.withLock({ $0[address] }) { return known }
        var result: [String: any Sendable] = [:]
        result.reserveCapacity(pairs.count)
        for pair in pairs {
            guard let key = pair.key.scalarText, result[key] == nil else { continue }
            result[key] = value(of: pair.value)
        }
        if !pairs.isEmpty { maps.withLock { $0[address] = result } }
        return result
    }
}
