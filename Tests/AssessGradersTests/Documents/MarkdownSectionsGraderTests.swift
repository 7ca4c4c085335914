import AssessCore
import AssessGraders
import AssessTestSupport
import Testing

@Suite struct MarkdownSectionsGraderTests {
    let doc = """
        # Design

        ## Context
        Orders need to flow between the checkout and the warehouse without a shared database.

        ## Decision
        Use events.

        ## Consequences
        We run Kafka.
        """

    @Test func passesWithSynonymsAndNumbering() async throws {
        let r = try await gradeSingle(
            grader: "markdown.sections", with: "{ sections: [[Background, context], '2. Decision', consequence] }",
            files: ["d.md": doc])
        #expect(r.status == .passed)
        #expect(
            r.findings.map(\.description) == [
                "d.md:3:1: info: section 'Context'", "d.md:6:1: info: section 'Decision'",
                "d.md:9:1: info: section 'Consequences'",
            ])
    }

    @Test func failsNamingTheMissingSections() async throws {
        let r = try await gradeSingle(
            grader: "markdown.sections", with: "{ sections: [Risks, [Alternatives, Options]] }", files: ["d.md": doc])
        #expect(r.status == .failed)
        #expect(r.summary == "missing 'Risks', 'Alternatives'")
        #expect(
            r.findings.map(\.description) == [
                "d.md:1:1: error: no section 'Risks'", "d.md:1:1: error: no section 'Alternatives' (or 'Options')",
            ])
    }

    @Test func partialForShortAndOutOfOrderSections() async throws {
        let r = try await gradeSingle(
            grader: "markdown.sections",
            with: "{ sections: [Decision, Context, { name: Consequences, min_words: 10 }], ordered: true }",
            files: ["d.md": doc])
        #expect(r.status == .partial)
        #expect(r.score == 0.6667)  // Decision 1, Context 0.5 (out of order), Consequences 0.5 (3 words)
        #expect(
            r.findings.filter { $0.severity == .error }.map(\.description) == [
                "d.md:3:1: error: section 'Context' comes before a section listed ahead of it; expected order: Decision, Context, Consequences",
                "d.md:9:1: error: section 'Consequences' has 3 words; it needs at least 10",
            ])
    }

    @Test func malformedDocumentAndOptions() async throws {
        let r = try await gradeSingle(
            grader: "markdown.sections", with: "{ sections: [Context] }",
            files: ["d.md": "no headings at all\n\n```\nunclosed"])
        #expect(r.status == .failed)
        let node = try YAMLParser().parse("{ sections: [], ordered: sometimes }", file: "o.yaml")
        let error = try #require(throws: RubricError.self) { try MarkdownSectionsGrader.options(from: node) }
        #expect(
            error.diagnostics.map(\.description) == [
                "o.yaml:1:13: error: 'sections' needs at least one section",
                "o.yaml:1:26: error: expected true or false for 'ordered', found 'sometimes'",
            ])
    }
}
