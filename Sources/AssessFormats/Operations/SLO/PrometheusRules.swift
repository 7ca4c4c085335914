public import AssessYAML

/// A Prometheus rule file (`groups:` of recording and alerting rules, prometheus/model/rulefmt),
/// also when it comes wrapped in a prometheus-operator `PrometheusRule` object.
public struct PrometheusRuleFile: Sendable, Hashable {
    public var file: String
    public var groups: [PrometheusRuleGroup]
    /// Problems in the file's shape (a rule with both `record` and `alert`, `for` on a recording rule).
    public var problems: [Diagnostic]

    public var rules: [PrometheusRule] { groups.flatMap(\.rules) }

    /// Reads the `groups` of a rule file document (or of a PrometheusRule's `spec`).
    /// Returns nil when the node has no `groups` list.
    public init?(_ node: YAMLNode, in file: ManifestFile) {
        guard let groups = node["groups"]?.sequence else { return nil }
        self.file = file.file
        var problems: [Diagnostic] = []
        var seen: [String: SourceLocation] = [:]
        self.groups = groups.compactMap { group in
            guard group.mapping != nil else {
                problems.append(
                    .error(at: group.location, "a rule group must be a mapping, found \(group.kindDescription)"))
                return nil
            }
            let name = group["name"]?.string ?? ""
            if name.isEmpty {
                problems.append(.error(at: group.location, "a rule group needs a 'name'"))
            } else if let first = seen[name] {
                problems.append(
                    .error(
                        at: group["name"]?.location ?? group.location,
                        "group name '\(name)' is repeated (first at \(first.line):\(first.column)); names must be unique per file"
                    ))
            } else {
                seen[name] = group["name"]?.location ?? group.location
            }
            let rules = (group["rules"]?.sequence ?? []).compactMap {
                PrometheusRule($0, in: file, problems: &problems)
            }
            return PrometheusRuleGroup(
                name: name, interval: group["interval"]?.string.flatMap(OperationsDuration.init), rules: rules,
                location: group.location)
        }
        self.problems = problems
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
    /// Where the syntax error is, when the expression does not parse.
    public var syntaxError: Located<String>?
    public var duration: OperationsDuration?
    public var labels: [String: String]
    public var annotations: [String: String]
    public var location: SourceLocation
    public var labelsLocation: SourceLocation?
    /// Where `expr` is, and the file (to place positions inside it).
    public var expressionNode: YAMLNode?

    init?(_ node: YAMLNode, in file: ManifestFile, problems: inout [Diagnostic]) {
        guard node.mapping != nil else {
            problems.append(.error(at: node.location, "a rule must be a mapping, found \(node.kindDescription)"))
            return nil
        }
        let record = node["record"]?.string
        let alert = node["alert"]?.string
        switch (record, alert) {
        case (let record?, nil):
            kind = .recording
            name = record
        case (nil, let alert?):
            kind = .alerting
            name = alert
        case (.some, .some):
            problems.append(.error(at: node.location, "a rule has both 'record' and 'alert'; it needs exactly one"))
            return nil
        case (nil, nil):
            problems.append(.error(at: node.location, "a rule needs 'record' or 'alert'"))
            return nil
        }
        location = node.location
        labels = node["labels"]?.stringMap ?? [:]
        labelsLocation = node["labels"]?.location
        annotations = node["annotations"]?.stringMap ?? [:]
        duration = node["for"]?.string.flatMap(OperationsDuration.init)
        if kind == .recording, let forNode = node["for"] {
            problems.append(
                .error(at: forNode.location, "'for' is only valid on alerting rules (recording rule '\(name)')"))
        }
        expressionNode = node["expr"]
        expressionText = node["expr"]?.string ?? ""
        guard let exprNode = node["expr"], !expressionText.trimmingSpaces.isEmpty else {
            problems.append(.error(at: node.location, "rule '\(name)' has no 'expr'"))
            syntaxError = Located("empty expression", at: node.location)
            return
        }
        do {
            expression = try PromQLParser().parse(expressionText)
        } catch {
            syntaxError = Located(
                error.message,
                at: file.location(in: exprNode, line: error.position.line, column: error.position.column))
        }
    }
}
