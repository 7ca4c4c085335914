import AssessCore
import AssessGraders
import AssessTestSupport
import Testing

@Suite struct MarkdownLinksGraderTests {
    let files = [
        "docs/design.md": """
        # Design

        See [ADR 1](../adr/0001-kafka.md#decision), the [API](../api/), [below](#open-risks),
        ![context map](img/map.png) and [the web](https://example.com).

        ## Open Risks
        """,
        "adr/0001-kafka.md": "# 1. Use Kafka\n## Decision\nKafka.\n",
        "api/orders.yaml": "openapi: 3.0.3\n",
        "docs/img/map.png": "png",
    ]

    @Test func passesWhenEveryRelativeLinkResolves() async throws {
        let r = try await gradeSingle(grader: "markdown.links", with: "", paths: ["docs/*.md"], files: files)
        #expect(r.status == .passed)
        #expect(r.summary == "4 of 4 relative links resolve")
    }

    @Test func failsOnAMissingFileAndAWrongAnchor() async throws {
        var broken = files
        broken["docs/design.md"] = "# Design\n\nSee [ADR 2](../adr/0002.md) and [ADR 1](../adr/0001-kafka.md#status).\n"
        let r = try await gradeSingle(grader: "markdown.links", with: "", paths: ["docs/*.md"], files: broken)
        #expect(r.status == .failed)
        #expect(
            r.findings.map(\.description) == [
                "docs/design.md:3:5: error: link '../adr/0002.md' points at 'adr/0002.md', which is not in the submission",
                "docs/design.md:3:33: error: link '../adr/0001-kafka.md#status': 'adr/0001-kafka.md' has no heading '#status'",
            ])
    }

    @Test func partialAndLinksThatClimbOut() async throws {
        var some = files
        some["docs/design.md"] = "# Design\n[ok](../api/orders.yaml) [out](../../etc/passwd)\n"
        let r = try await gradeSingle(
            grader: "markdown.links", with: "{ anchors: false }", paths: ["docs/*.md"], files: some)
        #expect(r.status == .partial)
        #expect(r.findings.map(\.message) == ["link '../../etc/passwd' leads outside the submission"])
    }

    /// Nothing to check is no failure (and earns nothing): the criterion leaves the score.
    @Test func noRelativeLinksIsSkippedAndMalformedMarkdownDoesNotCrash() async throws {
        let r = try await gradeSingle(
            grader: "markdown.links", with: "", paths: ["*.md"], files: ["d.md": "[unclosed](\n<a href=x>\n[x]: \n"])
        #expect(r.status == .skipped)
        #expect(r.summary == "no relative links to check")
        let node = try YAMLParser().parse("{ anchor: false }", file: "o.yaml")
        let error = try #require(throws: RubricError.self) { try MarkdownLinksGrader.options(from: node) }
        #expect(
            error.diagnostics.map(\.message) == [
                "unknown key 'anchor' in the options of 'markdown.links'; did you mean 'anchors'?"
            ])
    }
}

@Suite struct MarkdownLinksMinimumTests {
    @Test func aDesignThatLinksNothingFailsWhenLinksAreWanted() async throws {
        let r = try await gradeSingle(
            grader: "markdown.links", with: "{ min_links: 2 }", files: ["design.md": "# Design\n\nNo links.\n"])
        #expect(r.status == .failed)
        #expect(r.summary == "0 relative links; at least 2 wanted")
    }

    @Test func tooFewLinksScoreInProportion() async throws {
        let r = try await gradeSingle(
            grader: "markdown.links", with: "{ min_links: 2 }",
            files: ["design.md": "# Design\n\nSee [ADR 1](adr/0001.md).\n", "adr/0001.md": "# ADR\n"])
        #expect(r.status == .partial)
        #expect(r.score == 0.5)
    }

    @Test func enoughLinksAreJudgedAsUsual() async throws {
        let r = try await gradeSingle(
            grader: "markdown.links", with: "{ min_links: 1 }",
            files: ["design.md": "# Design\n\nSee [ADR 1](adr/0001.md).\n", "adr/0001.md": "# ADR\n"])
        #expect(r.status == .passed)
    }
}
