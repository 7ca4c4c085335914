public import AssessYAML
import Foundation
public import OpenAPIKit
import OpenAPIKit30
import OpenAPIKitCompat

/// One OpenAPI document of a hand-in: its node tree with references into other files of the
/// submission inlined (each inlined node keeps its own file's location), the OpenAPIKit model
/// (3.0 documents converted to 3.1), and what went wrong reading it.
public struct OpenAPISpec: Sendable {
    public var file: String
    /// The `openapi:` field as written (`3.0.3`, `3.1.0`).
    public var declaredVersion: String
    /// The tree with external `$ref`s replaced by what they point at.
    public var root: YAMLNode
    public var document: OpenAPIKit.OpenAPI.Document?
    /// Syntax, reference, decoding and validation problems, each with a location.
    public var problems: [Diagnostic]

    public var isValid: Bool { document != nil && !problems.containsErrors }
}

/// Finds the OpenAPI documents among a hand-in's files and reads each one.
public struct OpenAPIReader: Sendable {
    /// How deep references may nest before a cycle is assumed.
    public var maxReferenceDepth = 32
    /// Whether OpenAPIKit's validations run only where `OpenAPIValidationScreen` finds they
    /// could fail (the default), or all of them on every document (the slow reading the
    /// screen is tested against).
    public var screensValidation = true

    public init() {}

    /// Whether a file is an OpenAPI (or Swagger) document: its top level has that key.
    public static func isSpec(_ root: YAMLNode) -> Bool { root["openapi"] != nil || root["swagger"] != nil }

    /// Every file whose top level has an `openapi` (or `swagger`) key becomes a spec.
    public func read(_ files: APIFiles) -> [OpenAPISpec] {
        files.files.compactMap { file in
            guard let root = file.root, Self.isSpec(root) else { return nil }
            return read(root, file: file.path, in: files)
        }
    }

    public func read(_ root: YAMLNode, file: String, in files: APIFiles) -> OpenAPISpec {
        var problems: [Diagnostic] = []
        let version = root["openapi"]?.scalarText ?? root["swagger"]?.scalarText ?? ""
        var resolver = ReferenceResolver(files: files, maxDepth: maxReferenceDepth)
        let resolved = resolver.inline(root, file: file, rootFile: file, depth: 0)
        problems += resolver.problems
        var spec = OpenAPISpec(
            file: file, declaredVersion: version, root: resolved, document: nil, problems: problems)
        guard version.hasPrefix("3.0") || version.hasPrefix("3.1") else {
            spec.problems.append(
                .error(
                    at: (root["openapi"] ?? root["swagger"] ?? root).location,
                    "OpenAPI version '\(version)' is not read; write an OpenAPI 3.0 or 3.1 document"))
            return spec
        }
        // The specification's own rules first: they place each problem at its node, and they
        // catch what OpenAPIKit's decoding reads leniently (a numeric info.version).
        let structural = OpenAPIStructureRules(root: resolved, version: version).problems()
        spec.problems += structural
        do {
            if version.hasPrefix("3.0") {
                let old = try OpenAPIDecoder.decode(OpenAPIKit30.OpenAPI.Document.self, from: resolved)
                spec.document = old.convert(to: .v3_1_1)
            } else {
                spec.document = try OpenAPIDecoder.decode(OpenAPIKit.OpenAPI.Document.self, from: resolved)
            }
        } catch {
            // A document the rules above already fault fails to decode for the same reason;
            // OpenAPIKit's message would only say it again, less plainly.
            if !structural.containsErrors {
                let wrapped = OpenAPIKit.OpenAPI.Error(from: error)
                spec.problems.append(
                    .error(
                        at: resolved.deepest(along: wrapped.codingPath).location,
                        Self.clean(wrapped.localizedDescription)))
            }
            return spec
        }
        if let document = spec.document, let validator = validator(for: resolved) {
            do {
                _ = try document.validate(using: validator, strict: false)
            } catch let collection as OpenAPIKit.ValidationErrorCollection {
                for error in collection.values {
                    spec.problems.append(
                        .error(at: resolved.deepest(along: error.codingPath).location, Self.clean(error.reason)))
                }
            } catch {
                spec.problems.append(.error(at: resolved.location, "\(error)"))
            }
        }
        return spec
    }

    /// The validations to run on a decoded document: those its screen finds could fail, or
    /// all of them when the reader does not screen; nil when there are none.
    func validator(for resolved: YAMLNode) -> OpenAPIKit.Validator? {
        guard screensValidation else { return Self.validator }
        return OpenAPIValidationScreen.validator(for: OpenAPIValidationScreen(resolved).suspects)
    }

    /// OpenAPIKit's default validations less the two `OpenAPIStructureRules` makes at the node
    /// (unique operationIds and tag names, which OpenAPIKit reports at the document's root).
    static var validator: OpenAPIKit.Validator {
        OpenAPIKit.Validator().withoutValidating(\.operationIdsAreUnique, \.documentTagNamesAreUnique)
    }

    /// Plain text: OpenAPIKit's messages carry our own location prefix from the decoder (the
    /// diagnostic already has the location) and Markdown emphasis (`**GET**`).
    static func clean(_ message: String) -> String {
        message.replacingOccurrences(of: #"[^\s:]+:\d+:\d+: "#, with: "", options: .regularExpression)
            .replacingOccurrences(of: "**", with: "")
    }
}

/// Inlines `$ref`s that lead into other files of the submission, and checks that every local
/// one (`#/components/...`) points at something. A reference to a file not handed in, or to a
/// pointer not in its file, is a problem at the `$ref`'s own location.
///
/// Budgets by design: a reference to a target already being inlined is a cycle (reported at
/// the `$ref`, left a reference); each target is inlined once and reused; and every node the
/// inlined tree holds, reused ones included, is charged against `maxExpandedNodes`, because
/// the decoder walks the expanded tree. A 6 KB file whose references fan out two ways forty
/// levels deep would otherwise expand to 2⁴⁰ nodes.
struct ReferenceResolver {
    let files: APIFiles
    let maxDepth: Int
    let maxExpandedNodes: Int
    var problems: [Diagnostic] = []
    /// Nodes of the inlined tree so far.
    private(set) var expanded = 0
    private var overBudget = false
    /// `file#pointer` → the inlined target and its node count.
    private var inlined: [String: (node: YAMLNode, size: Int)] = [:]
    /// Targets being inlined now, innermost last.
    private var active: Set<String> = []

    init(files: APIFiles, maxDepth: Int, maxExpandedNodes: Int = 250_000) {
        self.files = files
        self.maxDepth = maxDepth
        self.maxExpandedNodes = maxExpandedNodes
    }

    mutating func inline(_ node: YAMLNode, file: String, rootFile: String, depth: Int) -> YAMLNode {
        expanded += 1
        switch node.content {
        case .scalar: return node
        case .sequence(let items, let style):
            var copy = node
            copy.content = .sequence(
                items.map { inline($0, file: file, rootFile: rootFile, depth: depth) }, style)
            return copy
        case .mapping(let pairs, let style):
            if let refNode = node["$ref"], let ref = refNode.scalarText {
                if let target = target(of: ref, at: refNode, file: file, rootFile: rootFile, depth: depth) {
                    return target
                }
                return node
            }
            var copy = node
            copy.content = .mapping(
                pairs.map {
                    // Examples and extensions are data, not references to follow.
                    let key = $0.key.scalarText ?? ""
                    if key == "example" || key == "examples" && $0.value["$ref"] == nil || key.hasPrefix("x-") {
                        return $0
                    }
                    return YAMLNode.Pair(
                        key: $0.key, value: inline($0.value, file: file, rootFile: rootFile, depth: depth))
                }, style)
            return copy
        }
    }

    /// What a reference is replaced by: nil keeps the `$ref` (a local reference in the root
    /// document, which OpenAPIKit resolves through `components`, or a broken one).
    mutating func target(of ref: String, at refNode: YAMLNode, file: String, rootFile: String, depth: Int)
        -> YAMLNode?
    {
        let parts = ref.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        let filePart = parts[0]
        let pointer = parts.count > 1 ? parts[1] : ""
        if filePart.contains("://") {
            // Nothing is fetched while grading: what a remote reference points at cannot be
            // checked, so the document is not counted as valid on its word.
            problems.append(
                .error(
                    at: refNode.location,
                    "$ref '\(ref)' points outside the submission and is not followed; hand in the document it names"))
            return nil
        }
        let targetFile: String
        if filePart.isEmpty {
            targetFile = file
        } else {
            guard let path = RelativePath.resolve(filePart, from: file), files.contains(path) else {
                problems.append(
                    .error(at: refNode.location, "$ref '\(ref)': no file '\(filePart)' in the submission"))
                return nil
            }
            targetFile = path
        }
        guard let targetRoot = files.root(of: targetFile) else { return nil }  // its syntax error is reported already
        guard let found = targetRoot.follow(pointer: pointer) else {
            problems.append(
                .error(at: refNode.location, "$ref '\(ref)': nothing at '#\(pointer)' in \(targetFile)"))
            return nil
        }
        if targetFile == rootFile { return nil }  // local to the spec: OpenAPIKit keeps it a reference
        let key = targetFile + "#" + pointer
        guard !active.contains(key) else {
            problems.append(
                .error(
                    at: refNode.location,
                    "$ref '\(ref)': a reference cycle (\(key) refers back to itself); it was not inlined"))
            return nil
        }
        if Task.isCancelled { overBudget = true }  // the criterion's time ran out: stop inlining
        guard !overBudget else { return nil }
        if let done = inlined[key] {
            guard charge(done.size, at: refNode, ref: ref) else { return nil }
            return done.node
        }
        guard depth < maxDepth else {
            problems.append(.error(at: refNode.location, "$ref '\(ref)': references nest too deep (a cycle?)"))
            return nil
        }
        let before = expanded
        active.insert(key)
        let result = inline(found, file: targetFile, rootFile: rootFile, depth: depth + 1)
        active.remove(key)
        guard charge(0, at: refNode, ref: ref) else { return nil }
        inlined[key] = (result, expanded - before)
        return result
    }

    /// Adds `size` nodes to the expanded total; false (with one problem for the document) once
    /// the total is over the budget.
    private mutating func charge(_ size: Int, at refNode: YAMLNode, ref: String) -> Bool {
        expanded += size
        guard expanded > maxExpandedNodes else { return true }
        if !overBudget {
            overBudget = true
            problems.append(
                .error(
                    at: refNode.location,
                    "$ref '\(ref)': references expand the document past \(maxExpandedNodes) nodes (a reference "
                        + "fan-out); the references from here on were not inlined"))
        }
        return false
    }
}
