import Foundation

/// Why the scanner stopped, and at which byte.
struct JSONScanError: Error, Sendable {
    var offset: Int
    var message: String
}

/// Bytes of a JSON string as they stand between the quotes (escapes not yet decoded).
struct RawBytes {
    var start: UnsafePointer<UInt8>
    var count: Int
    var escaped: Bool

    @inline(__always)
    static func == (lhs: RawBytes, rhs: StaticString) -> Bool {
        lhs.count == rhs.utf8CodeUnitCount && memcmp(lhs.start, rhs.utf8Start, lhs.count) == 0
    }
}

/// A pull scanner over JSON bytes, for trace files that run to hundreds of megabytes: readers
/// walk the document key by key and build spans directly, with no tree in between. It checks
/// the grammar as it goes and reports the byte offset of the first thing that is not JSON.
struct JSONScanner {
    let base: UnsafePointer<UInt8>
    let end: Int
    var pos: Int
    /// Nesting depth while skipping or reading nested values, bounded against hostile input.
    static let maximumDepth = 128

    init(_ base: UnsafePointer<UInt8>, start: Int = 0, end: Int) {
        self.base = base
        self.pos = start
        self.end = end
    }

    func fail(_ message: String, at offset: Int? = nil) -> JSONScanError {
        JSONScanError(offset: min(offset ?? pos, end), message: message)
    }

    /// What the scanner found, for messages: `'x'` or `the end of the input`.
    func found(at offset: Int) -> String {
        guard offset < end else { return "the end of the input" }
        let byte = base[offset]
        return byte >= 0x20 && byte < 0x7F ? "'\(Character(UnicodeScalar(byte)))'" : String(format: "byte 0x%02X", byte)
    }

    @inline(__always)
    mutating func skipSpace() {
        while pos < end {
            let byte = base[pos]
            guard byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 else { return }
            pos += 1
        }
    }

    /// The next significant byte, or nil at the end.
    @inline(__always)
    mutating func peek() -> UInt8? {
        skipSpace()
        return pos < end ? base[pos] : nil
    }

    @inline(__always)
    mutating func expect(_ byte: UInt8, _ what: String) throws(JSONScanError) {
        skipSpace()
        guard pos < end, base[pos] == byte else { throw fail("expected \(what), found \(found(at: pos))") }
        pos += 1
    }

    mutating func beginObject() throws(JSONScanError) { try expect(UInt8(ascii: "{"), "'{'") }
    mutating func beginArray() throws(JSONScanError) { try expect(UInt8(ascii: "["), "'['") }

    /// The next key of the object being read, positioned at its value; nil after the closing brace.
    @inline(__always)
    mutating func nextKey(_ first: inout Bool) throws(JSONScanError) -> RawBytes? {
        skipSpace()
        guard pos < end else { throw fail("the input ends inside an object (expected '}')") }
        if base[pos] == UInt8(ascii: "}") {
            pos += 1
            return nil
        }
        if first {
            first = false
        } else {
            guard base[pos] == UInt8(ascii: ",") else { throw fail("expected ',' or '}', found \(found(at: pos))") }
            pos += 1
            skipSpace()
        }
        guard pos < end, base[pos] == UInt8(ascii: "\"") else {
            throw fail("expected a key in quotes, found \(found(at: pos))")
        }
        let key = try rawString()
        try expect(UInt8(ascii: ":"), "':' after a key")
        skipSpace()
        return key
    }

    /// Whether the array being read has another element (positioned at it).
    @inline(__always)
    mutating func nextElement(_ first: inout Bool) throws(JSONScanError) -> Bool {
        skipSpace()
        guard pos < end else { throw fail("the input ends inside an array (expected ']')") }
        if base[pos] == UInt8(ascii: "]") {
            pos += 1
            return false
        }
        if first {
            first = false
        } else {
            guard base[pos] == UInt8(ascii: ",") else { throw fail("expected ',' or ']', found \(found(at: pos))") }
            pos += 1
            skipSpace()
        }
        return true
    }

    /// A string's raw bytes; the scanner must be at its opening quote.
    @inline(__always)
    mutating func rawString() throws(JSONScanError) -> RawBytes {
        let open = pos
        pos += 1
        let start = pos
        var escaped = false
        while pos < end {
            pos = Self.plainRun(base, from: pos, end: end)
            guard pos < end else { break }
            let byte = base[pos]
            if byte == UInt8(ascii: "\"") {
                let raw = RawBytes(start: base + start, count: pos - start, escaped: escaped)
                pos += 1
                return raw
            }
            if byte == UInt8(ascii: "\\") {
                escaped = true
                pos += 2
                continue
            }
            if byte < 0x20 { throw fail("a control character inside a string (escape it)", at: pos) }
            pos += 1
        }
        throw fail("the string opened here is never closed", at: open)
    }

    /// Where the run of bytes that need no attention inside a string ends: the first quote,
    /// backslash or control character at or after `from` (or where fewer than eight bytes are
    /// left). Eight bytes at a time: ids and names are 16 to 40 bytes long, and a byte loop
    /// spends most of the read there.
    @inline(__always)
    static func plainRun(_ base: UnsafePointer<UInt8>, from start: Int, end: Int) -> Int {
        var pos = start
        let raw = UnsafeRawPointer(base)
        while pos + 8 <= end {
            let word = raw.loadUnaligned(fromByteOffset: pos, as: UInt64.self)
            let quotes = word ^ 0x2222_2222_2222_2222
            let slashes = word ^ 0x5C5C_5C5C_5C5C_5C5C
            // The lowest flagged byte is exact (borrows only spoil bytes above a true hit).
            let zeroQuote = (quotes &- 0x0101_0101_0101_0101) & ~quotes
            let zeroSlash = (slashes &- 0x0101_0101_0101_0101) & ~slashes
            let control = (word &- 0x2020_2020_2020_2020) & ~word
            let hits = (zeroQuote | zeroSlash | control) & 0x8080_8080_8080_8080
            if hits != 0 { return pos + hits.trailingZeroBitCount >> 3 }
            pos += 8
        }
        return pos
    }

    /// The string at the scanner, or nil (and the scanner moves on) when the value is not a string.
    mutating func stringBytes() throws(JSONScanError) -> RawBytes? {
        skipSpace()
        guard pos < end, base[pos] == UInt8(ascii: "\"") else { return nil }
        return try rawString()
    }

    /// Reads a string value; `what` names it in the error when the value is something else.
    mutating func string(_ what: String) throws(JSONScanError) -> RawBytes {
        skipSpace()
        guard pos < end, base[pos] == UInt8(ascii: "\"") else {
            throw fail("expected a string for \(what), found \(found(at: pos))")
        }
        return try rawString()
    }

    /// Whether the value at the scanner is `null` (consumed if so).
    mutating func takeNull() -> Bool {
        skipSpace()
        if pos + 4 <= end, base[pos] == UInt8(ascii: "n"), base[pos + 1] == UInt8(ascii: "u"),
            base[pos + 2] == UInt8(ascii: "l"), base[pos + 3] == UInt8(ascii: "l")
        {
            pos += 4
            return true
        }
        return false
    }

    mutating func bool() throws(JSONScanError) -> Bool {
        skipSpace()
        if pos + 4 <= end, memcmp(base + pos, "true", 4) == 0 {
            pos += 4
            return true
        }
        if pos + 5 <= end, memcmp(base + pos, "false", 5) == 0 {
            pos += 5
            return false
        }
        throw fail("expected true or false, found \(found(at: pos))")
    }

    /// The bytes of a number token, checked against JSON's grammar loosely (digits, sign, dot, exponent).
    mutating func numberToken() throws(JSONScanError) -> RawBytes {
        skipSpace()
        let start = pos
        while pos < end {
            let byte = base[pos]
            let isNumberByte =
                (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "-")
                || byte == UInt8(ascii: "+") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e")
                || byte == UInt8(ascii: "E")
            guard isNumberByte else { break }
            pos += 1
        }
        guard pos > start else { throw fail("expected a number, found \(found(at: start))", at: start) }
        return RawBytes(start: base + start, count: pos - start, escaped: false)
    }

    /// A 64-bit integer written as a number or, as protobuf's JSON mapping writes int64, a string.
    mutating func int64(_ what: String) throws(JSONScanError) -> Int64 {
        skipSpace()
        let start = pos
        // The common case in one pass: up to 19 plain digits, quoted or not, that fit an Int64
        // (nanoseconds since the epoch have 19). Anything else takes the general path below.
        var at = pos
        let quoted = at < end && base[at] == UInt8(ascii: "\"")
        if quoted { at += 1 }
        let first = at
        var value: UInt64 = 0
        while at < end, at - first < 19 {
            let digit = base[at] &- UInt8(ascii: "0")
            guard digit < 10 else { break }
            value = value &* 10 &+ UInt64(digit)
            at += 1
        }
        if at > first, at < end, value <= UInt64(Int64.max) {
            let next = base[at]
            let ends =
                quoted
                ? next == UInt8(ascii: "\"")
                : !(next &- UInt8(ascii: "0") < 10 || next == UInt8(ascii: ".") || next == UInt8(ascii: "e")
                    || next == UInt8(ascii: "E") || next == UInt8(ascii: "+") || next == UInt8(ascii: "-"))
            if ends {
                pos = quoted ? at + 1 : at
                return Int64(value)
            }
        }
        let raw: RawBytes
        if pos < end, base[pos] == UInt8(ascii: "\"") {
            raw = try rawString()
        } else {
            raw = try numberToken()
        }
        if let value = Self.parseInt64(raw) { return value }
        if let value = Self.parseDouble(raw), value.isFinite, abs(value) < 9.2e18, value.rounded() == value {
            return Int64(value)
        }
        throw fail(
            "expected an integer for \(what), found '\(String(decoding: UnsafeBufferPointer(start: raw.start, count: min(raw.count, 40)), as: UTF8.self))'",
            at: start)
    }

    /// A number written as a number or a string (`"NaN"`, `"Infinity"` in protobuf JSON).
    mutating func double(_ what: String) throws(JSONScanError) -> Double {
        skipSpace()
        let start = pos
        let raw: RawBytes
        if pos < end, base[pos] == UInt8(ascii: "\"") {
            raw = try rawString()
        } else {
            raw = try numberToken()
        }
        if let value = Self.parseDouble(raw) { return value }
        throw fail("expected a number for \(what)", at: start)
    }

    @inline(__always)
    static func parseInt64(_ raw: RawBytes) -> Int64? {
        var index = 0
        var negative = false
        if raw.count > 0, raw.start[0] == UInt8(ascii: "-") {
            negative = true
            index = 1
        }
        guard index < raw.count, raw.count - index <= 19 else { return nil }
        var value: Int64 = 0
        while index < raw.count {
            let digit = raw.start[index] &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times.addingReportingOverflow(Int64(digit))
            if overflow1 || overflow2 { return nil }
            value = sum
            index += 1
        }
        return negative ? -value : value
    }

    static func parseDouble(_ raw: RawBytes) -> Double? {
        if let int = parseInt64(raw) { return Double(int) }
        guard raw.count > 0, raw.count < 64 else { return nil }
        let text = String(decoding: UnsafeBufferPointer(start: raw.start, count: raw.count), as: UTF8.self)
        switch text {
        case "NaN": return .nan
        case "Infinity": return .infinity
        case "-Infinity": return -.infinity
        default: return Double(text)
        }
    }

    /// Skips one value of any type, checking it is well formed.
    mutating func skipValue(depth: Int = 0) throws(JSONScanError) {
        guard depth < Self.maximumDepth else { throw fail("nested more than \(Self.maximumDepth) levels deep") }
        skipSpace()
        guard pos < end else { throw fail("expected a value, found the end of the input") }
        switch base[pos] {
        case UInt8(ascii: "\""): _ = try rawString()
        case UInt8(ascii: "{"):
            pos += 1
            var first = true
            while try nextKey(&first) != nil { try skipValue(depth: depth + 1) }
        case UInt8(ascii: "["):
            pos += 1
            var first = true
            while try nextElement(&first) { try skipValue(depth: depth + 1) }
        case UInt8(ascii: "t"), UInt8(ascii: "f"): _ = try bool()
        case UInt8(ascii: "n"):
            guard takeNull() else { throw fail("expected a value, found \(found(at: pos))") }
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): _ = try numberToken()
        default: throw fail("expected a value, found \(found(at: pos))")
        }
    }

    /// Decodes a string's escapes (`\n`, `\u00e9`, surrogate pairs); invalid UTF-8 is repaired.
    static func decode(_ raw: RawBytes) -> String {
        let buffer = UnsafeBufferPointer(start: raw.start, count: raw.count)
        guard raw.escaped else { return String(decoding: buffer, as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var index = 0
        func hex4(_ at: Int) -> UInt32? {
            guard at + 4 <= raw.count else { return nil }
            var value: UInt32 = 0
            for offset in 0..<4 {
                guard let digit = hexDigit(raw.start[at + offset]) else { return nil }
                value = value << 4 | UInt32(digit)
            }
            return value
        }
        func append(_ scalar: UInt32) {
            guard let unicode = Unicode.Scalar(scalar) else {
                out += [0xEF, 0xBF, 0xBD]
                return
            }
            out += Array(String(Character(unicode)).utf8)
        }
        while index < raw.count {
            let byte = raw.start[index]
            guard byte == UInt8(ascii: "\\"), index + 1 < raw.count else {
                out.append(byte)
                index += 1
                continue
            }
            let escape = raw.start[index + 1]
            index += 2
            switch escape {
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "u"):
                guard let unit = hex4(index) else {
                    out.append(UInt8(ascii: "?"))
                    continue
                }
                index += 4
                if unit >= 0xD800, unit < 0xDC00, index + 6 <= raw.count, raw.start[index] == UInt8(ascii: "\\"),
                    raw.start[index + 1] == UInt8(ascii: "u"), let low = hex4(index + 2), low >= 0xDC00, low < 0xE000
                {
                    index += 6
                    append(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))
                } else {
                    append(unit)
                }
            default: out.append(escape)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

@inline(__always)
func hexDigit(_ byte: UInt8) -> UInt8? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
    default: return nil
    }
}

/// Turns byte offsets into 1-based lines and columns, counting newlines once as offsets grow.
struct LineCounter {
    let base: UnsafePointer<UInt8>
    let end: Int
    private var counted = 0
    private var line = 1
    private var lineStart = 0

    init(_ base: UnsafePointer<UInt8>, end: Int, firstLine: Int = 1) {
        self.base = base
        self.end = end
        self.line = firstLine
    }

    mutating func position(of offset: Int) -> (line: Int, column: Int) {
        let offset = min(max(0, offset), end)
        if offset < counted {
            let firstLine = line - newlines(from: 0, to: counted)
            counted = 0
            line = firstLine
            lineStart = 0
        }
        var index = counted
        while index < offset {
            guard let hit = memchr(base + index, 0x0A, offset - index) else { break }
            let at = UnsafePointer<UInt8>(hit.assumingMemoryBound(to: UInt8.self)) - base
            line += 1
            lineStart = at + 1
            index = at + 1
        }
        counted = offset
        return (line, offset - lineStart + 1)
    }

    private func newlines(from start: Int, to stop: Int) -> Int {
        var count = 0
        for index in start..<stop where base[index] == 0x0A { count += 1 }
        return count
    }
}

/// Keeps one copy of each short string a file repeats (service names, attribute keys, `GET`),
/// so a million spans share a few thousand strings instead of holding millions of copies.
/// Candidates are compared against a flat copy of their bytes, so a lookup touches no `String`
/// until it hits.
struct StringInterner {
    private var slots: [Int32]
    private var hashes: [UInt64] = []
    private var strings: [String] = []
    /// Each kept string's bytes, back to back; `offsets[i]..<offsets[i + 1]` is string `i`.
    private var bytes: [UInt8] = []
    private var offsets: [Int32] = [0]
    private var mask: Int
    /// Past this many distinct strings new ones are no longer kept (unique values such as
    /// URLs with ids would only fill the table).
    static let capacity = 1 << 16
    static let longest = 96

    init() {
        slots = Array(repeating: -1, count: 1 << 12)
        mask = (1 << 12) - 1
    }

    /// A quick 64-bit hash, eight bytes at a time: for tables whose hits are confirmed byte by byte.
    @inline(__always)
    static func hash(_ start: UnsafePointer<UInt8>, _ count: Int) -> UInt64 {
        let raw = UnsafeRawPointer(start)
        var hash: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(truncatingIfNeeded: count)
        var index = 0
        while index + 8 <= count {
            hash = (hash ^ raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)) &* 0xFF51_AFD7_ED55_8CCD
            hash ^= hash >> 32
            index += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while index < count {
            tail |= UInt64(start[index]) << shift
            shift += 8
            index += 1
        }
        hash = (hash ^ tail) &* 0xC4CE_B9FE_1A85_EC53
        return hash ^ (hash >> 29)
    }

    mutating func string(_ raw: RawBytes) -> String {
        guard !raw.escaped, raw.count <= Self.longest else { return JSONScanner.decode(raw) }
        let hash = Self.hash(raw.start, raw.count)
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let index = Int(slots[slot])
            if index < 0 { break }
            if hashes[index] == hash {
                let from = Int(offsets[index])
                let same = bytes.withUnsafeBufferPointer { kept in
                    Int(offsets[index + 1]) - from == raw.count
                        && memcmp(kept.baseAddress! + from, raw.start, raw.count) == 0
                }
                if same { return strings[index] }
            }
            slot = (slot + 1) & mask
        }
        let made = String(decoding: UnsafeBufferPointer(start: raw.start, count: raw.count), as: UTF8.self)
        guard strings.count < Self.capacity else { return made }
        slots[slot] = Int32(strings.count)
        strings.append(made)
        hashes.append(hash)
        bytes.append(contentsOf: UnsafeBufferPointer(start: raw.start, count: raw.count))
        offsets.append(Int32(bytes.count))
        if strings.count * 2 > slots.count { grow() }
        return made
    }

    private mutating func grow() {
        let size = slots.count * 2
        slots = Array(repeating: -1, count: size)
        mask = size - 1
        for (index, hash) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: hash) & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(index)
        }
    }
}

/// Ids as the formats write them: hex (OTLP, Jaeger, Zipkin; 16 or 32 digits, fewer when an old
/// exporter dropped leading zeros) or base64 (pre-1.0 OTLP exporters, old Tempo).
enum TraceIDText {
    static func traceID(_ raw: RawBytes) -> TraceID? {
        if raw.count == 32, let a = hex8(raw.start), let b = hex8(raw.start + 8), let c = hex8(raw.start + 16),
            let d = hex8(raw.start + 24)
        {
            return TraceID(high: UInt64(a) << 32 | UInt64(b), low: UInt64(c) << 32 | UInt64(d))
        }
        if let (high, low) = hex128(raw) { return TraceID(high: high, low: low) }
        guard let bytes = base64(raw), bytes.count == 16 || bytes.count == 8 else { return nil }
        let value = bytes.reduce(into: (UInt64(0), UInt64(0))) { acc, byte in
            acc.0 = acc.0 << 8 | acc.1 >> 56
            acc.1 = acc.1 << 8 | UInt64(byte)
        }
        return TraceID(high: value.0, low: value.1)
    }

    static func spanID(_ raw: RawBytes) -> SpanID? {
        if raw.count == 16, let high = hex8(raw.start), let low = hex8(raw.start + 8) {
            return SpanID(UInt64(high) << 32 | UInt64(low))
        }
        if raw.count <= 16, let (high, low) = hex128(raw), high == 0 { return SpanID(low) }
        guard let bytes = base64(raw), bytes.count == 8 else { return nil }
        return SpanID(bytes.reduce(UInt64(0)) { $0 << 8 | UInt64($1) })
    }

    /// Eight hex digits (either case) at `start` as a number, or nil if any is not a hex digit;
    /// all eight at once, as one 64-bit word (the byte tricks are Sean Anderson's "Bit
    /// Twiddling Hacks": `hasbetween`, exact per byte for ASCII).
    @inline(__always)
    static func hex8(_ start: UnsafePointer<UInt8>) -> UInt32? {
        let word = UnsafeRawPointer(start).loadUnaligned(as: UInt64.self).littleEndian
        let ones: UInt64 = 0x0101_0101_0101_0101
        let high: UInt64 = 0x8080_8080_8080_8080
        guard word & high == 0 else { return nil }
        let lower = word | 0x2020_2020_2020_2020  // 'A'…'F' → 'a'…'f'; digits unchanged
        func between(_ x: UInt64, _ m: UInt64, _ n: UInt64) -> UInt64 {
            let low7 = x & (ones &* 127)
            return ((ones &* (127 + n)) &- low7) & ~x & (low7 &+ ones &* (127 - m)) & high
        }
        let digits = between(lower, 0x2F, 0x3A)
        let letters = between(lower, 0x60, 0x67)
        guard digits | letters == high else { return nil }
        // Each byte's value: the low nibble, plus 9 for letters (bit 6 set).
        var x = (word & (ones &* 0x0F)) &+ ((word >> 6) & ones) &* 9
        // Bytes hold digits first-to-last from the low end: pack pairs, then quads, then halves.
        x = ((x & 0x00FF_00FF_00FF_00FF) << 4) | ((x >> 8) & 0x00FF_00FF_00FF_00FF)
        x = ((x & 0x0000_FFFF_0000_FFFF) << 8) | ((x >> 16) & 0x0000_FFFF_0000_FFFF)
        x = ((x & 0x0000_0000_FFFF_FFFF) << 16) | (x >> 32)
        return UInt32(truncatingIfNeeded: x)
    }

    @inline(__always)
    static func hex128(_ raw: RawBytes) -> (UInt64, UInt64)? {
        guard raw.count > 0, raw.count <= 32 else { return nil }
        var high: UInt64 = 0
        var low: UInt64 = 0
        for index in 0..<raw.count {
            guard let digit = hexDigit(raw.start[index]) else { return nil }
            high = high << 4 | low >> 60
            low = low << 4 | UInt64(digit)
        }
        return (high, low)
    }

    static func base64(_ raw: RawBytes) -> [UInt8]? {
        guard raw.count == 24 || raw.count == 12 || raw.count == 16 || raw.count == 11 || raw.count == 22 else {
            return nil
        }
        let text = String(decoding: UnsafeBufferPointer(start: raw.start, count: raw.count), as: UTF8.self)
        var padded = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while padded.count % 4 != 0 { padded += "=" }
        return Data(base64Encoded: padded).map { [UInt8]($0) }
    }
}
