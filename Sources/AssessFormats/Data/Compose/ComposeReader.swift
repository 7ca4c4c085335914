import AssessYAML

/// Docker Compose files (the Compose Specification's `services:` mapping).
public struct ComposeReader: EvidenceReader {
    public static let formats = [
        EvidenceFormat(
            id: "compose", summary: "Docker Compose files (services with healthchecks, depends_on, deploy)",
            refines: ["yaml"],
            recognizes: { head, path in
                let name = (path.split(separator: "/").last.map(String.init) ?? path).lowercased()
                return name.hasPrefix("compose.") || name.hasPrefix("docker-compose")
            })
    ]

    public init() {}

    /// The services defined. A file that parses but has no `services` mapping reads as no
    /// services with an error at its root (an empty skeleton); YAML that does not parse throws.
    public func read(_ file: EvidenceFile) throws(ReadFailure) -> Reading<ComposeFile> {
        let text = try file.text()
        let root: YAMLNode
        do throws(DiagnosticError) {
            root = try YAMLParser().parse(text, file: file.path)
        } catch {
            throw ReadFailure(error)
        }
        guard let compose = ComposeFile(root) else {
            return Reading(
                ComposeFile(services: []),
                problems: [.error("\(file.path) has no 'services' mapping", at: root.location)])
        }
        return Reading(compose)
    }
}
