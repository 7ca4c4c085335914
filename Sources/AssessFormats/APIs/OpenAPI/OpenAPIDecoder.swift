public import AssessYAML
import Foundation
import OpenAPIKit

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
    public static let decoder = YAMLNodeDecoder()
        .building(AnyCodable.self) { AnyCodable(value(of: $0)) }
        .building([String: AnyCodable].self) { node in
            guard let pairs = node.mapping else { return nil }
            return mapping(pairs).mapValues { AnyCodable($0) }
        }

    /// What `AnyCodable(from:)` stores for a node.
    static func value(of node: YAMLNode) -> any Sendable {
        if node.isNull { return NSNull() }
        if let bool = node.bool { return bool }
        if let int = integer(node, Int.self) { return int }
        if let uint = integer(node, UInt.self) { return uint }
        if let double = node.double { return double }
        switch node.content {
        case .scalar(let text, _): return text
        case .sequence(let items, _): return items.map { value(of: $0) }
        case .mapping(let pairs, _): return mapping(pairs)
        }
    }

    /// A map as `[String: AnyCodable]` decodes one: keys that are scalars, each with the value of
    /// its first occurrence.
    static func mapping(_ pairs: [YAMLNode.Pair]) -> [String: any Sendable] {
        var result: [String: any Sendable] = [:]
        result.reserveCapacity(pairs.count)
        for pair in pairs {
            guard let key = pair.key.scalarText, result[key] == nil else { continue }
            result[key] = value(of: pair.value)
        }
        return result
    }

    /// An integer as the node decoder reads one: written as an integer, or a whole number.
    static func integer<T: FixedWidthInteger>(_ node: YAMLNode, _ type: T.Type) -> T? {
        if let value = node.int, let exact = T(exactly: value) { return exact }
        if let value = node.double, value.rounded() == value, let exact = T(exactly: value) { return exact }
        return nil
    }
}
