public import AssessYAML
import Foundation

/// A composed supergraph (what `rover supergraph compose` writes): the subgraphs it was
/// composed from (`enum join__Graph` values with `@join__graph(name:, url:)`), and per type
/// and field which of them resolve it (`@join__type(graph:, key:, extension:)`,
/// `@join__field(graph:, requires:, provides:, external:, override:)`).
///
/// Both spellings are read: join v0.2+ linked with `@link(url: ".../join/v0.3")`, and the
/// Federation 1 join v0.1 linked with `@core(feature: ".../join/v0.1")`, whose types name an
/// owner with `@join__owner(graph:)` and whose `@join__field` is not repeatable. A link with
/// `as:` renames the `join__` prefix.
public struct SupergraphSchema: Sendable, Hashable {
    /// One subgraph, as `join__Graph` lists it.
    public struct Graph: Sendable, Hashable {
        /// The enum value (`INVENTORY`), which the join directives name.
        public var value: String
        /// `@join__graph(name:)`: the subgraph's name in the rover config (`inventory`).
        public var name: String
        public var url: String?
        public var location: SourceLocation
    }

    /// `@join__type`.
    public struct TypeJoin: Sendable, Hashable {
        /// The graph's name (resolved from its enum value).
        public var graph: String
        public var key: String?
        public var keyFields: FieldSet?
        public var isExtension: Bool
        public var resolvable: Bool
        public var location: SourceLocation
    }

    /// `@join__field`.
    public struct FieldJoin: Sendable, Hashable {
        /// The graph's name; nil when the directive names none.
        public var graph: String?
        public var requires: String?
        public var provides: String?
        public var isExternal: Bool
        public var overrideFrom: String?
        public var usedOverridden: Bool
        public var location: SourceLocation
    }

    public struct Field: Sendable, Hashable {
        public var name: String
        public var typeName: String?
        public var location: SourceLocation
        public var joins: [FieldJoin]
        /// Written `@shareable` (hand-written supergraphs only; composition does not copy it).
        public var isShareable: Bool
    }

    public struct ObjectType: Sendable, Hashable {
        public var name: String
        public var isInterface: Bool
        public var location: SourceLocation
        public var joins: [TypeJoin]
        /// join v0.1's `@join__owner(graph:)`, as a graph name.
        public var owner: String?
        public var fields: [Field]
        public var isShareable: Bool

        public var isEntity: Bool { joins.contains { $0.key != nil } }

        public func field(_ name: String) -> Field? { fields.first { $0.name == name } }

        /// The graphs that define the type: join v0.1's owner, else every `@join__type` graph
        /// but those that only extend it (`extension: true`).
        public var owners: [String] {
            if let owner { return [owner] }
            var seen = Set<String>()
            return joins.filter { !$0.isExtension }.map(\.graph).filter { seen.insert($0).inserted }
        }

        /// The graphs that resolve `field`: its `@join__field` graphs not marked `external`
        /// (nor `usedOverridden`), or — when it has none — every graph of the type (spec
        /// §Fields on value types).
        public func resolvers(of field: Field) -> [String] {
            var seen = Set<String>()
            if field.joins.contains(where: { $0.graph != nil }) {
                return field.joins.filter { !$0.isExternal && !$0.usedOverridden }.compactMap(\.graph).filter {
                    seen.insert($0).inserted
                }
            }
            if let owner { return [owner] }
            return joins.map(\.graph).filter { seen.insert($0).inserted }
        }
    }

    public var file: String
    /// `0.1`, `0.2`, `0.3`, … from the join link; nil when only the `join__Graph` enum says it.
    public var joinVersion: String?
    public var graphs: [Graph]
    public var types: [ObjectType]
    public var problems: [ReadProblem]
    public var rootTypes: Set<String>

    public func type(_ name: String) -> ObjectType? { types.first { $0.name == name } }

    public var entities: [ObjectType] { types.filter(\.isEntity) }

    static let joinDirectives: Set<String> = [
        "graph", "type", "field", "owner", "implements", "unionMember", "enumValue", "directive",
    ]

    /// Whether `document` is a supergraph: it links the join spec or has a `join__Graph` enum.
    public static func recognizes(_ document: SDLDocument) -> Bool {
        let names = LinkedNames(document: document, spec: "join", known: joinDirectives, defaultPrefix: "join")
        return names.version != nil || document.types.contains { $0.name == "join__Graph" && $0.kind == .enumeration }
    }

    /// Reads a supergraph; nil when `document` is not one (see `recognizes`).
    public init?(_ document: SDLDocument) {
        guard Self.recognizes(document) else { return nil }
        let names = LinkedNames(document: document, spec: "join", known: Self.joinDirectives, defaultPrefix: "join")
        file = document.file
        joinVersion = names.version
        rootTypes = document.rootTypes
        let prefix = names.prefix
        var problems: [ReadProblem] = []
        func spec(_ directive: SDLDirective) -> String? {
            directive.name.hasPrefix(prefix + "__") ? String(directive.name.dropFirst(prefix.count + 2)) : nil
        }

        var graphs: [Graph] = []
        if let graphEnum = document.types.first(where: { $0.name == "\(prefix)__Graph" && $0.kind == .enumeration }) {
            for value in graphEnum.fields {
                guard let directive = value.directives.first(where: { spec($0) == "graph" }),
                    let name = directive.arguments["name"]?.text
                else {
                    problems.append(
                        ReadProblem.warning(
                            "\(prefix)__Graph value \(value.name) has no @\(prefix)__graph(name:, url:)",
                            at: value.location))
                    graphs.append(
                        Graph(value: value.name, name: value.name.lowercased(), url: nil, location: value.location))
                    continue
                }
                if let earlier = graphs.first(where: { $0.name == name }) {
                    problems.append(
                        ReadProblem.warning(
                            "graph name '\(name)' is given to both \(earlier.value) and \(value.name); each must be distinct",
                            at: directive.location))
                }
                graphs.append(
                    Graph(
                        value: value.name, name: name, url: directive.arguments["url"]?.text, location: value.location))
            }
        } else {
            problems.append(
                ReadProblem.warning(
                    "the supergraph has no enum \(prefix)__Graph listing its subgraphs",
                    at: SourceLocation(file: document.file, line: 1, column: 1)))
        }
        self.graphs = graphs
        func graphName(_ value: GraphQLValue?, at location: SourceLocation) -> String? {
            guard let text = value?.text else { return nil }
            if let graph = graphs.first(where: { $0.value == text }) { return graph.name }
            problems.append(ReadProblem.warning("graph \(text) is not a value of \(prefix)__Graph", at: location))
            return text.lowercased()
        }

        var types: [ObjectType] = []
        for (name, list) in document.objectTypeBlocks {
            var joins: [TypeJoin] = []
            var owner: String?
            var fields: [Field] = []
            for block in list {
                for directive in block.directives {
                    switch spec(directive) {
                    case "type":
                        guard let graph = graphName(directive.arguments["graph"], at: directive.location) else {
                            continue
                        }
                        let key = directive.arguments["key"]?.text
                        var set: FieldSet?
                        if let key {
                            do throws(GraphQLSyntaxError) {
                                set = try FieldSet(parsing: key)
                            } catch {
                                problems.append(
                                    ReadProblem.warning(
                                        "@\(prefix)__type(key: \"\(key)\") on \(name): \(error.message)",
                                        at: directive.location))
                            }
                        }
                        joins.append(
                            TypeJoin(
                                graph: graph, key: key, keyFields: set,
                                isExtension: directive.arguments["extension"]?.bool ?? false,
                                resolvable: directive.arguments["resolvable"]?.bool ?? true,
                                location: directive.location))
                    case "owner":
                        owner = graphName(directive.arguments["graph"], at: directive.location)
                    default:
                        continue
                    }
                }
                for field in block.fields {
                    let fieldJoins = field.directives.filter { spec($0) == "field" }.map { directive in
                        FieldJoin(
                            graph: graphName(directive.arguments["graph"], at: directive.location),
                            requires: directive.arguments["requires"]?.text,
                            provides: directive.arguments["provides"]?.text,
                            isExternal: directive.arguments["external"]?.bool ?? false,
                            overrideFrom: directive.arguments["override"]?.text,
                            usedOverridden: directive.arguments["usedOverridden"]?.bool ?? false,
                            location: directive.location)
                    }
                    fields.append(
                        Field(
                            name: field.name, typeName: field.typeName, location: field.location, joins: fieldJoins,
                            isShareable: field.directives.contains { $0.name == "shareable" }))
                }
            }
            types.append(
                ObjectType(
                    name: name, isInterface: list[0].kind == .interface, location: list[0].location, joins: joins,
                    owner: owner, fields: fields,
                    isShareable: list.contains { $0.directives.contains { $0.name == "shareable" } }))
        }
        self.types = types
        self.problems = problems
    }

    /// The graph `name` (or its enum value).
    public func graph(_ name: String) -> Graph? { graphs.first { $0.name == name || $0.value == name } }

    /// `Type.field` of every field some `@join__type(key:)` selects, nested ones included.
    public var keyFieldCoordinates: Set<String> {
        var result = Set<String>()
        func collect(_ selections: [FieldSet.Selection], in typeName: String) {
            for selection in selections {
                let owner = selection.typeCondition ?? typeName
                result.insert("\(owner).\(selection.name)")
                if !selection.selections.isEmpty, let next = type(owner)?.field(selection.name)?.typeName {
                    collect(selection.selections, in: next)
                }
            }
        }
        for type in types {
            for join in type.joins { if let set = join.keyFields { collect(set.selections, in: type.name) } }
        }
        return result
    }

    /// The selections of a `@join__type` key that the supergraph's type does not have.
    public func missingFields(of join: TypeJoin, on type: ObjectType) -> [String] {
        guard let set = join.keyFields else { return [] }
        return SubgraphSchema.missing(set.selections, on: type.name, prefix: "") { typeName, fieldName in
            guard let found = self.type(typeName)?.field(fieldName) else { return (false, nil) }
            return (true, found.typeName)
        }
    }

    /// The types each graph owns (see `ObjectType.owners`), root and join types left out.
    public var ownedTypes: [String: [String]] {
        var result: [String: [String]] = [:]
        for graph in graphs { result[graph.name] = [] }
        for type in types where !rootTypes.contains(type.name) {
            for owner in type.owners { result[owner, default: []].append(type.name) }
        }
        return result.mapValues { $0.sorted() }
    }
}
