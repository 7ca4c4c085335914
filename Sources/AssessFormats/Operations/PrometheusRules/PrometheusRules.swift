public import AssessYAML

/// A Prometheus rule file (`groups:` of recording and alerting rules, prometheus/model/rulefmt),
/// also when it comes wrapped in a prometheus-operator `PrometheusRule` object.
public struct PrometheusRuleFile: Sendable, Hashable {
    public var file: String
    public var groups: [PrometheusRuleGroup]
    /// What promtool would refuse, each at its line and column (`PrometheusRuleValidator`).
    public var problems: [Diagnostic]

    public var rules: [PrometheusRule] { groups.flatMap(\.rules) }

    /// Reads the `groups` of a rule file document (or of a PrometheusRule's `spec`, when
    /// `standalone` is false), checked as promtool checks them. Returns nil when the node has
    /// no `groups` list.
    public init?(_ node: YAMLNode, in file: ManifestFile, standalone: Bool = true) {
        guard let groups = node["groups"]?.sequence else { return nil }
        self.file = file.file
        problems = PrometheusRuleValidator().problems(in: node, file: file, standalone: standalone)
        self.groups = groups.compactMap { group in
            guard group.mapping != nil else { return nil }
            return PrometheusRuleGroup(
                name: group["name"]?.string ?? "",
                interval: group["interval"]?.string.flatMap(PrometheusDuration.parse),
                rules: (group["rules"]?.sequence ?? []).compactMap { PrometheusRule($0, in: file) },
                location: group.location)
        }
    }
}

public struct PrometheusRuleGroup: Sendable, Hashable {
    public var name: String
    public var interval: OperationsDuration?
    public var rules: [PrometheusRule]
    public var location: SourceLocation
}

/// One recording or alerting rule, with its PromQL parsed (or the syntax error, placed in the file).
public struct PrometheusRule: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        case recording, alerting
    }

    public var kind: Kind
    /// The `record` or `alert` name.
    public var name: String
    public var expressionText: String
    public var expression: PromQLExpression?
    /// The PromQL problem (syntax or type) and where it is, when the expression is not valid.
    public var syntaxError: Located<String>?
    public var duration: OperationsDuration?
    public var labels: [String: String]
    public var annotations: [String: String]
    public var location: SourceLocation
    public var labelsLocation: SourceLocation?
    /// Where `expr` is, and the file (to place positions inside it).
    public var expressionNode: YAMLNode?

    /// The rule's model; nil for a node that is not one rule (its problems are the validator's).
    init?(_ node: YAMLNode, in file: ManifestFile) {
        guard node.mapping != nil else { return nil }
        let record = node["record"]?.string
        let alert = node["alert"]?.string
        switch (record, alert) {
        case (let record?, nil):
            kind = .recording
            name = record
        case (nil, let alert?):
            kind = .alerting
            name = alert
        default:
            return nil
        }
        location = node.location
        labels = node["labels"]?.stringMap ?? [:]
        labelsLocation = node["labels"]?.location
        annotations = node["annotations"]?.stringMap ?? [:]
        duration = node["for"]?.string.flatMap(PrometheusDuration.parse)
        expressionNode = node["expr"]
        expressionText = node["expr"]?.string ?? ""
        guard let exprNode = node["expr"], !expressionText.trimmingSpaces.isEmpty else {
            syntaxError = Located("empty expression", at: node.location)
            return
        }
        do {
            let parsed = try PromQLParser().parse(expressionText)
            expression = parsed
            try PromQLTypeChecker().check(parsed)
        } catch {
            syntaxError = Located(
                error.message,
                at: file.location(in: exprNode, line: error.position.line, column: error.position.column))
        }
    }
}
