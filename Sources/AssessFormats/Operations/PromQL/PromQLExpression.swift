/// A PromQL expression as a small tree with positions, enough to tell which metrics, windows
/// and thresholds an alert uses (the grammar of prometheus/promql/parser, without evaluation).
public struct PromQLExpression: Sendable, Hashable {
    public indirect enum Kind: Sendable, Hashable {
        case number(Double)
        case string(String)
        case selector(PromQLSelector)
        case call(name: String, arguments: [PromQLExpression])
        case aggregation(PromQLAggregation)
        case binary(PromQLBinary)
        case unary(op: String, operand: PromQLExpression)
        case parenthesised(PromQLExpression)
        case subquery(PromQLSubquery)
    }

    public var kind: Kind
    /// Where the expression starts in the text it was parsed from (1-based).
    public var position: PromQLPosition

    public init(_ kind: Kind, at position: PromQLPosition) {
        self.kind = kind
        self.position = position
    }
}

/// A line and column inside an expression's text (1-based), and the character offset.
public struct PromQLPosition: Sendable, Hashable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public var offset: Int

    public init(line: Int, column: Int, offset: Int) {
        self.line = line
        self.column = column
        self.offset = offset
    }

    public var description: String { "\(line):\(column)" }
}

/// `http_requests_total{job="api", code=~"5.."}[5m] offset 1h`.
public struct PromQLSelector: Sendable, Hashable {
    public struct Matcher: Sendable, Hashable {
        public var label: String
        /// `=`, `!=`, `=~`, `!~`
        public var op: String
        public var value: String
        /// Where the label name starts, for errors about this matcher.
        public var position: PromQLPosition?

        public init(label: String, op: String, value: String, position: PromQLPosition? = nil) {
            self.label = label
            self.op = op
            self.value = value
            self.position = position
        }
    }

    /// The metric name, when written before the braces.
    public var name: String?
    public var matchers: [Matcher]
    /// `[5m]`: a range vector.
    public var range: OperationsDuration?
    public var offset: OperationsDuration?

    /// The value of an equality matcher on `label`.
    public func value(of label: String) -> String? {
        matchers.first { $0.label == label && $0.op == "=" }?.value
    }
}

/// `sum by (job) (rate(x[5m]))`, `topk(3, x)`.
public struct PromQLAggregation: Sendable, Hashable {
    public var op: String
    /// `by` or `without`, with its labels; nil when not grouped.
    public var grouping: (String, [String])?
    /// The parameter of `topk`, `quantile`, `count_values`…
    public var parameter: PromQLExpression?
    public var expression: PromQLExpression

    public static func == (a: Self, b: Self) -> Bool {
        a.op == b.op && a.grouping?.0 == b.grouping?.0 && a.grouping?.1 == b.grouping?.1
            && a.parameter == b.parameter && a.expression == b.expression
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(op)
        hasher.combine(grouping?.0)
        hasher.combine(grouping?.1)
        hasher.combine(parameter)
        hasher.combine(expression)
    }
}

/// `a > bool on(job) group_left(x) b`.
public struct PromQLBinary: Sendable, Hashable {
    public var op: String
    public var lhs: PromQLExpression
    public var rhs: PromQLExpression
    /// `bool` after a comparison.
    public var returnsBool: Bool
    /// `on` or `ignoring`, with its labels.
    public var matching: String?
    public var matchingLabels: [String]
    /// `group_left` or `group_right`.
    public var grouping: String?
    /// The labels `group_left(…)` or `group_right(…)` copies from the "one" side.
    public var groupingLabels: [String] = []

    public static let comparisons: Set<String> = ["==", "!=", ">", "<", ">=", "<="]
    public static let setOperators: Set<String> = ["and", "or", "unless"]

    public var isComparison: Bool { Self.comparisons.contains(op) }
}

/// `rate(x[5m])[30m:1m]`.
public struct PromQLSubquery: Sendable, Hashable {
    public var expression: PromQLExpression
    public var range: OperationsDuration
    public var step: OperationsDuration?
    public var offset: OperationsDuration?
}

// MARK: - Reading a tree

extension PromQLExpression {
    /// This expression and everything under it, depth first, in source order.
    public var allNodes: [PromQLExpression] {
        var result: [PromQLExpression] = [self]
        for child in children { result += child.allNodes }
        return result
    }

    public var children: [PromQLExpression] {
        switch kind {
        case .number, .string, .selector: return []
        case .call(_, let arguments): return arguments
        case .aggregation(let aggregation): return (aggregation.parameter.map { [$0] } ?? []) + [aggregation.expression]
        case .binary(let binary): return [binary.lhs, binary.rhs]
        case .unary(_, let operand): return [operand]
        case .parenthesised(let inner): return [inner]
        case .subquery(let subquery): return [subquery.expression]
        }
    }

    /// Every vector selector in the expression.
    public var selectors: [PromQLSelector] {
        allNodes.compactMap {
            if case .selector(let selector) = $0.kind { return selector }
            return nil
        }
    }

    /// The metric names the expression reads.
    public var metricNames: [String] { selectors.compactMap(\.name) }

    /// Every range written in the expression (`[5m]`, subquery ranges), in source order.
    public var ranges: [OperationsDuration] {
        allNodes.compactMap {
            switch $0.kind {
            case .selector(let selector): return selector.range
            case .subquery(let subquery): return subquery.range
            default: return nil
            }
        }
    }

    /// The expression without enclosing parentheses.
    public var unwrapped: PromQLExpression {
        if case .parenthesised(let inner) = kind { return inner.unwrapped }
        return self
    }

    /// The value of an expression made only of numbers (`14.4 * (1 - 0.999)`, `vector(0.001)`).
    public var constantValue: Double? {
        switch kind {
        case .number(let value): return value
        case .parenthesised(let inner): return inner.constantValue
        case .unary(let op, let operand): return operand.constantValue.map { op == "-" ? -$0 : $0 }
        case .call(let name, let arguments) where (name == "vector" || name == "scalar") && arguments.count == 1:
            return arguments[0].constantValue
        case .binary(let binary):
            guard let a = binary.lhs.constantValue, let b = binary.rhs.constantValue else { return nil }
            switch binary.op {
            case "+": return a + b
            case "-": return a - b
            case "*": return a * b
            case "/": return b == 0 ? nil : a / b
            case "^": return pow(a, b)
            default: return nil
            }
        default: return nil
        }
    }

    /// The operands of a chain of one operator (`a or b or c` → a, b, c), parentheses removed.
    public func operands(of op: String) -> [PromQLExpression] {
        let inner = unwrapped
        if case .binary(let binary) = inner.kind, binary.op == op {
            return binary.lhs.operands(of: op) + binary.rhs.operands(of: op)
        }
        return [inner]
    }
}

private func pow(_ a: Double, _ b: Double) -> Double {
    guard b == b.rounded(), abs(b) < 64 else { return .nan }
    var result = 1.0
    for _ in 0..<Int(abs(b)) { result *= a }
    return b < 0 ? 1 / result : result
}
