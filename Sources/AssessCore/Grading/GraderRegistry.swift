/// The grader kinds a rubric may name: an immutable value handed to the loader and engine,
/// never a shared singleton. The built-in list lives in `AssessGraders`' catalogue.
public struct GraderRegistry: Sendable {
    private let types: [String: any Grader.Type]
    /// The names an input's `format:` may use (the evidence formats the graders' readers read,
    /// `auto` among them); the loader checks each against them. Empty accepts any name: a
    /// registry made for a test of something else.
    public let formats: [String]

    public init(_ graders: [any Grader.Type], formats: [String] = []) {
        self.formats = formats
        var types: [String: any Grader.Type] = [:]
        for grader in graders {
            precondition(types[grader.kind] == nil, "grader kind '\(grader.kind)' registered twice")
            types[grader.kind] = grader
        }
        self.types = types
    }

    public subscript(kind: String) -> (any Grader.Type)? { types[kind] }

    /// Every kind, sorted.
    public var kinds: [String] { types.keys.sorted() }

    /// Every grader type, sorted by kind.
    public var graders: [any Grader.Type] { kinds.compactMap { types[$0] } }

    /// A registry with more graders (tests add their own).
    public func adding(_ more: [any Grader.Type]) -> GraderRegistry {
        GraderRegistry(graders + more, formats: formats)
    }
}
