import Foundation

/// Splits one CSV line into fields (RFC 4180 quoting: `"a, b"`, doubled quotes inside), with
/// the separator the file uses. Returns nil for a line that ends inside a quoted field.
public enum CSVFields {

    /// A field's place in the line; `quoted` fields need `decode` to drop the quotes.
    public struct Field {
        public var start: Int
        public var end: Int
        public var quoted: Bool
    }

    /// Finds the fields of `line` without copying them, into `fields` (reused between lines).
    /// False when the line ends inside a quoted field.
    public static func ranges(_ line: UnsafeRawBufferPointer, separator: UInt8 = 0x2C, into fields: inout [Field])
        -> Bool
    {
        fields.removeAll(keepingCapacity: true)
        var i = 0
        let n = line.count
        while true {
            if i < n, line[i] == 0x22 {
                let start = i
                i += 1
                var closed = false
                while i < n {
                    if line[i] == 0x22 {
                        if i + 1 < n, line[i + 1] == 0x22 {
                            i += 2
                            continue
                        }
                        closed = true
                        i += 1
                        break
                    }
                    i += 1
                }
                if !closed { return false }
                fields.append(Field(start: start, end: i, quoted: true))
                while i < n, line[i] != separator { i += 1 }
            } else {
                let start = i
                while i < n, line[i] != separator { i += 1 }
                fields.append(Field(start: start, end: i, quoted: false))
            }
            if i >= n { return true }
            i += 1  // the separator
        }
    }

    /// A field's text, quotes removed and doubled quotes undone.
    public static func decode(_ field: Field, in line: UnsafeRawBufferPointer) -> String {
        if !field.quoted {
            return String(decoding: UnsafeRawBufferPointer(rebasing: line[field.start..<field.end]), as: UTF8.self)
        }
        var bytes: [UInt8] = []
        var i = field.start + 1
        while i < field.end {
            let c = line[i]
            if c == 0x22 {
                if i + 1 < field.end, line[i + 1] == 0x22 {
                    bytes.append(0x22)
                    i += 2
                    continue
                }
                break
            }
            bytes.append(c)
            i += 1
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A field read as a number: whole numbers directly, others through Double's parser.
    public static func number(_ field: Field, in line: UnsafeRawBufferPointer) -> Double? {
        guard !field.quoted, field.end > field.start else {
            return field.quoted ? Double(decode(field, in: line).trimmingCharacters(in: .whitespaces)) : nil
        }
        var value: Int64 = 0
        var negative = false
        var i = field.start
        if line[i] == 0x2D {
            negative = true
            i += 1
        }
        var whole = i < field.end && field.end - i <= 18
        while whole, i < field.end {
            let c = line[i] &- 0x30
            if c >= 10 {
                whole = false
                break
            }
            value = value * 10 + Int64(c)
            i += 1
        }
        if whole { return Double(negative ? -value : value) }
        return Double(String(decoding: UnsafeRawBufferPointer(rebasing: line[field.start..<field.end]), as: UTF8.self))
    }

    /// The fields of `line` as strings.
    public static func strings(_ line: UnsafeRawBufferPointer, separator: UInt8 = 0x2C) -> [String]? {
        var fields: [String] = []
        var field: [UInt8] = []
        var quoted = false
        var i = 0
        let n = line.count
        var startOfField = true
        while i < n {
            let c = line[i]
            if quoted {
                if c == 0x22 {
                    if i + 1 < n, line[i + 1] == 0x22 {
                        field.append(0x22)
                        i += 2
                        continue
                    }
                    quoted = false
                } else {
                    field.append(c)
                }
            } else if c == 0x22, startOfField {
                quoted = true
                startOfField = false
            } else if c == separator {
                fields.append(String(decoding: field, as: UTF8.self))
                field.removeAll(keepingCapacity: true)
                startOfField = true
            } else {
                field.append(c)
                startOfField = false
            }
            i += 1
        }
        if quoted { return nil }
        fields.append(String(decoding: field, as: UTF8.self))
        return fields
    }

    public static func strings(_ text: String, separator: UInt8 = 0x2C) -> [String]? {
        var text = text
        return text.withUTF8 { strings(UnsafeRawBufferPointer($0), separator: separator) }
    }
}
