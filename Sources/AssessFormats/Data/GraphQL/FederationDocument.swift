import Foundation

/// One GraphQL SDL file of a federated graph: a composed supergraph when it links the join
/// spec (or has a `join__Graph` enum), otherwise a subgraph (Federation 2 with its `@link`,
/// or Federation 1 without).
public enum FederationDocument: Sendable, Hashable {
    case subgraph(SubgraphSchema)
    case supergraph(SupergraphSchema)

    /// Parses `text` with the GraphQL parser; a syntax error is thrown with its line and column.
    public init(parsing text: String, file: String) throws(GraphQLSyntaxError) {
        let document = try SDLDocument(parsing: text, file: file)
        if let supergraph = SupergraphSchema(document) {
            self = .supergraph(supergraph)
        } else {
            self = .subgraph(SubgraphSchema(document))
        }
    }

    /// Whether a path names a GraphQL SDL file by its extension.
    public static func isSDL(_ path: String) -> Bool {
        let lower = path.lowercased()
        return [".graphql", ".graphqls", ".gql", ".sdl"].contains { lower.hasSuffix($0) }
    }

    public var problems: [ReadProblem] {
        switch self {
        case .subgraph(let schema): return schema.problems
        case .supergraph(let schema): return schema.problems
        }
    }
}
