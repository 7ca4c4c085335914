import AssessYAML

// Splitting a diagram's lines into statements (semicolons, multi-line brackets, directives and
// accessibility blocks), shared by every grammar.

// MARK: - Statements

/// One statement: the text between line ends (and `;` where the diagram type allows it), trimmed,
/// with the line index and the column offset of its first character.
struct MermaidStatement {
    var text: [Unicode.Scalar]
    var line: Int
    var column: Int

    var string: String { MermaidText.string(text) }

    /// The statement for a message, shortened so a warning stays one line.
    var quoted: String {
        let text = string
        return text.count > 60 ? "'\(text.prefix(57))...'" : "'\(text)'"
    }
}

enum StatementSplitter {
    /// Splits the body into statements. `%%` starts a comment outside quotes (and brackets);
    /// `%%{…}%%` directives and `accDescr { … }` blocks are skipped whole; `;` ends a statement
    /// outside quotes and brackets unless it closes an entity code (`#59;`; not in `style` lines). A markdown string
    /// (`"` followed by a backtick) may run over several lines when it is closed later on.
    static func split(
        _ lines: [[Unicode.Scalar]], line firstLine: Int, column firstColumn: Int, semicolons: Bool, brackets: Bool
    ) -> [MermaidStatement] {
        var statements: [MermaidStatement] = []
        var current: [Unicode.Scalar] = []
        var startLine = 0
        var startColumn = 0
        var inQuote = false
        var markdownQuote = false
        var depth = 0

        func flush() {
            let trimmed = current.trimmedScalars()
            if !trimmed.isEmpty {
                statements.append(MermaidStatement(text: Array(trimmed), line: startLine, column: startColumn))
            }
            current = []
            depth = 0
        }

        var index = firstLine
        while index < lines.count {
            let line = lines[index]
            var column = index == firstLine ? firstColumn : 0
            let continuing = inQuote
            if !continuing && index != firstLine {
                let text = line.trimmedScalars()
                if text.starts(with: "%%{".unicodeScalars) {
                    index = endOfDirective(lines, from: index) + 1
                    continue
                }
                if text.starts(with: "%%".unicodeScalars) {
                    index += 1
                    continue
                }
                if isAccessibilityBlock(text) {
                    var end = index
                    while end < lines.count, !lines[end].contains("}") { end += 1 }
                    index = end + 1
                    continue
                }
            }
            while column < line.count {
                let c = line[column]
                defer { column += 1 }
                if inQuote {
                    current.append(c)
                    if c == "\"" { inQuote = false }
                    continue
                }
                if current.isEmpty {
                    if c.properties.isWhitespace { continue }
                    startLine = index
                    startColumn = column
                }
                if c == "\"" {
                    inQuote = true
                    markdownQuote = column + 1 < line.count && line[column + 1] == "`"
                    current.append(c)
                    continue
                }
                if c == "%", column + 1 < line.count, line[column + 1] == "%", depth == 0 {
                    column = line.count
                    break
                }
                if brackets {
                    if c == "(" || c == "[" || c == "{" { depth += 1 }
                    if c == ")" || c == "]" || c == "}" { depth = max(0, depth - 1) }
                }
                if c == ";", semicolons, depth == 0, isStyle(current) || !endsWithEntityName(current) {
                    flush()
                    continue
                }
                current.append(c)
            }
            if inQuote, markdownQuote, closesLater(lines, line: index + 1) {
                current.append("\n")
            } else {
                inQuote = false
                flush()
            }
            index += 1
        }
        flush()
        return statements
    }

    /// The line that ends the `%%{` directive starting on `from` (the same line when it closes there).
    static func endOfDirective(_ lines: [[Unicode.Scalar]], from: Int) -> Int {
        var index = from
        while index < lines.count {
            if lines[index].containsScalars("}%%") { return index }
            index += 1
        }
        return from  // never closed: skip only the opening line
    }

    /// `accDescr {` opens a multi-line accessibility description that ends at `}`.
    static func isAccessibilityBlock(_ text: ArraySlice<Unicode.Scalar>) -> Bool {
        guard text.starts(with: "accDescr".unicodeScalars) else { return false }
        let rest = text.dropFirst(8).trimmedScalars()
        return rest.first == "{"
    }

    /// `style A fill:#f9f;`: in these statements `#…;` is a colour, not an entity code (as Mermaid reads them).
    static func isStyle(_ text: [Unicode.Scalar]) -> Bool {
        ["style", "classDef", "linkStyle"].contains { text.starts(with: $0.unicodeScalars) }
    }

    /// True when `text` ends in `#name` or `#123`, so a following `;` closes an entity code.
    static func endsWithEntityName(_ text: [Unicode.Scalar]) -> Bool {
        var index = text.count - 1
        while index >= 0, text[index].properties.isAlphabetic || ("0"..."9").contains(text[index]) { index -= 1 }
        return index >= 0 && index < text.count - 1 && text[index] == "#"
    }

    /// Whether a markdown string's closing backtick-quote appears on a later line.
    static func closesLater(_ lines: [[Unicode.Scalar]], line: Int) -> Bool {
        var index = line
        while index < lines.count {
            let text = lines[index]
            if text.count >= 2 {
                for i in 0..<(text.count - 1) where text[i] == "`" && text[i + 1] == "\"" { return true }
            }
            index += 1
        }
        return false
    }
}
