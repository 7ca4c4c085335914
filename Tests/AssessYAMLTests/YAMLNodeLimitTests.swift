import AssessYAML
import Testing

/// The node limit names the cause a reader can act on: alias expansion only when aliases
/// make up most of the nodes, otherwise the document's own size (150,000 OpenAPI paths were
/// refused as an "alias expansion" though they had no alias).
@Suite struct YAMLNodeLimitTests {
    let parser = YAMLParser(limits: YAMLLimits(maxNodes: 1_000))

    @Test func aLargePlainDocumentIsRefusedForItsSize() throws {
        let text = (0..<600).map { "/p\($0): { get: ok }" }.joined(separator: "\n")
        let error = try #require(throws: DiagnosticError.self) { try parser.parse(text, file: "big.yaml") }
        #expect(error.diagnostics[0].message.contains("the node limit; no aliases"), "\(error)")
        #expect(!error.diagnostics[0].message.contains("alias expansion"))
    }

    @Test func aliasesThatMakeUpTheBulkAreNamed() throws {
        var text = "base: &b [" + Array(repeating: "x", count: 50).joined(separator: ", ") + "]\nall:\n"
        for _ in 0..<40 { text += "  - *b\n" }
        let error = try #require(throws: DiagnosticError.self) { try parser.parse(text, file: "bomb.yaml") }
        #expect(error.diagnostics[0].message.contains("alias expansion limit"), "\(error)")
    }
}
