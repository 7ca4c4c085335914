import AssessCore
import AssessGraders
import AssessTestSupport
import Testing

@Suite struct MarkdownItemsGraderTests {
    static let names = [
        "Catalog", "Pricing", "Inventory", "Ordering", "Payments", "Fulfilment", "Shipping", "Customer Accounts",
        "Notifications", "Reviews",
    ]

    static let asList =
        "# Design\n\n## Bounded Contexts\n\n" + names.map { "- **\($0)**: owns its data" }.joined(separator: "\n")
        + "\n"
    static let asHeadings =
        "# Design\n\n## Bounded Contexts\n\n" + names.map { "### \($0)\n\nOwns its data.\n" }.joined(separator: "\n")
    static let asTable =
        "# Design\n\n## Bounded Contexts\n\n| Context | Owns |\n| --- | --- |\n"
        + names.map { "| \($0) | its data |" }.joined(separator: "\n") + "\n"

    @Test(arguments: [("list", asList), ("headings", asHeadings), ("table", asTable)])
    func tenContextsAreCountedHoweverTheyAreWritten(_ shape: String, _ text: String) async throws {
        let r = try await gradeSingle(
            grader: "markdown.items", with: "{ section: Bounded Contexts, count: { min: 8, max: 12 } }",
            files: ["design.md": text])
        #expect(r.status == .passed, "\(shape)")
        #expect(r.measurements.first?.value == 10, "\(shape)")
        let named = r.findings.map { $0.message.split(separator: "'").dropFirst().first.map(String.init) ?? "" }
        #expect(named == Self.names, "\(shape)")
    }

    @Test func theFindingNamesWhatWasCountedAndWhere() async throws {
        let r = try await gradeSingle(
            grader: "markdown.items", with: "{ section: Bounded Contexts, count: { min: 8, max: 12 } }",
            files: ["design.md": Self.asList])
        #expect(r.findings[0].description == "design.md:5:1: info: list item 'Catalog'")
        #expect(r.summary == "10 list items in 'Bounded Contexts' (needs 8…12)")
    }

    @Test func partialBelowTheMinimumWithTheSectionLocated() async throws {
        let r = try await gradeSingle(
            grader: "markdown.items", with: "{ section: [Contexts], count: { min: 8 } }",
            files: ["d.md": "# X\n\n## Contexts\n\n1. Orders\n2. Payments - money\n"])
        #expect(r.status == .partial)
        #expect(r.score == 0.25)
        #expect(
            r.findings[0].description == "d.md:3:1: error: counted 2 list items in section 'Contexts'; needs at least 8"
        )
        #expect(r.findings.dropFirst().map(\.message) == ["list item 'Orders'", "list item 'Payments'"])
    }

    @Test func aMissingSectionFailsAndAnExplicitKindIsHonoured() async throws {
        let missing = try await gradeSingle(
            grader: "markdown.items", with: "{ section: Bounded Contexts, count: 8 }", files: ["d.md": "# Nothing\n"])
        #expect(missing.status == .failed)
        #expect(
            missing.findings.map(\.description) == ["d.md:1:1: error: no section 'Bounded Contexts' to count items in"])
        let rows = try await gradeSingle(
            grader: "markdown.items", with: "{ section: Bounded Contexts, count: 10, kind: rows }",
            files: ["d.md": Self.asTable])
        #expect(rows.status == .passed)
    }

    @Test func malformedOptionsAreRubricErrors() throws {
        let node = try YAMLParser().parse("{ section: X, kind: rowz }", file: "o.yaml")
        let error = try #require(throws: RubricError.self) { try MarkdownItemsGrader.options(from: node) }
        #expect(
            error.diagnostics.map(\.description) == [
                "o.yaml:1:1: error: missing required key 'count' in the options of 'markdown.items'",
                "o.yaml:1:21: error: 'kind' is one of auto, list, headings, rows; found 'rowz'; did you mean 'rows'?",
            ])
    }
}
