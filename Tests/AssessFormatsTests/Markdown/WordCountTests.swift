import AssessTestSupport
import Testing

@testable import AssessFormats

/// The byte count of ASCII words agrees with the `Character` count it replaces, on every
/// kind of white space, and non-ASCII text still goes through `Character`s.
@Suite struct WordCountTests {
    static func byCharacters(_ text: String) -> Int { text.split(whereSeparator: { $0.isWhitespace }).count }

    @Test(arguments: [
        "", " ", "one", " one two  three ", "tab\tseparated\u{0B}vertical\u{0C}feed\r\nwindows\rold-mac",
        "\u{1C}\u{1D}\u{1E}\u{1F} are not white space", "trailing\n\n", "``` `` `", "a\u{00A0}b no-break",
        "em—dash and café and 日本語 テキスト", "combining e\u{301} and \u{2003}em space",
    ])
    func agreesWithTheCharacterCount(_ text: String) {
        #expect(WordCount.of(text) == Self.byCharacters(text))
    }

    @Test func agreesOnGeneratedASCII() {
        var random = SplitMix64(seed: 0xC0_FFEE)
        let alphabet = Array("ab \t\n\r\u{0B}\u{0C}\u{1F}`*_#|-.".unicodeScalars)
        for _ in 0..<500 {
            let length = Int.random(in: 0...200, using: &random)
            let text = String(
                String.UnicodeScalarView((0..<length).map { _ in alphabet.randomElement(using: &random)! }))
            #expect(WordCount.of(text) == Self.byCharacters(text), "\(text.debugDescription)")
        }
    }

    /// cmark-gfm's own pathological "backticks" input (12.5 MB of code-span openers) as a
    /// section: its words are counted, one per run between spaces.
    @Test func countsAPathologicalParagraph() {
        let text = (1..<5000).map { "e" + String(repeating: "`", count: $0) }.joined()
        let document = MarkdownParser().parse("# Intro\n\n" + text + " tail\n", file: "design.md")
        #expect(document.allSections.first?.wordCount == 2)
    }
}
