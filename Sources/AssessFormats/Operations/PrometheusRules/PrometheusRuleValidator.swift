public import AssessYAML

/// Checks a Prometheus rule file as `promtool check rules` does (prometheus/model/rulefmt):
/// the keys of the file, its groups and its rules; group names present and unique; durations
/// Prometheus reads; recording-rule names that are metric names; label and annotation names;
/// the Go-template syntax of an alert's labels and annotations; and every `expr` parsed and
/// typed as PromQL. Each problem is placed at its file, line and column — inside the
/// expression or the template where the problem is there.
public struct PrometheusRuleValidator: Sendable {
    static let fileKeys = ["groups"]
    static let groupKeys = ["name", "interval", "limit", "rules"]
    /// Group keys that only newer Prometheus releases read.
    static let newerGroupKeys = ["labels", "query_offset"]
    static let ruleKeys = ["record", "alert", "expr", "for", "keep_firing_for", "labels", "annotations"]

    public init() {}

    /// The problems of a rule-file document. `standalone` is a file of its own, whose top level
    /// holds only `groups`; a prometheus-operator `PrometheusRule`'s `spec` is not.
    public func problems(in node: YAMLNode, file: ManifestFile, standalone: Bool) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        if standalone { unknownKeys(node, allowed: Self.fileKeys, what: "a rule file", into: &problems) }
        guard let groups = node["groups"]?.sequence else {
            if let groups = node["groups"], !groups.isNull {
                problems.append(.error(at: groups.location, "'groups' must be a list, found \(groups.kindDescription)"))
            }
            return problems
        }
        var seen: [String: SourceLocation] = [:]
        for group in groups {
            guard group.mapping != nil else {
                problems.append(
                    .error(at: group.location, "a rule group must be a mapping, found \(group.kindDescription)"))
                continue
            }
            unknownKeys(group, allowed: Self.groupKeys + Self.newerGroupKeys, what: "a rule group", into: &problems)
            for key in Self.newerGroupKeys {
                if let value = group[key] {
                    problems.append(
                        .warning(
                            at: value.location,
                            "'\(key)' on a rule group is read only by recent Prometheus releases; promtool 2.x refuses it"
                        ))
                }
            }
            let nameNode = group["name"]
            let name = nameNode?.string ?? ""
            if name.isEmpty {
                problems.append(
                    .error(at: nameNode?.location ?? group.location, "a rule group needs a non-empty 'name'"))
            } else if let first = seen[name] {
                problems.append(
                    .error(
                        at: nameNode?.location ?? group.location,
                        "group name '\(name)' is repeated (first at \(first.line):\(first.column)); names must be unique per file"
                    ))
            } else {
                seen[name] = nameNode?.location ?? group.location
            }
            duration("interval", of: group, into: &problems)
            if let limit = group["limit"], limit.int == nil {
                problems.append(
                    .error(
                        at: limit.location,
                        "'limit' must be a whole number, found '\(limit.scalarText ?? limit.kindDescription)'"))
            }
            guard let rules = group["rules"], !rules.isNull else { continue }
            guard let list = rules.sequence else {
                problems.append(.error(at: rules.location, "'rules' must be a list, found \(rules.kindDescription)"))
                continue
            }
            for rule in list { check(rule, group: name, file: file, into: &problems) }
        }
        return problems
    }

    func check(_ rule: YAMLNode, group: String, file: ManifestFile, into problems: inout [Diagnostic]) {
        guard rule.mapping != nil else {
            problems.append(.error(at: rule.location, "a rule must be a mapping, found \(rule.kindDescription)"))
            return
        }
        unknownKeys(rule, allowed: Self.ruleKeys, what: "a rule", into: &problems)
        let record = rule["record"]
        let alert = rule["alert"]
        let name = record?.string ?? alert?.string ?? ""
        let kind = record != nil && alert == nil ? "recording rule" : alert != nil && record == nil ? "alert" : "rule"
        let label = "\(kind) '\(name)' (group '\(group)')"
        switch (record?.string?.isEmpty == false ? record : nil, alert?.string?.isEmpty == false ? alert : nil) {
        case (let record?, let alert?):
            // At the second of the two keys, which is the one to remove or move.
            let second = max(record.location, alert.location)
            problems.append(.error(at: second, "\(label) has both 'record' and 'alert'; a rule is one or the other"))
        case (nil, nil):
            problems.append(.error(at: rule.location, "a rule in group '\(group)' needs 'record' or 'alert'"))
        case (let record?, nil):
            if !Self.isMetricName(record.string ?? "") {
                problems.append(
                    .error(
                        at: record.location,
                        "recording rule name '\(record.string ?? "")' is not a valid metric name (letters, digits, '_' and ':', not starting with a digit)"
                    ))
            }
            for key in ["for", "keep_firing_for", "annotations"] {
                if let node = rule[key] {
                    problems.append(.error(at: node.location, "'\(key)' is only valid on alerting rules (\(label))"))
                }
            }
        default:
            break
        }
        let isAlert = alert != nil && record == nil
        duration("for", of: rule, into: &problems)
        duration("keep_firing_for", of: rule, into: &problems)
        for key in ["labels", "annotations"] {
            guard let node = rule[key], !node.isNull else { continue }
            guard let pairs = node.mapping else {
                problems.append(.error(at: node.location, "'\(key)' must be a mapping, found \(node.kindDescription)"))
                continue
            }
            for pair in pairs {
                let entry = pair.key.scalarText ?? ""
                if !Self.isLabelName(entry) {
                    problems.append(
                        .error(
                            at: pair.key.location,
                            "invalid \(key == "labels" ? "label" : "annotation") name '\(entry)' in \(label) (letters, digits and '_', not starting with a digit)"
                        ))
                }
                guard let value = pair.value.scalarText else {
                    problems.append(
                        .error(
                            at: pair.value.location,
                            "the value of '\(entry)' must be a string, found \(pair.value.kindDescription)"))
                    continue
                }
                if isAlert, let problem = GoTemplateChecker().check(value) {
                    problems.append(
                        .error(
                            at: file.location(in: pair.value, line: problem.line, column: problem.column),
                            "template in \(key == "labels" ? "label" : "annotation") '\(entry)' of \(label): \(problem.message)"
                        ))
                }
            }
        }
        let expr = rule["expr"]
        let text = expr?.string ?? ""
        guard let expr, !text.allSatisfy(\.isWhitespace) else {
            problems.append(.error(at: expr?.location ?? rule.location, "\(label) has no 'expr'"))
            return
        }
        do {
            let expression = try PromQLParser().parse(text)
            try PromQLTypeChecker().check(expression)
        } catch {
            problems.append(
                .error(
                    at: file.location(in: expr, line: error.position.line, column: error.position.column),
                    "PromQL of \(label): \(error.message)"))
        }
    }

    func duration(_ key: String, of node: YAMLNode, into problems: inout [Diagnostic]) {
        guard let value = node[key], !value.isNull else { return }
        let text = value.scalarText ?? ""
        if PrometheusDuration.parse(text) == nil {
            problems.append(
                .error(
                    at: value.location,
                    "'\(key)' is not a Prometheus duration: '\(text)' (write whole numbers with units from y, w, d, h, m, s, ms, largest first: 90s, 1h30m)"
                ))
        }
    }

    /// Keys `node` may not have; `allowed` may hold keys only newer releases read, which the
    /// message leaves out of the list it offers.
    func unknownKeys(_ node: YAMLNode, allowed: [String], what: String, into problems: inout [Diagnostic]) {
        let taken = what == "a rule group" ? allowed.filter { !Self.newerGroupKeys.contains($0) } : allowed
        for pair in node.mapping ?? [] {
            let key = pair.key.scalarText ?? ""
            guard !allowed.contains(key) else { continue }
            problems.append(
                .error(
                    at: pair.key.location,
                    "unknown key '\(key)' in \(what) (it takes \(taken.map { "'\($0)'" }.joined(separator: ", ")))\(Suggestion.didYouMean(key, in: allowed))"
                ))
        }
    }

    /// `[a-zA-Z_:][a-zA-Z0-9_:]*`
    public static func isMetricName(_ name: String) -> Bool {
        guard let first = name.first, first.isASCII, first.isLetter || first == "_" || first == ":" else {
            return false
        }
        return name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == ":") }
    }

    /// `[a-zA-Z_][a-zA-Z0-9_]*`
    public static func isLabelName(_ name: String) -> Bool {
        guard let first = name.first, first.isASCII, first.isLetter || first == "_" else { return false }
        return name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
    }
}
