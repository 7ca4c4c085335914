public import AssessYAML

/// One object of a manifest file: anything with a `kind`, kept whole with its `apiVersion`,
/// `metadata` and where it starts, so a grader can point at the line of any field in it.
/// Kinds no model knows are kept too; graders simply do not ask for them.
public struct ManifestObject: Sendable, Hashable {
    /// `networking.istio.io/v1`, `apps/v1`, `openslo/v1`; empty when the object has none.
    public var apiVersion: String
    public var kind: String
    /// `metadata.name` (empty when absent).
    public var name: String
    /// `metadata.namespace`, when written.
    public var namespace: String?
    public var labels: [String: String]
    public var annotations: [String: String]
    /// The whole object.
    public var node: YAMLNode

    public var location: SourceLocation { node.location }
    public var file: String { node.location.file }
    /// The API group: `networking.istio.io` for `networking.istio.io/v1`, empty for core `v1`.
    public var group: String {
        guard let slash = apiVersion.firstIndex(of: "/") else { return "" }
        return String(apiVersion[..<slash])
    }
    public var spec: YAMLNode? { node["spec"] }
    public var status: YAMLNode? { node["status"] }
    /// Where the name is written, else where the object starts.
    public var nameLocation: SourceLocation { node["metadata"]?["name"]?.location ?? location }

    public init?(_ node: YAMLNode) {
        guard node.mapping != nil, let kind = node["kind"]?.string, !kind.isEmpty else { return nil }
        self.node = node
        self.kind = kind
        apiVersion = node["apiVersion"]?.string ?? ""
        let metadata = node["metadata"]
        name = metadata?["name"]?.string ?? ""
        namespace = metadata?["namespace"]?.string
        labels = metadata?["labels"]?.stringMap ?? [:]
        annotations = metadata?["annotations"]?.stringMap ?? [:]
    }

    /// True when the object is `kind` in one of `groups` (any version).
    public func isKind(_ kind: String, in groups: Set<String>) -> Bool {
        self.kind == kind && groups.contains(group)
    }
}

/// A file read as manifests: its YAML documents (top-level values, also those without a
/// `kind`, such as a Prometheus rule file or a Sloth spec), the objects among them, and the
/// problems met on the way. A broken document costs only itself: the others are still read.
public struct ManifestFile: Sendable, Hashable {
    public var file: String
    public var documents: [YAMLNode]
    public var objects: [ManifestObject]
    public var problems: [Diagnostic]
    /// The file's lines, to place positions inside block scalars (PromQL in `expr: |`).
    public var lines: [Substring]

    /// Where `line`/`column` (1-based, inside the text of scalar `node`) are in the file.
    /// Exact for literal blocks (`|`) and one-line scalars; other multi-line styles fold
    /// their lines, so those point at the scalar's first content line.
    public func location(in node: YAMLNode, line: Int, column: Int) -> SourceLocation {
        ScalarPosition.locate(node, line: line, column: column, lines: lines)
    }
}

/// Reads YAML (or JSON) files that hold Kubernetes-style objects: a single document, several
/// documents separated by `---`, a top-level list of objects (the form some SDKs write), or a
/// `kind: List` with `items` (what `kubectl get -o yaml` prints).
public struct ManifestReader: Sendable {
    public init() {}

    public func read(_ text: String, file: String) -> ManifestFile {
        let lines = text.lines
        var documents: [YAMLNode] = []
        var problems: [Diagnostic] = []
        if Self.looksLikeJSON(text, file: file) {
            do {
                documents = [try JSONReader().parse(text, file: file)]
            } catch {
                problems += error.diagnostics
            }
        } else {
            do {
                documents = try YAMLParser().parseDocuments(text, file: file)
            } catch {
                // One broken document must not hide the others: read each `---` part alone.
                (documents, problems) = Self.readParts(lines, file: file, whole: error)
            }
        }
        documents.removeAll { $0.isNull }
        var objects: [ManifestObject] = []
        for document in documents {
            objects += Self.objects(in: document)
        }
        return ManifestFile(file: file, documents: documents, objects: objects, problems: problems, lines: lines)
    }

    static func looksLikeJSON(_ text: String, file: String) -> Bool {
        guard file.lowercased().hasSuffix(".json") else { return false }
        return text.first(where: { !$0.isWhitespace }).map { $0 == "{" || $0 == "[" } ?? false
    }

    /// The objects a document holds: itself, the items of a list, or of a `kind: List`.
    static func objects(in document: YAMLNode) -> [ManifestObject] {
        if let items = document.sequence { return items.flatMap(objects(in:)) }
        if document["kind"]?.string?.hasSuffix("List") == true, let items = document["items"]?.sequence {
            return items.compactMap(ManifestObject.init)
        }
        return ManifestObject(document).map { [$0] } ?? []
    }

    /// Parses each `---`-separated part on its own, keeping file line numbers.
    static func readParts(_ lines: [Substring], file: String, whole: DiagnosticError) -> ([YAMLNode], [Diagnostic]) {
        var starts = [0]
        for (index, line) in lines.enumerated() where index > 0 && line.hasPrefix("---") {
            let rest = line.dropFirst(3)
            if rest.isEmpty || rest.first == " " || rest.first == "\t" || rest.first == "\r" { starts.append(index) }
        }
        guard starts.count > 1 else { return ([], whole.diagnostics) }
        var documents: [YAMLNode] = []
        var problems: [Diagnostic] = []
        for (n, start) in starts.enumerated() {
            let end = n + 1 < starts.count ? starts[n + 1] : lines.count
            // Blank lines stand in for the lines before the part, so libyaml's marks are the file's.
            let padding = String(repeating: "\n", count: start)
            let part = padding + lines[start..<end].joined(separator: "\n")
            do {
                documents += try YAMLParser().parseDocuments(part, file: file)
            } catch {
                problems += error.diagnostics
            }
        }
        return (documents, problems)
    }
}

extension YAMLNode {
    /// A mapping of scalars as strings (labels, annotations, matchLabels); other values skipped.
    public var stringMap: [String: String] {
        var result: [String: String] = [:]
        for pair in mapping ?? [] {
            if let key = pair.key.scalarText, let value = pair.value.string { result[key] = value }
        }
        return result
    }

    /// A number also when written as a string (`"100"`, `"99.9"`), as operators often do.
    public var lenientDouble: Double? {
        if let double, double.isFinite { return double }
        guard let text = string?.trimmingCharacters(in: " %") else { return nil }
        return Double(text)
    }

    /// The strings of a sequence (or a single string as a list of one).
    public var stringList: [String] {
        if let items = sequence { return items.compactMap(\.string) }
        return string.map { [$0] } ?? []
    }

    /// The located strings of a sequence (or of a single string).
    public var locatedStrings: [Located<String>] {
        if let items = sequence { return items.compactMap { $0.locatedString } }
        return locatedString.map { [$0] } ?? []
    }

    /// This scalar as a located string.
    public var locatedString: Located<String>? {
        string.map { Located($0, at: location) }
    }
}

extension StringProtocol {
    fileprivate func trimmingCharacters(in set: String) -> String {
        var text = Substring(self)
        while let first = text.first, set.contains(first) { text = text.dropFirst() }
        while let last = text.last, set.contains(last) { text = text.dropLast() }
        return String(text)
    }
}

/// A value and where it was written.
public struct Located<Value: Sendable & Hashable>: Sendable, Hashable {
    public var value: Value
    public var location: SourceLocation

    public init(_ value: Value, at location: SourceLocation) {
        self.value = value
        self.location = location
    }
}

/// Maps a position inside a scalar's text back to the file.
enum ScalarPosition {
    static func locate(_ node: YAMLNode, line: Int, column: Int, lines: [Substring]) -> SourceLocation {
        let start = node.location
        guard case .scalar(_, let style) = node.content else { return start }
        switch style {
        case .literal, .folded:
            // Content starts on the line after the indicator; its indentation is that of the first
            // non-blank content line.
            var first = start.line  // 0-based index of the line after the indicator
            while first < lines.count, lines[first].allSatisfy({ $0 == " " || $0 == "\r" }) { first += 1 }
            let indent = first < lines.count ? lines[first].prefix { $0 == " " }.count : 0
            let fileLine = style == .literal ? start.line + line : first + 1
            return SourceLocation(file: start.file, line: fileLine, column: indent + column)
        case .plain:
            return line == 1
                ? SourceLocation(file: start.file, line: start.line, column: start.column + column - 1) : start
        case .singleQuoted, .doubleQuoted:
            return line == 1
                ? SourceLocation(file: start.file, line: start.line, column: start.column + column) : start
        }
    }
}
