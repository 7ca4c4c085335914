import Foundation

/// Types a parsed PromQL expression as Prometheus does before it runs a query
/// (`checkAST` in prometheus/promql/parser/parse.go): every function is known and called with
/// the count and types of arguments its signature names, aggregations take instant vectors,
/// binary operators take scalars and instant vectors (`bool` between two scalars, no set
/// operator or vector matching with a scalar, no `group_left` on `and`/`or`/`unless`),
/// subqueries wrap instant vectors, a selector without a name has a matcher that cannot match
/// the empty string, and every regular expression compiles. An expression that parses but
/// fails here is one `promtool check rules` rejects.
public struct PromQLTypeChecker: Sendable {
    public init() {}

    /// The type of `expression`, or the first problem in source order.
    @discardableResult
    public func check(_ expression: PromQLExpression) throws(PromQLSyntaxError) -> PromQLValueType {
        let at = expression.position
        switch expression.kind {
        case .number:
            return .scalar
        case .string:
            return .string
        case .parenthesised(let inner):
            return try check(inner)
        case .selector(let selector):
            try checkMatchers(selector, at: at)
            return selector.range == nil ? .instantVector : .rangeVector
        case .call(let name, let arguments):
            guard let function = PromQLFunction.all[name] else {
                throw PromQLSyntaxError(message: "unknown function with name \"\(name)\"", position: at)
            }
            if let problem = function.arityProblem(arguments.count) {
                throw PromQLSyntaxError(message: problem, position: at)
            }
            for (index, argument) in arguments.enumerated() {
                let type = try check(argument)
                if let expected = function.argumentType(at: index), type != expected {
                    throw PromQLSyntaxError(
                        message: "expected type \(expected) in call to function \"\(name)\", got \(type)",
                        position: argument.position)
                }
            }
            return function.returns
        case .aggregation(let aggregation):
            if let parameter = aggregation.parameter {
                let type = try check(parameter)
                let expected: PromQLValueType = aggregation.op == "count_values" ? .string : .scalar
                if type != expected {
                    throw PromQLSyntaxError(
                        message: "expected type \(expected) in aggregation parameter, got \(type)",
                        position: parameter.position)
                }
            }
            let type = try check(aggregation.expression)
            if type != .instantVector {
                throw PromQLSyntaxError(
                    message: "expected type instant vector in aggregation expression, got \(type)",
                    position: aggregation.expression.position)
            }
            return .instantVector
        case .binary(let binary):
            return try check(binary, at: at)
        case .unary(_, let operand):
            let type = try check(operand)
            guard type == .scalar || type == .instantVector else {
                throw PromQLSyntaxError(
                    message:
                        "unary expression only allowed on expressions of type scalar or instant vector, got \"\(type)\"",
                    position: at)
            }
            return type
        case .subquery(let subquery):
            let type = try check(subquery.expression)
            guard type == .instantVector else {
                throw PromQLSyntaxError(
                    message: "subquery is only allowed on instant vector, got \(type)", position: at)
            }
            return .rangeVector
        }
    }

    func check(_ binary: PromQLBinary, at position: PromQLPosition) throws(PromQLSyntaxError) -> PromQLValueType {
        let left = try check(binary.lhs)
        let right = try check(binary.rhs)
        let isSet = PromQLBinary.setOperators.contains(binary.op)
        if binary.isComparison, !binary.returnsBool, left == .scalar, right == .scalar {
            throw PromQLSyntaxError(message: "comparisons between scalars must use BOOL modifier", position: position)
        }
        for type in [left, right] where type != .scalar && type != .instantVector {
            throw PromQLSyntaxError(
                message: "binary expression must contain only scalar and instant vector types", position: position)
        }
        let scalarSide = left == .scalar || right == .scalar
        if scalarSide, !binary.matchingLabels.isEmpty || binary.grouping != nil {
            throw PromQLSyntaxError(message: "vector matching only allowed between instant vectors", position: position)
        }
        if binary.matching == "on", let label = binary.groupingLabels.first(where: binary.matchingLabels.contains) {
            throw PromQLSyntaxError(
                message: "label \"\(label)\" must not occur in ON and GROUP clause at once", position: position)
        }
        if isSet, binary.grouping != nil {
            throw PromQLSyntaxError(message: "no grouping allowed for \"\(binary.op)\" operation", position: position)
        }
        if isSet, scalarSide {
            throw PromQLSyntaxError(
                message: "set operator \"\(binary.op)\" not allowed in binary scalar expression", position: position)
        }
        return left == .scalar && right == .scalar ? .scalar : .instantVector
    }

    /// Regular expressions compile (anchored, as Prometheus anchors them), and a selector
    /// without a metric name has a matcher that does not match the empty string.
    func checkMatchers(_ selector: PromQLSelector, at position: PromQLPosition) throws(PromQLSyntaxError) {
        var nonEmpty = selector.name != nil
        for matcher in selector.matchers {
            let matchesEmpty: Bool
            switch matcher.op {
            case "=~", "!~":
                guard let regex = try? NSRegularExpression(pattern: "^(?:" + matcher.value + ")$") else {
                    throw PromQLSyntaxError(
                        message: "error parsing regexp: `\(matcher.value)` is not a valid regular expression",
                        position: matcher.position ?? position)
                }
                let empty = regex.firstMatch(in: "", range: NSRange(location: 0, length: 0)) != nil
                matchesEmpty = matcher.op == "=~" ? empty : !empty
            case "!=":
                matchesEmpty = !matcher.value.isEmpty
            default:
                matchesEmpty = matcher.value.isEmpty
            }
            if !matchesEmpty { nonEmpty = true }
        }
        if !nonEmpty {
            throw PromQLSyntaxError(
                message: "vector selector must contain at least one non-empty matcher", position: position)
        }
    }
}
