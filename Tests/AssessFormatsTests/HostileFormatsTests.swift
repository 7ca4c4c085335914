import AssessFormats
import AssessYAML
import Foundation
import Testing

/// The readers' budgets on their own, on inputs built to break them: each case would crash,
/// hang or exhaust memory without its budget, and each asserts the problem it reports.
@Suite struct HostileFormatsTests {
    // MARK: Markdown

    @Test func deepEmphasisKeepsItsTextAndLinks() {
        let n = 20_000
        let text =
            "# Intro\n\n" + String(repeating: "*a **a ", count: n) + "[deep](x.md)"
            + String(repeating: " a** a*", count: n) + "\n"
        let document = MarkdownParser().parse(text, file: "deep.md")
        #expect(document.sections.first?.title == "Intro")
        #expect(document.links.map(\.destination) == ["x.md"])
        #expect(document.links.first?.text == "deep")
        guard case .paragraph(let paragraph)? = document.sections.first?.blocks.first else {
            Issue.record("no paragraph")
            return
        }
        #expect(paragraph.text.contains("a a deep a a"), "\(paragraph.text.suffix(80))")
    }

    @Test func nestedLinkTextIsTheLinkOwn() {
        let document = MarkdownParser().parse("See [the *ADR* `0001`](adr/0001.md) and ![logo](l.png).\n", file: "d.md")
        #expect(document.links.map(\.text) == ["the ADR 0001", "logo"])
        #expect(document.links.map(\.isImage) == [false, true])
    }

    @Test func aWideTableIsLeftOutWithAProblemAtItsHeader() {
        let columns = 5_000
        let text =
            "# Services\n\n|" + String(repeating: "a|", count: columns) + "\n|"
            + String(repeating: "-|", count: columns)
            + "\n" + String(repeating: "x\n", count: 1_000) + "\n| Service | Owner |\n| --- | --- |\n| orders | a |\n"
        let clock = ContinuousClock()
        var document: MarkdownDocument?
        let elapsed = clock.measure { document = MarkdownParser().parse(text, file: "wide.md") }
        #expect(elapsed < .seconds(5))
        #expect(document?.tables.count == 1)
        #expect(document?.tables.first?.header.map(\.text) == ["Service", "Owner"])
        let problem = document?.frontMatterProblems.first
        #expect(problem?.location?.line == 3)
        #expect(problem?.message.contains("5000 columns over 1000 rows") == true, "\(problem?.message ?? "")")
    }

    /// A Windows editor's CRLF line ends: "\r\n" is one `Character`, so a split on the character
    /// "\n" saw one long line and let the wide table through to cmark.
    @Test func aWideTableWithCRLFLineEndsIsRefusedToo() {
        let columns = 5_000
        let text =
            ([
                "# Services", "", "|" + String(repeating: "a|", count: columns),
                "|" + String(repeating: "-|", count: columns),
            ] + Array(repeating: "x", count: 1_000)
            + ["", "| Service | Owner |", "| --- | --- |", "| orders | a |", ""]).joined(separator: "\r\n")
        let (defused, problems) = MarkdownTableBudget().apply(to: text, file: "wide.md")
        #expect(problems.count == 1)
        #expect(problems.first?.location?.line == 3)
        // Only the delimiter row (with its "\r") is blanked: every other line is kept.
        #expect(defused.utf8.count == text.utf8.count - (2 * columns + 1) - 1)
        #expect(defused.hasSuffix("| Service | Owner |\r\n| --- | --- |\r\n| orders | a |\r\n"))
        let document = MarkdownParser().parse(text, file: "wide.md")
        #expect(document.tables.map(\.header.count) == [2])
    }

    // MARK: Numbers past the range of an integer (found by the jmeter and debezium fuzz targets)

    /// A JMeter result whose second sample is stamped 1e300: the timeline second was converted
    /// with `Int(_:)`, which traps past `Int.max` and ended `assess` (exit 132).
    @Test func aJMeterTimestampPastIntMaxIsReadNotATrap() throws {
        let header =
            "timeStamp,elapsed,label,responseCode,responseMessage,threadName,dataType,success,failureMessage,bytes,"
            + "sentBytes,grpThreads,allThreads,URL,Latency,IdleTime,Connect\n"
        let row = ",192,JR-OK,200,Good request,Thread Group 1-1,text,true,,18,8,1,1,null,0,0,0\n"
        let text = header + "1551783627191" + row + "1e300" + row + "-1e300" + row + "nan" + row
        let run = try LoadTestFormats.read(LoadTestSource(file: "results.jtl", text: text))
        #expect(run.metrics["http_req_duration"]?.count == 4)
    }

    /// A change event whose `ts_ms` is 1e300: its capture lag went into the latency histogram
    /// through `UInt64(_:)`, which traps past `UInt64.max`. Huge lags are clamped to the
    /// histogram's hour; the exact extremes are kept.
    @Test func aLagPastUInt64MaxIsClampedNotATrap() {
        var histogram = LatencyHistogram()
        histogram.record(milliseconds: 1e300)
        histogram.record(milliseconds: .greatestFiniteMagnitude)
        histogram.record(milliseconds: 12)
        #expect(histogram.count == 3)
        #expect(histogram.max == .greatestFiniteMagnitude)
        #expect(histogram.percentile(100) ?? 0 >= 3_599_000)
        #expect(Int(saturating: 1e300) == .max && Int(saturating: -1e300) == .min && Int(saturating: .nan) == 0)
    }

    @Test func ordinaryTablesAreUnderTheBudget() {
        let rows = (0..<2_000).map { "| s\($0) | team | 99.9 |" }.joined(separator: "\n")
        let (_, problems) = MarkdownTableBudget().apply(
            to: "| a | b | c |\n|:--|:-:|--:|\n" + rows + "\n", file: "t.md")
        #expect(problems.isEmpty)
    }

    @Test(
        arguments: [
            ("| --- | :-: |", 2), ("---|---", 2), ("|-|", 1), (" :--- ", 1), ("| a | b |", nil), ("", nil),
            ("| |", nil),
        ] as [(String, Int?)])
    func delimiterRowsAreRecognised(line: String, columns: Int?) {
        let header = columns.map { String(repeating: "| h ", count: $0) + "|" } ?? "| h |"
        let table = header + "\n" + line + "\n" + String(repeating: "x\n", count: 10)
        let (_, problems) = MarkdownTableBudget(maxCells: 1).apply(to: table, file: "t.md")
        #expect(problems.count == (columns == nil ? 0 : 1), "\(line)")
    }

    // MARK: Line readers

    @Test func aLineOverTheCapIsSkippedAndReportedInBoundedMemory() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("hostile-\(UUID().uuidString).jsonl")
            .path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let long = String(repeating: "y", count: 300_000)
        try Data("{\"a\":1}\n{\"b\":\"\(long)\"}\n{\"c\":3}\nlast".utf8).write(to: URL(fileURLWithPath: path))
        let blocks = try #require(FileBlocks(path: path, blockSize: 4096))
        let source = LoadTestSource(file: "x.jsonl", blocks: blocks)
        var seen: [(Int, String, Bool)] = []
        let skipped = source.forEachLine(maxLineBytes: 64 << 10) { line, number, cut in
            seen.append((number, String(decoding: line, as: UTF8.self), cut))
            return true
        }
        #expect(skipped == [2])
        #expect(seen.map(\.0) == [1, 3, 4])
        #expect(seen.map(\.1) == ["{\"a\":1}", "{\"c\":3}", "last"])
        #expect(seen.map(\.2) == [false, false, true])
        let memory = LoadTestSource(file: "m.jsonl", text: "a\n" + long + "\nb\n")
        #expect(memory.forEachLine(maxLineBytes: 1_000) { _, _, _ in true } == [2])
    }

    @Test func aLastLineOverTheCapWithoutNewlineIsReported() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("hostile-\(UUID().uuidString).jsonl")
            .path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data(("{\"a\":1}\n" + String(repeating: "z", count: 200_000)).utf8).write(to: URL(fileURLWithPath: path))
        let source = LoadTestSource(file: "x.jsonl", blocks: try #require(FileBlocks(path: path, blockSize: 4096)))
        var numbers: [Int] = []
        let skipped = source.forEachLine(maxLineBytes: 16 << 10) { _, number, _ in
            numbers.append(number)
            return true
        }
        #expect(numbers == [1])
        #expect(skipped == [2])
    }

    @Test func anOTLPLineOverTheCapIsSkipped() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("hostile-\(UUID().uuidString).jsonl")
            .path
        defer { try? FileManager.default.removeItem(atPath: path) }
        func request(_ span: String) -> String {
            #"{"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"orders"}}]},"scopeSpans":[{"spans":[{"traceId":"0af7651916cd43dd8448eb211c80319c","spanId":"\#(span)","name":"GET /orders","kind":2,"startTimeUnixNano":"1","endTimeUnixNano":"2"}]}]}]}"#
        }
        let long = #"{"resourceSpans":[{"x":""# + String(repeating: "q", count: 3 << 20) + "\"}]}"
        let text = request("b7ad6b7169203331") + "\n" + long + "\n" + request("b7ad6b7169203332") + "\n"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        let blocks = try #require(FileBlocks(path: path, blockSize: 1 << 16))
        let set = OTLPJSONReader(maxLineBytes: 1 << 20).read(blocks, file: "t.jsonl")
        #expect(set.spans.count == 2)
        #expect(set.problems.first?.location?.line == 2)
        #expect(set.problems.first?.message.contains("longer than 1 MiB") == true, "\(set.problems)")
    }

    @Test func aSingleOTLPDocumentOverTheCapIsNotRead() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("hostile-\(UUID().uuidString).json")
            .path
        defer { try? FileManager.default.removeItem(atPath: path) }
        _ = FileManager.default.createFile(atPath: path, contents: Data(#"{"resourceSpans":[{"x":""#.utf8))
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.truncate(atOffset: 8 << 20)
        try handle.close()
        let blocks = try #require(FileBlocks(path: path, blockSize: 1 << 16))
        let set = OTLPJSONReader(maxLineBytes: 1 << 20).read(blocks, file: "t.json")
        #expect(set.spans.isEmpty)
        #expect(set.problems.map(\.message).first?.contains("over 1 MiB is not read") == true, "\(set.problems)")
    }

    // MARK: OpenAPI references

    @Test func aReferenceFanOutStopsAtTheBudgetQuickly() {
        var parts = ""
        for level in 0..<40 {
            parts += "L\(level):\n  type: object\n  properties:\n"
            parts += "    a: { $ref: '#/L\(level + 1)' }\n    b: { $ref: '#/L\(level + 1)' }\n"
        }
        parts += "L40: { type: string }\n"
        let spec = """
            openapi: 3.0.3
            info: { title: T, version: 1.0.0 }
            paths:
              /a:
                get:
                  responses:
                    '200':
                      description: ok
                      content: { application/json: { schema: { $ref: 'parts.yaml#/L0' } } }
            """
        let files = APIFiles(files: [("openapi.yaml", spec), ("parts.yaml", parts)])
        let clock = ContinuousClock()
        var specs: [OpenAPISpec] = []
        let elapsed = clock.measure { specs = OpenAPIReader().read(files) }
        #expect(elapsed < .seconds(20))
        let messages = specs.first?.problems.map(\.message) ?? []
        #expect(messages.contains { $0.contains("fan-out") }, "\(messages)")
    }

    @Test func aSharedTargetIsInlinedOnceAndReused() {
        let spec = """
            openapi: 3.0.3
            info: { title: T, version: 1.0.0 }
            paths:
              /a:
                get:
                  responses:
                    '200': { description: ok, content: { application/json: { schema: { $ref: 'parts.yaml#/Order' } } } }
              /b:
                get:
                  responses:
                    '200': { description: ok, content: { application/json: { schema: { $ref: 'parts.yaml#/Order' } } } }
            """
        let parts = "Order:\n  type: object\n  properties:\n    id: { type: string }\n"
        let specs = OpenAPIReader().read(APIFiles(files: [("openapi.yaml", spec), ("parts.yaml", parts)]))
        #expect(specs.first?.problems.isEmpty == true, "\(specs.first?.problems ?? [])")
        #expect(specs.first?.isValid == true)
    }

    @Test func aCycleAcrossFilesIsReportedAtItsReference() {
        let spec = """
            openapi: 3.0.3
            info: { title: T, version: 1.0.0 }
            paths:
              /a:
                get:
                  responses:
                    '200': { description: ok, content: { application/json: { schema: { $ref: 'a.yaml#/A' } } } }
            """
        let a = "A:\n  type: object\n  properties:\n    b: { $ref: 'b.yaml#/B' }\n"
        let b = "B:\n  type: object\n  properties:\n    a: { $ref: 'a.yaml#/A' }\n"
        let specs = OpenAPIReader().read(APIFiles(files: [("openapi.yaml", spec), ("a.yaml", a), ("b.yaml", b)]))
        let cycle = specs.first?.problems.first { $0.message.contains("reference cycle") }
        #expect(cycle?.location?.file == "b.yaml")
        #expect(cycle?.location?.line == 4)
    }
}
