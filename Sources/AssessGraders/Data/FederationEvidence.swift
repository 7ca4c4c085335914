import AssessCore
import AssessFormats
import Foundation

/// A federated graph as a hand-in holds it: rover configs, subgraph SDL files (named by the
/// config that points at them, else by their file name) and composed supergraphs, with what
/// could not be read. `graphql.federation` judges it; `consistency.names` takes its names.
struct FederationEvidence {
    struct Subgraph {
        var name: String
        var path: String
        var schema: SubgraphSchema
    }

    var configs: [RoverConfig] = []
    var supergraphs: [SupergraphSchema] = []
    var subgraphs: [Subgraph] = []
    /// SDL files that did not parse, by path.
    var syntaxErrors: [String: GraphQLSyntaxError] = [:]
    /// Every SDL read, by path: the input's and those a config points at outside it.
    var documents: [String: FederationDocument] = [:]
    /// Findings about reading: YAML and SDL errors, files that are neither, federation problems.
    var findings: [Finding] = []
    /// Paths the submission has, to tell a missing schema file from an unreadable one.
    let existing: Set<String>

    /// Reads `paths` (the input's files) through `read`, then any schema file a config names
    /// that the input did not match.
    init(paths: [String], existing: [String], read: (String) throws -> String) {
        self.existing = Set(existing)
        for path in paths {
            load(path, read: read, fromInput: true)
        }
        for config in configs {
            for entry in config.subgraphs {
                guard case .file(let written) = entry.schema,
                    let path = RoverConfig.resolve(written, from: config.file),
                    documents[path] == nil, syntaxErrors[path] == nil, self.existing.contains(path)
                else { continue }
                load(path, read: read, fromInput: false)
            }
        }
        var claimed: [String: String] = [:]
        for config in configs {
            for entry in config.subgraphs {
                if case .file(let written) = entry.schema, let path = RoverConfig.resolve(written, from: config.file) {
                    claimed[path] = claimed[path] ?? entry.name
                }
            }
        }
        for path in documents.keys.sorted() {
            guard case .subgraph(let schema) = documents[path] else { continue }
            subgraphs.append(Subgraph(name: claimed[path] ?? Self.derivedName(path), path: path, schema: schema))
        }
    }

    private mutating func load(_ path: String, read: (String) throws -> String, fromInput: Bool) {
        let start = SourceLocation(file: path, line: 1, column: 1)
        let text: String
        do {
            text = try read(path)
        } catch {
            findings.append(.error("\(error)", at: start))
            return
        }
        if FederationDocument.isSDL(path) {
            do throws(GraphQLSyntaxError) {
                let document = try FederationDocument(parsing: text, file: path)
                documents[path] = document
                if case .supergraph(let supergraph) = document { supergraphs.append(supergraph) }
                findings += document.problems.map { Finding(.warning, $0.message, at: $0.location) }
            } catch {
                syntaxErrors[path] = error
                findings.append(.error(error.message, at: error.location))
            }
            return
        }
        let lower = path.lowercased()
        guard lower.hasSuffix(".yaml") || lower.hasSuffix(".yml") else {
            if fromInput {
                findings.append(Finding(.warning, "\(path) is neither GraphQL SDL nor a rover config", at: start))
            }
            return
        }
        let reading = RoverConfig.read(text, file: path)
        if let config = reading.model { configs.append(config) }
        findings += reading.problems.map(Finding.init)
    }

    /// A subgraph's name from its file: the file's stem, or its folder's name when the stem
    /// says nothing (`subgraphs/inventory/schema.graphql` → `inventory`).
    static func derivedName(_ path: String) -> String {
        let parts = path.split(separator: "/").map(String.init)
        let base = parts.last ?? path
        let stem = base.split(separator: ".").first.map(String.init) ?? base
        let generic: Set<String> = ["schema", "subgraph", "index", "main", "api", "graphql"]
        if generic.contains(stem.lowercased()), parts.count > 1 { return parts[parts.count - 2] }
        return stem
    }

    /// The subgraph named `name` (exactly, else ignoring case).
    func subgraph(_ name: String) -> Subgraph? {
        subgraphs.first { $0.name == name } ?? subgraphs.first { $0.name.lowercased() == name.lowercased() }
    }

    /// Every subgraph name the evidence gives, once each (ignoring case), with where it is
    /// named: the configs' entries, the supergraphs' graphs, and the SDL files not named by either.
    var subgraphNames: [(name: String, location: SourceLocation?)] {
        var seen = Set<String>()
        var result: [(String, SourceLocation?)] = []
        func add(_ name: String, _ location: SourceLocation?) {
            if seen.insert(name.lowercased()).inserted { result.append((name, location)) }
        }
        for config in configs { for entry in config.subgraphs { add(entry.name, entry.location) } }
        for supergraph in supergraphs { for graph in supergraph.graphs { add(graph.name, graph.location) } }
        for subgraph in subgraphs { add(subgraph.name, SourceLocation(file: subgraph.path, line: 1, column: 1)) }
        return result
    }

    var isEmpty: Bool { configs.isEmpty && documents.isEmpty }
}
