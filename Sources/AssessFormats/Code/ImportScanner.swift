public import AssessYAML

/// One dependency a source file declares: the thing it imports and where the statement is, so
/// that a layering grader can say "adapters/db.ts:3:1 imports ../domain" and point at the line.
public struct SourceImport: Sendable, Hashable, Codable {
    /// What is imported, as written: "com.shop.orders.adapters.PostgresOrderRepository", "../adapters/db",
    /// "github.com/shop/orders/internal/adapters", "orders.adapters.db", "..adapters", "Foundation".
    /// Java and Kotlin wildcards keep their star ("com.shop.orders.domain.*"); Kotlin, Python, Go and
    /// C# aliases are dropped (the target of `using Repo = Shop.Orders.Repo;` is "Shop.Orders.Repo");
    /// C# `global::` qualifiers and generic arguments stay ("System.Collections.Generic.List<int>").
    public var target: String
    /// Where the import statement starts (the `import`/`using`/`from`/`require` keyword; for a Go grouped
    /// import, the line of the path). Attributes and modifiers in front of the keyword (`@testable`,
    /// `public`, C#'s `global`) are not counted: the location is always the keyword's own.
    public var location: SourceLocation
    /// The statement's keyword form: "import" everywhere a plain import is meant; "import static" and
    /// "import module" (Java); "using", "using static", "global using", "global using static" (C#);
    /// "import type", "export", "export type", "require", "import()" (TypeScript/JavaScript);
    /// "from" (Python `from … import …`).
    public var form: String

    public init(target: String, location: SourceLocation, form: String) {
        self.target = target
        self.location = location
        self.form = form
    }
}

/// Finds the import statements of a source file without compiling it: a small lexer that knows each
/// language's comments and string literals (so `// import fake.Thing` and `"import x from 'y'"` are
/// never reported) followed by a per-language reader of the import grammar on the token stream.
///
/// It never fails: text that is not valid code yields whatever imports can still be recognised, and
/// every loop advances, so garbage and truncated files are safe. The work is linear in the file size.
///
/// Known approximations: Swift bare regex literals (`/…/`) are read as operators (a quote inside one
/// starts a string that ends with the line), JavaScript's `/` is told apart from a regex by the token
/// before it (the usual heuristic), JSX text is read as code, and C# raw interpolated strings are read
/// without their holes. Only odd code trips these, and then only the imports next to it are at risk.
public enum ImportScanner {
    public static func imports(in text: String, language: SourceLanguage, file: String) -> [SourceImport] {
        let bytes = Array(text.utf8)
        var lexer = Lexer(bytes: bytes, language: language)
        var parser = Parser(bytes: bytes, tokens: lexer.run(), file: file)
        switch language {
        case .swift: parser.swift()
        case .java: parser.java()
        case .kotlin: parser.kotlin()
        case .csharp: parser.csharp()
        case .go: parser.go()
        case .typescript, .javascript: parser.javaScript()
        case .python: parser.python()
        }
        return parser.found
    }

    /// The imports of `text` in the language `SourceLanguage(path: file)` names, or nil when the
    /// file's extension is not one of a known language (so the caller can skip it).
    public static func imports(in text: String, file: String) -> [SourceImport]? {
        guard let language = SourceLanguage(path: file) else { return nil }
        return imports(in: text, language: language, file: file)
    }
}

// MARK: - Tokens

private struct Token {
    enum Kind: UInt8 {
        /// An identifier or keyword.
        case word
        /// A Swift or Kotlin identifier in backticks; `start..<end` excludes them. Never a keyword.
        case quotedWord
        /// A string, character, template or regex literal; `start..<end` is the content.
        case string
        case number
        /// One byte of punctuation, in `punct`.
        case punct
    }

    var kind: Kind
    var punct: UInt8
    /// For strings: closed and without interpolation, so `start..<end` is exactly what was written.
    var plain: Bool
    /// A line break (outside any literal) came between the previous token and this one.
    var newlineBefore: Bool
    var start: Int
    var end: Int
    var line: Int
    var column: Int
}

private enum ASCII {
    static let tab: UInt8 = 0x09
    static let lf: UInt8 = 0x0A
    static let cr: UInt8 = 0x0D
    static let space: UInt8 = 0x20
    static let bang = UInt8(ascii: "!")
    static let dquote = UInt8(ascii: "\"")
    static let hash = UInt8(ascii: "#")
    static let dollar = UInt8(ascii: "$")
    static let squote = UInt8(ascii: "'")
    static let lparen = UInt8(ascii: "(")
    static let rparen = UInt8(ascii: ")")
    static let star = UInt8(ascii: "*")
    static let comma = UInt8(ascii: ",")
    static let dot = UInt8(ascii: ".")
    static let slash = UInt8(ascii: "/")
    static let colon = UInt8(ascii: ":")
    static let semicolon = UInt8(ascii: ";")
    static let less = UInt8(ascii: "<")
    static let equals = UInt8(ascii: "=")
    static let greater = UInt8(ascii: ">")
    static let at = UInt8(ascii: "@")
    static let lbracket = UInt8(ascii: "[")
    static let backslash = UInt8(ascii: "\\")
    static let rbracket = UInt8(ascii: "]")
    static let backtick = UInt8(ascii: "`")
    static let lbrace = UInt8(ascii: "{")
    static let rbrace = UInt8(ascii: "}")

    static func isIdentifierStart(_ b: UInt8) -> Bool {
        (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || b == 0x5F || b == dollar || b >= 0x80
    }

    static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    /// Letters, digits, `_`, `$` and every non-ASCII byte, so identifiers in any script stay whole.
    static func isIdentifier(_ b: UInt8) -> Bool { isIdentifierStart(b) || isDigit(b) }
}

/// How one kind of string literal ends, escapes and interpolates.
private struct StringKind {
    enum Escapes { case backslash, none, doubledQuote }
    /// Interpolation: Swift `\(…)`, Kotlin and JavaScript `${…}`, C# and Python `{…}` (with `{{` literal).
    enum Holes { case none, swiftParen, dollarBrace, brace }

    var quote: UInt8
    var openQuotes = 1
    var closeQuotes = 1
    /// Swift raw strings: `#"…"#`; escapes and interpolation need the same number of `#`.
    var hashes = 0
    var escapes = Escapes.backslash
    var multiline = false
    var holes = Holes.none
    /// Kotlin raw strings may end in more than three quotes; the extra ones are content.
    var extraQuotesAreContent = false
}

/// Turns source bytes into tokens, dropping whitespace and comments and folding every literal into
/// one token. Interpolated code (`"\(x)"`, `` `${x}` ``) is tokenised as code, with a stack of the
/// strings to come back to, so a quote inside an interpolation does not end the outer string.
private struct Lexer {
    struct Frame {
        var kind: StringKind
        var depth = 0
    }

    struct Mark {
        var offset: Int
        var line: Int
        var column: Int
    }

    enum ScanResult {
        case closed(contentEnd: Int)
        case hole
        case unterminated
    }

    /// Deeper interpolation than this is read as plain string content (only garbage gets there).
    static let maxFrames = 200

    let bytes: [UInt8]
    let language: SourceLanguage
    var i = 0
    var line = 1
    var column = 1
    var sawNewline = false
    var tokens: [Token] = []
    var frames: [Frame] = []

    init(bytes: [UInt8], language: SourceLanguage) {
        self.bytes = bytes
        self.language = language
        tokens.reserveCapacity(bytes.count / 6)
    }

    var mark: Mark { Mark(offset: i, line: line, column: column) }
    var isJavaScript: Bool { language == .javascript || language == .typescript }

    func peek(_ offset: Int) -> UInt8 {
        let j = i + offset
        return j < bytes.count ? bytes[j] : 0
    }

    mutating func bump() {
        let b = bytes[i]
        i += 1
        if b == ASCII.lf || (b == ASCII.cr && (i == bytes.count || bytes[i] != ASCII.lf)) {
            line += 1
            column = 1
        } else if b & 0xC0 != 0x80 {
            column += 1  // count characters, not UTF-8 continuation bytes
        }
    }

    mutating func bump(_ count: Int) {
        var left = count
        while left > 0, i < bytes.count {
            bump()
            left -= 1
        }
    }

    mutating func emit(_ kind: Token.Kind, at m: Mark, start: Int, end: Int, punct: UInt8 = 0, plain: Bool = false) {
        tokens.append(
            Token(
                kind: kind, punct: punct, plain: plain, newlineBefore: sawNewline, start: start, end: end,
                line: m.line, column: m.column))
        sawNewline = false
    }

    mutating func run() -> [Token] {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { i = 3 }
        if peek(0) == ASCII.hash, peek(1) == ASCII.bang { skipLine() }  // #!/usr/bin/env …
        while i < bytes.count { step() }
        return tokens
    }

    mutating func step() {
        let b = bytes[i]
        switch b {
        case ASCII.space, ASCII.tab, 0x0B, 0x0C:
            bump()
            return
        case ASCII.lf, ASCII.cr:
            sawNewline = true
            bump()
            return
        default: break
        }
        if b == ASCII.backslash, language == .python, peek(1) == ASCII.lf || peek(1) == ASCII.cr {
            bump()  // explicit line joining: the statement goes on
            if bytes[i] == ASCII.cr, peek(1) == ASCII.lf { bump() }
            bump()
            return
        }
        if b == ASCII.slash, language != .python {
            if peek(1) == ASCII.slash { return skipLine() }
            if peek(1) == ASCII.star { return skipBlockComment() }
        }
        if b == ASCII.hash {
            if language == .python { return skipLine() }
            if language == .csharp, tokens.isEmpty || sawNewline { return skipLine() }  // #region, #if …
            if language == .swift { return swiftPound() }
        }
        if !frames.isEmpty, closesOrCountsHole(b) { return }
        if b == ASCII.dquote || (b == ASCII.squote && language != .swift)
            || (b == ASCII.backtick && (language == .go || isJavaScript))
        {
            let m = mark
            // Three quotes open a multi-line string; in C#, any longer run opens a raw string closed by as many.
            let run = runLength(at: i, of: b, limit: language == .csharp && b == ASCII.dquote ? .max : 3)
            return startString(at: m, kind: defaultKind(quote: b, run: run, fString: false))
        }
        if b == ASCII.backtick, language == .swift || language == .kotlin { return quotedWord() }
        if language == .csharp, b == ASCII.at || b == ASCII.dollar, csharpString() { return }
        if b == ASCII.slash, isJavaScript, regexAllowed() { return regex() }
        let m = mark
        if ASCII.isIdentifierStart(b) {
            while i < bytes.count, ASCII.isIdentifier(bytes[i]) { bump() }
            if language == .python, i < bytes.count, bytes[i] == ASCII.squote || bytes[i] == ASCII.dquote,
                let fString = pythonPrefix(m.offset, i)
            {
                let quote = bytes[i]
                return startString(
                    at: m, kind: defaultKind(quote: quote, run: runLength(at: i, of: quote, limit: 3), fString: fString)
                )
            }
            return emit(.word, at: m, start: m.offset, end: i)
        }
        if ASCII.isDigit(b) {
            while i < bytes.count, ASCII.isIdentifier(bytes[i]) { bump() }
            return emit(.number, at: m, start: m.offset, end: i)
        }
        bump()
        emit(.punct, at: m, start: m.offset, end: i, punct: b)
    }

    // MARK: Comments

    mutating func skipLine() {
        while i < bytes.count, bytes[i] != ASCII.lf, bytes[i] != ASCII.cr { bump() }
    }

    mutating func skipBlockComment() {
        let nests = language == .swift || language == .kotlin
        bump(2)
        var depth = 1
        while i < bytes.count {
            let b = bytes[i]
            if b == ASCII.star, peek(1) == ASCII.slash {
                bump(2)
                depth -= 1
                if depth == 0 { return }
            } else if nests, b == ASCII.slash, peek(1) == ASCII.star {
                bump(2)
                depth += 1
            } else {
                if b == ASCII.lf || b == ASCII.cr { sawNewline = true }
                bump()
            }
        }
    }

    // MARK: Strings

    /// How many `byte`s in a row from `start`, counting no further than `limit` (so that a long run
    /// met again and again does not make the scan quadratic).
    func runLength(at start: Int, of byte: UInt8, limit: Int = .max) -> Int {
        var j = start
        while j < bytes.count, bytes[j] == byte, j - start < limit { j += 1 }
        return j - start
    }

    func hashesFollow(at start: Int, _ count: Int) -> Bool {
        guard start + count <= bytes.count else { return false }
        var j = start
        while j < start + count {
            if bytes[j] != ASCII.hash { return false }
            j += 1
        }
        return true
    }

    /// The literal an unprefixed quote starts in this language; `run` is how many quotes are in a row.
    func defaultKind(quote: UInt8, run: Int, fString: Bool) -> StringKind {
        var kind = StringKind(quote: quote)
        switch language {
        case .swift: kind.holes = .swiftParen
        case .kotlin: if quote == ASCII.dquote { kind.holes = .dollarBrace }
        case .python: if fString { kind.holes = .brace }
        case .javascript, .typescript:
            if quote == ASCII.backtick {
                kind.holes = .dollarBrace
                kind.multiline = true
            }
        case .go:
            if quote == ASCII.backtick {
                kind.escapes = .none
                kind.multiline = true
            }
        case .java, .csharp: break
        }
        let triples: Bool
        switch language {
        case .swift, .java, .kotlin, .csharp: triples = quote == ASCII.dquote
        case .python: triples = true
        case .go, .javascript, .typescript: triples = false
        }
        if triples, run >= 3 {
            kind.openQuotes = 3
            kind.closeQuotes = 3
            kind.multiline = true
            if language == .kotlin {
                kind.escapes = .none
                kind.extraQuotesAreContent = true
            }
            if language == .csharp {  // raw string literal: as many quotes close it as opened it
                kind.openQuotes = run
                kind.closeQuotes = run
                kind.escapes = .none
            }
        }
        return kind
    }

    /// Python string prefixes (`r`, `b`, `f`, `rb`, `fr`, …); nil when the word is not one, else
    /// whether it interpolates.
    func pythonPrefix(_ start: Int, _ end: Int) -> Bool? {
        guard end - start <= 2 else { return nil }
        var interpolates = false
        for b in bytes[start..<end] {
            switch b | 0x20 {
            case UInt8(ascii: "r"), UInt8(ascii: "b"), UInt8(ascii: "u"): break
            case UInt8(ascii: "f"), UInt8(ascii: "t"): interpolates = true
            default: return nil
            }
        }
        return interpolates
    }

    /// `@"…"` verbatim, `$"…"` interpolated, `$@"…"`/`@$"…"`, `$$"""…"""` raw; false for anything else.
    mutating func csharpString() -> Bool {
        var j = 0
        var verbatim = false
        var dollars = 0
        while j < 16, peek(j) == ASCII.at || peek(j) == ASCII.dollar {
            if peek(j) == ASCII.at { verbatim = true } else { dollars += 1 }
            j += 1
        }
        guard peek(j) == ASCII.dquote else { return false }
        let m = mark
        var kind = StringKind(quote: ASCII.dquote)
        let run = runLength(at: i + j, of: ASCII.dquote)
        if run >= 3, !verbatim {  // raw string literal (`@` cannot prefix one: `@"""` is a verbatim `"`)
            kind.openQuotes = run
            kind.closeQuotes = run
            kind.escapes = .none
            kind.multiline = true
        } else {
            if verbatim {
                kind.escapes = .doubledQuote
                kind.multiline = true
            }
            if dollars > 0 { kind.holes = .brace }
        }
        bump(j)
        startString(at: m, kind: kind)
        return true
    }

    /// Swift `#"raw"#` strings and `#/regex/#` literals; any other run of `#` (`#if`, `#selector`) is
    /// punctuation, taken whole so that it is counted only once.
    mutating func swiftPound() {
        var h = 0
        while peek(h) == ASCII.hash { h += 1 }
        if peek(h) == ASCII.dquote {
            let m = mark
            var kind = StringKind(quote: ASCII.dquote)
            kind.hashes = h
            kind.holes = .swiftParen
            if runLength(at: i + h, of: ASCII.dquote, limit: 3) >= 3 {
                kind.openQuotes = 3
                kind.closeQuotes = 3
                kind.multiline = true
            }
            bump(h)
            startString(at: m, kind: kind)
            return
        }
        if peek(h) == ASCII.slash {
            let m = mark
            bump(h + 1)
            let start = i
            var end = i
            while i < bytes.count {
                if bytes[i] == ASCII.slash, hashesFollow(at: i + 1, h) {
                    end = i
                    bump(1 + h)
                    break
                }
                bump()
                end = i
            }
            emit(.string, at: m, start: start, end: end)
            return
        }
        for _ in 0..<h {
            let m = mark
            bump()
            emit(.punct, at: m, start: m.offset, end: i, punct: ASCII.hash)
        }
    }

    mutating func startString(at m: Mark, kind: StringKind) {
        bump(kind.openQuotes)
        let contentStart = i
        switch scanString(kind) {
        case .closed(let contentEnd):
            emit(.string, at: m, start: contentStart, end: contentEnd, plain: true)
        case .hole:
            emit(.string, at: m, start: contentStart, end: i)
            frames.append(Frame(kind: kind))
        case .unterminated:
            emit(.string, at: m, start: contentStart, end: i)
        }
    }

    /// Reads string content up to its end or to the start of an interpolation.
    mutating func scanString(_ kind: StringKind) -> ScanResult {
        let holesAllowed = frames.count < Lexer.maxFrames
        while i < bytes.count {
            let b = bytes[i]
            if b == ASCII.lf || b == ASCII.cr {
                if !kind.multiline { return .unterminated }
                bump()
                continue
            }
            if b == ASCII.backslash, kind.escapes == .backslash {
                var j = i + 1
                if kind.hashes > 0 {
                    guard hashesFollow(at: j, kind.hashes) else {
                        bump()
                        continue
                    }
                    j += kind.hashes
                }
                if kind.holes == .swiftParen, holesAllowed, j < bytes.count, bytes[j] == ASCII.lparen {
                    bump(j + 1 - i)
                    return .hole
                }
                bump(j - i)
                if i < bytes.count {
                    let escaped = bytes[i]
                    bump()  // the escaped character, a line break included (a continued line)
                    if escaped == ASCII.cr, i < bytes.count, bytes[i] == ASCII.lf { bump() }
                }
                continue
            }
            if b == kind.quote {
                // Where the whole run is consumed below it is counted whole; elsewhere only as far as needed.
                let whole = kind.escapes == .doubledQuote || kind.hashes > 0 || kind.extraQuotesAreContent
                let run = runLength(at: i, of: b, limit: whole ? .max : kind.closeQuotes)
                if kind.escapes == .doubledQuote {  // "" is a quote; an odd run ends the string
                    if run % 2 == 0 {
                        bump(run)
                        continue
                    }
                    let end = i + run - 1
                    bump(run)
                    return .closed(contentEnd: end)
                }
                if run < kind.closeQuotes {
                    bump(run)
                    continue
                }
                if kind.hashes > 0 {  // only the last quotes of the run can be followed by the #s
                    let end = i + run - kind.closeQuotes
                    guard hashesFollow(at: i + run, kind.hashes) else {
                        bump(run)
                        continue
                    }
                    bump(run + kind.hashes)
                    return .closed(contentEnd: end)
                }
                if kind.extraQuotesAreContent {
                    let end = i + run - kind.closeQuotes
                    bump(run)
                    return .closed(contentEnd: end)
                }
                let end = i
                bump(kind.closeQuotes)
                return .closed(contentEnd: end)
            }
            if holesAllowed, kind.holes == .dollarBrace, b == ASCII.dollar, peek(1) == ASCII.lbrace {
                bump(2)
                return .hole
            }
            if kind.holes == .brace, b == ASCII.lbrace {
                if peek(1) == ASCII.lbrace {
                    bump(2)
                    continue
                }
                if holesAllowed {
                    bump()
                    return .hole
                }
            }
            bump()
        }
        return .unterminated
    }

    /// Inside an interpolation: counts its brackets, and at its closing bracket (or the `:` that starts
    /// a C#/Python format specifier) goes back to the string. True when it consumed the byte.
    mutating func closesOrCountsHole(_ b: UInt8) -> Bool {
        let top = frames.count - 1
        let kind = frames[top].kind
        let parens = kind.holes == .swiftParen
        let open = parens ? ASCII.lparen : ASCII.lbrace
        let close = parens ? ASCII.rparen : ASCII.rbrace
        if b == open {
            frames[top].depth += 1
            return false
        }
        if b == close, frames[top].depth > 0 {
            frames[top].depth -= 1
            return false
        }
        if b == close {
            frames.removeLast()
            bump()
            resume(kind)
            return true
        }
        if b == ASCII.colon, kind.holes == .brace, frames[top].depth == 0 {
            frames.removeLast()
            skipFormatSpecifier(kind)
            resume(kind)
            return true
        }
        return false
    }

    mutating func resume(_ kind: StringKind) {
        if case .hole = scanString(kind) { frames.append(Frame(kind: kind)) }
    }

    /// `{value:yyyy-MM-dd}` in C#, `{value:>{width}}` in Python: text, not code, up to the `}`.
    mutating func skipFormatSpecifier(_ kind: StringKind) {
        var depth = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == kind.quote || (!kind.multiline && (b == ASCII.lf || b == ASCII.cr)) { return }
            if b == ASCII.lbrace {
                depth += 1
            } else if b == ASCII.rbrace {
                if depth == 0 {
                    bump()
                    return
                }
                depth -= 1
            }
            bump()
        }
    }

    // MARK: Other literals

    mutating func quotedWord() {
        let m = mark
        bump()
        let start = i
        while i < bytes.count, bytes[i] != ASCII.backtick, bytes[i] != ASCII.lf, bytes[i] != ASCII.cr { bump() }
        let end = i
        if i < bytes.count, bytes[i] == ASCII.backtick { bump() }
        emit(.quotedWord, at: m, start: start, end: end)
    }

    /// Whether a `/` here starts a JavaScript regex rather than dividing: it does unless it follows
    /// something that ends an expression (a name, a literal, `)`, `]`, `}`).
    func regexAllowed() -> Bool {
        guard let last = tokens.last else { return true }
        switch last.kind {
        case .quotedWord, .number, .string: return false
        case .punct: return last.punct != ASCII.rparen && last.punct != ASCII.rbracket && last.punct != ASCII.rbrace
        case .word:
            let word = String(decoding: bytes[last.start..<last.end], as: UTF8.self)
            return [
                "return", "typeof", "instanceof", "in", "of", "new", "delete", "void", "throw", "case", "do", "else",
                "yield", "await",
            ].contains(word)
        }
    }

    mutating func regex() {
        let m = mark
        bump()
        let start = i
        var end = i
        var inClass = false
        while i < bytes.count {
            let b = bytes[i]
            if b == ASCII.lf || b == ASCII.cr { break }
            if b == ASCII.backslash {
                bump()
                if i < bytes.count, bytes[i] != ASCII.lf, bytes[i] != ASCII.cr { bump() }
                end = i
                continue
            }
            if b == ASCII.lbracket {
                inClass = true
            } else if b == ASCII.rbracket {
                inClass = false
            } else if b == ASCII.slash, !inClass {
                end = i
                bump()
                while i < bytes.count, ASCII.isIdentifier(bytes[i]) { bump() }  // flags
                break
            }
            bump()
            end = i
        }
        emit(.string, at: m, start: start, end: end)
    }
}

// MARK: - Import grammars

/// Reads import statements off the token stream. Every reader only looks ahead a bounded distance
/// from a keyword and the main loops always advance, so the whole pass stays linear.
private struct Parser {
    let bytes: [UInt8]
    let tokens: [Token]
    let file: String
    var found: [SourceImport] = []

    /// The most tokens one statement reader looks at (a long `import { … } from` list fits easily).
    static let lookahead = 4096

    // MARK: Token tests

    func isWord(_ i: Int, _ word: String) -> Bool {
        guard i >= 0, i < tokens.count, tokens[i].kind == .word else { return false }
        let t = tokens[i]
        return t.end - t.start == word.utf8.count && word.utf8.elementsEqual(bytes[t.start..<t.end])
    }

    func isWord(_ i: Int, in words: [String]) -> Bool { words.contains { isWord(i, $0) } }

    /// An identifier, a keyword or a backticked name.
    func isName(_ i: Int) -> Bool {
        i >= 0 && i < tokens.count && (tokens[i].kind == .word || tokens[i].kind == .quotedWord)
    }

    func isPunct(_ i: Int, _ byte: UInt8) -> Bool {
        i >= 0 && i < tokens.count && tokens[i].kind == .punct && tokens[i].punct == byte
    }

    func isString(_ i: Int) -> Bool { i >= 0 && i < tokens.count && tokens[i].kind == .string }

    func onNewLine(_ i: Int) -> Bool { i < tokens.count && tokens[i].newlineBefore }

    /// The text of a name or number, or the content of a closed, non-interpolated string.
    func text(_ i: Int) -> String { String(decoding: bytes[tokens[i].start..<tokens[i].end], as: UTF8.self) }

    func stringValue(_ i: Int) -> String? {
        guard isString(i), tokens[i].plain else { return nil }
        return text(i)
    }

    /// `x.import` and `x?.require(…)` are members, not statements.
    func isMember(_ i: Int) -> Bool { isPunct(i - 1, ASCII.dot) && !tokens[i].newlineBefore }

    /// First on its line or after a `;` (or after one of `others`).
    func startsStatement(_ i: Int, others: [UInt8] = []) -> Bool {
        guard i > 0, !tokens[i].newlineBefore else { return true }
        let before = tokens[i - 1]
        return before.kind == .punct && (before.punct == ASCII.semicolon || others.contains(before.punct))
    }

    mutating func add(_ target: String, at i: Int, _ form: String) {
        let t = tokens[i]
        found.append(
            SourceImport(
                target: target, location: SourceLocation(file: file, line: t.line, column: t.column), form: form))
    }

    /// `a.b.c` (and `a.b.*` with `star`), the index after it; `sameLine` stops at a line break.
    func dottedName(at start: Int, star: Bool = false, sameLine: Bool = false) -> (name: String, next: Int)? {
        guard isName(start) else { return nil }
        var name = text(start)
        var k = start + 1
        while isPunct(k, ASCII.dot), !(sameLine && (onNewLine(k) || onNewLine(k + 1))) {
            if isName(k + 1) {
                name += "." + text(k + 1)
                k += 2
            } else if star, isPunct(k + 1, ASCII.star) {
                name += ".*"
                k += 2
                break
            } else {
                break
            }
        }
        return (name, k)
    }

    // MARK: Swift

    /// `import X`, `import struct X.Y` (and the other declaration kinds), with any attributes or
    /// access modifiers in front (`@testable`, `@_exported`, `public`, `package`, …).
    mutating func swift() {
        let kinds = ["typealias", "struct", "class", "enum", "protocol", "let", "var", "func"]
        for i in tokens.indices where isWord(i, "import") && !isMember(i) {
            var j = i + 1
            if isWord(j, in: kinds), isName(j + 1) { j += 1 }
            if let (name, _) = dottedName(at: j, sameLine: true) { add(name, at: i, "import") }
        }
    }

    // MARK: Java and Kotlin

    /// `import a.b.C;`, `import a.b.*;`, `import static a.b.C.m;`, `import module java.base;`.
    mutating func java() {
        for i in tokens.indices where isWord(i, "import") && !isMember(i) {
            var j = i + 1
            var form = "import"
            if isWord(j, "static"), isName(j + 1) {
                form = "import static"
                j += 1
            } else if isWord(j, "module"), isName(j + 1) {  // `import module.x.Y;` is a package named module
                form = "import module"
                j += 1
            }
            if let (name, _) = dottedName(at: j, star: true) { add(name, at: i, form) }
        }
    }

    /// `import a.b.C`, `import a.b.*`, `import a.b.C as D`. `import` is a soft keyword in Kotlin,
    /// so only a statement's first word counts.
    mutating func kotlin() {
        for i in tokens.indices where isWord(i, "import") && !isMember(i) && startsStatement(i) {
            if let (name, _) = dottedName(at: i + 1, star: true, sameLine: true) { add(name, at: i, "import") }
        }
    }

    // MARK: C#

    /// `using A.B;`, `using static A.B.C;`, `using Alias = A.B.C;`, `global using …;`. The `using`
    /// statement (`using (…)`, `using var x = …;`, `await using …`) is not a directive and is skipped:
    /// a directive is a name followed by `;`, or a single name, `=` and a name followed by `;`.
    mutating func csharp() {
        for i in tokens.indices where isWord(i, "using") && !isMember(i) {
            let global = isWord(i - 1, "global") && !onNewLine(i)
            guard startsStatement(global ? i - 1 : i, others: [ASCII.lbrace, ASCII.rbrace]) else { continue }
            var j = i + 1
            var isStatic = false
            if isWord(j, "static") {
                isStatic = true
                j += 1
            }
            if isWord(j, "unsafe") { j += 1 }
            guard let (name, k) = csharpName(at: j) else { continue }
            var target = name
            if isPunct(k, ASCII.equals), k == j + 1 {
                guard let (aliased, end) = csharpName(at: k + 1), isPunct(end, ASCII.semicolon) else { continue }
                target = aliased
            } else if !isPunct(k, ASCII.semicolon) {
                continue
            }
            add(target, at: i, (global ? "global " : "") + (isStatic ? "using static" : "using"))
        }
    }

    /// `A.B.C`, `global::A.B`, `A.B<C, D>`, and the index after it.
    func csharpName(at start: Int) -> (String, Int)? {
        guard isName(start) else { return nil }
        var name = text(start)
        var k = start + 1
        while k < tokens.count {
            if isPunct(k, ASCII.dot), isName(k + 1) {
                name += "." + text(k + 1)
                k += 2
            } else if isPunct(k, ASCII.colon), isPunct(k + 1, ASCII.colon), isName(k + 2) {
                name += "::" + text(k + 2)
                k += 3
            } else if isPunct(k, ASCII.less) {
                var depth = 0
                var generic = ""
                let limit = min(tokens.count, k + Parser.lookahead)
                repeat {
                    let t = tokens[k]
                    if t.kind == .punct {
                        if [ASCII.semicolon, ASCII.equals, ASCII.lbrace, ASCII.rbrace].contains(t.punct) { return nil }
                        if t.punct == ASCII.less { depth += 1 }
                        if t.punct == ASCII.greater { depth -= 1 }
                        generic += t.punct == ASCII.comma ? ", " : String(UnicodeScalar(t.punct))
                    } else if isWord(k, "using") {
                        return nil
                    } else {
                        generic += text(k)
                    }
                    k += 1
                } while depth > 0 && k < limit
                guard depth == 0 else { return nil }
                name += generic
            } else {
                break
            }
        }
        return (name, k)
    }

    // MARK: Go

    /// `import "a/b"`, `import alias "a/b"`, `import _ "a/b"`, `import . "a/b"` and the grouped
    /// `import ( … )`, where each path is located where it is written.
    mutating func go() {
        for i in tokens.indices where isWord(i, "import") && !isMember(i) {
            if isPunct(i + 1, ASCII.lparen) {
                var k = i + 2
                while k < tokens.count, !isPunct(k, ASCII.rparen) {
                    if isPunct(k, ASCII.semicolon) {
                        k += 1
                        continue
                    }
                    let path = (tokens[k].kind == .word || isPunct(k, ASCII.dot)) && isString(k + 1) ? k + 1 : k
                    guard let target = stringValue(path) else { break }
                    add(target, at: path, "import")
                    k = path + 1
                }
            } else {
                let path =
                    (tokens.indices.contains(i + 1) && tokens[i + 1].kind == .word) || isPunct(i + 1, ASCII.dot)
                    ? i + 2 : i + 1
                if let target = stringValue(path) { add(target, at: i, "import") }
            }
        }
    }

    // MARK: TypeScript and JavaScript

    /// Static imports (with `type`, default, named, namespace and side-effect clauses, over any number
    /// of lines), TypeScript's `import x = require("…")`, re-exports (`export … from`), `require("…")`
    /// and dynamic `import("…")`, each only with a literal module name.
    mutating func javaScript() {
        var i = 0
        while i < tokens.count {
            var next: Int?
            if isWord(i, "import"), !isMember(i) {
                next = javaScriptImport(at: i)
            } else if isWord(i, "export"), !isMember(i) {
                next = javaScriptExport(at: i)
            } else if isWord(i, "require"), !isMember(i), isPunct(i + 1, ASCII.lparen),
                let target = stringValue(i + 2), isPunct(i + 3, ASCII.rparen)
            {
                add(target, at: i, "require")
                next = i + 4
            }
            i = next ?? i + 1
        }
    }

    mutating func javaScriptImport(at i: Int) -> Int? {
        var k = i + 1
        if isPunct(k, ASCII.lparen) {
            guard let target = stringValue(k + 1), isPunct(k + 2, ASCII.rparen) || isPunct(k + 2, ASCII.comma)
            else { return nil }
            add(target, at: i, "import()")
            return k + 3
        }
        if let target = stringValue(k) {
            add(target, at: i, "import")
            return k + 1
        }
        var form = "import"
        if isWord(k, "type"),
            isPunct(k + 1, ASCII.lbrace) || isPunct(k + 1, ASCII.star)
                || (isName(k + 1) && !(isWord(k + 1, "from") && isString(k + 2)))
        {
            form = "import type"
            k += 1
        }
        let limit = min(tokens.count, k + Parser.lookahead)
        while k < limit {
            if isWord(k, "from"), isString(k + 1) {
                guard let target = stringValue(k + 1) else { return nil }
                add(target, at: i, form)
                return k + 2
            }
            if isPunct(k, ASCII.equals) {  // import fs = require("fs"), not import x = A.B
                guard isWord(k + 1, "require"), isPunct(k + 2, ASCII.lparen), let target = stringValue(k + 3),
                    isPunct(k + 4, ASCII.rparen)
                else { return nil }
                add(target, at: i, form)
                return k + 5
            }
            if isBinding(k) || isPunct(k, ASCII.star) || isPunct(k, ASCII.comma) {
                k += 1
            } else if isPunct(k, ASCII.lbrace), let end = braceList(at: k, limit: limit) {
                k = end
            } else {
                return nil
            }
        }
        return nil
    }

    /// `export { a, b as c } from "…"`, `export * from "…"`, `export * as ns from "…"`, `export type …`.
    mutating func javaScriptExport(at i: Int) -> Int? {
        var k = i + 1
        var form = "export"
        if isWord(k, "type"), isPunct(k + 1, ASCII.lbrace) || isPunct(k + 1, ASCII.star) {
            form = "export type"
            k += 1
        }
        if isPunct(k, ASCII.star) {
            k += 1
            if isWord(k, "as") {
                guard isName(k + 1) || isString(k + 1) else { return nil }
                k += 2
            }
        } else if isPunct(k, ASCII.lbrace), let end = braceList(at: k, limit: min(tokens.count, k + Parser.lookahead)) {
            k = end
        } else {
            return nil
        }
        guard isWord(k, "from"), let target = stringValue(k + 1) else { return nil }
        add(target, at: i, form)
        return k + 2
    }

    /// A name in an import or export clause. `import` and `export` are reserved, so meeting one means
    /// the clause was not one after all (and stops a run of broken statements being read over and over).
    func isBinding(_ i: Int) -> Bool {
        i < tokens.count && tokens[i].kind == .word && !isWord(i, "import") && !isWord(i, "export")
    }

    /// `{ a, type B, c as d, "e-f" as g }`: the index after the `}`, or nil if it is not such a list.
    func braceList(at start: Int, limit: Int) -> Int? {
        var k = start + 1
        while k < limit {
            if isPunct(k, ASCII.rbrace) { return k + 1 }
            guard isBinding(k) || isString(k) || isPunct(k, ASCII.comma) else { return nil }
            k += 1
        }
        return nil
    }

    // MARK: Python

    /// `import a.b`, `import a.b as c, d` (one import per module), `from a.b import c`, relative
    /// `from ..a import b` (target "..a") and `from . import x` (target "."). A statement is one
    /// logical line: parentheses and backslash continuations keep it going, a line break ends it.
    mutating func python() {
        var i = 0
        while i < tokens.count {
            if isWord(i, "from"), !isMember(i), let next = pythonFrom(at: i) {
                i = next
            } else if isWord(i, "import"), !isMember(i) {
                i = pythonImport(at: i)
            } else {
                i += 1
            }
        }
    }

    mutating func pythonFrom(at i: Int) -> Int? {
        var k = i + 1
        var target = ""
        while isPunct(k, ASCII.dot), !onNewLine(k) {
            target += "."
            k += 1
        }
        if !isWord(k, "import"), !onNewLine(k), let (name, next) = dottedName(at: k, sameLine: true) {
            target += name
            k = next
        }
        guard !target.isEmpty, isWord(k, "import"), !onNewLine(k) else { return nil }
        add(target, at: i, "from")
        return k + 1
    }

    mutating func pythonImport(at i: Int) -> Int {
        var k = i + 1
        while !onNewLine(k), !isWord(k, "import"), let (name, next) = dottedName(at: k, sameLine: true) {
            add(name, at: i, "import")
            k = next
            if isWord(k, "as"), !onNewLine(k) {
                k += 1
                if isName(k), !onNewLine(k) { k += 1 }
            }
            guard isPunct(k, ASCII.comma), !onNewLine(k) else { break }
            k += 1
        }
        return k
    }
}
