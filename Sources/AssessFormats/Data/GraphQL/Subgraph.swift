public import AssessYAML
import Foundation

/// An Apollo Federation subgraph schema: its entities (`@key`, several keys and nested
/// selections alike), and per field whether this subgraph resolves it (`@external` says it
/// does not), may share it (`@shareable`), needs or provides other fields (`@requires`,
/// `@provides`) or takes it over (`@override`).
///
/// Directive names are resolved the way the link spec says, because they are not fixed: a
/// Federation 2 subgraph names the spec in `@link(url: ".../federation/v2.x", import: [...])`;
/// imported directives keep their name or take the `as:` one (`{name: "@key", as:
/// "@primaryKey"}`), the others are namespaced (`@federation__key`, or `@<as>__key` when the
/// link has `as:`). A subgraph without that link is a Federation 1 subgraph and uses the bare
/// names; composition treats all of its fields as shareable.
public struct SubgraphSchema: Sendable, Hashable {
    /// `@key(fields:, resolvable:)`.
    public struct Key: Sendable, Hashable {
        public var text: String
        /// Nil when `text` is not a valid selection set (a problem says so).
        public var fields: FieldSet?
        public var resolvable: Bool
        public var location: SourceLocation
    }

    public struct Field: Sendable, Hashable {
        public var name: String
        public var typeName: String?
        public var location: SourceLocation
        public var isExternal: Bool
        /// `@shareable` on the field, or on the type block that declares it (a type-level
        /// `@shareable` covers only the fields of its own block, not those of `extend type`).
        public var isShareable: Bool
        public var requires: String?
        public var provides: String?
        /// `@override(from:)`: the subgraph this one takes the field from.
        public var overrideFrom: String?
    }

    public struct ObjectType: Sendable, Hashable {
        public enum Kind: String, Sendable, Hashable { case object, interface }

        public var name: String
        public var kind: Kind
        /// The first block's name.
        public var location: SourceLocation
        /// Every block is `extend type` or carries `@extends`: the subgraph adds to a type
        /// another subgraph defines.
        public var isExtension: Bool
        public var isInterfaceObject: Bool
        public var keys: [Key]
        public var fields: [Field]

        public var isEntity: Bool { !keys.isEmpty }

        public func field(_ name: String) -> Field? { fields.first { $0.name == name } }
    }

    public var file: String
    /// `2.0`, `2.3`, … from the federation `@link`; nil for a Federation 1 subgraph.
    public var federationVersion: String?
    public var types: [ObjectType]
    public var problems: [ReadProblem]
    /// Root operation types: `Query`, `Mutation`, `Subscription` (or the names `schema { }` gives).
    public var rootTypes: Set<String>

    public var isFederation2: Bool { federationVersion != nil }

    public func type(_ name: String) -> ObjectType? { types.first { $0.name == name } }

    public var entities: [ObjectType] { types.filter(\.isEntity) }

    /// The federation directives by their spec names, whatever this schema calls them.
    static let federationDirectives: Set<String> = [
        "key", "external", "requires", "provides", "shareable", "override", "extends", "inaccessible", "tag",
        "interfaceObject", "composeDirective", "authenticated", "requiresScopes", "policy", "context", "fromContext",
        "cost", "listSize",
    ]

    public init(_ document: SDLDocument) {
        file = document.file
        var problems: [ReadProblem] = []
        let names = LinkedNames(
            document: document, spec: "federation", known: Self.federationDirectives, defaultPrefix: "federation")
        federationVersion = names.version
        let fed2 = names.version != nil
        func spec(_ directive: SDLDirective) -> String? { names.specName(directive.name) }
        if fed2 {
            let applied =
                document.types.flatMap { type in type.directives + type.fields.flatMap(\.directives) }
                + document.schemaDirectives
            for directive in applied
            where names.specName(directive.name) == nil && Self.federationDirectives.contains(directive.name)
                && !document.directiveDefinitions.contains(directive.name)
            {
                problems.append(
                    ReadProblem.warning(
                        "@\(directive.name) is not imported by the @link to federation v\(names.version!); composition rejects it (add it to 'import' or write @\(names.prefix)__\(directive.name))",
                        at: directive.location))
            }
        }
        func has(_ directives: [SDLDirective], _ name: String) -> Bool {
            directives.contains { spec($0) == name }
        }
        func argument(_ directives: [SDLDirective], _ name: String, _ key: String) -> String? {
            directives.first { spec($0) == name }?.arguments[key]?.text
        }

        var types: [ObjectType] = []
        for (name, list) in document.objectTypeBlocks {
            var keys: [Key] = []
            var fields: [Field] = []
            for block in list {
                let blockShareable = has(block.directives, "shareable")
                for directive in block.directives where spec(directive) == "key" {
                    guard let text = directive.arguments["fields"]?.text else {
                        problems.append(ReadProblem.warning("@key on \(name) has no 'fields'", at: directive.location))
                        continue
                    }
                    var set: FieldSet?
                    do throws(GraphQLSyntaxError) {
                        set = try FieldSet(parsing: text)
                    } catch {
                        problems.append(
                            ReadProblem.warning(
                                "@key(fields: \"\(text)\") on \(name): \(error.message)", at: directive.location))
                    }
                    keys.append(
                        Key(
                            text: text, fields: set, resolvable: directive.arguments["resolvable"]?.bool ?? true,
                            location: directive.location))
                }
                for field in block.fields {
                    fields.append(
                        Field(
                            name: field.name, typeName: field.typeName, location: field.location,
                            isExternal: has(field.directives, "external"),
                            isShareable: !fed2 || blockShareable || has(field.directives, "shareable"),
                            requires: argument(field.directives, "requires", "fields"),
                            provides: argument(field.directives, "provides", "fields"),
                            overrideFrom: argument(field.directives, "override", "from")))
                }
            }
            let isExtension = list.allSatisfy { $0.isExtension || has($0.directives, "extends") }
            types.append(
                ObjectType(
                    name: name, kind: list[0].kind == .interface ? .interface : .object, location: list[0].location,
                    isExtension: isExtension,
                    isInterfaceObject: list.contains { has($0.directives, "interfaceObject") },
                    keys: keys, fields: fields))
        }
        self.types = types
        rootTypes = document.rootTypes
        self.problems = names.problems + problems
    }

    /// `Type.field` of every field a key of its type selects, nested selections followed through
    /// the field's type (`"sku variation { id }"` → `Product.sku`, `Product.variation`,
    /// `ProductVariation.id`). Composition counts these as shareable.
    public var keyFieldCoordinates: Set<String> {
        var result = Set<String>()
        for type in types {
            for key in type.keys {
                guard let set = key.fields else { continue }
                collect(set.selections, in: type.name, into: &result)
            }
        }
        return result
    }

    func collect(_ selections: [FieldSet.Selection], in typeName: String, into result: inout Set<String>) {
        for selection in selections {
            let owner = selection.typeCondition ?? typeName
            result.insert("\(owner).\(selection.name)")
            if !selection.selections.isEmpty, let next = type(owner)?.field(selection.name)?.typeName {
                collect(selection.selections, in: next, into: &result)
            }
        }
    }

    /// The key's selections this subgraph does not define, as dotted paths (`variation.id`);
    /// empty when every selected field exists on its type.
    public func missingFields(of key: Key, on type: ObjectType) -> [String] {
        guard let set = key.fields else { return [] }
        return Self.missing(set.selections, on: type.name, prefix: "") { typeName, fieldName in
            guard let found = self.type(typeName)?.field(fieldName) else { return (false, nil) }
            return (true, found.typeName)
        }
    }

    /// Walks `selections` over types through `lookup` (exists, the field's type), returning
    /// the dotted paths that do not exist.
    static func missing(
        _ selections: [FieldSet.Selection], on typeName: String, prefix: String,
        lookup: (String, String) -> (Bool, String?)
    ) -> [String] {
        var result: [String] = []
        for selection in selections {
            let path = prefix.isEmpty ? selection.name : prefix + "." + selection.name
            let owner = selection.typeCondition ?? typeName
            let (exists, next) = lookup(owner, selection.name)
            if !exists {
                result.append(path)
            } else if !selection.selections.isEmpty, let next {
                result += missing(selection.selections, on: next, prefix: path, lookup: lookup)
            }
        }
        return result
    }
}

/// The directives of one linked spec as a schema names them: `@link(url:, as:, import:)`
/// for link v1.0, `@core(feature:, as:)` for the older core spec supergraphs use.
struct LinkedNames {
    /// The version in the spec's URL (`2.3`, `0.1`); nil when the schema does not link it.
    var version: String?
    /// Name in the schema → name in the spec.
    var names: [String: String] = [:]
    /// The prefix non-imported names take (`federation`, `join`, or the link's `as:`).
    var prefix: String
    var problems: [ReadProblem] = []

    init(document: SDLDocument, spec: String, known: Set<String>, defaultPrefix: String) {
        prefix = defaultPrefix
        for directive in document.schemaDirectives where directive.name == "link" || directive.name == "core" {
            let url = directive.arguments[directive.name == "link" ? "url" : "feature"]?.text ?? ""
            guard let version = Self.version(of: url, spec: spec) else { continue }
            self.version = version
            if let alias = directive.arguments["as"]?.text {
                prefix = alias.hasPrefix("@") ? String(alias.dropFirst()) : alias
            }
            for item in directive.arguments["import"]?.items ?? [] {
                var imported: String?
                var alias: String?
                switch item {
                case .string(let name): imported = name
                case .object(let fields):
                    imported = fields["name"]?.text
                    alias = fields["as"]?.text
                default: break
                }
                guard let imported, imported.hasPrefix("@") else { continue }
                let name = String(imported.dropFirst())
                let local = alias.map { $0.hasPrefix("@") ? String($0.dropFirst()) : $0 } ?? name
                if !known.contains(name) {
                    problems.append(
                        ReadProblem.warning(
                            "@link imports @\(name), which \(spec) v\(version) does not define", at: directive.location)
                    )
                }
                names[local] = name
            }
        }
        if version == nil {
            for name in known { names[name] = name }
        } else {
            for name in known { names["\(prefix)__\(name)"] = name }
        }
    }

    func specName(_ name: String) -> String? { names[name] }

    /// `https://specs.apollo.dev/federation/v2.3` → `2.3` when `spec` is `federation`.
    static func version(of url: String, spec: String) -> String? {
        var parts = url.split(separator: "/").map(String.init)
        while parts.last?.isEmpty == true { parts.removeLast() }
        guard parts.count >= 2, parts[parts.count - 2] == spec, let last = parts.last, last.hasPrefix("v") else {
            return nil
        }
        return String(last.dropFirst())
    }
}
