import AssessTestSupport
import Foundation
import Testing

@testable import AssessFormats

/// The simdjson walk must read every line exactly as the Swift walk reads it: the same event,
/// or, for a line it hands back, the Swift walk's own problem. Lines are followed by what a
/// `LineBatch` puts after them: spaces after its last line, the next line (`{`) after the others.
@Suite struct SimdJSONWalkTests {
    let walker = EnvelopeWalker(fields: ChangeFields(key: "id", version: "v"))

    /// `body` over the line's bytes, followed by `LineBatch.padding` bytes of `after`.
    func padded<Result>(_ line: String, after: UInt8, _ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        let bytes = Array(line.utf8)
        return (bytes + [UInt8](repeating: after, count: LineBatch.padding)).withUnsafeBytes { buffer in
            body(UnsafeRawBufferPointer(rebasing: buffer[..<bytes.count]))
        }
    }

    /// The line's event or problem, read by the Swift walk alone or with the simdjson walk first.
    func outcome(_ line: String, simd: Bool, walker: EnvelopeWalker? = nil, after: UInt8 = 0x20) -> String {
        let walker = walker ?? self.walker
        return padded(line, after: after) { bytes in
            var scratch = EnvelopeWalker.Scratch(slots: walker.slotCount, simd: simd)
            do throws(JSONLineScanner.SyntaxError) {
                let event = try walker.record(bytes, line: 1, scratch: &scratch)
                return event.map { "\($0)" } ?? "no event"
            } catch {
                return "problem at \(error.column): \(error.message)"
            }
        }
    }

    /// Whether the simdjson walk read the line itself (true) or handed it back.
    func walkedBySimdjson(_ line: String, walker: EnvelopeWalker? = nil) throws -> Bool {
        let walker = walker ?? self.walker
        let simd = try #require(SimdJSONWalk())
        return padded(line, after: 0x20) { bytes in
            var scratch = EnvelopeWalker.Scratch(slots: walker.slotCount)
            return simd.walk(bytes, tree: walker.tree, into: &scratch)
        }
    }

    static let shapes: [String] = {
        let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/debezium-shapes.jsonl")
        let text = (try? String(contentsOf: fixtures, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").map(String.init)
    }()

    /// Lines a stranger's dump holds: each connector's envelope, the schema/payload wrapper,
    /// flattened records, kcat objects, escapes in names and values, dotted names, spacing.
    static let lines: [String] =
        shapes + [
            pgUpdate,
            "  " + pgUpdate + " \r",
            #"{ "op" : "c" , "after" : { "id" : 1 , "v" : "3" } , "source" : { "connector" : "postgresql" , "lsn" : 9 } }"#,
            #"{"schema":{"type":"struct","fields":[{"field":"id"}]},"payload":{"op":"d","before":{"id":"a\"b","v":2.0},"source":{"connector":"mysql","file":"bin.000003","pos":154,"row":0,"ts_ms":5}}}"#,
            #"{"op":"u","source.lsn":12,"source.connector":"postgresql","after.id":3,"after":{"v":1}}"#,
            #"{"o\u0070":"u","after":{"id":1}}"#,
            #"{"op":"u","after":{"id":[1,2]},"source":{"connector":"postgresql","lsn":1}}"#,
            #"{"op":"r","after":{"id":"caf\u00e9","v":1},"source":{"snapshot":"last","connector":"mongodb","sec":1,"ord":2}}"#,
            #"{"__op":"c","id":5,"v":7,"__lsn":123,"__source_ts_ms":99,"__deleted":"false","__table":"orders"}"#,
            #"{"topic":"shop.public.orders","partition":0,"offset":7,"key":"{\"id\":7}","payload":"{\"op\":\"c\",\"after\":{\"id\":7}}"}"#,
            #"{"op":"u","after":{"id":1},"after":{"id":2},"op":"c"}"#,
            #"{"op":"u","after":{"id":1,"nested":{"deep":[{"a":"}"}]}},"ts_ms":-12.5e3}"#,
            #"{"op":"c","after":null,"before":{"id":true},"transaction":{"id":"tx:1"}}"#,
            #"{}"#, #"{"id":7} "# + pgUpdate, #"{"op":"u"} {"x":1}"#, #"{"op":xyz}"#, #"{"zz":xyz}"#,
            #"{"op":"u""#, #"{"op":"u",}"#, #"{"op":12 34}"#, #"{"op":-}"#, #"{"zz":[1,2,,]}"#, #"[1]"#,
            #"{"op":"u","after":{broken"#, #"{"op":"u\"}"#, "{\"op\":\"\u{1}\"}", #"{"after":{"id":"x"}}"#,
        ]

    /// Lines simdjson's own checks let through, which the Swift walk refuses: a string followed
    /// by `:` (a lost brace), a bare value glued to a quote, `\"` outside a string.
    static let broken: [String] = [
        #"{"schema":"type":"struct"},"payload":{"op":"c"}}"#, #"{"op":"u":1},"after":{"id":5}}"#,
        #"{"a":1,"b":"x":2}}"#, #"{"x":1"a,b","op":"c"}"#, #"{"op":"u","ts_ms":1"2 3"}"#,
        #"{"op":"c","after":{"id":1,"doc":{\"a\":1}},"ts_ms":"x"}"#, #"{"key":{\"id\":7},"op":"c"}"#,
        #"{"op":"c","x":{"a":[}]}}"#, #"{"x":{"a":"b":"c"}},"op":"d"}"#,
    ]

    @Test func readsEveryLineAsTheSwiftWalkReadsIt() {
        #expect(Self.shapes.count > 10, "the shapes fixture is read")
        let plain = EnvelopeWalker(fields: ChangeFields())
        for line in Self.lines + Self.broken {
            for after in [UInt8(0x20), 0x7B, 0x7D] {
                #expect(outcome(line, simd: true, after: after) == outcome(line, simd: false), "\(line)")
                #expect(
                    outcome(line, simd: true, walker: plain, after: after) == outcome(line, simd: false, walker: plain),
                    "\(line)")
            }
        }
        for line in Self.broken {
            #expect(outcome(line, simd: false).hasPrefix("problem"), "\(line)")
        }
    }

    /// The usual records are walked by simdjson (else this suite would compare the Swift walk
    /// with itself); the unusual are handed back.
    @Test func walksPlainRecordsAndHandsBackTheRest() throws {
        #expect(try walkedBySimdjson(pgUpdate))
        #expect(try walkedBySimdjson("  " + pgUpdate + "  "))
        #expect(try walkedBySimdjson(#"{"op":"u","source.lsn":12}"#))
        #expect(try walkedBySimdjson(#"{"op":"r","after":{"id":"caf\u00e9"}}"#))
        for line in [
            #"{"id":7} "# + pgUpdate, #"{"o\u0070":"u"}"#, #"{"op":[1]}"#, #"{"op":xyz}"#, #"{"zz":xyz}"#,
            #"{"op":"u","#, #"{"op":"u",}"#, "[1]", "null", #"{"op":"u\"}"#,
            #"{"schema":{"doc":"a \"b\""},"payload":{"op":"c"}}"#,
        ] + Self.broken {
            #expect(try !walkedBySimdjson(line), "\(line)")
        }
    }

    /// Names past sixteen bytes are compared whole: near misses that share their first sixteen
    /// bytes, or differ only in length, are not the kept name.
    @Test func longNamesAreComparedWhole() throws {
        let long = EnvelopeWalker(
            fields: ChangeFields(key: "customer_reference_number", version: "row_version_counter"))
        let lines = [
            #"{"op":"u","after":{"customer_reference_number":"A-1","row_version_counter":4},"source":{"connector":"postgresql","lsn":3}}"#,
            #"{"op":"u","after":{"customer_reference_numbe":"A-1","customer_reference_numberx":"B","customer_reference_nXmber":"C"}}"#,
            #"{"op":"u","after":{"customer_reference_number":"A-2"},"before":{"row_version_counter":"5","row_version_countex":6}}"#,
            #"{"op":"d","before.customer_reference_number":"A-3","source.event_serial_no":7,"source":{"connector":"sqlserver"}}"#,
        ]
        for line in lines {
            #expect(outcome(line, simd: true, walker: long) == outcome(line, simd: false, walker: long), "\(line)")
        }
        for line in lines { #expect(try walkedBySimdjson(line, walker: long), "\(line)") }
        #expect(outcome(lines[0], simd: true, walker: long).contains(#"key: Optional("A-1")"#))
        #expect(outcome(lines[0], simd: true, walker: long).contains(#"version: Optional("4")"#))
        #expect(outcome(lines[1], simd: true, walker: long).contains("key: nil"))
        #expect(outcome(lines[3], simd: true, walker: long).contains(#"key: Optional("A-3")"#))
    }

    /// Lines broken a byte at a time, as a truncated or hand-edited dump breaks them: whatever
    /// the simdjson walk accepts, the Swift walk reads the same.
    @Test func brokenLinesReadAsTheSwiftWalkReadsThem() {
        var random = SplitMix64(seed: 24)
        func next(_ bound: Int) -> Int { Int.random(in: 0..<bound, using: &random) }
        let alphabet = Array(#"{}[]":,\ a1-.tnu"#.utf8) + [0x0C, 0x0D, 0x0A, 0x00]
        let bases = Self.lines.filter { $0.utf8.count > 20 }
        var compared = 0
        for round in 0..<4_000 {
            var bytes = Array(bases[round % bases.count].utf8)
            for _ in 0..<(1 + next(3)) {
                let at = next(bytes.count)
                switch next(3) {
                case 0: bytes.remove(at: at)
                case 1: bytes.insert(alphabet[next(alphabet.count)], at: at)
                default: bytes[at] = alphabet[next(alphabet.count)]
                }
                if bytes.isEmpty { bytes = [0x7B] }
            }
            let line = String(decoding: bytes, as: UTF8.self)
            guard line.utf8.elementsEqual(bytes) else { continue }
            let after = round % 2 == 0 ? UInt8(0x20) : 0x7B
            #expect(outcome(line, simd: true, after: after) == outcome(line, simd: false), "\(line)")
            compared += 1
        }
        #expect(compared > 3_000)
    }

    @Test(.enabled(if: sharedCorpus != nil, "needs ../shared/corpus"))
    func readsTheCorpusLinesAsTheSwiftWalkReadsThem() throws {
        let dir = try sharedCorpusPath("public/debezium/")
        for name in try FileManager.default.contentsOfDirectory(atPath: dir) where name.hasSuffix(".jsonl") {
            for line in try String(contentsOfFile: dir + name, encoding: .utf8).split(separator: "\n") {
                #expect(outcome(String(line), simd: true) == outcome(String(line), simd: false), "\(name): \(line)")
            }
        }
    }
}
