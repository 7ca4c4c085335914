public import AssessYAML
import Foundation

/// The files of a hand-in that interface readers look at, parsed once into located node trees
/// (YAML through libyaml, JSON through `JSONReader`), so that a `$ref` into another file and
/// every finding can point at file:line:col.
public struct APIFiles: Sendable {
    public struct File: Sendable {
        public var path: String
        public var root: YAMLNode?
    }

    public var files: [File] = []
    /// Files that could not be parsed, with the location of the syntax error.
    public var problems: [Diagnostic] = []

    public init(files texts: [(path: String, text: String)]) {
        for (path, text) in texts { add(path: path, text: text) }
    }

    public mutating func add(path: String, text: String) {
        guard !contains(path) else { return }
        do {
            let root: YAMLNode
            if path.lowercased().hasSuffix(".json") {
                root = try JSONReader().parse(text, file: path)
            } else {
                root = try YAMLParser().parse(text, file: path)
            }
            files.append(File(path: path, root: root))
        } catch {
            files.append(File(path: path, root: nil))
            problems += error.diagnostics
        }
    }

    /// Every file a `$ref` names, relative to the referring file (remote URLs left out).
    public var referencedPaths: [String] {
        var wanted: [String] = []
        for file in files {
            guard let root = file.root else { continue }
            root.forEachReference { ref in
                let filePart = String(ref.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0])
                guard !filePart.isEmpty, !filePart.contains("://"),
                    let path = RelativePath.resolve(filePart, from: file.path), !wanted.contains(path)
                else { return }
                wanted.append(path)
            }
        }
        return wanted
    }

    /// Files that `$ref`s name but that are not read yet: the caller may read them from the
    /// submission and `add` them, so a spec split over files resolves even when the
    /// criterion's input names only its root.
    public var missingReferencedFiles: [String] {
        referencedPaths.filter { !contains($0) }
    }

    public func root(of path: String) -> YAMLNode? {
        files.first { $0.path == path }?.root
    }

    /// Whether a file of this path was handed in (parsed or not).
    public func contains(_ path: String) -> Bool {
        files.contains { $0.path == path }
    }
}

/// Paths inside the submission, as `$ref` targets name them.
public enum RelativePath {
    /// `other.yaml` from `specs/api.yaml` is `specs/other.yaml`; `..` climbs, never above the root.
    public static func resolve(_ reference: String, from file: String) -> String? {
        var parts = file.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        parts.removeLast()
        for part in reference.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".": continue
            case "..":
                guard !parts.isEmpty else { return nil }
                parts.removeLast()
            default: parts.append(String(part))
            }
        }
        return parts.joined(separator: "/")
    }
}

extension YAMLNode {
    /// Calls `body` with every `$ref` string in the tree.
    func forEachReference(_ body: (String) -> Void) {
        switch content {
        case .scalar: return
        case .sequence(let items, _): items.forEach { $0.forEachReference(body) }
        case .mapping(let pairs, _):
            for pair in pairs {
                if pair.key.scalarText == "$ref", let ref = pair.value.scalarText { body(ref) }
                pair.value.forEachReference(body)
            }
        }
    }

    /// The node a JSON pointer (`/components/schemas/Pet`) names, or nil.
    public func follow(pointer: String) -> YAMLNode? {
        var node = self
        for raw in pointer.split(separator: "/", omittingEmptySubsequences: true) {
            let token = (String(raw).removingPercentEncoding ?? String(raw))
                .replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
            if let items = node.sequence {
                guard let index = Int(token), items.indices.contains(index) else { return nil }
                node = items[index]
            } else if let value = node[token] {
                node = value
            } else {
                return nil
            }
        }
        return node
    }
}
