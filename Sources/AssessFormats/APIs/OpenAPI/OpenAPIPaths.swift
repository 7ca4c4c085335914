public import AssessYAML

/// Matching a concrete request (`GET /orders/42`) to the operations an OpenAPI document
/// declares (`/orders/{id}`), allowing for a base path in `servers[].url`.
public struct OpenAPIPaths: Sendable {
    public struct Entry: Sendable, Hashable {
        public var template: String
        public var methods: Set<String>
        public var location: SourceLocation
    }

    public var entries: [Entry]
    /// Path prefixes from `servers` (`/api/v1` from `https://x.example/api/v1`).
    public var basePaths: [String]
    public var location: SourceLocation

    public init(_ root: YAMLNode) {
        let methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]
        entries = (root["paths"]?.mapping ?? []).map { pair in
            Entry(
                template: pair.key.scalarText ?? "",
                methods: Set(methods.filter { pair.value[$0] != nil }.map { $0.uppercased() }),
                location: pair.key.location)
        }
        basePaths = (root["servers"]?.sequence ?? []).compactMap { server in
            guard let url = server["url"]?.string else { return nil }
            var rest = Substring(url)
            if let scheme = rest.range(of: "://") {
                rest = rest[scheme.upperBound...]
                rest = rest.firstIndex(of: "/").map { rest[$0...] } ?? ""
            }
            let path = String(rest).trimmingTrailingSlash
            return path.isEmpty || path.contains("{") ? nil : path
        }
        location = (root.mapping?.first { $0.key.scalarText == "paths" }?.key ?? root).location
    }

    /// The entry whose template matches `path` (with or without a server base path).
    public func entry(for path: String) -> Entry? {
        let bare = path.split(separator: "?", maxSplits: 1).first.map(String.init) ?? path
        var candidates = [bare]
        for base in basePaths where bare.hasPrefix(base + "/") { candidates.append(String(bare.dropFirst(base.count))) }
        for candidate in candidates {
            if let found = entries.first(where: { Self.matches(template: $0.template, path: candidate) }) {
                return found
            }
        }
        return nil
    }

    /// `/orders/{id}` matches `/orders/42`; a segment in braces matches any one segment.
    public static func matches(template: String, path: String) -> Bool {
        let a = template.trimmingTrailingSlash.split(separator: "/", omittingEmptySubsequences: true)
        let b = path.trimmingTrailingSlash.split(separator: "/", omittingEmptySubsequences: true)
        guard a.count == b.count else { return false }
        return zip(a, b).allSatisfy { t, p in (t.hasPrefix("{") && t.hasSuffix("}")) || t == p }
    }
}

extension String {
    var trimmingTrailingSlash: String {
        var text = self
        while text.count > 1, text.hasSuffix("/") { text.removeLast() }
        return text
    }
}

/// One operation of a document's node tree, with its path item (for shared parameters).
public struct OpenAPIOperation: Sendable {
    public var path: String
    public var method: String
    public var node: YAMLNode
    public var pathItem: YAMLNode
    /// The webhook's name, for an operation of `webhooks` (OpenAPI 3.1) rather than `paths`.
    public var webhook: String? = nil

    public var name: String {
        if let webhook { return "webhook \(webhook) \(method.uppercased())" }
        return "\(method.uppercased()) \(path)"
    }

    public static let methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]

    public static func all(in root: YAMLNode) -> [OpenAPIOperation] {
        (root["paths"]?.mapping ?? []).flatMap { pair in
            methods.compactMap { method in
                pair.value[method].map {
                    OpenAPIOperation(path: pair.key.scalarText ?? "", method: method, node: $0, pathItem: pair.value)
                }
            }
        }
    }

    /// The operations of the document's `webhooks` (OpenAPI 3.1), which the API calls rather
    /// than serves.
    public static func webhooks(in root: YAMLNode) -> [OpenAPIOperation] {
        (root["webhooks"]?.mapping ?? []).flatMap { pair in
            let item = pair.value.resolved(in: root)
            return methods.compactMap { method in
                item[method].map {
                    OpenAPIOperation(
                        path: "", method: method, node: $0, pathItem: item, webhook: pair.key.scalarText ?? "")
                }
            }
        }
    }

    /// Path-level and operation-level parameters, local references followed.
    public func parameters(in root: YAMLNode) -> [YAMLNode] {
        ((pathItem["parameters"]?.sequence ?? []) + (node["parameters"]?.sequence ?? [])).map { deref($0, root) }
    }
}

extension YAMLNode {
    /// This node, or what its local `$ref` (`#/components/...`) points at in `root`.
    public func resolved(in root: YAMLNode) -> YAMLNode { deref(self, root) }
}
