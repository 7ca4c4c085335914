public import AssessYAML

/// API descriptions as evidence: OpenAPI (2.0 to 3.1), AsyncAPI and Pact contracts, each a JSON
/// or YAML document recognised by its top-level keys. The reader gives the parsed tree; a spec
/// split over files is joined by `APIFiles`, which follows its `$ref`s within the submission.
public struct APIDescriptionReader: EvidenceReader {
    public static let formats = [
        EvidenceFormat(
            id: "openapi", summary: "OpenAPI descriptions (Swagger 2.0, OpenAPI 3.0 and 3.1), JSON or YAML",
            refines: ["json", "yaml"], recognizes: { head, _ in topKey(head, ["openapi", "swagger"]) }),
        EvidenceFormat(
            id: "asyncapi", summary: "AsyncAPI documents (2.x and 3.x), JSON or YAML", refines: ["json", "yaml"],
            recognizes: { head, _ in topKey(head, ["asyncapi"]) }),
        EvidenceFormat(
            id: "pact", summary: "Pact contracts (consumer, provider, interactions)", refines: ["json"],
            recognizes: { head, _ in
                let text = String(decoding: head.prefix(4096), as: UTF8.self)
                return text.contains("\"consumer\"") && text.contains("\"provider\"")
            }),
    ]

    public init() {}

    /// The document's tree: strict JSON for `.json` files, YAML (a superset) otherwise.
    public func read(_ file: EvidenceFile) throws(ReadFailure) -> Reading<YAMLNode> {
        file.path.lowercased().hasSuffix(".json")
            ? try JSONDocumentReader().read(file) : try YAMLDocumentReader().read(file)
    }

    /// Whether one of `keys` starts a line of the head (YAML) or is a quoted key (JSON).
    static func topKey(_ head: [UInt8], _ keys: [String]) -> Bool {
        let text = String(decoding: head.prefix(4096), as: UTF8.self)
        return keys.contains { key in
            text.hasPrefix("\(key):") || text.contains("\n\(key):") || text.contains("\"\(key)\"")
        }
    }
}
