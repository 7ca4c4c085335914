public import AssessYAML

/// What the OpenAPI 3.0 and 3.1 specifications (and their JSON Schemas, as openapi-spec-validator
/// applies them) require of a document, checked on its node tree where OpenAPIKit's decoding
/// lets a document through: OpenAPIKit reads `info.version: 1.0` as the string "1.0", ignores a
/// `required: true` on a schema property and knows nothing of path templates. Each problem is
/// placed at the node it is about and worded in plain text.
public struct OpenAPIStructureRules: Sendable {
    /// The document's tree (external references already inlined).
    public var root: YAMLNode
    /// True for an OpenAPI 3.1 document, whose schemas are JSON Schema 2020-12.
    public var is31: Bool

    public init(root: YAMLNode, version: String) {
        self.root = root
        is31 = version.hasPrefix("3.1")
    }

    /// Every problem found, in document order of the checks.
    public func problems() -> [Diagnostic] {
        var log = Log()
        checkVersion(&log)
        checkTopLevel(&log)
        checkInfo(&log)
        checkTags(&log)
        checkPaths(&log)
        checkComponents(&log)
        return log.problems
    }

    struct Log {
        var problems: [Diagnostic] = []
        mutating func error(_ node: YAMLNode, _ message: String) {
            problems.append(.error(at: node.location, message))
        }
    }

    static let documentKeys30: Set<String> = [
        "openapi", "info", "servers", "paths", "components", "security", "tags", "externalDocs",
    ]
    static let infoKeys30: Set<String> = ["title", "description", "termsOfService", "contact", "license", "version"]
    static let schemaTypes: Set<String> = ["array", "boolean", "integer", "number", "object", "string"]

    // MARK: - Document

    func checkVersion(_ log: inout Log) {
        guard let node = root["openapi"], let text = node.scalarText else { return }
        let prefix = is31 ? "3.1." : "3.0."
        let rest = text.dropFirst(prefix.count)
        let patch = rest.prefix { $0 != "-" }
        let wellFormed =
            text.hasPrefix(prefix) && !patch.isEmpty && patch.allSatisfy(\.isASCII) && patch.allSatisfy(\.isNumber)
            && (is31 || patch.count == 1) && (rest.count == patch.count || rest.count > patch.count + 1)
        if !wellFormed {
            log.error(node, "openapi '\(text)' is not a version of the form \(prefix)n (for example \(prefix)3)")
        } else if node.isPlainScalar && node.double != nil && text.filter({ $0 == "." }).count < 2 {
            log.error(node, "openapi \(text) is a number; write the version as a string")
        }
    }

    func checkTopLevel(_ log: inout Log) {
        guard let pairs = root.mapping else {
            log.error(root, "an OpenAPI document is a mapping; found \(root.kindDescription)")
            return
        }
        let allowed = is31 ? Self.documentKeys30.union(["webhooks", "jsonSchemaDialect"]) : Self.documentKeys30
        for pair in pairs {
            guard let key = pair.key.scalarText, !key.hasPrefix("x-"), !allowed.contains(key) else { continue }
            let only31 = ["webhooks", "jsonSchemaDialect"].contains(key)
            log.error(
                pair.key,
                only31
                    ? "'\(key)' is an OpenAPI 3.1 field; this document declares \(root["openapi"]?.scalarText ?? "3.0")"
                    : "unknown field '\(key)' at the top of the document (extensions begin with x-)")
        }
        if root["info"] == nil { log.error(root, "the document has no 'info'") }
        if is31 {
            if root["paths"] == nil && root["webhooks"] == nil && root["components"] == nil {
                log.error(root, "an OpenAPI 3.1 document has at least one of 'paths', 'webhooks' or 'components'")
            }
        } else if root["paths"] == nil {
            log.error(root, "the document has no 'paths' (required in OpenAPI 3.0)")
        }
    }

    func checkInfo(_ log: inout Log) {
        guard let info = root["info"] else { return }
        guard let pairs = info.mapping else {
            log.error(info, "'info' is a mapping; found \(info.kindDescription)")
            return
        }
        let allowed = is31 ? Self.infoKeys30.union(["summary"]) : Self.infoKeys30
        for pair in pairs {
            guard let key = pair.key.scalarText, !key.hasPrefix("x-"), !allowed.contains(key) else { continue }
            log.error(
                pair.key,
                key == "summary"
                    ? "'info.summary' is an OpenAPI 3.1 field; this document declares \(root["openapi"]?.scalarText ?? "3.0")"
                    : "unknown field '\(key)' in 'info' (extensions begin with x-)")
        }
        for key in ["title", "version"] {
            guard let value = info[key] else {
                log.error(info, "'info' has no '\(key)'")
                continue
            }
            requireString(value, "info.\(key)", &log)
        }
        if let license = info["license"] {
            if license["name"] == nil { log.error(license, "'info.license' has no 'name'") }
            if !is31, let identifier = license.mapping?.first(where: { $0.key.scalarText == "identifier" }) {
                log.error(identifier.key, "'info.license.identifier' is an OpenAPI 3.1 field")
            }
        }
    }

    /// A field the specification types as a string, written as a plain number, boolean or null.
    func requireString(_ node: YAMLNode, _ name: String, _ log: inout Log) {
        guard let text = node.scalarText else {
            log.error(node, "'\(name)' is a string; found \(node.kindDescription)")
            return
        }
        guard node.isPlainScalar, node.tag == nil else { return }
        if node.isNull {
            log.error(node, "'\(name)' is empty")
        } else if node.double != nil {
            log.error(node, "'\(name)' \(text) is a number; write it as a string ('\(text)')")
        } else if node.bool != nil {
            log.error(node, "'\(name)' \(text) is a boolean; write it as a string ('\(text)')")
        }
    }

    func checkTags(_ log: inout Log) {
        var seen: [String: YAMLNode] = [:]
        for tag in root["tags"]?.sequence ?? [] {
            guard let nameNode = tag["name"], let name = nameNode.string else {
                log.error(tag, "a tag has no 'name'")
                continue
            }
            if let earlier = seen[name] {
                log.error(nameNode, "tag '\(name)' is declared twice (first at line \(earlier.location.line))")
            } else {
                seen[name] = nameNode
            }
        }
    }

    // MARK: - Paths and operations

    func checkPaths(_ log: inout Log) {
        var operationIds: [String: (node: YAMLNode, operation: String)] = [:]
        for pair in root["paths"]?.mapping ?? [] {
            guard let path = pair.key.scalarText, !path.hasPrefix("x-") else { continue }
            guard path.hasPrefix("/") else {
                log.error(pair.key, "path '\(path)' does not begin with '/'")
                continue
            }
            let item = pair.value.resolved(in: root)
            let shared = item["parameters"]?.sequence ?? []
            shared.forEach { checkParameter($0.resolved(in: root), &log) }
            for method in OpenAPIOperation.methods {
                guard let operation = item[method] else { continue }
                let name = "\(method.uppercased()) \(path)"
                checkOperation(operation, name: name, &log)
                checkPathTemplate(path, operation: operation, shared: shared, name: name, &log)
                if let idNode = operation["operationId"], let id = idNode.string {
                    if let earlier = operationIds[id] {
                        log.error(
                            idNode,
                            "operationId '\(id)' of \(name) is already used by \(earlier.operation) (line \(earlier.node.location.line))"
                        )
                    } else {
                        operationIds[id] = (idNode, name)
                    }
                }
            }
        }
    }

    func checkOperation(_ operation: YAMLNode, name: String, _ log: inout Log) {
        for parameter in operation["parameters"]?.sequence ?? [] {
            checkParameter(parameter.resolved(in: root), &log)
        }
        if let body = operation["requestBody"] {
            let resolved = body.resolved(in: root)
            if resolved["$ref"] == nil, resolved["content"] == nil {
                log.error(body, "the requestBody of \(name) has no 'content'")
            }
            for media in resolved["content"]?.mapping ?? [] { checkMedia(media.value, &log) }
        }
        guard let responses = operation["responses"] else {
            if !is31 { log.error(operation, "\(name) has no 'responses' (required in OpenAPI 3.0)") }
            return
        }
        for pair in responses.mapping ?? [] {
            guard let code = pair.key.scalarText, !code.hasPrefix("x-") else { continue }
            if code != "default" && !Self.isStatusCode(code) {
                log.error(pair.key, "response '\(code)' of \(name) is not a status code (200, 4XX) or 'default'")
                continue
            }
            let response = pair.value.resolved(in: root)
            guard response["$ref"] == nil else { continue }
            if response["description"] == nil {
                log.error(pair.value, "response '\(code)' of \(name) has no 'description'")
            }
            for media in response["content"]?.mapping ?? [] { checkMedia(media.value, &log) }
            for header in response["headers"]?.mapping ?? [] {
                if let schema = header.value.resolved(in: root)["schema"] { checkSchema(schema, &log, depth: 0) }
            }
        }
    }

    /// `200`, `404`, `2XX`: a status code or a range, as the specification's pattern writes it.
    static func isStatusCode(_ code: String) -> Bool {
        let characters = Array(code)
        guard characters.count == 3, let first = characters.first, ("1"..."5").contains(first) else { return false }
        let rest = String(characters.dropFirst())
        return rest == "XX" || rest.allSatisfy { $0.isASCII && $0.isNumber }
    }

    func checkMedia(_ media: YAMLNode, _ log: inout Log) {
        if let schema = media["schema"] { checkSchema(schema, &log, depth: 0) }
    }

    func checkParameter(_ parameter: YAMLNode, _ log: inout Log) {
        guard parameter["$ref"] == nil, parameter.mapping != nil else { return }
        if parameter["name"] == nil { log.error(parameter, "a parameter has no 'name'") }
        let name = parameter["name"]?.string ?? "?"
        guard let location = parameter["in"] else {
            log.error(parameter, "parameter '\(name)' has no 'in'")
            return
        }
        let place = location.string ?? ""
        guard ["query", "header", "path", "cookie"].contains(place) else {
            log.error(
                location,
                "parameter '\(name)' is 'in: \(place)'; OpenAPI 3 parameters are in query, header, path or cookie (a body is a requestBody)"
            )
            return
        }
        if place == "path", parameter["required"]?.bool != true {
            log.error(parameter["required"] ?? parameter, "path parameter '\(name)' must be 'required: true'")
        }
        switch (parameter["schema"], parameter["content"]) {
        case (nil, nil): log.error(parameter, "parameter '\(name)' has neither 'schema' nor 'content'")
        case (.some, .some): log.error(parameter, "parameter '\(name)' has both 'schema' and 'content'; keep one")
        case (.some(let schema), nil): checkSchema(schema, &log, depth: 0)
        case (nil, .some): break
        }
    }

    /// Each `{name}` of the path template is a path parameter of the operation or its path item,
    /// and each path parameter names a segment of the template.
    func checkPathTemplate(_ path: String, operation: YAMLNode, shared: [YAMLNode], name: String, _ log: inout Log) {
        let parameters = (shared + (operation["parameters"]?.sequence ?? [])).map { $0.resolved(in: root) }
        let declared = parameters.filter { $0["in"]?.string == "path" }
        let declaredNames = Set(declared.compactMap { $0["name"]?.string })
        let templateNames = Self.templateNames(path)
        for missing in templateNames where !declaredNames.contains(missing) {
            log.error(
                operation,
                "\(name): the path template names {\(missing)} but no path parameter '\(missing)' is declared")
        }
        for parameter in declared {
            guard let parameterName = parameter["name"]?.string, !templateNames.contains(parameterName) else { continue }
            log.error(parameter, "\(name): path parameter '\(parameterName)' is not in the path template")
        }
    }

    static func templateNames(_ path: String) -> [String] {
        var names: [String] = []
        var current: String?
        for character in path {
            if character == "{" {
                current = ""
            } else if character == "}", let name = current {
                if !name.isEmpty { names.append(name) }
                current = nil
            } else if current != nil {
                current?.append(character)
            }
        }
        return names
    }

    // MARK: - Components and schemas

    func checkComponents(_ log: inout Log) {
        guard let components = root["components"] else { return }
        for pair in components["schemas"]?.mapping ?? [] { checkSchema(pair.value, &log, depth: 0) }
        for pair in components["parameters"]?.mapping ?? [] { checkParameter(pair.value, &log) }
        for pair in components["securitySchemes"]?.mapping ?? [] {
            checkSecurityScheme(pair.value, name: pair.key.scalarText ?? "", &log)
        }
    }

    func checkSecurityScheme(_ scheme: YAMLNode, name: String, _ log: inout Log) {
        guard scheme["$ref"] == nil else { return }
        guard let type = scheme["type"]?.string else {
            log.error(scheme, "security scheme '\(name)' has no 'type'")
            return
        }
        let required: [String]
        switch type {
        case "apiKey": required = ["name", "in"]
        case "http": required = ["scheme"]
        case "oauth2": required = ["flows"]
        case "openIdConnect": required = ["openIdConnectUrl"]
        case "mutualTLS" where is31: required = []
        default:
            log.error(
                scheme["type"] ?? scheme,
                "security scheme '\(name)' has type '\(type)'; it is apiKey, http, oauth2\(is31 ? ", mutualTLS" : "") or openIdConnect"
            )
            return
        }
        for key in required where scheme[key] == nil {
            log.error(scheme, "security scheme '\(name)' of type \(type) has no '\(key)'")
        }
        if type == "apiKey", let place = scheme["in"], !["query", "header", "cookie"].contains(place.string ?? "") {
            log.error(place, "security scheme '\(name)' is 'in: \(place.scalarText ?? "")'; it is in query, header or cookie")
        }
    }

    /// The schema keywords whose JSON Schema type the specification fixes, checked down the
    /// schema's properties, items and combinations (local references are checked where they
    /// are declared, in `components`).
    func checkSchema(_ schema: YAMLNode, _ log: inout Log, depth: Int) {
        guard depth < 32, schema.mapping != nil, schema["$ref"] == nil || is31 else { return }
        let types = checkType(schema, &log)
        if let required = schema["required"], required.sequence?.allSatisfy({ $0.string != nil }) != true {
            log.error(
                required,
                required.bool != nil
                    ? "'required: \(required.scalarText ?? "")' on a schema: a schema lists its required properties in the object's 'required' array (required: true belongs on a parameter)"
                    : "a schema's 'required' is a list of property names")
        }
        for key in ["maxLength", "minLength", "maxItems", "minItems", "maxProperties", "minProperties"] {
            guard let value = schema[key] else { continue }
            if (value.int ?? -1) < 0 { log.error(value, "'\(key)' is a whole number of at least 0") }
        }
        for key in ["exclusiveMinimum", "exclusiveMaximum"] {
            guard let value = schema[key] else { continue }
            if is31, value.double == nil {
                log.error(value, "'\(key)' is a number in OpenAPI 3.1 (JSON Schema 2020-12), not \(value.scalarText ?? "a collection")")
            } else if !is31, value.bool == nil {
                log.error(value, "'\(key)' is true or false in OpenAPI 3.0")
            }
        }
        if let values = schema["enum"] {
            if values.sequence == nil {
                log.error(values, "'enum' is a list of values")
            } else if !is31, values.sequence?.isEmpty == true {
                log.error(values, "'enum' lists at least one value")
            }
        }
        if let value = schema["default"], let types {
            checkDefault(value, types: types, nullable: schema["nullable"]?.bool == true, &log)
        }
        var children: [YAMLNode] = (schema["properties"]?.mapping ?? []).map(\.value)
        for key in ["items", "not", "additionalProperties"] {
            if let child = schema[key] { children.append(child) }
        }
        for key in ["allOf", "anyOf", "oneOf"] { children += schema[key]?.sequence ?? [] }
        for child in children { checkSchema(child, &log, depth: depth + 1) }
    }

    /// The schema's types as written (nil when it states none), after checking the spelling.
    func checkType(_ schema: YAMLNode, _ log: inout Log) -> [String]? {
        guard let node = schema["type"] else { return nil }
        if let list = node.sequence {
            guard is31 else {
                log.error(
                    node,
                    "'type' is one type name in OpenAPI 3.0; a list of types (\(list.compactMap(\.scalarText).joined(separator: ", "))) is OpenAPI 3.1 — write 'nullable: true' for null"
                )
                return nil
            }
            let names = list.compactMap(\.string)
            for (item, name) in zip(list, names) where !Self.schemaTypes.contains(name) && name != "null" {
                log.error(item, "'type' \(name) is not a JSON Schema type (\(Self.typeList(is31)))")
            }
            return names
        }
        guard let name = node.string else {
            log.error(node, "'type' is a type name")
            return nil
        }
        guard Self.schemaTypes.contains(name) || (is31 && name == "null") else {
            log.error(node, "'type' \(name) is not a schema type (\(Self.typeList(is31)))")
            return nil
        }
        return [name]
    }

    static func typeList(_ is31: Bool) -> String {
        (["array", "boolean", "integer", "number", "object", "string"] + (is31 ? ["null"] : [])).joined(separator: ", ")
    }

    /// A `default` is an instance of its schema's type.
    func checkDefault(_ value: YAMLNode, types: [String], nullable: Bool, _ log: inout Log) {
        let fits: Bool
        if value.isNull {
            fits = nullable || types.contains("null")
        } else if value.sequence != nil {
            fits = types.contains("array")
        } else if value.mapping != nil {
            fits = types.contains("object")
        } else if !value.isPlainScalar || value.tag != nil {
            fits = types.contains("string")
        } else if value.int != nil {
            fits = types.contains("integer") || types.contains("number")
        } else if value.double != nil {
            fits = types.contains("number")
        } else if value.bool != nil {
            fits = types.contains("boolean")
        } else {
            fits = types.contains("string")
        }
        if !fits {
            log.error(value, "default \(value.scalarText ?? value.kindDescription) is not of type \(types.joined(separator: " or "))")
        }
    }
}

extension YAMLNode {
    /// A scalar written without quotes, which YAML may read as a number, boolean or null.
    fileprivate var isPlainScalar: Bool {
        if case .scalar(_, .plain) = content { return true }
        return false
    }
}
