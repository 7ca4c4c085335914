public import AssessYAML

/// JSON and YAML files as the located node tree both parse into, for graders that query a
/// document (`json.query`, `yaml.query`) rather than read a format of their own.
public struct StructuredReader: EvidenceReader {
    public static let formats = [
        EvidenceFormat(id: "json", summary: "JSON documents (RFC 8259), read with every value's line and column", extensions: [".json"]),
        EvidenceFormat(
            id: "yaml", summary: "YAML documents (1.2, through libyaml), read with every value's line and column",
            extensions: [".yaml", ".yml"]),
    ]

    public init() {}

    /// The file's tree: strict JSON for `.json` files and JSON-declared inputs, YAML otherwise.
    public func read(_ file: EvidenceFile) throws(ReadFailure) -> Reading<YAMLNode> {
        let text = try file.text()
        let isJSON = file.declaredFormat == "json" || file.path.lowercased().hasSuffix(".json")
        do throws(DiagnosticError) {
            return Reading(isJSON ? try JSONReader().parse(text, file: file.path) : try YAMLParser().parse(text, file: file.path))
        } catch {
            throw ReadFailure(error)
        }
    }
}

/// Any file as text, for graders that match patterns in it (`text.matches`).
public struct PlainTextReader: EvidenceReader {
    public static let formats = [
        EvidenceFormat(
            id: "text", summary: "Any file as UTF-8 text (invalid bytes replaced), for pattern matching",
            extensions: [".txt", ".log"])
    ]

    public init() {}

    public func read(_ file: EvidenceFile) throws(ReadFailure) -> Reading<String> { Reading(try file.text()) }
}
