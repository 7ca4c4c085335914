/// Caps that keep a hostile or accidental document from exhausting time or memory:
/// alias expansion ("billion laughs"), nesting depth and input size.
public struct YAMLLimits: Sendable, Hashable {
    /// Total nodes a document may hold once every alias is expanded.
    public var maxNodes: Int
    /// Deepest nesting of sequences and mappings.
    public var maxDepth: Int
    /// Largest input accepted, in bytes.
    public var maxBytes: Int

    public init(maxNodes: Int = 1_000_000, maxDepth: Int = 256, maxBytes: Int = 64 << 20) {
        self.maxNodes = maxNodes
        self.maxDepth = maxDepth
        self.maxBytes = maxBytes
    }

    public static let `default` = YAMLLimits()
}
