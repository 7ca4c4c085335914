import AssessFormats
import Testing

/// Learners title sections in their own words; a heading is the section a reviewer would read
/// when it holds the wanted name's words in order, and the closest heading wins.
@Suite struct HeadingMatcherTests {
    @Test func closenessRanksHowAHeadingHoldsAName() {
        #expect(HeadingMatcher.closeness("Context Maps", name: "context map") == .exact)
        #expect(HeadingMatcher.closeness("4. API Strategy (v2)", name: "API Strategy") == .contained)
        #expect(HeadingMatcher.closeness("API and Versioning Strategy", name: "API Strategy") == .wordsInOrder)
        #expect(HeadingMatcher.closeness("6. Migration", name: "Migration Strategy") == .withoutQualifier)
        #expect(HeadingMatcher.closeness("Testing approach", name: "Testing") == .contained)
    }

    @Test func looseReadingsStopWhereAReviewerWould() {
        // The words too far apart, in the wrong order, or only the qualifier left.
        #expect(HeadingMatcher.closeness("Test data in the migration strategy", name: "Test Strategy") == nil)
        #expect(HeadingMatcher.closeness("Strategy for the API", name: "API Strategy") == nil)
        #expect(HeadingMatcher.closeness("Strategy", name: "Migration Strategy") == nil)
        #expect(HeadingMatcher.closeness("Migration risks", name: "Migration Strategy") == nil)
        // Table columns stay strict: the words must stand together.
        #expect(!HeadingMatcher.matches("API and Versioning Strategy", any: ["API Strategy"]))
    }

    @Test func theClosestHeadingOfADocumentIsTaken() {
        let document = MarkdownParser().parse(
            "# Design\n## API and Versioning Strategy\nPaths carry /v1/.\n## API Strategy\nSemver.\n## Migration\nStrangler.\n",
            file: "design.md")
        #expect(document.sections(named: ["API Strategy"]).map(\.location.line) == [4])
        #expect(document.sections(named: ["API Versioning"]).map(\.location.line) == [2])
        #expect(document.sections(named: ["Migration Strategy", "Decomposition Strategy"]).map(\.title) == ["Migration"])
    }
}
