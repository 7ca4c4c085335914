public import AssessYAML

/// JSON files as the located node tree YAML also parses into, for graders that query a
/// document (`json.query`) rather than read a format of their own.
public struct JSONDocumentReader: EvidenceReader {
    public static let formats = [
        EvidenceFormat(
            id: "json", summary: "JSON documents (RFC 8259, strict), read with every value's line and column",
            extensions: [".json"])
    ]

    public init() {}

    public func read(_ file: EvidenceFile) throws(ReadFailure) -> Reading<YAMLNode> {
        let text = try file.text()
        do throws(DiagnosticError) {
            return Reading(try JSONReader().parse(text, file: file.path))
        } catch {
            throw ReadFailure(error)
        }
    }
}

/// YAML files (1.2, through libyaml) as a located node tree, for `yaml.query`.
public struct YAMLDocumentReader: EvidenceReader {
    public static let formats = [
        EvidenceFormat(
            id: "yaml", summary: "YAML documents (1.2, through libyaml), read with every value's line and column",
            extensions: [".yaml", ".yml"])
    ]

    public init() {}

    public func read(_ file: EvidenceFile) throws(ReadFailure) -> Reading<YAMLNode> {
        let text = try file.text()
        do throws(DiagnosticError) {
            return Reading(try YAMLParser().parse(text, file: file.path))
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
