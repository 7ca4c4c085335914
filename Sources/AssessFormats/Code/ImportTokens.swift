import AssessYAML

// MARK: - Tokens

struct ImportToken {
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

enum ImportASCII {
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

    /// Letters, digits, `_`, `$` and every non-ImportASCII byte, so identifiers in any script stay whole.
    static func isIdentifier(_ b: UInt8) -> Bool { isIdentifierStart(b) || isDigit(b) }
}

/// How one kind of string literal ends, escapes and interpolates.
struct ImportStringKind {
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
struct ImportLexer {
    struct Frame {
        var kind: ImportStringKind
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
    var tokens: [ImportToken] = []
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
        if b == ImportASCII.lf || (b == ImportASCII.cr && (i == bytes.count || bytes[i] != ImportASCII.lf)) {
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

    mutating func emit(
        _ kind: ImportToken.Kind, at m: Mark, start: Int, end: Int, punct: UInt8 = 0, plain: Bool = false
    ) {
        tokens.append(
            ImportToken(
                kind: kind, punct: punct, plain: plain, newlineBefore: sawNewline, start: start, end: end,
                line: m.line, column: m.column))
        sawNewline = false
    }

    mutating func run() -> [ImportToken] {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { i = 3 }
        if peek(0) == ImportASCII.hash, peek(1) == ImportASCII.bang { skipLine() }  // #!/usr/bin/env …
        while i < bytes.count { step() }
        return tokens
    }

    mutating func step() {
        let b = bytes[i]
        switch b {
        case ImportASCII.space, ImportASCII.tab, 0x0B, 0x0C:
            bump()
            return
        case ImportASCII.lf, ImportASCII.cr:
            sawNewline = true
            bump()
            return
        default: break
        }
        if b == ImportASCII.backslash, language == .python, peek(1) == ImportASCII.lf || peek(1) == ImportASCII.cr {
            bump()  // explicit line joining: the statement goes on
            if bytes[i] == ImportASCII.cr, peek(1) == ImportASCII.lf { bump() }
            bump()
            return
        }
        if b == ImportASCII.slash, language != .python {
            if peek(1) == ImportASCII.slash { return skipLine() }
            if peek(1) == ImportASCII.star { return skipBlockComment() }
        }
        if b == ImportASCII.hash {
            if language == .python { return skipLine() }
            if language == .csharp, tokens.isEmpty || sawNewline { return skipLine() }  // #region, #if …
            if language == .swift { return swiftPound() }
        }
        if !frames.isEmpty, closesOrCountsHole(b) { return }
        if b == ImportASCII.dquote || (b == ImportASCII.squote && language != .swift)
            || (b == ImportASCII.backtick && (language == .go || isJavaScript))
        {
            let m = mark
            // Three quotes open a multi-line string; in C#, any longer run opens a raw string closed by as many.
            let run = runLength(at: i, of: b, limit: language == .csharp && b == ImportASCII.dquote ? .max : 3)
            return startString(at: m, kind: defaultKind(quote: b, run: run, fString: false))
        }
        if b == ImportASCII.backtick, language == .swift || language == .kotlin { return quotedWord() }
        if language == .csharp, b == ImportASCII.at || b == ImportASCII.dollar, csharpString() { return }
        if b == ImportASCII.slash, isJavaScript, regexAllowed() { return regex() }
        let m = mark
        if ImportASCII.isIdentifierStart(b) {
            while i < bytes.count, ImportASCII.isIdentifier(bytes[i]) { bump() }
            if language == .python, i < bytes.count, bytes[i] == ImportASCII.squote || bytes[i] == ImportASCII.dquote,
                let fString = pythonPrefix(m.offset, i)
            {
                let quote = bytes[i]
                return startString(
                    at: m, kind: defaultKind(quote: quote, run: runLength(at: i, of: quote, limit: 3), fString: fString)
                )
            }
            return emit(.word, at: m, start: m.offset, end: i)
        }
        if ImportASCII.isDigit(b) {
            while i < bytes.count, ImportASCII.isIdentifier(bytes[i]) { bump() }
            return emit(.number, at: m, start: m.offset, end: i)
        }
        bump()
        emit(.punct, at: m, start: m.offset, end: i, punct: b)
    }

    // MARK: Comments

    mutating func skipLine() {
        while i < bytes.count, bytes[i] != ImportASCII.lf, bytes[i] != ImportASCII.cr { bump() }
    }

    mutating func skipBlockComment() {
        let nests = language == .swift || language == .kotlin
        bump(2)
        var depth = 1
        while i < bytes.count {
            let b = bytes[i]
            if b == ImportASCII.star, peek(1) == ImportASCII.slash {
                bump(2)
                depth -= 1
                if depth == 0 { return }
            } else if nests, b == ImportASCII.slash, peek(1) == ImportASCII.star {
                bump(2)
                depth += 1
            } else {
                if b == ImportASCII.lf || b == ImportASCII.cr { sawNewline = true }
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
            if bytes[j] != ImportASCII.hash { return false }
            j += 1
        }
        return true
    }

    /// The literal an unprefixed quote starts in this language; `run` is how many quotes are in a row.
    func defaultKind(quote: UInt8, run: Int, fString: Bool) -> ImportStringKind {
        var kind = ImportStringKind(quote: quote)
        switch language {
        case .swift: kind.holes = .swiftParen
        case .kotlin: if quote == ImportASCII.dquote { kind.holes = .dollarBrace }
        case .python: if fString { kind.holes = .brace }
        case .javascript, .typescript:
            if quote == ImportASCII.backtick {
                kind.holes = .dollarBrace
                kind.multiline = true
            }
        case .go:
            if quote == ImportASCII.backtick {
                kind.escapes = .none
                kind.multiline = true
            }
        case .java, .csharp: break
        }
        let triples: Bool
        switch language {
        case .swift, .java, .kotlin, .csharp: triples = quote == ImportASCII.dquote
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
        while j < 16, peek(j) == ImportASCII.at || peek(j) == ImportASCII.dollar {
            if peek(j) == ImportASCII.at { verbatim = true } else { dollars += 1 }
            j += 1
        }
        guard peek(j) == ImportASCII.dquote else { return false }
        let m = mark
        var kind = ImportStringKind(quote: ImportASCII.dquote)
        let run = runLength(at: i + j, of: ImportASCII.dquote)
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
        while peek(h) == ImportASCII.hash { h += 1 }
        if peek(h) == ImportASCII.dquote {
            let m = mark
            var kind = ImportStringKind(quote: ImportASCII.dquote)
            kind.hashes = h
            kind.holes = .swiftParen
            if runLength(at: i + h, of: ImportASCII.dquote, limit: 3) >= 3 {
                kind.openQuotes = 3
                kind.closeQuotes = 3
                kind.multiline = true
            }
            bump(h)
            startString(at: m, kind: kind)
            return
        }
        if peek(h) == ImportASCII.slash {
            let m = mark
            bump(h + 1)
            let start = i
            var end = i
            while i < bytes.count {
                if bytes[i] == ImportASCII.slash, hashesFollow(at: i + 1, h) {
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
            emit(.punct, at: m, start: m.offset, end: i, punct: ImportASCII.hash)
        }
    }

    mutating func startString(at m: Mark, kind: ImportStringKind) {
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
    mutating func scanString(_ kind: ImportStringKind) -> ScanResult {
        let holesAllowed = frames.count < ImportLexer.maxFrames
        while i < bytes.count {
            let b = bytes[i]
            if b == ImportASCII.lf || b == ImportASCII.cr {
                if !kind.multiline { return .unterminated }
                bump()
                continue
            }
            if b == ImportASCII.backslash, kind.escapes == .backslash {
                var j = i + 1
                if kind.hashes > 0 {
                    guard hashesFollow(at: j, kind.hashes) else {
                        bump()
                        continue
                    }
                    j += kind.hashes
                }
                if kind.holes == .swiftParen, holesAllowed, j < bytes.count, bytes[j] == ImportASCII.lparen {
                    bump(j + 1 - i)
                    return .hole
                }
                bump(j - i)
                if i < bytes.count {
                    let escaped = bytes[i]
                    bump()  // the escaped character, a line break included (a continued line)
                    if escaped == ImportASCII.cr, i < bytes.count, bytes[i] == ImportASCII.lf { bump() }
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
            if holesAllowed, kind.holes == .dollarBrace, b == ImportASCII.dollar, peek(1) == ImportASCII.lbrace {
                bump(2)
                return .hole
            }
            if kind.holes == .brace, b == ImportASCII.lbrace {
                if peek(1) == ImportASCII.lbrace {
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
        let open = parens ? ImportASCII.lparen : ImportASCII.lbrace
        let close = parens ? ImportASCII.rparen : ImportASCII.rbrace
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
        if b == ImportASCII.colon, kind.holes == .brace, frames[top].depth == 0 {
            frames.removeLast()
            skipFormatSpecifier(kind)
            resume(kind)
            return true
        }
        return false
    }

    mutating func resume(_ kind: ImportStringKind) {
        if case .hole = scanString(kind) { frames.append(Frame(kind: kind)) }
    }

    /// `{value:yyyy-MM-dd}` in C#, `{value:>{width}}` in Python: text, not code, up to the `}`.
    mutating func skipFormatSpecifier(_ kind: ImportStringKind) {
        var depth = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == kind.quote || (!kind.multiline && (b == ImportASCII.lf || b == ImportASCII.cr)) { return }
            if b == ImportASCII.lbrace {
                depth += 1
            } else if b == ImportASCII.rbrace {
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
        while i < bytes.count, bytes[i] != ImportASCII.backtick, bytes[i] != ImportASCII.lf, bytes[i] != ImportASCII.cr
        { bump() }
        let end = i
        if i < bytes.count, bytes[i] == ImportASCII.backtick { bump() }
        emit(.quotedWord, at: m, start: start, end: end)
    }

    /// Whether a `/` here starts a JavaScript regex rather than dividing: it does unless it follows
    /// something that ends an expression (a name, a literal, `)`, `]`, `}`).
    func regexAllowed() -> Bool {
        guard let last = tokens.last else { return true }
        switch last.kind {
        case .quotedWord, .number, .string: return false
        case .punct:
            return last.punct != ImportASCII.rparen && last.punct != ImportASCII.rbracket
                && last.punct != ImportASCII.rbrace
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
            if b == ImportASCII.lf || b == ImportASCII.cr { break }
            if b == ImportASCII.backslash {
                bump()
                if i < bytes.count, bytes[i] != ImportASCII.lf, bytes[i] != ImportASCII.cr { bump() }
                end = i
                continue
            }
            if b == ImportASCII.lbracket {
                inClass = true
            } else if b == ImportASCII.rbracket {
                inClass = false
            } else if b == ImportASCII.slash, !inClass {
                end = i
                bump()
                while i < bytes.count, ImportASCII.isIdentifier(bytes[i]) { bump() }  // flags
                break
            }
            bump()
            end = i
        }
        emit(.string, at: m, start: start, end: end)
    }
}
