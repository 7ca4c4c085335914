import AssessTestSupport
import Testing

@testable import AssessFormats

/// `JSONLineScanner.skipValue` against the byte-at-a-time walk it replaced (kept here as the
/// reference): the same end, or the same error at the same column, on hand-written values and
/// on 20,000 seeded random ones built from JSON's awkward pieces (brackets inside strings,
/// escaped quotes, runs longer than eight bytes, values cut short).
@Suite struct JSONLineScannerTests {
    /// Where a skip ended, or why and where it failed.
    enum Outcome: Equatable {
        case ended(Int)
        case failed(column: Int, message: String)
    }

    static func skip(_ text: [UInt8], reference: Bool) -> Outcome {
        text.withUnsafeBytes { bytes in
            var scanner = JSONLineScanner(bytes)
            do throws(JSONLineScanner.SyntaxError) {
                if reference { try scanner.referenceSkipValue() } else { try scanner.skipValue() }
                return .ended(scanner.position)
            } catch {
                return .failed(column: error.column, message: error.message)
            }
        }
    }

    @Test(arguments: [
        #"{"a": 1}"#, #"{"a": {"b": [1, 2, {"c": "}]"}]}, "d": 2}, "rest""#, #"[]"#, #"{}"#,
        #"{"s": "a \"quoted\" {brace} [bracket]"}"#, #"{"long": "abcdefghijklmnopqrstuvwxyz0123456789"}"#,
        #"{"a": [1, 2, 3"#, #"{"a": "unterminated"#, #"{"a": "x\"#, "[[[[[[[[[[]]]]]]]]]]", "[[[[[[[[[[]]]]]]]]]",
        "1714550400005123456,", "-12.5e+3}", "true ", "null]", "x", "", "   ", "\"plain\"", "{\"é\": \"ü{\"}",
        "{\"before\":null,\"after\":{\"order_id\":100001,\"status\":\"PENDING\"},\"op\":\"r\"}, tail",
    ])
    func handWrittenValuesSkipAsBefore(_ text: String) {
        let bytes = Array(text.utf8)
        #expect(Self.skip(bytes, reference: false) == Self.skip(bytes, reference: true))
    }

    @Test func randomValuesSkipAsBefore() {
        let pieces: [String] = [
            "{", "}", "[", "]", "\"", "\\", "\\\"", ",", ":", " ", "\t", "\n", "a", "0", "123456789012", "-1.5e3",
            "true", "null", "\"abc\"", "\"{[]}\"", "\"a\\\"b\"", "\"ABCDEFGHIJKLMNOPQRSTUVWXYZ\"", "é", "\u{1F600}",
            "{\"k\":", "[1,2,3]", "{\"x\":{\"y\":[]}}",
        ]
        var random = SplitMix64(seed: 2026)
        var differing = 0
        for _ in 0..<20_000 {
            var text = ["{", "[", "{\"a\":", "[\"", "1", "\""].randomElement(using: &random)!
            for _ in 0..<Int.random(in: 0..<40, using: &random) { text += pieces.randomElement(using: &random)! }
            let bytes = Array(text.utf8)
            if Self.skip(bytes, reference: false) != Self.skip(bytes, reference: true) { differing += 1 }
        }
        #expect(differing == 0)
    }
}

extension JSONLineScanner {
    /// The skip as it was written before (one byte at a time), the reference for the tests.
    mutating func referenceSkipValue() throws(SyntaxError) {
        skipWhitespace()
        guard position < bytes.count else { throw error("expected a value") }
        switch byte(position) {
        case 0x22: _ = try string()
        case 0x7B, 0x5B:
            var depth = 0
            while position < bytes.count {
                let c = byte(position)
                if c == 0x22 {
                    _ = try string()
                    continue
                }
                if c == 0x7B || c == 0x5B { depth += 1 }
                if c == 0x7D || c == 0x5D {
                    depth -= 1
                    if depth == 0 {
                        position += 1
                        return
                    }
                }
                position += 1
            }
            throw error("unterminated object or array")
        default:
            let start = position
            while position < bytes.count {
                let c = byte(position)
                if JSONLineScanner.endsLiteral(c) { break }
                position += 1
            }
            guard position > start else { throw error("expected a value") }
            if !Self.startsLiteral(byte(start)) {
                position = start
                throw error("expected a value")
            }
        }
    }
}
