import AssessFormats
import Testing

/// Hints as Markdown: what a rubric author writes in a hint reads in the HTML report as they
/// meant it, and nothing in it becomes markup of its own.
@Suite struct MarkdownHTMLTests {
    @Test func rendersWhatHintsUse() {
        let html = MarkdownHTML.render(
            "Add a **Context Map** section; see `docs/adr/` and [the brief](https://example.com/brief).")
        #expect(html.contains("<strong>Context Map</strong>"))
        #expect(html.contains("<code>docs/adr/</code>"))
        #expect(html.contains(#"<a href="https://example.com/brief">the brief</a>"#))
    }

    @Test func rendersGitHubTablesAndLists() {
        let html = MarkdownHTML.render("- one\n- two\n\n| a | b |\n| - | - |\n| 1 | 2 |\n")
        #expect(html.contains("<li>one</li>"))
        #expect(html.contains("<table>"))
    }

    @Test func rawHTMLIsLeftOut() {
        let html = MarkdownHTML.render("Before <script>alert(1)</script> after\n\n<iframe src=x></iframe>\n")
        #expect(!html.contains("<script>"))
        #expect(!html.contains("<iframe"))
        #expect(html.contains("Before"))
    }

    @Test func emptyTextIsEmpty() {
        #expect(MarkdownHTML.render("").isEmpty)
    }
}
