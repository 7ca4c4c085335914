import AssessYAML
import Testing

@Suite struct MappingReaderTests {
    func read(_ text: String, keys: [String]) throws -> (MappingReader?, DiagnosticLog) {
        let log = DiagnosticLog()
        let node = try YAMLParser().parse(text, file: "r.yaml")
        return (MappingReader(node, keys: keys, context: "criterion 'x'", log: log), log)
    }

    @Test func typeErrorsSayWhatWasExpectedAndWhere() throws {
        let (reader, log) = try read(
            "weight: heavy\nrequired: maybe\ncount: 3\n", keys: ["weight", "required", "count"])
        let r = try #require(reader)
        #expect(r.double("weight") == nil)
        #expect(r.bool("required") == nil)
        #expect(r.int("count") == 3)
        #expect(
            log.diagnostics.map(\.description) == [
                "r.yaml:1:9: error: expected a number for 'weight', found 'heavy'",
                "r.yaml:2:11: error: expected true or false for 'required', found 'maybe'",
            ])
    }

    @Test func unknownKeysGetADidYouMean() throws {
        let (_, log) = try read("wieght: 3\nzzz: 1\n", keys: ["weight", "title"])
        #expect(
            log.diagnostics.map(\.description) == [
                "r.yaml:1:1: error: unknown key 'wieght' in criterion 'x'; did you mean 'weight'?",
                "r.yaml:2:1: error: unknown key 'zzz' in criterion 'x'",
            ])
    }

    @Test func missingRequiredKeyAndNonMapping() throws {
        let (reader, log) = try read("title: t\n", keys: ["title", "grader"])
        #expect(reader?.string("grader", required: true) == nil)
        #expect(log.diagnostics.last?.message == "missing required key 'grader' in criterion 'x'")
        let (notMapping, log2) = try read("- a\n", keys: [])
        #expect(notMapping == nil)
        #expect(log2.diagnostics.first?.message == "expected a mapping for criterion 'x', found a sequence")
    }

    @Test func stringOrListOfStrings() throws {
        let (reader, log) = try read("one: a\nmany: [a, b]\nbad: [a, {b: 1}]\n", keys: ["one", "many", "bad"])
        let r = try #require(reader)
        #expect(r.strings("one") == ["a"])
        #expect(r.strings("many") == ["a", "b"])
        #expect(r.strings("bad") == ["a"])
        #expect(
            log.diagnostics.map(\.description) == ["r.yaml:3:10: error: expected a string in 'bad', found a mapping"])
    }
}

@Suite struct DiagnosticTests {
    @Test func rendersTheLineWithACaretUnderTheColumn() {
        let diagnostic = Diagnostic.error(at: SourceLocation(file: "r.yaml", line: 2, column: 13), "unknown grader 'x'")
        let source = "criteria:\n    grader: x\n"
        #expect(
            diagnostic.rendered(source: source) == """
                r.yaml:2:13: error: unknown grader 'x'
                        grader: x
                                ^
                """)
    }

    @Test func sortsByFileLineAndColumn() {
        let a = Diagnostic.error(at: SourceLocation(file: "a", line: 3, column: 1), "3")
        let b = Diagnostic.error(at: SourceLocation(file: "a", line: 1, column: 9), "1")
        let c = Diagnostic.error(at: nil, "none")
        #expect([c, a, b].sortedByLocation().map(\.message) == ["1", "3", "none"])
    }

    @Test func suggestionsFindNearMisses() {
        #expect(Suggestion.closest(to: "markdown.item", in: ["markdown.items", "text.matches"]) == "markdown.items")
        #expect(Suggestion.closest(to: "zzzz", in: ["markdown.items"]) == nil)
    }
}
