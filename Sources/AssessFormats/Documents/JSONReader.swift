public import AssessYAML

/// Strict JSON (RFC 8259) into the same located node tree YAML uses, so that queries and
/// findings on a JSON lab output point at the line and column of the value.
/// Strings become double-quoted scalars, numbers, booleans and null plain ones.
public struct JSONReader: Sendable {
    public var maxDepth: Int

    public init(maxDepth: Int = 512) {
        self.maxDepth = maxDepth
    }

    public func parse(_ text: String, file: String) throws(DiagnosticError) -> YAMLNode {
        var scanner = Scanner(bytes: Array(text.utf8), file: file, maxDepth: maxDepth)
        do throws(DiagnosticError) {
            scanner.skipWhitespace()
            let node = try scanner.value(depth: 0)
            scanner.skipWhitespace()
            if !scanner.atEnd { throw scanner.failure("unexpected text after the JSON value") }
            return node
        } catch var error {
            error.sources[file] = text
            throw error
        }
    }
}

private struct Scanner {
    let bytes: [UInt8]
    let file: String
    let maxDepth: Int
    var index = 0
    var line = 1
    var column = 1

    init(bytes: [UInt8], file: String, maxDepth: Int) {
        self.bytes = bytes
        self.file = file
        self.maxDepth = maxDepth
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
    }

    var atEnd: Bool { index >= bytes.count }
    var location: SourceLocation { SourceLocation(file: file, line: line, column: column) }

    func failure(_ message: String) -> DiagnosticError {
        DiagnosticError([.error(at: location, message)])
    }

    mutating func advance() {
        let byte = bytes[index]
        index += 1
        if byte == 0x0A {
            line += 1
            column = 1
        } else if byte & 0xC0 != 0x80 {
            column += 1  // count characters, not UTF-8 continuation bytes
        }
    }

    mutating func skipWhitespace() {
        while !atEnd, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { advance() }
    }

    var found: String {
        guard !atEnd else { return "end of file" }
        let scalar = Unicode.Scalar(bytes[index])
        return "'\(Character(scalar))'"
    }

    mutating func value(depth: Int) throws(DiagnosticError) -> YAMLNode {
        guard !atEnd else { throw failure("expected a JSON value, found end of file") }
        let start = location
        switch bytes[index] {
        case UInt8(ascii: "{"):
            if depth >= maxDepth { throw failure("nesting deeper than \(maxDepth) levels") }
            advance()
            var pairs: [YAMLNode.Pair] = []
            skipWhitespace()
            if !atEnd, bytes[index] == UInt8(ascii: "}") {
                advance()
                return YAMLNode(.mapping(pairs, .flow), at: start)
            }
            while true {
                skipWhitespace()
                guard !atEnd, bytes[index] == UInt8(ascii: "\"") else {
                    throw failure(
                        "expected a string key in object (started at \(start.line):\(start.column)), found \(found)")
                }
                let key = try string()
                skipWhitespace()
                guard !atEnd, bytes[index] == UInt8(ascii: ":") else {
                    throw failure("expected ':' after object key, found \(found)")
                }
                advance()
                skipWhitespace()
                pairs.append(.init(key: key, value: try value(depth: depth + 1)))
                skipWhitespace()
                guard !atEnd else { throw failure("object started at \(start.line):\(start.column) is not closed") }
                if bytes[index] == UInt8(ascii: ",") {
                    advance()
                    continue
                }
                if bytes[index] == UInt8(ascii: "}") {
                    advance()
                    return YAMLNode(.mapping(pairs, .flow), at: start)
                }
                throw failure(
                    "expected ',' or '}' in object (started at \(start.line):\(start.column)), found \(found)")
            }
        case UInt8(ascii: "["):
            if depth >= maxDepth { throw failure("nesting deeper than \(maxDepth) levels") }
            advance()
            var items: [YAMLNode] = []
            skipWhitespace()
            if !atEnd, bytes[index] == UInt8(ascii: "]") {
                advance()
                return YAMLNode(.sequence(items, .flow), at: start)
            }
            while true {
                skipWhitespace()
                items.append(try value(depth: depth + 1))
                skipWhitespace()
                guard !atEnd else { throw failure("array started at \(start.line):\(start.column) is not closed") }
                if bytes[index] == UInt8(ascii: ",") {
                    advance()
                    continue
                }
                if bytes[index] == UInt8(ascii: "]") {
                    advance()
                    return YAMLNode(.sequence(items, .flow), at: start)
                }
                throw failure("expected ',' or ']' in array (started at \(start.line):\(start.column)), found \(found)")
            }
        case UInt8(ascii: "\""):
            return try string()
        case UInt8(ascii: "t"): return try literal("true", at: start)
        case UInt8(ascii: "f"): return try literal("false", at: start)
        case UInt8(ascii: "n"): return try literal("null", at: start)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return try number(at: start)
        default:
            throw failure("expected a JSON value, found \(found)")
        }
    }

    mutating func literal(_ word: String, at start: SourceLocation) throws(DiagnosticError) -> YAMLNode {
        let expected = Array(word.utf8)
        guard bytes.count - index >= expected.count, Array(bytes[index..<(index + expected.count)]) == expected else {
            throw failure("expected a JSON value, found \(found)")
        }
        for _ in expected { advance() }
        return .scalar(word, at: start)
    }

    mutating func number(at start: SourceLocation) throws(DiagnosticError) -> YAMLNode {
        let begin = index
        if bytes[index] == UInt8(ascii: "-") { advance() }
        func digits(_ s: inout Scanner) -> Int {
            var count = 0
            while !s.atEnd, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(s.bytes[s.index]) {
                s.advance()
                count += 1
            }
            return count
        }
        let leadingZero = !atEnd && bytes[index] == UInt8(ascii: "0")
        let integerDigits = digits(&self)
        guard integerDigits > 0 else { throw failure("expected digits in number") }
        if leadingZero, integerDigits > 1 {
            throw DiagnosticError([.error(at: start, "numbers may not start with a leading zero")])
        }
        if !atEnd, bytes[index] == UInt8(ascii: ".") {
            advance()
            guard digits(&self) > 0 else { throw failure("expected digits after '.' in number") }
        }
        if !atEnd, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            advance()
            if !atEnd, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { advance() }
            guard digits(&self) > 0 else { throw failure("expected digits in exponent") }
        }
        return .scalar(String(decoding: bytes[begin..<index], as: UTF8.self), at: start)
    }

    mutating func string() throws(DiagnosticError) -> YAMLNode {
        let start = location
        advance()  // opening quote
        var out: [UInt8] = []
        while true {
            guard !atEnd else {
                throw DiagnosticError([.error(at: start, "string is not closed")])
            }
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                advance()
                break
            }
            if byte < 0x20 { throw failure("control character in string; escape it") }
            if byte == UInt8(ascii: "\\") {
                advance()
                guard !atEnd else { throw failure("unfinished escape") }
                let escape = bytes[index]
                advance()
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escape)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    var code = try hex4()
                    // A high surrogate joins only a low one that follows it; a lone half (or a
                    // high one followed by another escape) reads as U+FFFD, as a lenient
                    // decoder does, and the next escape is read on its own.
                    if (0xD800..<0xDC00).contains(code), bytes.count - index >= 6, bytes[index] == UInt8(ascii: "\\"),
                        bytes[index + 1] == UInt8(ascii: "u"),
                        let low = UInt32(String(decoding: bytes[(index + 2)..<(index + 6)], as: UTF8.self), radix: 16),
                        (0xDC00..<0xE000).contains(low)
                    {
                        for _ in 0..<6 { advance() }
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    }
                    let scalar = Unicode.Scalar(code) ?? "\u{FFFD}"
                    out.append(contentsOf: Array(String(Character(scalar)).utf8))
                default:
                    throw failure("unknown escape '\\\(Character(Unicode.Scalar(escape)))' in string")
                }
                continue
            }
            out.append(byte)
            advance()
        }
        return .scalar(String(decoding: out, as: UTF8.self), style: .doubleQuoted, at: start)
    }

    mutating func hex4() throws(DiagnosticError) -> UInt32 {
        guard bytes.count - index >= 4,
            let value = UInt32(String(decoding: bytes[index..<(index + 4)], as: UTF8.self), radix: 16)
        else { throw failure("expected four hex digits after '\\u'") }
        for _ in 0..<4 { advance() }
        return value
    }
}
