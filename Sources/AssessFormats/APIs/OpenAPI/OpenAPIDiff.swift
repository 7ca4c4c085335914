public import AssessYAML

/// One difference between two versions of an API, named by oasdiff's check ids
/// (`api-path-removed-without-deprecation`, `new-required-request-parameter`, …) with its
/// level and where it is in each version.
public struct APIChange: Sendable, Hashable, CustomStringConvertible {
    public enum Level: String, Sendable, Hashable {
        /// Breaks existing clients.
        case error
        /// May break some clients.
        case warning
        /// Compatible.
        case info
    }

    public var id: String
    public var level: Level
    /// `GET /orders`, or empty for a change to the whole document.
    public var operation: String
    public var message: String
    public var old: SourceLocation?
    public var new: SourceLocation?

    public var isBreaking: Bool { level == .error }
    public var description: String {
        "\(id) (\(level.rawValue))\(operation.isEmpty ? "" : " \(operation)"): \(message)"
    }
}

/// Compares two OpenAPI documents on their node trees (references into other files already
/// inlined, local `$ref`s followed here), so that each change keeps both locations. The checks
/// follow oasdiff's backward-compatibility rules for paths, operations, parameters, request and
/// response bodies, statuses, enums, types and security.
public struct OpenAPIDiff: Sendable {
    public init() {}

    static let methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]

    public func changes(from old: YAMLNode, to new: YAMLNode) -> [APIChange] {
        var result: [APIChange] = []
        let oldPaths = old["paths"]?.mapping ?? []
        let newPaths = new["paths"]?.mapping ?? []
        let newByShape = Dictionary(
            newPaths.map { (Self.shape($0.key.scalarText ?? ""), $0) }, uniquingKeysWith: { a, _ in a })
        for oldPair in oldPaths {
            let path = oldPair.key.scalarText ?? ""
            guard let newPair = newByShape[Self.shape(path)] else {
                result.append(
                    APIChange(
                        id: "api-path-removed-without-deprecation", level: .error, operation: path,
                        message: "path '\(path)' removed", old: oldPair.key.location, new: nil))
                continue
            }
            for method in Self.methods {
                guard let oldOperation = oldPair.value[method] else { continue }
                let name = "\(method.uppercased()) \(path)"
                guard let newOperation = newPair.value[method] else {
                    result.append(
                        APIChange(
                            id: "api-removed-without-deprecation", level: .error, operation: name,
                            message: "operation removed", old: oldOperation.location,
                            new: newPair.key.location))
                    continue
                }
                let context = Context(
                    oldRoot: old, newRoot: new, operation: name, oldPath: path, newPath: newPair.key.scalarText ?? "",
                    oldPathItem: oldPair.value, newPathItem: newPair.value)
                result += context.compare(oldOperation, newOperation)
            }
        }
        let oldShapes = Set(oldPaths.map { Self.shape($0.key.scalarText ?? "") })
        for newPair in newPaths {
            let path = newPair.key.scalarText ?? ""
            let oldPair = oldPaths.first { Self.shape($0.key.scalarText ?? "") == Self.shape(path) }
            for method in Self.methods where newPair.value[method] != nil {
                if !oldShapes.contains(Self.shape(path)) || oldPair?.value[method] == nil {
                    result.append(
                        APIChange(
                            id: "endpoint-added", level: .info, operation: "\(method.uppercased()) \(path)",
                            message: "operation added", old: nil, new: newPair.value[method]?.location))
                }
            }
        }
        return result
    }

    /// `/orders/{id}` and `/orders/{orderId}` are the same path.
    static func shape(_ path: String) -> String {
        var result = ""
        var inBraces = false
        for character in path {
            if character == "{" {
                inBraces = true
                result += "{}"
            } else if character == "}" {
                inBraces = false
            } else if !inBraces {
                result.append(character)
            }
        }
        return result
    }
}

private struct Context {
    let oldRoot: YAMLNode
    let newRoot: YAMLNode
    let operation: String
    /// The path templates, whose `{…}` names a path parameter's position.
    let oldPath: String
    let newPath: String
    let oldPathItem: YAMLNode
    let newPathItem: YAMLNode

    func change(_ id: String, _ level: APIChange.Level, _ message: String, _ old: YAMLNode?, _ new: YAMLNode?)
        -> APIChange
    {
        APIChange(id: id, level: level, operation: operation, message: message, old: old?.location, new: new?.location)
    }

    func compare(_ old: YAMLNode, _ new: YAMLNode) -> [APIChange] {
        var result: [APIChange] = []
        result += compareParameters(old, new)
        result += compareRequestBody(old, new)
        result += compareResponses(old, new)
        result += compareSecurity(old, new)
        return result
    }

    // MARK: parameters

    func parameters(_ operation: YAMLNode, pathItem: YAMLNode, root: YAMLNode, path: String) -> [String: YAMLNode] {
        // `{id}` in `/orders/{id}` is the first path parameter whatever it is called.
        let template = path.split(separator: "{").dropFirst().compactMap {
            $0.split(separator: "}").first.map(String.init)
        }
        var result: [String: YAMLNode] = [:]
        for list in [pathItem["parameters"], operation["parameters"]] {
            for item in list?.sequence ?? [] {
                let parameter = deref(item, root)
                guard let name = parameter["name"]?.string, let place = parameter["in"]?.string else { continue }
                // Path parameters are matched by position in the path template, not by name (as
                // oasdiff does); header names are case-insensitive (RFC 9110), query and cookie
                // names are not.
                let keyName =
                    place == "path"
                    ? "#\(template.firstIndex(of: name).map(String.init) ?? name)"
                    : place == "header" ? name.lowercased() : name
                result["\(place):\(keyName)"] = parameter
            }
        }
        return result
    }

    func compareParameters(_ old: YAMLNode, _ new: YAMLNode) -> [APIChange] {
        var result: [APIChange] = []
        let before = parameters(old, pathItem: oldPathItem, root: oldRoot, path: oldPath)
        let after = parameters(new, pathItem: newPathItem, root: newRoot, path: newPath)
        func label(_ parameter: YAMLNode) -> String {
            "'\(parameter["in"]?.string ?? "?")' request parameter '\(parameter["name"]?.string ?? "?")'"
        }
        for (key, oldParameter) in before.sorted(by: { $0.key < $1.key }) {
            guard let newParameter = after[key] else {
                if !key.hasPrefix("path:") {
                    result.append(
                        change(
                            "request-parameter-removed", .warning, "deleted the \(label(oldParameter))", oldParameter,
                            nil))
                }
                continue
            }
            if oldParameter["required"]?.bool != true, newParameter["required"]?.bool == true {
                result.append(
                    change(
                        "request-parameter-became-required", .error, "the \(label(oldParameter)) became required",
                        oldParameter, newParameter))
            }
            result += compareSchemas(
                oldParameter["schema"], newParameter["schema"], direction: .request, what: label(oldParameter),
                idPrefix: "request-parameter")
        }
        for (key, newParameter) in after.sorted(by: { $0.key < $1.key }) where before[key] == nil {
            if key.hasPrefix("path:") { continue }
            if newParameter["required"]?.bool == true {
                result.append(
                    change(
                        "new-required-request-parameter", .error, "added the new required \(label(newParameter))", old,
                        newParameter))
            } else {
                result.append(
                    change(
                        "new-optional-request-parameter", .info, "added the new optional \(label(newParameter))", old,
                        newParameter))
            }
        }
        return result
    }

    // MARK: bodies

    enum Direction { case request, response }

    func jsonSchema(_ body: YAMLNode?, root: YAMLNode) -> YAMLNode? {
        guard let body else { return nil }
        let content = deref(body, root)["content"]
        let media = content?["application/json"] ?? content?.mapping?.first?.value
        return media?["schema"]
    }

    func compareRequestBody(_ old: YAMLNode, _ new: YAMLNode) -> [APIChange] {
        var result: [APIChange] = []
        let oldBody = old["requestBody"].map { deref($0, oldRoot) }
        let newBody = new["requestBody"].map { deref($0, newRoot) }
        if let newBody, newBody["required"]?.bool == true, oldBody?["required"]?.bool != true, oldBody != nil {
            result.append(
                change("request-body-became-required", .error, "request body became required", oldBody, newBody))
        }
        result += compareSchemas(
            jsonSchema(oldBody, root: oldRoot), jsonSchema(newBody, root: newRoot), direction: .request,
            what: "request body", idPrefix: "request-property")
        return result
    }

    func compareResponses(_ old: YAMLNode, _ new: YAMLNode) -> [APIChange] {
        var result: [APIChange] = []
        let before = old["responses"]?.mapping ?? []
        let after = new["responses"]
        for pair in before {
            let status = pair.key.scalarText ?? ""
            guard let newResponse = after?[status] else {
                let success = status.hasPrefix("2")
                result.append(
                    change(
                        success ? "response-success-status-removed" : "response-non-success-status-removed",
                        success ? .error : .info, "removed the response with the status '\(status)'", pair.key,
                        after ?? new))
                continue
            }
            result += compareSchemas(
                jsonSchema(pair.value, root: oldRoot), jsonSchema(newResponse, root: newRoot), direction: .response,
                what: "response \(status)", idPrefix: "response-property")
        }
        return result
    }

    // MARK: schemas

    func compareSchemas(
        _ old: YAMLNode?, _ new: YAMLNode?, direction: Direction, what: String, idPrefix: String, depth: Int = 0
    ) -> [APIChange] {
        guard let old, let new, depth < 16 else { return [] }
        let a = deref(old, oldRoot)
        let b = deref(new, newRoot)
        var result: [APIChange] = []
        let oldType = a["type"]?.string
        let newType = b["type"]?.string
        if let oldType, let newType, oldType != newType {
            result.append(
                change(
                    "\(idPrefix)-type-changed", .error, "the type of \(what) changed from '\(oldType)' to '\(newType)'",
                    a["type"], b["type"]))
        } else if let oldFormat = a["format"]?.string, let newFormat = b["format"]?.string, oldFormat != newFormat {
            result.append(
                change(
                    "\(idPrefix)-format-changed", .error,
                    "the format of \(what) changed from '\(oldFormat)' to '\(newFormat)'", a["format"], b["format"]))
        }
        if direction == .request, let oldEnum = a["enum"]?.sequence, let newEnum = b["enum"]?.sequence {
            let kept = Set(newEnum.compactMap(\.scalarText))
            for value in oldEnum where !kept.contains(value.scalarText ?? "") {
                result.append(
                    change(
                        "\(idPrefix)-enum-value-removed", .error,
                        "removed the enum value '\(value.scalarText ?? "")' of \(what)", value, b["enum"]))
            }
        }
        let oldProperties = a["properties"]?.mapping ?? []
        let newProperties = b["properties"]
        let oldRequired = Set(a["required"]?.sequence?.compactMap(\.string) ?? [])
        let newRequired = Set(b["required"]?.sequence?.compactMap(\.string) ?? [])
        for pair in oldProperties {
            let name = pair.key.scalarText ?? ""
            if let newProperty = newProperties?[name] {
                result += compareSchemas(
                    pair.value, newProperty, direction: direction, what: "property '\(name)' of \(what)",
                    idPrefix: idPrefix, depth: depth + 1)
            } else if direction == .response {
                let required = oldRequired.contains(name)
                result.append(
                    change(
                        required ? "response-required-property-removed" : "response-optional-property-removed",
                        required ? .error : .warning, "removed the property '\(name)' of \(what)", pair.key,
                        newProperties ?? b))
            }
        }
        if direction == .request {
            let before = Set(oldProperties.compactMap(\.key.scalarText))
            for pair in newProperties?.mapping ?? [] {
                let name = pair.key.scalarText ?? ""
                if !before.contains(name) {
                    let required = newRequired.contains(name)
                    result.append(
                        change(
                            required ? "new-required-request-property" : "new-optional-request-property",
                            required ? .error : .info,
                            "added the \(required ? "required" : "optional") property '\(name)' to \(what)",
                            nil, pair.key))
                } else if newRequired.contains(name), !oldRequired.contains(name) {
                    result.append(
                        change(
                            "request-property-became-required", .error,
                            "the property '\(name)' of \(what) became required",
                            a["required"] ?? a, b["required"]))
                }
            }
        }
        if let oldItems = a["items"], let newItems = b["items"] {
            result += compareSchemas(
                oldItems, newItems, direction: direction, what: "the items of \(what)", idPrefix: idPrefix,
                depth: depth + 1)
        }
        return result
    }

    // MARK: security

    /// The operation's security alternatives (any one suffices), each a scheme → scopes map.
    func requirements(_ operation: YAMLNode, root: YAMLNode) -> (YAMLNode?, [[String: [String]]]) {
        let node = operation["security"] ?? root["security"]
        let alternatives = (node?.sequence ?? []).map { entry in
            Dictionary(
                (entry.mapping ?? []).compactMap { pair in
                    pair.key.scalarText.map { ($0, (pair.value.sequence ?? []).compactMap(\.scalarText)) }
                }, uniquingKeysWith: { a, _ in a })
        }
        return (node, alternatives)
    }

    func compareSecurity(_ old: YAMLNode, _ new: YAMLNode) -> [APIChange] {
        let (_, before) = requirements(old, root: oldRoot)
        let (newNode, after) = requirements(new, root: newRoot)
        let open = { (alternatives: [[String: [String]]]) in
            alternatives.isEmpty || alternatives.contains { $0.isEmpty }
        }
        // An operation anyone could call now needs credentials: every existing client breaks.
        if open(before) {
            guard !open(after) else { return [] }
            let names = Set(after.flatMap(\.keys)).sorted()
            return [
                change(
                    "api-security-added", .error,
                    "the operation now requires security \(names.map { "'\($0)'" }.joined(separator: ", "))", old,
                    newNode)
            ]
        }
        // A token that was enough before lacks a scope now: its holders are refused. An
        // alternative of the new version that keeps the old schemes but asks for more scopes
        // breaks only when no old alternative is still accepted as it was.
        var result: [APIChange] = []
        for alternative in after {
            guard
                let previous = before.first(where: { Set($0.keys) == Set(alternative.keys) }),
                !before.contains(where: { old in after.contains { $0 == old } })
            else { continue }
            for (scheme, scopes) in alternative.sorted(by: { $0.key < $1.key }) {
                let added = Set(scopes).subtracting(previous[scheme] ?? [])
                for scope in added.sorted() {
                    result.append(
                        change(
                            "api-security-scope-added", .error,
                            "the security scheme '\(scheme)' now also requires the scope '\(scope)'", old, newNode))
                }
            }
        }
        return result
    }
}

/// Follows local `#/...` references (a bounded number of hops).
func deref(_ node: YAMLNode, _ root: YAMLNode) -> YAMLNode {
    var current = node
    for _ in 0..<16 {
        guard let ref = current["$ref"]?.scalarText, ref.hasPrefix("#"),
            let target = root.follow(pointer: String(ref.dropFirst()))
        else { return current }
        current = target
    }
    return current
}
