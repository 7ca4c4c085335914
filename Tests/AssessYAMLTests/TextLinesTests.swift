import AssessYAML
import Testing

/// `lines` splits at every line feed byte and drops the line end, CRLF included, where
/// `split(separator: "\n")` (over `Character`s, in which "\r\n" is one) does not split at all.
@Suite struct TextLinesTests {
    @Test(arguments: ["", "a", "a\n", "\n\n", "one\ntwo\n\nfour", "é\n日本\n", "a\rb\n", "\r"])
    func agreesWithSplitOnLineFeedText(_ text: String) {
        let expected = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.hasSuffix("\r") ? String($0.dropLast()) : String($0)
        }
        #expect(text.lines.map(String.init) == expected)
    }

    @Test func splitsCRLFTextThatCharacterSplitLeavesWhole() {
        let text = "---\r\ntitle: Orders\r\n---\r\n# Design\r\n\r\nlast"
        #expect(text.split(separator: "\n", omittingEmptySubsequences: false).count == 1)
        #expect(text.lines == ["---", "title: Orders", "---", "# Design", "", "last"])
    }

    @Test func mixedLineEndsAndASubstring() {
        let text = "x\r\ny\nz\r\n"
        #expect(text.lines == ["x", "y", "z", ""])
        #expect(text.dropFirst(2).lines == ["y", "z", ""])  // "x" and "\r\n" are two Characters
    }

    /// A rubric saved with CRLF ends: the error shows line 3 under its caret, not line 1.
    @Test func aDiagnosticInACRLFFileShowsItsOwnLine() {
        let source = "rubric: x\r\ntitle: T\r\ncriteria: 3\r\n"
        let diagnostic = Diagnostic.error(at: SourceLocation(file: "r.yaml", line: 3, column: 11), "not a list")
        let rendered = diagnostic.rendered(source: source)
        #expect(rendered.contains("criteria: 3"), "\(rendered)")
        #expect(!rendered.contains("rubric: x"), "\(rendered)")
    }
}
