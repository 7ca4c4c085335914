public import AssessYAML
public import OpenAPIKit

/// Which of OpenAPIKit's default validations could fail on a document, found in one walk of
/// its node tree, so that only those are run.
///
/// OpenAPIKit validates by encoding the whole decoded document and testing each of its
/// validations at every value it encodes. On a clean document that walk was the largest
/// single cost of grading a Phase 1 hand-in: a quarter of a cohort's CPU time. Yet each
/// default validation can fail only on something plain to see in the tree: a `$ref` to a
/// component that is not there, a server variable whose `default` is not in its `enum`, a
/// parameter listed twice or styled for another location. The screen looks for exactly
/// those, and it is conservative: it may name a family that then passes, never miss one
/// that fails. The families it names are run by OpenAPIKit itself, in OpenAPIKit's order,
/// so every message, location and verdict is OpenAPIKit's own; a document it names nothing
/// in is not encoded at all. `OpenAPIValidationScreenTests` holds both readings side by side
/// on every OpenAPI document in the repository and on each kind of fault.
public struct OpenAPIValidationScreen: Sendable {
    /// A family of OpenAPIKit's default validations.
    public struct Families: OptionSet, Sendable, Hashable {
        public let rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }

        /// Parameters unique in a path item and in an operation, `querystring` alone, and each
        /// style used where its location allows it.
        public static let parameters = Families(rawValue: 1 << 0)
        /// Server names unique; a server variable's `enum` not empty and holding its `default`.
        public static let servers = Families(rawValue: 1 << 1)
        /// `$ref`s to `#/components/<kind>/<name>` found there, one family per kind.
        public static let schemaReferences = Families(rawValue: 1 << 2)
        public static let responseReferences = Families(rawValue: 1 << 3)
        public static let parameterReferences = Families(rawValue: 1 << 4)
        public static let exampleReferences = Families(rawValue: 1 << 5)
        public static let requestReferences = Families(rawValue: 1 << 6)
        public static let headerReferences = Families(rawValue: 1 << 7)
        public static let linkReferences = Families(rawValue: 1 << 8)
        public static let callbackReferences = Families(rawValue: 1 << 9)
        public static let pathItemReferences = Families(rawValue: 1 << 10)
        public static let references: Families = [
            .schemaReferences, .responseReferences, .parameterReferences, .exampleReferences, .requestReferences,
            .headerReferences, .linkReferences, .callbackReferences, .pathItemReferences,
        ]
        public static let all: Families = [.parameters, .servers, .references]

        /// The family of references into `components/<kind>` (OpenAPIKit's
        /// `openAPIComponentsKey`); nil for kinds no default validation looks at.
        static func family(forComponentsKind kind: Substring) -> Families? {
            switch kind {
            case "schemas": return .schemaReferences
            case "responses": return .responseReferences
            case "parameters": return .parameterReferences
            case "examples": return .exampleReferences
            case "requestBodies": return .requestReferences
            case "headers": return .headerReferences
            case "links": return .linkReferences
            case "callbacks": return .callbackReferences
            case "pathItems": return .pathItemReferences
            default: return nil
            }
        }
    }

    /// The families that could fail on the document.
    public private(set) var suspects: Families = []
    private let components: YAMLNode?

    /// Screens `root`, the document's tree with external references inlined (what was decoded).
    public init(_ root: YAMLNode) {
        components = root["components"]
        walk(root, key: nil)
    }

    /// A validator of OpenAPIKit's default validations (less the two `OpenAPIStructureRules`
    /// makes at the node) restricted to `families`, in OpenAPIKit's own order, so its errors are
    /// those the full validator gives for them, in the same order; nil when there is none to run.
    public static func validator(for families: Families) -> OpenAPIKit.Validator? {
        guard !families.isEmpty else { return nil }
        let validator = OpenAPIKit.Validator.blank
        // The order of `Validator.nonReferenceDefaultValidations` and then
        // `referenceDefaultValidations` (OpenAPIKit 6.4).
        if families.contains(.servers) { validator.validating(\.documentServerNamesAreUnique) }
        if families.contains(.parameters) {
            validator.validating(
                \.pathItemParametersAreUnique, \.operationParametersAreUnique, \.querystringParametersAreCompatible)
        }
        if families.contains(.servers) {
            validator.validating(\.serverVariableEnumIsValid, \.serverVariableDefaultExistsInEnum)
        }
        if families.contains(.parameters) { validator.validating(\.parameterStyleAndLocationAreCompatible) }
        if families.contains(.schemaReferences) {
            validator.validating(\.schemaReferencesAreValid, \.jsonSchemaReferencesAreValid)
        }
        if families.contains(.responseReferences) { validator.validating(\.responseReferencesAreValid) }
        if families.contains(.parameterReferences) { validator.validating(\.parameterReferencesAreValid) }
        if families.contains(.exampleReferences) { validator.validating(\.exampleReferencesAreValid) }
        if families.contains(.requestReferences) { validator.validating(\.requestReferencesAreValid) }
        if families.contains(.headerReferences) { validator.validating(\.headerReferencesAreValid) }
        if families.contains(.linkReferences) { validator.validating(\.linkReferencesAreValid) }
        if families.contains(.callbackReferences) { validator.validating(\.callbacksReferencesAreValid) }
        if families.contains(.pathItemReferences) { validator.validating(\.pathItemReferencesAreValid) }
        return validator
    }

    private mutating func walk(_ node: YAMLNode, key: String?) {
        switch node.content {
        case .scalar:
            return
        case .sequence(let items, _):
            if key == "parameters" { screenParameterList(items) }
            if key == "servers" { items.forEach { screenServer($0) } }
            for item in items { walk(item, key: nil) }
        case .mapping(let pairs, _):
            if key == "server" { screenServer(node) }  // a Link's server
            if let reference = node["$ref"] { screenReference(reference) }
            if node["in"] != nil { screenParameter(node) }
            for pair in pairs { walk(pair.value, key: pair.key.scalarText) }
        }
    }

    /// OpenAPIKit's `parameterStyleAndLocationAreCompatible` and `querystringParametersAreCompatible`:
    /// a parameter without a `style` takes its location's default, which always fits it.
    private mutating func screenParameter(_ node: YAMLNode) {
        let location = node["in"]?.scalarText
        if location == "querystring" { suspects.insert(.parameters) }
        guard let styleNode = node["style"] else { return }
        let fits: Bool
        switch styleNode.scalarText {
        case "matrix", "label": fits = location == "path"
        case "simple": fits = location == "path" || location == "header"
        case "form": fits = location == "query" || location == "cookie"
        case "spaceDelimited", "pipeDelimited", "deepObject": fits = location == "query"
        case "cookie": fits = location == "cookie"
        default: fits = false
        }
        if !fits { suspects.insert(.parameters) }
    }

    /// OpenAPIKit's `pathItemParametersAreUnique` and `operationParametersAreUnique`: no two
    /// parameters of one list share a name and a location, references followed into
    /// `components/parameters`. A parameter whose identity cannot be told is a suspect.
    private mutating func screenParameterList(_ items: [YAMLNode]) {
        guard items.count > 1 else { return }
        var seen = Set<String>()
        for item in items {
            var parameter = item
            if let reference = item["$ref"]?.scalarText {
                let parts = reference.split(separator: "/")
                guard parts.count == 4, parts[0] == "#", parts[1] == "components", parts[2] == "parameters",
                    let target = components?["parameters"]?[String(parts[3])], target["$ref"] == nil
                else {
                    suspects.insert(.parameters)
                    return
                }
                parameter = target
            }
            guard let name = parameter["name"]?.scalarText, let location = parameter["in"]?.scalarText,
                seen.insert(location + "\u{0}" + name).inserted
            else {
                suspects.insert(.parameters)
                return
            }
        }
    }

    /// OpenAPIKit's `documentServerNamesAreUnique` (any named server is a suspect: names came
    /// with OpenAPI 3.2), `serverVariableEnumIsValid` and `serverVariableDefaultExistsInEnum`.
    private mutating func screenServer(_ server: YAMLNode) {
        guard server.mapping != nil else { return }
        if server["name"] != nil { suspects.insert(.servers) }
        guard let variables = server["variables"]?.mapping else { return }
        for variable in variables {
            guard let values = variable.value["enum"] else { continue }
            guard let items = values.sequence, !items.isEmpty,
                let defaultValue = variable.value["default"]?.scalarText,
                items.contains(where: { $0.scalarText == defaultValue })
            else {
                suspects.insert(.servers)
                return
            }
        }
    }

    /// The reference validations fail only on an internal reference into the Components
    /// Object whose name is not there: OpenAPIKit passes external references and internal
    /// ones to elsewhere in the document. A reference into components of another kind than its
    /// place takes is not a reference of that place's type: it fails decoding, or (in a schema,
    /// or where `Either` falls back to the inline object) decodes as something that is no
    /// reference, which no reference validation then sees; naming its kind's family anyway
    /// only costs that family's run. A name is looked up as OpenAPIKit looks it up (split on
    /// `/`, not unescaped), and one outside `[A-Za-z0-9._-]` is a suspect.
    private mutating func screenReference(_ node: YAMLNode) {
        guard let reference = node.scalarText else {
            suspects.formUnion(.references)
            return
        }
        guard reference.hasPrefix("#/components") else { return }
        let parts = reference.dropFirst().split(separator: "/")
        guard parts.count > 1, let family = Families.family(forComponentsKind: parts[1]) else {
            suspects.formUnion(.references)
            return
        }
        guard parts.count == 3, parts[0] == "components", Self.isPlainKey(parts[2]),
            components?[String(parts[1])]?[String(parts[2])] != nil
        else {
            suspects.insert(family)
            return
        }
    }

    private static func isPlainKey(_ name: Substring) -> Bool {
        !name.isEmpty
            && name.utf8.allSatisfy { byte in
                (byte >= 0x30 && byte <= 0x39) || ((byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A) || byte == 0x2E
                    || byte == 0x2D || byte == 0x5F
            }
    }
}
