import AssessCore
import AssessGraders
import AssessTestSupport
import Testing

@Suite struct MarkdownDiagramGraderTests {
    let doc = """
        # Design

        ## Context Map

        ```mermaid
        flowchart LR
            Catalog --> Pricing
            Pricing --> Ordering
            Inventory --> Ordering
            Ordering --> Payments
        ```

        ## Checkout

        ```mermaid
        sequenceDiagram
            participant C as Client
            C->>Ordering: place order
            Ordering->>Payments: authorise
        ```
        """

    @Test func passesOnAFlowchartWithEnoughNodesAndTheNamedOnes() async throws {
        let r = try await gradeSingle(
            grader: "markdown.diagram",
            with: "{ type: flowchart, min_nodes: 5, min_edges: 4, nodes: [ordering-service, Payment] }",
            files: ["d.md": doc])
        #expect(r.status == .passed)
        #expect(r.summary == "flowchart diagram with 5 nodes and 4 edges")
    }

    @Test func failsWhenNoDiagramOfTheTypeExists() async throws {
        let r = try await gradeSingle(grader: "markdown.diagram", with: "{ type: c4 }", files: ["d.md": doc])
        #expect(r.status == .failed)
        #expect(r.findings.map(\.description) == ["d.md:1:1: error: no c4 diagram (only flowchart, sequenceDiagram)"])
    }

    @Test func partialWithTheShortfallsAtTheDiagram() async throws {
        let r = try await gradeSingle(
            grader: "markdown.diagram", with: "{ type: sequence, section: Checkout, min_nodes: 3, nodes: [Inventory] }",
            files: ["d.md": doc])
        #expect(r.status == .partial)
        #expect(r.score == 0.5)
        #expect(
            r.findings.map(\.description) == ["d.md:16:1: error: the sequenceDiagram diagram does not show 'Inventory'"]
        )
    }

    @Test func malformedDiagramLinesAreWarningsAndTheRestCounts() async throws {
        let broken = "# X\n```mermaid\nflowchart TD\n  A --> B\n  this is ((( not mermaid\n  B --> C\n```\n"
        let r = try await gradeSingle(grader: "markdown.diagram", with: "{ min_nodes: 3 }", files: ["d.md": broken])
        #expect(r.status == .passed)
        #expect(r.findings.contains { $0.severity == .warning && $0.location?.line == 5 })
        let node = try YAMLParser().parse("{ type: flowchrt, count: 0 }", file: "o.yaml")
        let error = try #require(throws: RubricError.self) { try MarkdownDiagramGrader.options(from: node) }
        #expect(
            error.diagnostics.map(\.message) == [
                "'type' is one of any, flowchart, sequence, c4 or a Mermaid type such as C4Container; found 'flowchrt'; did you mean 'flowchart'?",
                "'count' must be at least 1",
            ])
    }
}
