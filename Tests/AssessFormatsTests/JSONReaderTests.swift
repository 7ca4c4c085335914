import AssessFormats
import AssessTestSupport
import AssessYAML
import Foundation
import Testing

@Suite struct JSONReaderTests {
    let reader = JSONReader()

    @Test func valuesCarryTheirLineAndColumn() throws {
        let root = try reader.parse(
            "{\n  \"a\": [1, 2.5e1, true, null],\n  \"é\": \"x\\u00e9\\n\", \"b\": {}\n}", file: "f.json")
        #expect(root["a"]?[1]?.double == 25)
        #expect(root["a"]?[1]?.location == SourceLocation(file: "f.json", line: 2, column: 12))
        #expect(root["a"]?[2]?.bool == true)
        #expect(root["a"]?[3]?.isNull == true)
        #expect(root["é"]?.string == "xé\n")
        #expect(root["b"]?.location.column == 26)  // characters, not bytes: "é" is two bytes
    }

    @Test func stringsStayStringsEvenWhenTheyLookLikeNumbers() throws {
        let root = try reader.parse(#"{"startTimeUnixNano": "1700000000000000000", "n": 3}"#, file: "f.json")
        #expect(root["startTimeUnixNano"]?.int == nil)
        #expect(root["startTimeUnixNano"]?.string == "1700000000000000000")
        #expect(root["n"]?.int == 3)
    }

    @Test func surrogatePairsDecode() throws {
        #expect(try reader.parse(#""\ud83d\ude80""#, file: "f.json").string == "🚀")
    }

    /// Found by `make fuzz TARGET=json`: a high surrogate followed by an escape that is not a
    /// low surrogate overflowed (a trap, ending the process) when the pair was joined.
    @Test func aHighSurrogateBeforeAnotherEscapeIsReplacedNotJoined() throws {
        #expect(try reader.parse(#""\uDAfa\u0041""#, file: "f.json").string == "\u{FFFD}A")
        #expect(try reader.parse(#""\ud83d\ud83d\ude80""#, file: "f.json").string == "\u{FFFD}🚀")
        // The fuzzer's own input: an unclosed object of such escapes and stray bytes is an error
        // with its place, not a crash.
        let crash: [UInt8] = [
            123, 34, 122, 118, 78, 70, 92, 117, 68, 65, 102, 97, 117, 148, 139, 122, 118, 116, 116, 70, 92, 117, 68, 65,
            102, 97, 117, 148, 139, 122, 118, 116, 70, 97, 117, 148, 139, 122, 118, 116, 70, 92, 117, 68, 65, 102, 97,
            92, 117, 68, 65, 102, 97, 117, 70, 92, 117, 70, 92, 117, 68, 92, 117, 68, 65, 102, 97, 117, 70, 92, 117, 68,
            65, 102, 97, 117, 148, 182, 118,
        ]
        #expect(throws: DiagnosticError.self) {
            try reader.parse(String(decoding: crash, as: UTF8.self), file: "f.json")
        }
    }

    @Test(arguments: [
        ("{\"a\": 1,}", "f.json:1:9: error: expected a string key in object (started at 1:1), found '}'"),
        ("[1 2]", "f.json:1:4: error: expected ',' or ']' in array (started at 1:1), found '2'"),
        ("{\"a\": tru}", "f.json:1:7: error: expected a JSON value, found 't'"),
        ("\"open", "f.json:1:1: error: string is not closed"),
        ("[1] x", "f.json:1:5: error: unexpected text after the JSON value"),
        ("", "f.json:1:1: error: expected a JSON value, found end of file"),
        ("[1.]", "f.json:1:4: error: expected digits after '.' in number"),
        ("[012]", "f.json:1:2: error: numbers may not start with a leading zero"),
    ])
    func malformedInputIsAnErrorWithItsLocation(_ text: String, _ expected: String) throws {
        let error = try #require(throws: DiagnosticError.self) { try reader.parse(text, file: "f.json") }
        #expect(error.diagnostics.map(\.description) == [expected])
    }

    @Test func deepNestingIsRefused() throws {
        let text = String(repeating: "[", count: 600) + String(repeating: "]", count: 600)
        let error = try #require(throws: DiagnosticError.self) { try reader.parse(text, file: "f.json") }
        #expect(error.diagnostics[0].message == "nesting deeper than 512 levels")
    }

    /// Every JSON file k6 wrote in the shared corpus parses, and agrees with Foundation on its keys.
    @Test(.enabled(if: sharedCorpus != nil, "../shared/corpus is absent: real k6 outputs not checked"))
    func readsRealK6Outputs() throws {
        let folder = try sharedCorpusPath("public/k6")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".json") }
        #expect(files.count >= 3)
        for file in files {
            let data = try #require(FileManager.default.contents(atPath: folder + "/" + file))
            let root = try reader.parse(String(decoding: data, as: UTF8.self), file: file)
            let foundation = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            #expect(Set(root.mapping?.compactMap(\.key.string) ?? []) == Set(foundation.keys), "\(file)")
        }
        let legacy = try reader.parse(
            String(
                decoding: try #require(
                    FileManager.default.contents(atPath: folder + "/summary-export_legacy_k6-test-expected.json")),
                as: UTF8.self),
            file: "summary.json")
        let p95 = try NodeQuery("$.metrics.my_trend['p(95)']").select(in: legacy)
        #expect(p95.map(\.double) == [19.5])
    }
}

@Suite struct NodeQueryTests {
    let doc = try! YAMLParser().parse(
        """
        metrics:
          http_req_duration: { avg: 10, "p(95)": 20 }
          checks: [ { name: a, rate: 1 }, { name: b, rate: 0.5 } ]
        paths:
          /v1/orders: { get: { operationId: list } }
        """, file: "d.yaml")

    @Test(arguments: [
        ("$.metrics.http_req_duration.avg", ["10"]),
        ("$.metrics.http_req_duration['p(95)']", ["20"]),
        ("$.metrics.http_req_duration[\"p(95)\"]", ["20"]),
        ("$.metrics.checks[1].name", ["b"]),
        ("$.metrics.checks[-1].name", ["b"]),
        ("$.metrics.checks[*].rate", ["1", "0.5"]),
        ("$.metrics.checks.*.name", ["a", "b"]),
        ("$..operationId", ["list"]),
        ("$.paths['/v1/orders'].get.operationId", ["list"]),
        ("metrics.http_req_duration.avg", ["10"]),
        ("$.metrics.nothing", []),
    ])
    func selects(_ path: String, _ expected: [String]) throws {
        #expect(try NodeQuery(path).select(in: doc).compactMap(\.scalarText) == expected)
    }

    @Test func rejectsMalformedPaths() {
        #expect(throws: NodeQueryError.self) { try NodeQuery("$.a[") }
        #expect(throws: NodeQueryError.self) { try NodeQuery("$.a[x]") }
        #expect(throws: NodeQueryError.self) { try NodeQuery("$.") }
        #expect(throws: NodeQueryError.self) { try NodeQuery("$.a['b") }
    }

    @Test func prefixesWriteBackAsPaths() throws {
        let query = try NodeQuery("$.metrics.http_req_duration['p(95)']")
        #expect(query.prefix(2).text == "$.metrics.http_req_duration")
        #expect(query.prefix(3).text == "$.metrics.http_req_duration['p(95)']")
    }
}
