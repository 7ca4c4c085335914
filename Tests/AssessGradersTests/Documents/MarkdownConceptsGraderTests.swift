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

    /// A context map that names its relationships only on its arrows, with one sentence of prose.
    static let edgeLabelledMap = """
        # Design

        ## Context map and team relationships

        Upstream teams publish, downstream teams adapt.

        ```mermaid
        flowchart LR
            Catalogue -->|customer-supplier| Pricing
            Catalogue -->|published language: ONIX| Delivery
            Ordering -->|open host service| Fulfilment
            Payments -->|conformist| Ordering
            Catalogue -.->|anti-corruption layer| Reviews
            subgraph Core[Shared kernel]
              Ordering
            end
        ```
        """

    @Test func conceptsNamedOnlyInDiagramLabelsAreFound() async throws {
        let r = try await gradeSingle(
            grader: "markdown.concepts",
            with: """
                section: [Context Map]
                concepts:
                  acl: [anti-corruption layer]
                  customer-supplier: [customer/supplier]
                  ohs: [open host service]
                  pl: [published language]
                  conformist: [conformist]
                  shared-kernel: [shared kernel]
                  separate-ways: [separate ways]
                """,
            files: ["d.md": Self.edgeLabelledMap])
        #expect(r.summary == "6 of 7 concepts covered in section 'Context Map'")
        #expect(
            r.findings.map(\.description) == [
                "d.md:3:1: error: missing concept in section 'Context Map': separate-ways",
                "d.md:13:5: info: concept 'acl' found", "d.md:9:5: info: concept 'customer-supplier' found",
                "d.md:11:5: info: concept 'ohs' found", "d.md:10:5: info: concept 'pl' found",
                "d.md:12:5: info: concept 'conformist' found", "d.md:14:5: info: concept 'shared-kernel' found",
            ])
    }

    @Test func inflectionsHyphenationAndSpellingsAreOneConcept() async throws {
        let doc = """
            # Resilience

            Every call has fallbacks and is retried; the anticorruption layer normalises the supplier's
            catalog, and its behavior is versioned. Old endpoints are deprecated.
            """
        let r = try await gradeSingle(
            grader: "markdown.concepts",
            with: """
                concepts:
                  fallback: [fallback]
                  retry: [retry]
                  acl: [anti-corruption layer]
                  normalise: [normalize]
                  catalogue: [catalogue]
                  behaviour: [behaviour]
                  deprecation: [deprecate]
                """,
            files: ["d.md": doc])
        #expect(r.status == .passed, "\(r.findings)")
        let strict = try await gradeSingle(
            grader: "markdown.concepts", with: "concepts: { saga: [saga], fall: [fall back] }",
            files: ["d.md": "# Notes\nA sagacious fallback.\n"])
        #expect(strict.score == 0, "whole words only: 'sagacious' is no saga, 'fallback' no 'fall back'")
    }

    @Test func aHeadingInTheLearnersOwnWordsIsTakenAndSaidSo() async throws {
        let r = try await gradeSingle(
            grader: "markdown.concepts",
            with: "{ section: [API Strategy], concepts: { semver: [semantic versioning], deprecation: [deprecation] } }",
            files: [
                "d.md":
                    "# Design\n## API and Versioning Strategy\nWe use semantic versioning and announce deprecations.\n"
            ])
        #expect(r.status == .passed)
        #expect(
            r.findings.first?.description
                == "d.md:2:1: info: heading 'API and Versioning Strategy' taken as 'API Strategy' (its words in order)")
    }

    @Test func conceptsNamedOnlyInTableCellsOfTheSectionAreFound() async throws {
        let doc = """
            # Design

            ## Resilience

            | Call | Protection |
            | --- | --- |
            | payments | circuit breakers, fallbacks |
            | catalogue | bulkheads |

            ## Elsewhere

            Retries everywhere.
            """
        let r = try await gradeSingle(
            grader: "markdown.concepts",
            with: "{ section: Resilience, concepts: { breaker: [circuit breaker], fallback: [fallback], bulkhead: [bulkhead], retry: [retry] } }",
            files: ["d.md": doc])
        #expect(r.summary == "3 of 4 concepts covered in section 'Resilience'")
        #expect(r.findings.first?.description == "d.md:3:1: error: missing concept in section 'Resilience': retry")
        #expect(r.findings.dropFirst().first?.description == "d.md:7:13: info: concept 'breaker' found")
    }
}
