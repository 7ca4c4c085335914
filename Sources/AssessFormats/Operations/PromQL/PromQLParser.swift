/// A PromQL expression that does not parse: what was expected, and where in its text.
public struct PromQLSyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public var position: PromQLPosition

    public var description: String { "\(position): \(message)" }
}

/// Parses PromQL (selectors with matchers, range vectors, `offset`, `@`, functions, aggregations
/// with `by`/`without`, binary operators with Prometheus's precedence and `on`/`ignoring`,
/// `group_left`/`group_right`, `bool`, subqueries, number and duration literals).
///
/// Templates such as Sloth's `{{.window}}` or Argo's `{{args.x}}` are not PromQL; callers that
/// read templated queries substitute them before parsing.
public struct PromQLParser: Sendable {
    public init() {}

    public func parse(_ text: String) throws(PromQLSyntaxError) -> PromQLExpression {
        var lexer = Lexer(text)
        var state = State(tokens: try lexer.tokens())
        let expression = try state.expression(0)
        if let token = state.peek, token.kind != TokenKind.end {
            throw PromQLSyntaxError(
                message: "unexpected \(token.describe) after the expression", position: token.position)
        }
        return expression
    }

    // MARK: - Tokens

    enum TokenKind: Sendable, Hashable {
        case identifier, number, duration, string, op, punct, end
    }

    struct Token: Sendable {
        var kind: TokenKind
        var text: String
        var position: PromQLPosition
        var value: Double = 0

        var describe: String {
            switch kind {
            case .end: return "end of expression"
            case .string: return "string \"\(text)\""
            default: return "'\(text)'"
            }
        }
    }

    struct Lexer {
        let characters: [Character]
        var index = 0
        var line = 1
        var column = 1
        /// Just after the last token, where "end of expression" is reported.
        var lastEnd = PromQLPosition(line: 1, column: 1, offset: 0)

        init(_ text: String) { characters = Array(text) }

        var position: PromQLPosition { PromQLPosition(line: line, column: column, offset: index) }

        mutating func advance() {
            if characters[index] == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
            index += 1
        }

        func peek(_ ahead: Int = 0) -> Character? {
            index + ahead < characters.count ? characters[index + ahead] : nil
        }

        mutating func tokens() throws(PromQLSyntaxError) -> [Token] {
            var result: [Token] = []
            while true {
                lastEnd = position  // just after the previous token
                while let c = peek(), c.isWhitespace || c == "#" {
                    if c == "#" {
                        while let d = peek(), d != "\n" { advance() }
                    } else {
                        advance()
                    }
                }
                let start = position
                guard let c = peek() else {
                    result.append(Token(kind: .end, text: "", position: result.isEmpty ? start : lastEnd))
                    return result
                }
                if c.isLetter || c == "_" {
                    var text = ""
                    while let d = peek(), d.isLetter || d.isNumber || d == "_" || d == ":" {
                        text.append(d)
                        advance()
                    }
                    let lower = text.lowercased()
                    if lower == "inf" || lower == "nan" {
                        result.append(
                            Token(kind: .number, text: text, position: start, value: lower == "inf" ? .infinity : .nan))
                    } else {
                        result.append(Token(kind: .identifier, text: text, position: start))
                    }
                } else if c.isNumber || (c == "." && peek(1)?.isNumber == true) {
                    result.append(try number(start))
                } else if c == "\"" || c == "'" || c == "`" {
                    result.append(try string(c, start))
                } else {
                    let two = peek(1).map { String([c, $0]) } ?? ""
                    if ["==", "!=", ">=", "<=", "=~", "!~"].contains(two) {
                        advance()
                        advance()
                        result.append(Token(kind: .op, text: two, position: start))
                    } else if "+-*/%^<>=".contains(c) {
                        advance()
                        result.append(Token(kind: .op, text: String(c), position: start))
                    } else if "(){}[],:@".contains(c) {
                        advance()
                        result.append(Token(kind: .punct, text: String(c), position: start))
                    } else {
                        throw PromQLSyntaxError(message: "unexpected character '\(c)'", position: start)
                    }
                }
            }
        }

        /// A number, or a duration when units follow the digits directly (`5m`, `1h30m`).
        mutating func number(_ start: PromQLPosition) throws(PromQLSyntaxError) -> Token {
            var text = ""
            if peek() == "0", peek(1) == "x" || peek(1) == "X" {
                text = "0x"
                advance()
                advance()
                while let d = peek(), d.isHexDigit {
                    text.append(d)
                    advance()
                }
                guard let value = Int(text.dropFirst(2), radix: 16) else {
                    throw PromQLSyntaxError(message: "bad number '\(text)'", position: start)
                }
                return Token(kind: .number, text: text, position: start, value: Double(value))
            }
            while let d = peek(), d.isNumber || d == "." {
                text.append(d)
                advance()
            }
            if let e = peek(), e == "e" || e == "E",
                let next = peek(1), next.isNumber || ((next == "+" || next == "-") && peek(2)?.isNumber == true)
            {
                text.append(e)
                advance()
                if let sign = peek(), sign == "+" || sign == "-" {
                    text.append(sign)
                    advance()
                }
                while let d = peek(), d.isNumber {
                    text.append(d)
                    advance()
                }
            }
            if let u = peek(), u.isLetter, Self.isDurationStart(u, peek(1)) {
                while let d = peek(), d.isLetter || d.isNumber {
                    text.append(d)
                    advance()
                }
                guard let duration = OperationsDuration(text), !text.contains("M"), !text.contains("Q") else {
                    throw PromQLSyntaxError(message: "bad duration '\(text)'", position: start)
                }
                return Token(kind: .duration, text: text, position: start, value: duration.seconds)
            }
            guard let value = Double(text) else {
                throw PromQLSyntaxError(message: "bad number '\(text)'", position: start)
            }
            return Token(kind: .number, text: text, position: start, value: value)
        }

        static func isDurationStart(_ c: Character, _ next: Character?) -> Bool {
            switch c {
            case "s", "h", "d", "w", "y": return next.map { !$0.isLetter } ?? true
            case "m": return next.map { !$0.isLetter || $0 == "s" } ?? true
            default: return false
            }
        }

        mutating func string(_ quote: Character, _ start: PromQLPosition) throws(PromQLSyntaxError) -> Token {
            advance()
            var text = ""
            while let c = peek() {
                if c == quote {
                    advance()
                    return Token(kind: .string, text: text, position: start)
                }
                if c == "\\", quote != "`", let next = peek(1) {
                    advance()
                    advance()
                    switch next {
                    case "n": text.append("\n")
                    case "t": text.append("\t")
                    default: text.append(next)
                    }
                    continue
                }
                if c == "\n", quote != "`" { break }
                text.append(c)
                advance()
            }
            throw PromQLSyntaxError(message: "unterminated string", position: start)
        }
    }

    // MARK: - Grammar

    static let aggregations: Set<String> = [
        "sum", "min", "max", "avg", "group", "stddev", "stdvar", "count", "count_values", "bottomk", "topk",
        "quantile", "limitk", "limit_ratio",
    ]
    static let parameterised: Set<String> = [
        "count_values", "bottomk", "topk", "quantile", "limitk", "limit_ratio",
    ]

    /// Binary operators by precedence, lowest first (prometheus/promql/parser/lex.go).
    static func precedence(_ token: Token) -> Int? {
        switch (token.kind, token.text.lowercased()) {
        case (.identifier, "or"): return 1
        case (.identifier, "and"), (.identifier, "unless"): return 2
        case (.op, "=="), (.op, "!="), (.op, "<="), (.op, "<"), (.op, ">="), (.op, ">"): return 3
        case (.op, "+"), (.op, "-"): return 4
        case (.op, "*"), (.op, "/"), (.op, "%"), (.identifier, "atan2"): return 5
        case (.op, "^"): return 6
        default: return nil
        }
    }

    struct State {
        var tokens: [Token]
        var index = 0

        var peek: Token? { index < tokens.count ? tokens[index] : nil }
        var current: Token { tokens[min(index, tokens.count - 1)] }

        mutating func next() -> Token {
            let token = current
            if index < tokens.count { index += 1 }
            return token
        }

        func isPunct(_ text: String) -> Bool { current.kind == .punct && current.text == text }
        func isKeyword(_ text: String) -> Bool { current.kind == .identifier && current.text.lowercased() == text }

        mutating func expect(_ text: String, _ context: String) throws(PromQLSyntaxError) {
            guard isPunct(text) else {
                throw PromQLSyntaxError(
                    message: "expected '\(text)' \(context), found \(current.describe)", position: current.position)
            }
            index += 1
        }

        mutating func expression(_ minimum: Int) throws(PromQLSyntaxError) -> PromQLExpression {
            var lhs = try unary()
            while let precedence = PromQLParser.precedence(current), precedence >= minimum {
                let opToken = next()
                let op = opToken.kind == .identifier ? opToken.text.lowercased() : opToken.text
                var binary = PromQLBinary(
                    op: op, lhs: lhs, rhs: lhs, returnsBool: false, matching: nil, matchingLabels: [], grouping: nil)
                if isKeyword("bool") {
                    guard PromQLBinary.comparisons.contains(op) else {
                        throw PromQLSyntaxError(
                            message: "'bool' only follows a comparison operator", position: current.position)
                    }
                    index += 1
                    binary.returnsBool = true
                }
                if isKeyword("on") || isKeyword("ignoring") {
                    binary.matching = next().text.lowercased()
                    binary.matchingLabels = try labelList("after '\(binary.matching!)'")
                    if isKeyword("group_left") || isKeyword("group_right") {
                        binary.grouping = next().text.lowercased()
                        if isPunct("(") { binary.groupingLabels = try labelList("after '\(binary.grouping!)'") }
                    }
                }
                // `^` is right-associative; the others are left-associative.
                binary.rhs = try expression(op == "^" ? precedence : precedence + 1)
                lhs = PromQLExpression(.binary(binary), at: lhs.position)
            }
            return lhs
        }

        mutating func unary() throws(PromQLSyntaxError) -> PromQLExpression {
            if current.kind == .op, current.text == "-" || current.text == "+" {
                let token = next()
                // Unary minus binds tighter than every binary operator but `^`: -2^2 is -(2^2).
                let operand = try expression(6)
                if case .number(let value) = operand.kind, token.text == "-" {
                    return PromQLExpression(.number(-value), at: token.position)
                }
                return PromQLExpression(.unary(op: token.text, operand: operand), at: token.position)
            }
            return try postfix(try primary())
        }

        mutating func postfix(_ base: PromQLExpression) throws(PromQLSyntaxError) -> PromQLExpression {
            var expression = base
            while true {
                if isPunct("[") {
                    let open = next()
                    let range = try duration("for a range")
                    if isPunct(":") {
                        index += 1
                        let step = current.kind == .duration ? try duration("for a subquery step") : nil
                        try expect("]", "to close the subquery")
                        expression = PromQLExpression(
                            .subquery(PromQLSubquery(expression: expression, range: range, step: step, offset: nil)),
                            at: expression.position)
                        continue
                    }
                    try expect("]", "to close the range")
                    guard case .selector(var selector) = expression.kind, selector.range == nil else {
                        throw PromQLSyntaxError(
                            message:
                                "a range [\(range.text)] needs a vector selector before it (or ':' for a subquery)",
                            position: open.position)
                    }
                    selector.range = range
                    expression.kind = .selector(selector)
                } else if isKeyword("offset") {
                    index += 1
                    var negative = false
                    if current.kind == .op, current.text == "-" {
                        negative = true
                        index += 1
                    }
                    var offset = try duration("after 'offset'")
                    if negative { offset.seconds = -offset.seconds }
                    switch expression.kind {
                    case .selector(var selector):
                        selector.offset = offset
                        expression.kind = .selector(selector)
                    case .subquery(var subquery):
                        subquery.offset = offset
                        expression.kind = .subquery(subquery)
                    default:
                        throw PromQLSyntaxError(
                            message: "'offset' must follow a selector or a subquery", position: current.position)
                    }
                } else if isPunct("@") {
                    index += 1
                    if current.kind == .number {
                        index += 1
                    } else if current.kind == .identifier,
                        ["start", "end"].contains(current.text.lowercased())
                    {
                        index += 1
                        try expect("(", "after '@ \(tokens[index - 1].text)'")
                        try expect(")", "after '@ \(tokens[index - 2].text)('")
                    } else {
                        throw PromQLSyntaxError(
                            message: "expected a timestamp, start() or end() after '@', found \(current.describe)",
                            position: current.position)
                    }
                } else {
                    return expression
                }
            }
        }

        mutating func duration(_ context: String) throws(PromQLSyntaxError) -> OperationsDuration {
            let token = current
            guard token.kind == .duration else {
                throw PromQLSyntaxError(
                    message: "expected a duration such as 5m \(context), found \(token.describe)",
                    position: token.position)
            }
            index += 1
            return OperationsDuration(seconds: token.value, text: token.text)
        }

        mutating func primary() throws(PromQLSyntaxError) -> PromQLExpression {
            let token = current
            switch token.kind {
            case .number:
                index += 1
                return PromQLExpression(.number(token.value), at: token.position)
            case .duration:
                // A bare duration is a number of seconds in newer PromQL (`time() - 5m` is not, but `x > 5m` is rare).
                throw PromQLSyntaxError(message: "unexpected duration '\(token.text)'", position: token.position)
            case .string:
                index += 1
                return PromQLExpression(.string(token.text), at: token.position)
            case .punct where token.text == "(":
                index += 1
                let inner = try expression(0)
                try expect(")", "to close the parenthesis opened at \(token.position)")
                return PromQLExpression(.parenthesised(inner), at: token.position)
            case .punct where token.text == "{":
                let matchers = try matcherList()
                if matchers.isEmpty {
                    throw PromQLSyntaxError(
                        message: "a selector needs a metric name or at least one matcher", position: token.position)
                }
                return PromQLExpression(
                    .selector(PromQLSelector(name: nil, matchers: matchers, range: nil, offset: nil)),
                    at: token.position)
            case .identifier:
                return try identifier()
            case .end:
                throw PromQLSyntaxError(message: "unexpected end of expression", position: token.position)
            default:
                throw PromQLSyntaxError(message: "unexpected \(token.describe)", position: token.position)
            }
        }

        mutating func identifier() throws(PromQLSyntaxError) -> PromQLExpression {
            let token = next()
            let name = token.text
            let lower = name.lowercased()
            if PromQLParser.aggregations.contains(lower),
                isPunct("(") || isKeyword("by") || isKeyword("without")
            {
                return try aggregation(lower, at: token.position)
            }
            if [
                "by", "without", "on", "ignoring", "group_left", "group_right", "bool", "offset", "and", "or", "unless",
            ]
            .contains(lower) {
                throw PromQLSyntaxError(message: "unexpected keyword '\(name)'", position: token.position)
            }
            if isPunct("(") {
                index += 1
                var arguments: [PromQLExpression] = []
                if !isPunct(")") {
                    while true {
                        arguments.append(try expression(0))
                        if isPunct(",") {
                            index += 1
                            continue
                        }
                        break
                    }
                }
                try expect(")", "to close the arguments of \(name)(")
                return PromQLExpression(.call(name: name, arguments: arguments), at: token.position)
            }
            let matchers = isPunct("{") ? try matcherList() : []
            return PromQLExpression(
                .selector(PromQLSelector(name: name, matchers: matchers, range: nil, offset: nil)),
                at: token.position)
        }

        mutating func aggregation(_ op: String, at position: PromQLPosition) throws(PromQLSyntaxError)
            -> PromQLExpression
        {
            var grouping: (String, [String])?
            if isKeyword("by") || isKeyword("without") {
                let keyword = next().text.lowercased()
                grouping = (keyword, try labelList("after '\(keyword)'"))
            }
            try expect("(", "after '\(op)'")
            var parameter: PromQLExpression?
            if PromQLParser.parameterised.contains(op) {
                parameter = try expression(0)
                try expect(",", "after the parameter of \(op)")
            }
            let inner = try expression(0)
            try expect(")", "to close \(op)(")
            if grouping == nil, isKeyword("by") || isKeyword("without") {
                let keyword = next().text.lowercased()
                grouping = (keyword, try labelList("after '\(keyword)'"))
            }
            return PromQLExpression(
                .aggregation(PromQLAggregation(op: op, grouping: grouping, parameter: parameter, expression: inner)),
                at: position)
        }

        mutating func labelList(_ context: String) throws(PromQLSyntaxError) -> [String] {
            try expect("(", context)
            var labels: [String] = []
            while !isPunct(")") {
                guard current.kind == .identifier || current.kind == .string else {
                    throw PromQLSyntaxError(
                        message: "expected a label name in the list \(context), found \(current.describe)",
                        position: current.position)
                }
                let label = next()
                if label.kind == .identifier, label.text.contains(":") {
                    throw PromQLSyntaxError(
                        message: "'\(label.text)' is not a label name (a label name has no ':')",
                        position: label.position)
                }
                labels.append(label.text)
                if isPunct(",") { index += 1 } else { break }
            }
            try expect(")", "to close the label list")
            return labels
        }

        mutating func matcherList() throws(PromQLSyntaxError) -> [PromQLSelector.Matcher] {
            let open = next()
            var matchers: [PromQLSelector.Matcher] = []
            while !isPunct("}") {
                guard current.kind == .identifier || current.kind == .string else {
                    throw PromQLSyntaxError(
                        message:
                            "expected a label matcher in the braces opened at \(open.position), found \(current.describe)",
                        position: current.position)
                }
                let labelToken = next()
                let label = labelToken.text
                if labelToken.kind == .identifier, let colon = label.firstIndex(of: ":") {
                    let offset = label.distance(from: label.startIndex, to: colon)
                    var position = labelToken.position
                    position.column += offset
                    position.offset += offset
                    throw PromQLSyntaxError(message: "unexpected character inside braces: ':'", position: position)
                }
                guard current.kind == .op, ["=", "!=", "=~", "!~"].contains(current.text) else {
                    throw PromQLSyntaxError(
                        message: "expected =, !=, =~ or !~ after label '\(label)', found \(current.describe)",
                        position: current.position)
                }
                let op = next().text
                guard current.kind == .string else {
                    throw PromQLSyntaxError(
                        message: "expected a quoted value for label '\(label)', found \(current.describe)",
                        position: current.position)
                }
                matchers.append(.init(label: label, op: op, value: next().text, position: labelToken.position))
                if isPunct(",") { index += 1 } else { break }
            }
            try expect("}", "to close the braces opened at \(open.position)")
            return matchers
        }
    }
}
