/// Checks the Go `text/template` syntax Prometheus applies to an alerting rule's labels and
/// annotations (`{{ $labels.instance }}`, `{{ $value | humanizePercentage }}`), as promtool
/// does before it accepts a rule file: actions are closed, `if`/`range`/`with` have their
/// `{{ end }}`, every variable is defined (`$labels`, `$externalLabels`, `$externalURL` and
/// `$value` are), every function is one Go or Prometheus defines, and strings are terminated.
/// It does not run the template.
public struct GoTemplateChecker: Sendable {
    /// A problem and where it is in the template's text (1-based).
    public struct Problem: Sendable, Hashable, CustomStringConvertible {
        public var message: String
        public var line: Int
        public var column: Int

        public var description: String { "\(line):\(column): \(message)" }
    }

    /// Go's built-in template functions and those Prometheus adds (template/template.go).
    public static let functions: Set<String> = [
        "and", "call", "html", "index", "slice", "js", "len", "not", "or", "print", "printf", "println", "urlquery",
        "eq", "ge", "gt", "le", "lt", "ne",
        "query", "first", "label", "value", "strvalue", "args", "reReplaceAll", "safeHtml", "match", "title",
        "toUpper", "toLower", "graphLink", "tableLink", "sortByLabel", "humanize", "humanize1024",
        "humanizeDuration", "humanizePercentage", "humanizeTimestamp", "toTime", "toDuration", "pathPrefix",
        "externalURL", "parseDuration", "stripPort", "stripDomain", "now",
    ]

    /// The variables Prometheus declares before every alert template.
    public static let predeclared: Set<String> = ["$", "$labels", "$externalLabels", "$externalURL", "$value"]

    public init() {}

    /// The first problem in `text`, or nil when it parses.
    public func check(_ text: String) -> Problem? {
        var scanner = Scanner(Array(text))
        // The template's own scope first; `if`, `range`, `with`, `define` and `block` open more.
        var scopes: [Scope] = [Scope(keyword: "")]
        while let action = scanner.nextAction() {
            if let problem = action.problem, action.tokens.isEmpty { return problem }
            if action.isComment { continue }
            var parser = Parser(tokens: action.tokens, start: action.start)
            if let problem = parser.run(&scopes) { return problem }
            if let problem = action.problem { return problem }
        }
        if scopes.count > 1 { return Problem(message: "unexpected EOF", line: scanner.line, column: scanner.column) }
        return nil
    }

    // MARK: - Actions and tokens

    struct Scope {
        var keyword: String
        var variables: Set<String> = []
    }

    enum TokenKind: Equatable {
        case identifier, variable, field, number, string, pipe, open, close, declare, assign, comma
    }

    struct Token {
        var kind: TokenKind
        var text: String
        var line: Int
        var column: Int
    }

    struct Action {
        var tokens: [Token]
        var start: (line: Int, column: Int)
        /// A lexical problem met in the action (after its tokens, or instead of them).
        var problem: Problem?
        var isComment = false
    }

    struct Scanner {
        let characters: [Character]
        var index = 0
        var line = 1
        var column = 1

        init(_ characters: [Character]) { self.characters = characters }

        func peek(_ ahead: Int = 0) -> Character? {
            index + ahead < characters.count ? characters[index + ahead] : nil
        }

        mutating func advance() {
            if characters[index] == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
            index += 1
        }

        func problem(_ message: String) -> Problem { Problem(message: message, line: line, column: column) }

        func startsClose() -> Bool {
            (peek() == "}" && peek(1) == "}")
                || (peek() == " " && peek(1) == "-" && peek(2) == "}" && peek(3) == "}")
        }

        /// The next `{{ … }}` action, its tokens, and a lexical problem if it has one.
        mutating func nextAction() -> Action? {
            while index < characters.count, !(peek() == "{" && peek(1) == "{") { advance() }
            guard index < characters.count else { return nil }
            let start = (line, column)
            advance()
            advance()
            if peek() == "-", peek(1)?.isWhitespace == true { advance() }
            while let c = peek(), c.isWhitespace, !startsClose() { advance() }
            if peek() == "/", peek(1) == "*" {
                while index < characters.count, !(peek() == "*" && peek(1) == "/") { advance() }
                guard index < characters.count else {
                    return Action(tokens: [], start: start, problem: problem("unclosed comment"))
                }
                advance()
                advance()
                while let c = peek(), c.isWhitespace, !startsClose() { advance() }
                guard startsClose() else {
                    return Action(tokens: [], start: start, problem: problem("comment ends before closing delimiter"))
                }
                closeDelimiter()
                return Action(tokens: [], start: start, problem: nil, isComment: true)
            }
            var tokens: [Token] = []
            while true {
                if startsClose() {
                    closeDelimiter()
                    return Action(tokens: tokens, start: start, problem: nil)
                }
                guard let c = peek() else {
                    return Action(tokens: tokens, start: start, problem: problem("unclosed action"))
                }
                let (tokenLine, tokenColumn) = (line, column)
                func token(_ kind: TokenKind, _ text: String) {
                    tokens.append(Token(kind: kind, text: text, line: tokenLine, column: tokenColumn))
                }
                if c == "\n" || c == "\r" {
                    // Go allows newlines inside actions since 1.16; they separate nothing.
                    advance()
                } else if c.isWhitespace {
                    advance()
                } else if c == "$" {
                    token(.variable, word(from: index, allowDollar: true))
                } else if c == "." && !(peek(1)?.isNumber ?? false) {
                    token(.field, word(from: index, allowDollar: false))
                } else if c.isLetter || c == "_" {
                    token(.identifier, word(from: index, allowDollar: false))
                } else if c.isNumber || ((c == "-" || c == "+" || c == ".") && (peek(1)?.isNumber ?? false)) {
                    var text = ""
                    while let d = peek(), d.isLetter || d.isNumber || "._+-".contains(d), !startsClose() {
                        if (d == "+" || d == "-"), !text.isEmpty, !(text.last == "e" || text.last == "E") { break }
                        text.append(d)
                        advance()
                    }
                    token(.number, text)
                } else if c == "\"" || c == "`" || c == "'" {
                    advance()
                    var text = ""
                    var closed = false
                    while let d = peek() {
                        if d == c {
                            advance()
                            closed = true
                            break
                        }
                        if d == "\\", c != "`" {
                            advance()
                            guard peek() != nil else { break }
                        } else if d == "\n", c != "`" {
                            break
                        }
                        text.append(peek()!)
                        advance()
                    }
                    guard closed else {
                        let what =
                            c == "`"
                            ? "unterminated raw quoted string"
                            : c == "'" ? "unterminated character constant" : "unterminated quoted string"
                        return Action(tokens: tokens, start: start, problem: problem(what))
                    }
                    token(.string, text)
                } else if c == "|" {
                    advance()
                    token(.pipe, "|")
                } else if c == "(" {
                    advance()
                    token(.open, "(")
                } else if c == ")" {
                    advance()
                    token(.close, ")")
                } else if c == "," {
                    advance()
                    token(.comma, ",")
                } else if c == ":", peek(1) == "=" {
                    advance()
                    advance()
                    token(.declare, ":=")
                } else if c == "=" {
                    advance()
                    token(.assign, "=")
                } else {
                    return Action(
                        tokens: tokens, start: start,
                        problem: problem("unrecognized character in action: '\(c)'"))
                }
            }
        }

        mutating func closeDelimiter() {
            if peek() == " " { advance() }
            if peek() == "-" { advance() }
            advance()
            advance()
        }

        /// `$name`, `.Field.Chain`, `ident`, `$x.Field`: letters, digits, `_` and dots.
        mutating func word(from start: Int, allowDollar: Bool) -> String {
            var text = ""
            if allowDollar, peek() == "$" {
                text.append("$")
                advance()
            }
            while let d = peek(), d.isLetter || d.isNumber || d == "_" || d == "." {
                text.append(d)
                advance()
            }
            return text
        }
    }

    // MARK: - Parsing an action

    static let keywords: Set<String> = [
        "if", "else", "end", "range", "with", "define", "template", "block", "break", "continue",
    ]

    struct Parser {
        var tokens: [Token]
        var start: (line: Int, column: Int)
        var index = 0

        func problem(_ message: String, _ token: Token?) -> Problem {
            Problem(message: message, line: token?.line ?? start.line, column: token?.column ?? start.column)
        }

        mutating func run(_ scopes: inout [Scope]) -> Problem? {
            guard let first = tokens.first else { return problem("missing value for command", nil) }
            if first.kind == .identifier, GoTemplateChecker.keywords.contains(first.text) {
                index = 1
                switch first.text {
                case "if", "with", "range":
                    var scope = Scope(keyword: first.text)
                    if let problem = pipeline(&scopes, declaring: &scope.variables, keyword: first.text) {
                        return problem
                    }
                    scopes.append(scope)
                case "else":
                    guard scopes.count > 1, ["if", "with", "range"].contains(scopes[scopes.count - 1].keyword) else {
                        return problem("unexpected {{else}}", first)
                    }
                    if index < tokens.count, tokens[index].kind == .identifier,
                        ["if", "with"].contains(tokens[index].text)
                    {
                        index += 1
                        var declared: Set<String> = []
                        if let problem = pipeline(&scopes, declaring: &declared, keyword: "else") { return problem }
                        scopes[scopes.count - 1].variables.formUnion(declared)
                    } else if index < tokens.count {
                        return problem("unexpected \(describe(tokens[index])) in else", tokens[index])
                    }
                case "end":
                    guard scopes.count > 1 else { return problem("unexpected {{end}}", first) }
                    if index < tokens.count {
                        return problem("unexpected \(describe(tokens[index])) in end", tokens[index])
                    }
                    scopes.removeLast()
                case "define", "block":
                    guard index < tokens.count, tokens[index].kind == .string else {
                        return problem("expected quoted template name after \(first.text)", tokens.last)
                    }
                    index += 1
                    var declared: Set<String> = []
                    if index < tokens.count,
                        let problem = pipeline(&scopes, declaring: &declared, keyword: first.text)
                    {
                        return problem
                    }
                    scopes.append(Scope(keyword: first.text))
                case "template":
                    guard index < tokens.count, tokens[index].kind == .string else {
                        return problem("expected quoted template name after template", tokens.last)
                    }
                    index += 1
                    var declared: Set<String> = []
                    if index < tokens.count,
                        let problem = pipeline(&scopes, declaring: &declared, keyword: "template")
                    {
                        return problem
                    }
                default:  // break, continue
                    guard scopes.contains(where: { $0.keyword == "range" }) else {
                        return problem("{{\(first.text)}} outside {{range}}", first)
                    }
                }
                return nil
            }
            var declared: Set<String> = []
            if let problem = pipeline(&scopes, declaring: &declared, keyword: nil) { return problem }
            scopes[scopes.count - 1].variables.formUnion(declared)
            return nil
        }

        func describe(_ token: Token) -> String {
            token.kind == .string ? "quoted string" : "\"\(token.text)\""
        }

        func defined(_ name: String, _ scopes: [Scope]) -> Bool {
            let root = name.split(separator: ".", maxSplits: 1).first.map(String.init) ?? name
            return GoTemplateChecker.predeclared.contains(root) || scopes.contains { $0.variables.contains(root) }
        }

        /// `[$x :=] command [| command]…` up to the end of the action (or a closing parenthesis).
        mutating func pipeline(_ scopes: inout [Scope], declaring declared: inout Set<String>, keyword: String?)
            -> Problem?
        {
            // Declarations: `$x :=`, `$k, $v :=` (range), `$x =`.
            var lookahead = index
            var names: [Token] = []
            while lookahead < tokens.count, tokens[lookahead].kind == .variable {
                names.append(tokens[lookahead])
                lookahead += 1
                if lookahead < tokens.count, tokens[lookahead].kind == .comma { lookahead += 1 } else { break }
            }
            if !names.isEmpty, lookahead < tokens.count,
                tokens[lookahead].kind == .declare || tokens[lookahead].kind == .assign
            {
                if tokens[lookahead].kind == .assign {
                    for name in names where !defined(name.text, scopes) {
                        return problem("undefined variable \"\(name.text)\"", name)
                    }
                }
                index = lookahead + 1
                declared.formUnion(names.map(\.text))
            }
            var pendingScopes = scopes
            pendingScopes.append(Scope(keyword: "pipeline", variables: declared))
            var depth = 0
            var operands = 0
            while index < tokens.count {
                let token = tokens[index]
                index += 1
                switch token.kind {
                case .pipe:
                    if operands == 0 { return problem("missing value for command", token) }
                    operands = 0
                    continue
                case .open:
                    depth += 1
                    operands = 0
                    continue
                case .close:
                    if depth == 0 { return problem("unexpected right paren", token) }
                    if operands == 0 { return problem("missing value for command", token) }
                    depth -= 1
                    operands = 1
                    continue
                case .variable:
                    if !defined(token.text, pendingScopes) {
                        return problem("undefined variable \"\(token.text.split(separator: ".").first ?? "")\"", token)
                    }
                case .identifier:
                    if ["true", "false", "nil"].contains(token.text) { break }
                    if GoTemplateChecker.keywords.contains(token.text) {
                        return problem("unexpected <\(token.text)> in command", token)
                    }
                    let name = token.text.split(separator: ".").first.map(String.init) ?? token.text
                    if !GoTemplateChecker.functions.contains(name) {
                        return problem("function \"\(name)\" not defined", token)
                    }
                case .declare, .assign, .comma:
                    return problem("unexpected \"\(token.text)\" in command", token)
                case .field, .number, .string:
                    break
                }
                operands += 1
            }
            if depth > 0 { return problem("unclosed left paren", tokens.last) }
            if operands == 0 { return problem("missing value for command", tokens.last) }
            return nil
        }
    }
}
