public import AssessYAML

/// A Kubernetes label selector, evaluated as the API server evaluates it: every `matchLabels`
/// pair and every `matchExpressions` requirement (`In`, `NotIn`, `Exists`, `DoesNotExist`) must
/// hold. A Service's `spec.selector` is the equality-only form (`init(equality:)`).
public struct LabelSelector: Sendable, Hashable, CustomStringConvertible {
    public enum Operator: String, Sendable, Hashable, CaseIterable {
        case `in` = "In"
        case notIn = "NotIn"
        case exists = "Exists"
        case doesNotExist = "DoesNotExist"
    }

    public struct Requirement: Sendable, Hashable {
        public var key: String
        public var op: Operator
        public var values: [String]

        public init(key: String, op: Operator, values: [String] = []) {
            self.key = key
            self.op = op
            self.values = values
        }

        /// `NotIn` and `DoesNotExist` hold for a pod without the label, as in the API server.
        public func matches(_ labels: [String: String]) -> Bool {
            let value = labels[key]
            switch op {
            case .in: return value.map(values.contains) ?? false
            case .notIn: return value.map { !values.contains($0) } ?? true
            case .exists: return value != nil
            case .doesNotExist: return value == nil
            }
        }
    }

    public var matchLabels: [String: String]
    public var requirements: [Requirement]
    /// Requirements the API server would reject (an unknown operator, `In` without values,
    /// `Exists` with values), at their line. A selector with one selects nothing.
    public var problems: [Diagnostic]
    public var location: SourceLocation?

    public init(matchLabels: [String: String] = [:], requirements: [Requirement] = [], location: SourceLocation? = nil) {
        self.matchLabels = matchLabels
        self.requirements = requirements
        problems = []
        self.location = location
    }

    /// A `metav1.LabelSelector` node (`matchLabels`, `matchExpressions`).
    public init(_ node: YAMLNode) {
        self.init(matchLabels: node["matchLabels"]?.stringMap ?? [:], location: node.location)
        for expression in node["matchExpressions"]?.sequence ?? [] {
            let key = expression["key"]?.string ?? ""
            let written = expression["operator"]?.string ?? ""
            let values = expression["values"]?.stringList ?? []
            guard !key.isEmpty else {
                problems.append(.error(at: expression.location, "a matchExpressions requirement has no 'key'"))
                continue
            }
            guard let op = Operator(rawValue: written) else {
                problems.append(
                    .error(
                        at: (expression["operator"] ?? expression).location,
                        "matchExpressions operator '\(written)' on '\(key)' is not In, NotIn, Exists or DoesNotExist"))
                continue
            }
            let listsValues = op == .in || op == .notIn
            if listsValues && values.isEmpty {
                problems.append(
                    .error(at: expression.location, "matchExpressions '\(key) \(op.rawValue)' needs at least one value"))
            } else if !listsValues && !values.isEmpty {
                problems.append(
                    .error(at: expression.location, "matchExpressions '\(key) \(op.rawValue)' takes no values"))
            }
            requirements.append(Requirement(key: key, op: op, values: values))
        }
    }

    /// A Service's selector: label pairs that must all be present.
    public init(equality labels: [String: String], location: SourceLocation? = nil) {
        self.init(matchLabels: labels, location: location)
    }

    /// True when the selector states nothing (no labels, no requirements).
    public var isEmpty: Bool { matchLabels.isEmpty && requirements.isEmpty && problems.isEmpty }

    /// Whether a pod with these labels is selected. An empty selector matches every pod; the
    /// callers decide what an empty selector means for their kind (a Service's selects none).
    public func matches(_ labels: [String: String]) -> Bool {
        problems.isEmpty && matchLabels.allSatisfy { labels[$0.key] == $0.value }
            && requirements.allSatisfy { $0.matches(labels) }
    }

    /// `app=ledger, tier in (api, web), !canary`, as kubectl writes a selector.
    public var description: String {
        let pairs = matchLabels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        let expressions = requirements.map { requirement -> String in
            switch requirement.op {
            case .in: return "\(requirement.key) in (\(requirement.values.joined(separator: ", ")))"
            case .notIn: return "\(requirement.key) notin (\(requirement.values.joined(separator: ", ")))"
            case .exists: return requirement.key
            case .doesNotExist: return "!\(requirement.key)"
            }
        }
        return (pairs + expressions).joined(separator: ", ")
    }
}
