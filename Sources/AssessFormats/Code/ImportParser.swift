import AssessYAML

// MARK: - Import grammars

/// Reads import statements off the token stream. Every reader only looks ahead a bounded distance
/// from a keyword and the main loops always advance, so the whole pass stays linear.
struct ImportParser {
    let bytes: [UInt8]
    let tokens: [ImportToken]
    let file: String
    var found: [SourceImport] = []

    /// The most tokens one statement reader looks at (a long `import { … } from` list fits easily).
    static let lookahead = 4096

    // MARK: ImportToken tests

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
    func isMember(_ i: Int) -> Bool { isPunct(i - 1, ImportASCII.dot) && !tokens[i].newlineBefore }

    /// First on its line or after a `;` (or after one of `others`).
    func startsStatement(_ i: Int, others: [UInt8] = []) -> Bool {
        guard i > 0, !tokens[i].newlineBefore else { return true }
        let before = tokens[i - 1]
        return before.kind == .punct && (before.punct == ImportASCII.semicolon || others.contains(before.punct))
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
        while isPunct(k, ImportASCII.dot), !(sameLine && (onNewLine(k) || onNewLine(k + 1))) {
            if isName(k + 1) {
                name += "." + text(k + 1)
                k += 2
            } else if star, isPunct(k + 1, ImportASCII.star) {
                name += ".*"
                k += 2
                break
            } else {
                break
            }
        }
        return (name, k)
    }
}
