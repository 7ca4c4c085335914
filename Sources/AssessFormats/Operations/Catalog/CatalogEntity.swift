public import AssessYAML

/// A Backstage catalog entity (`catalog-info.yaml`): Component, API, System, Domain, Group,
/// User, Resource, with the references that make up ownership and dependencies.
public struct CatalogEntity: Sendable, Hashable {
    public var kind: String
    public var name: String
    /// `metadata.namespace`, `default` when absent.
    public var namespace: String
    /// `spec.type`: service, website, library; openapi, asyncapi, grpc; team.
    public var type: String?
    public var lifecycle: Located<String>?
    public var owner: Located<CatalogReference>?
    public var system: Located<CatalogReference>?
    public var domain: Located<CatalogReference>?
    public var providesApis: [Located<CatalogReference>]
    public var consumesApis: [Located<CatalogReference>]
    public var dependsOn: [Located<CatalogReference>]
    /// An API's `definition`: inline text, or a `$text`/`$json`/`$yaml` substitution target.
    public var definition: String?
    public var definitionReference: String?
    public var location: SourceLocation
    public var nameLocation: SourceLocation
    /// Where `spec` is (or the object when it has none), for "missing field" findings.
    public var specLocation: SourceLocation

    public init?(_ object: ManifestObject) {
        guard object.group == "backstage.io" else { return nil }
        kind = object.kind
        name = object.name
        let space = object.namespace ?? "default"
        namespace = space
        let spec = object.spec
        type = spec?["type"]?.string
        lifecycle = spec?["lifecycle"]?.locatedString
        let defaultKind: [String: String] = ["owner": "group", "system": "system", "domain": "domain"]
        func reference(_ key: String) -> Located<CatalogReference>? {
            guard let node = spec?[key] else { return nil }
            return CatalogReference(node, defaultKind: defaultKind[key], namespace: space).map {
                Located($0, at: node.location)
            }
        }
        func references(_ key: String, _ kind: String?) -> [Located<CatalogReference>] {
            let nodes = spec?[key].map { $0.sequence ?? [$0] } ?? []
            return nodes.compactMap { node in
                CatalogReference(node, defaultKind: kind, namespace: space).map { Located($0, at: node.location) }
            }
        }
        owner = reference("owner")
        system = reference("system")
        domain = reference("domain")
        providesApis = references("providesApis", "api")
        consumesApis = references("consumesApis", "api")
        dependsOn = references("dependsOn", nil)
        if let definition = spec?["definition"] {
            self.definition = definition.string
            definitionReference =
                definition["$text"]?.string ?? definition["$json"]?.string ?? definition["$yaml"]?.string
        }
        location = object.location
        nameLocation = object.nameLocation
        specLocation = spec?.location ?? object.location
    }

    /// `component:default/checkout`.
    public var reference: CatalogReference {
        CatalogReference(kind: kind.lowercased(), namespace: namespace.lowercased(), name: name.lowercased())
    }
}

/// An entity reference `[<kind>:][<namespace>/]<name>` (or the `{kind, namespace, name}` form),
/// compared without case, the kind and namespace filled in from the field's defaults.
public struct CatalogReference: Sendable, Hashable, CustomStringConvertible {
    /// Lower-cased; nil when neither written nor implied by the field (`dependsOn`).
    public var kind: String?
    public var namespace: String
    public var name: String

    public init(kind: String?, namespace: String, name: String) {
        self.kind = kind
        self.namespace = namespace
        self.name = name
    }

    init?(_ node: YAMLNode, defaultKind: String?, namespace: String) {
        if node.mapping != nil {
            guard let name = node["name"]?.string else { return nil }
            self.init(
                kind: (node["kind"]?.string ?? defaultKind)?.lowercased(),
                namespace: (node["namespace"]?.string ?? namespace).lowercased(), name: name.lowercased())
            return
        }
        guard var text = node.string?.trimmingSpaces, !text.isEmpty else { return nil }
        var kind = defaultKind
        if let colon = text.firstIndex(of: ":") {
            kind = String(text[..<colon])
            text = String(text[text.index(after: colon)...])
        }
        var space = namespace
        if let slash = text.firstIndex(of: "/") {
            space = String(text[..<slash])
            text = String(text[text.index(after: slash)...])
        }
        self.init(kind: kind?.lowercased(), namespace: space.lowercased(), name: text.lowercased())
    }

    public var description: String { (kind.map { "\($0):" } ?? "") + "\(namespace)/\(name)" }

    /// Whether this reference names `entity` (any kind when the reference has none).
    public func names(_ entity: CatalogEntity) -> Bool {
        let target = entity.reference
        return target.name == name && target.namespace == namespace && (kind == nil || kind == target.kind)
    }
}
