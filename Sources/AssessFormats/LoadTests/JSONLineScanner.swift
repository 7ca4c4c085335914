import Foundation

/// A forward-only reader of one JSON value in a byte buffer, for streamed JSON lines where
/// building a tree per line would cost more than the whole job. It finds keys, skips what it
/// does not need without decoding it, and decodes strings only when asked.
public struct JSONLineScanner {
    public let bytes: UnsafeRawBufferPointer
    public var position: Int = 0

    /// The first byte (a dummy for an empty line), read without bounds checks: every read
    /// below is guarded by `position < bytes.count` itself.
    let base: UnsafeRawPointer

    public init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
        base = bytes.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!
    }

    /// A string's raw bytes (between the quotes) and whether it holds escapes.
    public struct RawString {
        public var start: Int
        public var end: Int
        public var escaped: Bool
    }

    /// A reason the value is not JSON, with the column (1-based) where it went wrong.
    public struct SyntaxError: Error {
        public var column: Int
        public var message: String
    }

    @inline(__always) func byte(_ index: Int) -> UInt8 { base.load(fromByteOffset: index, as: UInt8.self) }

    @inline(__always) public var atEnd: Bool { position >= bytes.count }

    @inline(__always) public mutating func skipWhitespace() {
        while position < bytes.count {
            let c = byte(position)
            guard c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D else { return }
            position += 1
        }
    }

    func error(_ message: String) -> SyntaxError {
        SyntaxError(column: position + 1, message: atEnd ? "the line ends inside a JSON value" : message)
    }

    @inline(__always) public mutating func expect(_ c: UInt8) throws(SyntaxError) {
        skipWhitespace()
        guard position < bytes.count, byte(position) == c else {
            throw error("expected '\(Character(Unicode.Scalar(c)))'")
        }
        position += 1
    }

    /// Consumes `c` if it is next (after whitespace).
    @inline(__always) public mutating func consume(_ c: UInt8) -> Bool {
        skipWhitespace()
        if position < bytes.count, byte(position) == c {
            position += 1
            return true
        }
        return false
    }

    public mutating func string() throws(SyntaxError) -> RawString {
        try expect(0x22)
        let start = position
        var escaped = false
        // Short strings are the rule here (tag names, values): a plain loop beats a library
        // call, and eight bytes at a time beat one while none is a quote or a backslash.
        while position < bytes.count {
            while position &+ 8 <= bytes.count {
                let word = base.loadUnaligned(fromByteOffset: position, as: UInt64.self).littleEndian
                let quotes = word ^ 0x2222_2222_2222_2222
                let slashes = word ^ 0x5C5C_5C5C_5C5C_5C5C
                // The lowest flagged byte is exact (borrows only spoil bytes above a true hit).
                let hits =
                    ((quotes &- 0x0101_0101_0101_0101) & ~quotes | (slashes &- 0x0101_0101_0101_0101) & ~slashes)
                    & 0x8080_8080_8080_8080
                if hits != 0 {
                    position &+= hits.trailingZeroBitCount >> 3
                    break
                }
                position &+= 8
            }
            guard position < bytes.count else { break }
            let c = byte(position)
            if c == 0x22 {
                position += 1
                return RawString(start: start, end: position - 1, escaped: escaped)
            }
            if c == 0x5C {
                escaped = true
                position += 2
                continue
            }
            position += 1
        }
        position = bytes.count
        throw error("unterminated string")
    }

    /// Whether a raw string is exactly `literal` (ASCII, no escapes).
    @inline(__always) public func equals(_ raw: RawString, _ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard raw.end - raw.start == count, !raw.escaped else { return false }
        return memcmp(base + raw.start, literal.utf8Start, count) == 0
    }

    /// Decodes a raw string, escapes and all.
    public func decode(_ raw: RawString) -> String {
        let slice = UnsafeRawBufferPointer(rebasing: bytes[raw.start..<raw.end])
        guard raw.escaped else { return String(decoding: slice, as: UTF8.self) }
        var quoted = [UInt8]("\"".utf8)
        quoted += slice
        quoted.append(0x22)
        if let value = try? JSONSerialization.jsonObject(with: Data(quoted), options: [.fragmentsAllowed]) as? String {
            return value
        }
        return String(decoding: slice, as: UTF8.self)
    }

    static let powersOfTen: [Double] = (0...22).map { pow(10, Double($0)) }

    /// A number, as a Double. Plain decimals (`121.23`, `-4`, `0.000153`) are read here, exactly
    /// when they have at most 15 significant digits; exponents and longer ones go to `strtod`.
    public mutating func number() throws(SyntaxError) -> Double {
        skipWhitespace()
        let start = position
        var mantissa: Int64 = 0
        var digits = 0
        var fractionDigits = 0
        var negative = false
        if position < bytes.count, byte(position) == 0x2D {
            negative = true
            position += 1
        }
        while position < bytes.count {
            let c = byte(position) &- 0x30
            guard c < 10 else { break }
            mantissa = mantissa &* 10 &+ Int64(c)
            digits += 1
            position += 1
        }
        if position < bytes.count, byte(position) == 0x2E {
            position += 1
            while position < bytes.count {
                let c = byte(position) &- 0x30
                guard c < 10 else { break }
                mantissa = mantissa &* 10 &+ Int64(c)
                digits += 1
                fractionDigits += 1
                position += 1
            }
        }
        let next = position < bytes.count ? byte(position) : 0
        if digits > 0, digits <= 15, next != 0x65, next != 0x45 {
            let value = Double(mantissa) / Self.powersOfTen[fractionDigits]
            return negative ? -value : value
        }
        // Exponents, long digit strings: the C library parses the literal.
        position = start
        while position < bytes.count {
            let c = byte(position)
            guard (c >= 0x30 && c <= 0x39) || c == 0x2D || c == 0x2B || c == 0x2E || c == 0x65 || c == 0x45 else {
                break
            }
            position += 1
        }
        guard position > start, digits > 0 else { throw error("expected a number") }
        var buffer = [CChar](repeating: 0, count: position - start + 1)
        for i in start..<position { buffer[i - start] = CChar(bitPattern: byte(i)) }
        return buffer.withUnsafeMutableBufferPointer { strtod($0.baseAddress!, nil) }
    }

    /// Skips any one value (object, array, string, number, literal).
    public mutating func skipValue() throws(SyntaxError) {
        skipWhitespace()
        guard position < bytes.count else { throw error("expected a value") }
        switch byte(position) {
        case 0x22: _ = try string()
        case 0x7B, 0x5B:
            // Skipped members are most of a change event's bytes: between strings, the scan
            // jumps eight bytes at a time to the next quote or bracket, in a local position.
            var depth = 0
            var at = position
            let count = bytes.count
            while at < count {
                while at &+ 8 <= count {
                    let word = base.loadUnaligned(fromByteOffset: at, as: UInt64.self).littleEndian
                    // `{` and `[` (and `}` and `]`) differ only in the 0x20 bit.
                    let folded = word | 0x2020_2020_2020_2020
                    let opens = folded ^ 0x7B7B_7B7B_7B7B_7B7B
                    let closes = folded ^ 0x7D7D_7D7D_7D7D_7D7D
                    let quotes = word ^ 0x2222_2222_2222_2222
                    // The lowest flagged byte is exact (borrows only spoil bytes above a true hit).
                    let hits =
                        ((opens &- 0x0101_0101_0101_0101) & ~opens | (closes &- 0x0101_0101_0101_0101) & ~closes
                            | (quotes &- 0x0101_0101_0101_0101) & ~quotes) & 0x8080_8080_8080_8080
                    if hits != 0 {
                        at &+= hits.trailingZeroBitCount >> 3
                        break
                    }
                    at &+= 8
                }
                guard at < count else { break }
                let c = byte(at)
                if c == 0x22 {
                    position = at
                    _ = try string()
                    at = position
                    continue
                }
                if c == 0x7B || c == 0x5B { depth += 1 }
                if c == 0x7D || c == 0x5D {
                    depth -= 1
                    if depth == 0 {
                        position = at + 1
                        return
                    }
                }
                at += 1
            }
            position = count
            throw error("unterminated object or array")
        default:
            let start = position
            while position < bytes.count {
                let c = byte(position)
                // Digits, most of a literal's bytes, are told at once.
                if c &- 0x30 < 10 {
                    position += 1
                    continue
                }
                if Self.endsLiteral(c) { break }
                position += 1
            }
            guard position > start else { throw error("expected a value") }
            if !Self.startsLiteral(byte(start)) {
                position = start
                throw error("expected a value")
            }
        }
    }

    /// Whether `byte` ends a bare value: a comma, a closing bracket, or any JSON whitespace (a
    /// pretty-printed document breaks lines after one).
    static func endsLiteral(_ byte: UInt8) -> Bool {
        byte == 0x2C || byte == 0x7D || byte == 0x5D || byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    /// Whether a bare value may start with `byte`: `true`, `false`, `null` or a number.
    static func startsLiteral(_ byte: UInt8) -> Bool {
        byte == 0x74 || byte == 0x66 || byte == 0x6E || byte == 0x2D || (byte >= 0x30 && byte <= 0x39)
    }

    /// Whether the next value is `null` (consumed if so).
    public mutating func null() -> Bool {
        skipWhitespace()
        if position + 4 <= bytes.count, byte(position) == 0x6E, byte(position + 1) == 0x75 {
            position += 4
            return true
        }
        return false
    }

    /// Walks an object's members, calling `body` with each key; `body` must consume the value.
    public mutating func members(_ body: (inout JSONLineScanner, RawString) throws(SyntaxError) -> Void)
        throws(SyntaxError)
    {
        try expect(0x7B)
        if consume(0x7D) { return }
        repeat {
            let key = try string()
            try expect(0x3A)
            try body(&self, key)
        } while consume(0x2C)
        try expect(0x7D)
    }
}
