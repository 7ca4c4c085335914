public import AssessYAML
import Foundation

/// A `rover supergraph compose` configuration (`supergraph.yaml`): the federation version
/// and the subgraphs to compose, each with its routing URL and where its schema comes from —
/// a local SDL file, introspection of a running subgraph, or a GraphOS graph ref.
/// `${env.NAME}` references are kept as written.
public struct RoverConfig: Sendable, Hashable {
    public enum SchemaSource: Sendable, Hashable {
        /// `schema.file`, as written (relative to the config file).
        case file(String)
        /// `schema.subgraph_url`: introspected from a running subgraph.
        case subgraphURL(String)
        /// `schema.graphref` (+ `schema.subgraph`): fetched from GraphOS.
        case graphRef(String, subgraph: String?)
        /// No `schema`, or one rover does not know.
        case missing
    }

    public struct Subgraph: Sendable, Hashable {
        public var name: String
        public var location: SourceLocation
        public var routingURL: String?
        public var schema: SchemaSource
        /// Where the schema source is written (the `schema` key's value, else the name).
        public var schemaLocation: SourceLocation
    }

    public var file: String
    /// As written: `2`, `=2.3.2`, `1`.
    public var federationVersion: String?
    public var subgraphs: [Subgraph]

    /// Reads a parsed config; nil when it has no `subgraphs` mapping of mappings.
    public init?(_ root: YAMLNode, file: String) {
        guard let pairs = root["subgraphs"]?.mapping, pairs.allSatisfy({ $0.value.mapping != nil || $0.value.isNull })
        else { return nil }
        self.file = file
        federationVersion = root["federation_version"]?.string
        subgraphs = pairs.compactMap { pair in
            guard let name = pair.key.string else { return nil }
            let node = pair.value
            var schema = SchemaSource.missing
            let schemaNode = node["schema"]
            if let file = schemaNode?["file"]?.string {
                schema = .file(file)
            } else if let url = schemaNode?["subgraph_url"]?.string {
                schema = .subgraphURL(url)
            } else if let ref = schemaNode?["graphref"]?.string {
                schema = .graphRef(ref, subgraph: schemaNode?["subgraph"]?.string)
            }
            return Subgraph(
                name: name, location: pair.key.location, routingURL: node["routing_url"]?.string, schema: schema,
                schemaLocation: schemaNode?.location ?? pair.key.location)
        }
    }

    /// A path written in the config (`./subgraphs/inventory/inventory.graphql`) as a path from
    /// the submission root, given the config's own path; nil when it climbs above the root or
    /// is absolute.
    public static func resolve(_ path: String, from configFile: String) -> String? {
        guard !path.hasPrefix("/") else { return nil }
        var parts = configFile.split(separator: "/").dropLast().map(String.init)
        for part in path.split(separator: "/") {
            switch part {
            case ".", "": continue
            case "..":
                guard !parts.isEmpty else { return nil }
                parts.removeLast()
            default: parts.append(String(part))
            }
        }
        return parts.joined(separator: "/")
    }
}

extension RoverConfig {
    /// Reads a rover `supergraph.yaml`: the config, or nil with a warning when the YAML is some
    /// other document, or nil with the parser's errors when it is not YAML at all.
    public static func read(_ text: String, file: String) -> Reading<RoverConfig?> {
        do throws(DiagnosticError) {
            let root = try YAMLParser().parse(text, file: file)
            guard let config = RoverConfig(root, file: file) else {
                return Reading(
                    nil,
                    problems: [
                        .warning("\(file) is not a rover supergraph config (no 'subgraphs' mapping)", at: root.location)
                    ])
            }
            return Reading(config)
        } catch {
            return Reading(nil, problems: ReadFailure(error).problems)
        }
    }
}
