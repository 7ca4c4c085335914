/// Makes graders for a rubric's `plugins:` (`grader: plugin:NAME`). The rubric loader asks the
/// host it was given; the host lives in `AssessPlugins`, so this module never runs programs.
public protocol PluginHost: Sendable {
    /// A grader for `spec` with the criterion's `with:` options, checked as far as the plugin
    /// can check them before grading (its `describe` answer).
    func grader(for spec: PluginSpec, options: YAMLNode?, criterion: CriterionInfo) throws(RubricError) -> any Grader

    /// Name, kind and sha256 of the plugin's program or module, for the report.
    func digest(of spec: PluginSpec) -> PluginDigest?

    /// Asks the plugin (request kind `describe`) what is wrong with these options; one message
    /// each. `assess rubric lint` calls it, so option mistakes surface before any grading.
    func describe(_ spec: PluginSpec, options: YAMLNode?, criterion: CriterionInfo) -> [String]
}

/// Which plugin program graded a report, so a regrade can be audited.
public struct PluginDigest: Sendable, Hashable, Codable {
    public var name: String
    /// `exec` or `wasm`.
    public var kind: String
    public var sha256: String

    public init(name: String, kind: String, sha256: String) {
        self.name = name
        self.kind = kind
        self.sha256 = sha256
    }
}
