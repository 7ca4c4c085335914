import AssessYAML

// Labels and a cursor over Unicode scalars: the text handling every grammar shares.

// MARK: - Text

enum MermaidLabel {
    /// The label as a reader sees it: a markdown string loses its backticks and `**`, `<br>` /
    /// `<br/>` / `<br />` and line breaks become spaces, entity codes are decoded, runs of spaces
    /// collapse and the ends are trimmed.
    static func clean<S: Sequence>(_ raw: S) -> String where S.Element == Unicode.Scalar {
        var text = Array(Array(raw).trimmedScalars())
        if text.count >= 2, text.first == "`", text.last == "`" {
            text = Array(text.dropFirst().dropLast())
            text = removing("**", from: text)
        }
        var output: [Unicode.Scalar] = []
        var index = 0
        while index < text.count {
            let c = text[index]
            if c == "<", let end = lineBreakTag(text, at: index) {
                output.append(" ")
                index = end
                continue
            }
            if c == "#", let (decoded, end) = entity(text, at: index) {
                output.append(decoded)
                index = end
                continue
            }
            output.append(c)
            index += 1
        }
        var collapsed: [Unicode.Scalar] = []
        for c in output {
            if c.properties.isWhitespace {
                if let last = collapsed.last, last != " " { collapsed.append(" ") }
            } else {
                collapsed.append(c)
            }
        }
        return MermaidText.string(collapsed.trimmedScalars())
    }

    static func removing(_ marker: String, from text: [Unicode.Scalar]) -> [Unicode.Scalar] {
        let m = Array(marker.unicodeScalars)
        var output: [Unicode.Scalar] = []
        var index = 0
        while index < text.count {
            if text[index...].starts(with: m) {
                index += m.count
            } else {
                output.append(text[index])
                index += 1
            }
        }
        return output
    }

    /// The index after `<br>`, `<br/>` or `<br />` (any case) starting at `index`.
    static func lineBreakTag(_ text: [Unicode.Scalar], at index: Int) -> Int? {
        guard index + 3 < text.count, text[index + 1] == "b" || text[index + 1] == "B",
            text[index + 2] == "r" || text[index + 2] == "R"
        else { return nil }
        var i = index + 3
        while i < text.count, text[i] == " " { i += 1 }
        if i < text.count, text[i] == "/" { i += 1 }
        guard i < text.count, text[i] == ">" else { return nil }
        return i + 1
    }

    static let namedEntities: [String: Unicode.Scalar] = [
        "quot": "\"", "amp": "&", "lt": "<", "gt": ">", "apos": "'", "nbsp": " ", "semi": ";", "num": "#",
    ]

    /// Mermaid's entity codes: `#quot;`, `#35;` (decimal), and `#x23;` (hex).
    static func entity(_ text: [Unicode.Scalar], at index: Int) -> (Unicode.Scalar, Int)? {
        var end = index + 1
        while end < text.count, end - index <= 10, text[end].properties.isAlphabetic || ("0"..."9").contains(text[end])
        {
            end += 1
        }
        guard end < text.count, text[end] == ";", end > index + 1 else { return nil }
        let name = MermaidText.string(text[(index + 1)..<end])
        if let scalar = namedEntities[name] { return (scalar, end + 1) }
        if let value = UInt32(name), let scalar = Unicode.Scalar(value) { return (scalar, end + 1) }
        if name.first == "x", let value = UInt32(name.dropFirst(), radix: 16), let scalar = Unicode.Scalar(value) {
            return (scalar, end + 1)
        }
        return nil
    }
}

/// A position in one statement's scalars, with the small look-ahead helpers the readers share.
struct MermaidCursor {
    let text: [Unicode.Scalar]
    var index = 0

    init(_ text: [Unicode.Scalar]) { self.text = text }

    var atEnd: Bool { index >= text.count }
    func peek(_ offset: Int = 0) -> Unicode.Scalar? {
        index + offset < text.count && index + offset >= 0 ? text[index + offset] : nil
    }
    func looksAt(_ literal: String) -> Bool { text[min(index, text.count)...].starts(with: literal.unicodeScalars) }
    mutating func take(_ literal: String) -> Bool {
        guard looksAt(literal) else { return false }
        index += literal.unicodeScalars.count
        return true
    }
    mutating func skipSpaces() {
        while let c = peek(), c.properties.isWhitespace { index += 1 }
    }
    var rest: ArraySlice<Unicode.Scalar> { text[min(index, text.count)...] }

    /// The first index at or after the cursor where `literal` starts.
    func find(_ literal: String) -> Int? {
        let needle = Array(literal.unicodeScalars)
        var i = index
        while i + needle.count <= text.count {
            if text[i..<(i + needle.count)].elementsEqual(needle) { return i }
            i += 1
        }
        return nil
    }

    static func isWord(_ c: Unicode.Scalar) -> Bool {
        c.properties.isAlphabetic || ("0"..."9").contains(c) || c == "_"
    }
}
