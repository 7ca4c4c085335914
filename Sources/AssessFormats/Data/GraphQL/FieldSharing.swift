public import AssessYAML
import Foundation

/// Which object fields several subgraphs resolve, and whether each of them may: Federation 2
/// lets one subgraph resolve a field unless every subgraph that resolves it marks it
/// shareable. The rules are composition's: a subgraph resolves a field it defines and does
/// not mark `@external`, unless another subgraph takes it with `@override(from:)`; a field is
/// shareable where it is `@shareable` (on the field, or on its type's block), where a `@key`
/// of its type selects it, and everywhere in a Federation 1 subgraph.
public struct SharedField: Sendable, Hashable {
    public struct Resolver: Sendable, Hashable {
        public var subgraph: String
        public var isShareable: Bool
        public var location: SourceLocation
    }

    public var type: String
    public var field: String
    public var resolvers: [Resolver]

    public var coordinate: String { "\(type).\(field)" }

    /// The resolvers that do not mark it shareable; empty when the sharing is allowed.
    public var unshareable: [Resolver] { resolvers.filter { !$0.isShareable } }
}

public enum FieldSharing {
    /// The fields of object types resolved by two or more of `subgraphs` (name, schema), in
    /// the order first seen.
    public static func sharedFields(_ subgraphs: [(name: String, schema: SubgraphSchema)]) -> [SharedField] {
        var order: [String] = []
        var byCoordinate: [String: SharedField] = [:]
        var overridden = Set<String>()
        for (_, schema) in subgraphs {
            for type in schema.types where type.kind == .object {
                for field in type.fields {
                    if let from = field.overrideFrom {
                        overridden.insert("\(from.lowercased())|\(type.name).\(field.name)")
                    }
                }
            }
        }
        for (name, schema) in subgraphs {
            let keyFields = schema.keyFieldCoordinates
            for type in schema.types where type.kind == .object && !type.isInterfaceObject {
                for field in type.fields where !field.isExternal {
                    let coordinate = "\(type.name).\(field.name)"
                    if overridden.contains("\(name.lowercased())|\(coordinate)") { continue }
                    let resolver = SharedField.Resolver(
                        subgraph: name, isShareable: field.isShareable || keyFields.contains(coordinate),
                        location: field.location)
                    if byCoordinate[coordinate] == nil {
                        order.append(coordinate)
                        byCoordinate[coordinate] = SharedField(type: type.name, field: field.name, resolvers: [])
                    }
                    if byCoordinate[coordinate]!.resolvers.contains(where: { $0.subgraph == name }) { continue }
                    byCoordinate[coordinate]!.resolvers.append(resolver)
                }
            }
        }
        return order.compactMap { byCoordinate[$0] }.filter { $0.resolvers.count > 1 }
    }

    /// The object types each subgraph defines (not only extends), root types left out, sorted.
    public static func ownedTypes(_ subgraphs: [(name: String, schema: SubgraphSchema)]) -> [String: [String]] {
        var result: [String: [String]] = [:]
        for (name, schema) in subgraphs {
            result[name, default: []] +=
                schema.types.filter {
                    $0.kind == .object && !$0.isExtension && !schema.rootTypes.contains($0.name)
                }.map(\.name)
        }
        return result.mapValues { Array(Set($0)).sorted() }
    }
}
