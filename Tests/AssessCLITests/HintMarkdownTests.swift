import AssessTestSupport
import Foundation
import Testing

/// A rubric author writes hints in Markdown; the HTML report shows them as they meant them
/// (rendered through cmark-gfm), and raw HTML in a hint never reaches the page.
@Suite struct HintMarkdownTests {
    @Test func theHTMLReportRendersAHintsMarkdown() throws {
        let tree = try TemporaryTree([
            "rubric.yaml": """
                rubric: hints
                pass: 50
                inputs:
                  design: { paths: [design.md], format: markdown }
                criteria:
                  - id: context-map
                    grader: markdown.sections
                    input: design
                    with: { sections: [Context Map] }
                    hint: "Add a **Context Map** section under `design.md`. <script>alert(1)</script>"

                """,
            "submission/design.md": "# Design\n\nNothing yet.\n",
        ])
        let run = try CLIRun([
            "grade", tree.subpath("submission"), "--rubric", tree.subpath("rubric.yaml"), "--format", "html",
        ])
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stdout.contains("<strong>Context Map</strong>"))
        #expect(run.stdout.contains("<code>design.md</code>"))
        #expect(!run.stdout.contains("<script>alert(1)</script>"))
    }
}
