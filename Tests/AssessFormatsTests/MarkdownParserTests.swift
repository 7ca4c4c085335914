import AssessFormats
import AssessYAML
import Testing

@Suite struct MarkdownParserTests {
    let text = """
        ---
        title: ShopFront design
        owner: team-checkout
        ---
        # ShopFront

        Intro paragraph with a [link](docs/adr/0001.md) and https://example.com.

        ## 1. Bounded Contexts

        - **Ordering**: baskets and checkout
        - **Payments**: capture and refunds
          - nested detail
        - `Catalog`: products

        ### Notes

        Some *notes* here.

        ## Service Catalog

        | Service | Owner | SLO |
        | --- | --- | --- |
        | orders | team-a | 99.9 |
        | payments | team-b | 99.95 |

        ## Tasks

        - [x] done
        - [ ] open

        ```mermaid
        flowchart LR
          A --> B
        ```

            indented code
        """

    var doc: MarkdownDocument { MarkdownParser().parse(text, file: "design.md") }

    @Test func frontMatterIsYAMLAndLineNumbersAreKept() throws {
        let d = doc
        #expect(d.frontMatter?["title"]?.string == "ShopFront design")
        #expect(d.frontMatter?["owner"]?.location == SourceLocation(file: "design.md", line: 3, column: 8))
        #expect(d.sections.first?.location == SourceLocation(file: "design.md", line: 5, column: 1))
    }

    @Test func sectionsNestByLevelWithTheirLines() throws {
        let d = doc
        #expect(d.sections.map(\.title) == ["ShopFront"])
        let top = try #require(d.sections.first)
        #expect(top.subsections.map(\.title) == ["1. Bounded Contexts", "Service Catalog", "Tasks"])
        #expect(top.subsections[0].subsections.map(\.title) == ["Notes"])
        #expect(top.subsections[0].location.line == 9)
        #expect(top.subsections[0].endLine == 18)
        #expect(d.allSections.count == 5)
    }

    @Test func headingsMatchIgnoringCaseNumberingPunctuationAndPlurals() {
        #expect(doc.sections(named: ["bounded context"]).map(\.location.line) == [9])
        #expect(doc.sections(named: ["SERVICE-CATALOG"]).count == 1)
        #expect(doc.sections(named: ["Context Map"]).isEmpty)
        #expect(HeadingMatcher.matches("🗺 Context Map (v2)", any: ["context maps"]))
    }

    @Test func listItemsKeepTheirLeadNameNestingAndLocation() throws {
        let section = try #require(doc.sections(named: ["Bounded Contexts"]).first)
        guard case .list(let list) = section.blocks.first else {
            Issue.record("expected a list")
            return
        }
        #expect(list.items.map(\.lead) == ["Ordering", "Payments", "Catalog"])
        #expect(
            list.items.map(\.text) == [
                "Ordering: baskets and checkout", "Payments: capture and refunds", "Catalog: products",
            ])
        #expect(list.items[1].location == SourceLocation(file: "design.md", line: 12, column: 1))
        #expect(list.items[1].blocks.count == 2)  // its paragraph and the nested list
    }

    @Test func tablesHaveHeaderAndCellsWithLocations() throws {
        let table = try #require(doc.tables.first)
        #expect(table.header.map(\.text) == ["Service", "Owner", "SLO"])
        #expect(table.rows.map { $0.map(\.text) } == [["orders", "team-a", "99.9"], ["payments", "team-b", "99.95"]])
        #expect(table.rows[1][2].location.line == 25)
        #expect(table.column(named: ["slo", "objective"]) == 2)
    }

    @Test func taskItemsCodeBlocksAndLinks() throws {
        let tasks = try #require(doc.sections(named: ["Tasks"]).first)
        guard case .list(let list) = tasks.blocks.first else {
            Issue.record("expected a task list")
            return
        }
        #expect(list.items.map(\.checked) == [true, false])
        #expect(doc.codeBlocks.map(\.language) == ["mermaid", ""])
        #expect(doc.codeBlocks[0].code == "flowchart LR\n  A --> B\n")
        #expect(doc.codeBlocks[0].contentStart.line == 33)
        #expect(doc.codeBlocks[1].isFenced == false)
        // A fence in a nested list starts at column 5, where an indented block could too.
        let nested = MarkdownParser().parse("- a\n  - b\n\n    ```yaml\n    x: 1\n    ```\n", file: "n.md")
        #expect(nested.codeBlocks.map(\.isFenced) == [true])
        #expect(nested.codeBlocks.map(\.language) == ["yaml"])
        #expect(doc.links.map(\.destination) == ["docs/adr/0001.md", "https://example.com"])
        #expect(doc.links[0].location == SourceLocation(file: "design.md", line: 7, column: 24))
    }

    @Test func wordCountsCoverTheSectionAndItsSubsections() throws {
        let section = try #require(doc.sections(named: ["Bounded Contexts"]).first)
        #expect(section.wordCount == 16)
    }

    /// The same document saved by a Windows editor (CRLF line ends): the front matter is read
    /// and every line keeps its number.
    @Test func aCRLFDocumentKeepsItsFrontMatterAndLineNumbers() throws {
        let d = MarkdownParser().parse(text.replacingOccurrences(of: "\n", with: "\r\n"), file: "design.md")
        #expect(d.frontMatter?["title"]?.string == "ShopFront design")
        #expect(d.frontMatter?["owner"]?.location == SourceLocation(file: "design.md", line: 3, column: 8))
        #expect(d.sections.first?.location == SourceLocation(file: "design.md", line: 5, column: 1))
        #expect(d.allSections.map(\.location.line) == doc.allSections.map(\.location.line))
    }

    @Test func brokenFrontMatterIsReportedAndTheBodyStillParses() {
        let d = MarkdownParser().parse("---\ntitle: [open\n---\n# Heading\n", file: "x.md")
        #expect(d.frontMatter == nil)
        #expect(d.frontMatterProblems.first?.location?.line == 3)
        #expect(d.sections.first?.location.line == 4)
    }

    /// Parses from many tasks at once give the same result as one at a time. (cmark-gfm's
    /// global state, which the parser's lock guards, races mostly on a fresh process's first
    /// parses; the release-binary check in the issue note measured that race.)
    @Test func manyParsesAtOnceAgree() async {
        let inline = String(
            repeating: "~~struck~~ www.example.com, *em* `code` [l](x) https://example.org | a | b |\n", count: 40)
        let source = text + "\n" + inline
        let counts = await withTaskGroup(of: Int.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    var total = 0
                    for _ in 0..<150 { total += MarkdownParser().parse(source, file: "d.md").allSections.count }
                    return total
                }
            }
            return await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(counts == Array(repeating: 5 * 150, count: 8))
    }

    @Test func hostileNestingIsCutOffNotACrash() {
        let d = MarkdownParser().parse(
            "# Design\n" + String(repeating: ">", count: 20_000) + " deep\n", file: "deep.md")
        #expect(d.sections.first?.title == "Design")
        #expect(d.frontMatterProblems.map(\.message) == ["blocks nested deeper than 128 levels were not read"])
    }

    @Test func anythingParses() {
        for garbage in [
            "", "|||\n|-|\n", "```\nunclosed", "# \n## \n###### x", "- [ ]\n  - [x", String(repeating: ">", count: 500),
        ] {
            _ = MarkdownParser().parse(garbage, file: "g.md")
        }
    }
}
