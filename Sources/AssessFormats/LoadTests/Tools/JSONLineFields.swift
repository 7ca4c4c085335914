/// The top-level members of one JSON object on one line (a JSON-lines record), read without
/// building a tree: strings are unescaped, numbers kept as their text (so a 19-digit
/// nanosecond count is not rounded through `Double`), nested objects and arrays skipped.
/// For per-request files with millions of lines, where a located tree per line would cost
/// more than the reading.
struct JSONLineFields {
    enum Value: Equatable {
        case string(String)
        case number(Substring)
        case literal(Substring)
        case nested
    }

    private(set) var members: [String: Value] = [:]

    /// Where the line stopped being JSON, as a 1-based column, when it did.
    private(set) var errorColumn: Int?
    private(set) var errorMessage: String?

    init(_ line: Substring) {
        let bytes = Array(line.utf8)
        var index = 0
        func skipSpace() { while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09 { index += 1 } }
        func fail(_ message: String) {
            errorColumn = index + 1
            errorMessage = message
        }
        func string() -> String? {
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { return nil }
            index += 1
            var scalars: [UInt8] = []
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") {
                    index += 1
                    return String(decoding: scalars, as: UTF8.self)
                }
                if byte == UInt8(ascii: "\\"), index + 1 < bytes.count {
                    index += 1
                    switch bytes[index] {
                    case UInt8(ascii: "n"): scalars.append(0x0A)
                    case UInt8(ascii: "t"): scalars.append(0x09)
                    case UInt8(ascii: "r"): scalars.append(0x0D)
                    case UInt8(ascii: "b"): scalars.append(0x08)
                    case UInt8(ascii: "f"): scalars.append(0x0C)
                    case UInt8(ascii: "u"):
                        guard index + 4 < bytes.count,
                            let code = UInt32(
                                String(decoding: bytes[(index + 1)...(index + 4)], as: UTF8.self), radix: 16)
                        else { return nil }
                        index += 4
                        let scalar = Unicode.Scalar(code) ?? "\u{FFFD}"
                        scalars.append(contentsOf: Array(String(Character(scalar)).utf8))
                    default: scalars.append(bytes[index])
                    }
                    index += 1
                    continue
                }
                scalars.append(byte)
                index += 1
            }
            return nil
        }
        func skipNested() -> Bool {
            var depth = 0
            var inString = false
            while index < bytes.count {
                let byte = bytes[index]
                index += 1
                if inString {
                    if byte == UInt8(ascii: "\\") {
                        index += 1
                    } else if byte == UInt8(ascii: "\"") {
                        inString = false
                    }
                    continue
                }
                switch byte {
                case UInt8(ascii: "\""): inString = true
                case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth == 0 { return true }
                default: break
                }
            }
            return false
        }
        skipSpace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: "{") else {
            fail("expected a JSON object starting with '{'")
            return
        }
        index += 1
        skipSpace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") { return }
        while true {
            skipSpace()
            guard let key = string() else {
                fail(index >= bytes.count ? "the object is cut short" : "expected a quoted member name")
                return
            }
            skipSpace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
                fail(index >= bytes.count ? "the object is cut short" : "expected ':' after \"\(key)\"")
                return
            }
            index += 1
            skipSpace()
            guard index < bytes.count else {
                fail("the object is cut short")
                return
            }
            let start = index
            switch bytes[index] {
            case UInt8(ascii: "\""):
                guard let value = string() else {
                    fail("the string of \"\(key)\" is not closed")
                    return
                }
                members[key] = .string(value)
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                guard skipNested() else {
                    fail("the value of \"\(key)\" is cut short")
                    return
                }
                members[key] = .nested
            default:
                while index < bytes.count, !",} \t".utf8.contains(bytes[index]) { index += 1 }
                let text = line.utf8.index(line.startIndex, offsetBy: start)
                let end = line.utf8.index(line.startIndex, offsetBy: index)
                let raw = line[text..<end]
                if raw.first == "-" || raw.first?.isNumber == true {
                    members[key] = .number(raw)
                } else if raw == "true" || raw == "false" || raw == "null" {
                    members[key] = .literal(raw)
                } else {
                    index = start
                    fail("expected a value for \"\(key)\"")
                    return
                }
            }
            skipSpace()
            guard index < bytes.count else {
                fail("the object is cut short")
                return
            }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                continue
            }
            if bytes[index] == UInt8(ascii: "}") { return }
            fail("expected ',' or '}'")
            return
        }
    }

    var isValid: Bool { errorColumn == nil }

    func string(_ key: String) -> String? {
        if case .string(let text) = members[key] { return text }
        return nil
    }

    func int64(_ key: String) -> Int64? {
        switch members[key] {
        case .number(let text): return Int64(text) ?? Double(text).flatMap { Int64(exactly: $0.rounded()) }
        case .string(let text): return Int64(text)
        default: return nil
        }
    }

    func double(_ key: String) -> Double? {
        switch members[key] {
        case .number(let text): return Double(text)
        case .string(let text): return Double(text)
        default: return nil
        }
    }
}
