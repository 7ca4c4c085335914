import AssessYAML
import Testing

@Suite struct YAMLParserTests {
    let parser = YAMLParser()

    @Test func nodesCarryLineAndColumn() throws {
        let root = try parser.parse("rubric: demo\ncriteria:\n  - id: one\n    weight: 20\n", file: "r.yaml")
        #expect(root["rubric"]?.string == "demo")
        #expect(root["rubric"]?.location == SourceLocation(file: "r.yaml", line: 1, column: 9))
        let weight = try #require(root["criteria"]?[0]?["weight"])
        #expect(weight.int == 20)
        #expect(weight.location.line == 4)
        #expect(weight.location.column == 13)
    }

    @Test func scalarsFollowTheCoreSchemaAndKeepTheirStyle() throws {
        let root = try parser.parse(
            "a: yes\nb: true\nc: '12'\nd: 12\ne: 1.5\nf: ~\ng: !!str x\nh: |\n  text\n", file: "s.yaml")
        #expect(root["a"]?.bool == nil)  // YAML 1.2: `yes` is a string, not a boolean
        #expect(root["a"]?.string == "yes")
        #expect(root["b"]?.bool == true)
        #expect(root["c"]?.int == nil)
        #expect(root["c"]?.string == "12")
        #expect(root["d"]?.int == 12)
        #expect(root["e"]?.double == 1.5)
        #expect(root["f"]?.isNull == true)
        #expect(root["g"]?.tag == "tag:yaml.org,2002:str")
        #expect(root["h"]?.content == .scalar("text\n", .literal))
    }

    @Test func aliasesAndMergeKeysResolve() throws {
        let root = try parser.parse(
            "defaults: &d { weight: 5, required: true }\nitem:\n  <<: *d\n  weight: 10\ncopy: *d\n", file: "a.yaml")
        #expect(root["item"]?["weight"]?.int == 10)
        #expect(root["item"]?["required"]?.bool == true)
        #expect(root["copy"]?["weight"]?.int == 5)
    }

    @Test func duplicateKeysAreErrorsWithBothPlaces() throws {
        let error = try #require(throws: DiagnosticError.self) {
            try parser.parse("a: 1\nb: 2\na: 3\n", file: "d.yaml")
        }
        #expect(error.diagnostics.map(\.description) == ["d.yaml:3:1: error: duplicate key 'a' (first defined at 1:1)"])
    }

    @Test func syntaxErrorsNameTheContextAndTheProblem() throws {
        let error = try #require(throws: DiagnosticError.self) {
            try parser.parse("list: [a, b\nnext: 1\n", file: "x.yaml")
        }
        let text = error.description
        #expect(text.hasPrefix("x.yaml:"))
        #expect(text.contains("while parsing a flow sequence (started at 1:7)"))
    }

    /// Nine levels of nine aliases: 9^9 (387 million) nodes if expanded.
    @Test func aliasBombIsRefused() throws {
        var text = "a0: &a0 [x, x, x, x, x, x, x, x, x]\n"
        for level in 1...9 {
            let refs = Array(repeating: "*a\(level - 1)", count: 9).joined(separator: ", ")
            text += "a\(level): &a\(level) [\(refs)]\n"
        }
        let error = try #require(throws: DiagnosticError.self) { try parser.parse(text, file: "bomb.yaml") }
        #expect(error.diagnostics.count == 1)
        #expect(error.diagnostics[0].message.contains("alias expansion limit"))
        #expect(error.diagnostics[0].location?.file == "bomb.yaml")
    }

    @Test func depthAndSizeCapsAreEnforced() throws {
        let deep = String(repeating: "[", count: 300) + String(repeating: "]", count: 300)
        let depthError = try #require(throws: DiagnosticError.self) { try parser.parse(deep, file: "deep.yaml") }
        #expect(depthError.diagnostics[0].message == "nesting deeper than 256 levels")

        let small = YAMLParser(limits: YAMLLimits(maxBytes: 10))
        let sizeError = try #require(throws: DiagnosticError.self) {
            try small.parse("key: a longer value", file: "big.yaml")
        }
        #expect(sizeError.diagnostics[0].message.contains("over the limit of 10 bytes"))
    }

    @Test func multipleDocumentsAreKeptApart() throws {
        let documents = try parser.parseDocuments("kind: A\n---\nkind: B\n", file: "m.yaml")
        #expect(documents.map { $0["kind"]?.string } == ["A", "B"])
        #expect(documents[1].location.line == 3)
        #expect(throws: DiagnosticError.self) { try parser.parse("kind: A\n---\nkind: B\n", file: "m.yaml") }
    }

    @Test func emptyDocumentIsNull() throws {
        #expect(try parser.parse("", file: "e.yaml").isNull)
    }
}
