import AssessCore
import AssessGraders
import AssessTestSupport
import Testing

@Suite struct MarkdownConceptsGraderTests {
    let doc = """
        # Data

        ## Consistency

        Checkout runs as a Saga with compensating steps.

        - Events leave through a transactional outbox.

        ## Migration

        We use the strangler-fig pattern.
        """

    @Test func passesAndSaysWhereEachConceptIs() async throws {
        let r = try await gradeSingle(
            grader: "markdown.concepts",
            with: "concepts: { saga: [saga], outbox: ['/transactional\\s+outbox/'], strangler: [strangler fig] }",
            files: ["d.md": doc])
        #expect(r.status == .passed)
        #expect(
            r.findings.map(\.description) == [
                "d.md:5:1: info: concept 'saga' found", "d.md:7:1: info: concept 'outbox' found",
                "d.md:11:1: info: concept 'strangler' found",
            ])
    }

    @Test func scopedToASectionConceptsElsewhereDoNotCount() async throws {
        let r = try await gradeSingle(
            grader: "markdown.concepts",
            with: "{ section: Consistency, concepts: { saga: [saga], strangler: [strangler fig] } }",
            files: ["d.md": doc])
        #expect(r.status == .partial)
        #expect(r.score == 0.5)
        #expect(r.findings[0].description == "d.md:3:1: error: missing concept in section 'Consistency': strangler")
    }

    @Test func failsWhenNoneAreThereAndMinLowersTheBar() async throws {
        let none = try await gradeSingle(
            grader: "markdown.concepts", with: "concepts: { cqrs: [CQRS, command query responsibility segregation] }",
            files: ["d.md": doc])
        #expect(none.status == .failed)
        let some = try await gradeSingle(
            grader: "markdown.concepts", with: "{ min: 2, concepts: { saga: [saga], outbox: [outbox], cqrs: [cqrs] } }",
            files: ["d.md": doc])
        #expect(some.status == .passed)
    }

    @Test func wholeWordsOnly() async throws {
        let r = try await gradeSingle(
            grader: "markdown.concepts", with: "concepts: { saga: [saga] }",
            files: ["d.md": "The sagacious architect.\n"])
        #expect(r.status == .failed)
    }

    @Test func malformedInputAndOptions() async throws {
        let r = try await gradeSingle(
            grader: "markdown.concepts", with: "{ section: Consistency, concepts: { saga: [saga] } }",
            files: ["d.md": "\u{0}\u{1}binary"])
        #expect(r.status == .failed)
        let node = try YAMLParser().parse("concepts: { bad: ['/(unclosed/'] }\nmin: 5\n", file: "o.yaml")
        let error = try #require(throws: RubricError.self) { try MarkdownConceptsGrader.options(from: node) }
        #expect(
            error.diagnostics.map(\.description) == [
                "o.yaml:1:18: error: '/(unclosed/' is not a valid regular expression for concept 'bad'",
                "o.yaml:2:6: error: 'min' must be between 1 and the number of concepts (1)",
            ])
    }
}
