import AssessCore
import AssessFormats
import AssessYAML
import Testing

@testable import AssessGraders

/// The document graders judge Markdown documents parsed here from text, with no file written
/// and no grading job: decision records, concepts, diagrams, tables, links and names.
@Suite struct DocumentJudgingTests {
    static func document(_ file: String, _ text: String) -> MarkdownDocument {
        MarkdownParser().parse(text, file: file)
    }

    // A stranger's records: one in Nygard's format, one in MADR's, one with no status.
    static let nygard = document(
        "docs/adr/0001-use-postgres.md",
        "# 1. Use PostgreSQL\n\nDate: 2026-11-02\n\n## Status\n\nAccepted\n\n## Context\n\nWe need SQL.\n\n## Decision\n\nPostgreSQL.\n\n## Consequences\n\nOps learn it.\n"
    )
    static let madr = document(
        "docs/adr/0002-queue.md",
        "---\nstatus: proposed\n---\n# Use a queue for orders\n\n## Context and Problem Statement\n\nSpikes.\n\n## Decision Outcome\n\nChosen option: Kafka.\n\n### Consequences\n\n* Good, because it buffers.\n"
    )
    static let unfinished = document("docs/adr/0003-cache.md", "# Cache\n\n## Context\n\nSlow reads.\n")

    @Test func decisionRecordsInEitherFormatCountAndOneWithoutStatusIsNamed() throws {
        let grader = try configured(ADRGrader.self, "{ min_count: 2, numbering: false }")
        #expect(grader.judge([Self.nygard, Self.madr]).status == .passed)
        let outcome = grader.judge([Self.nygard, Self.madr, Self.unfinished])
        #expect(outcome.status == .partial)
        #expect(
            outcome.findings.contains {
                $0.location?.file == "docs/adr/0003-cache.md" && $0.message.contains("has no status")
            }, "\(outcome.findings)")
        #expect(grader.judge([]).status == .failed)
    }

    @Test func conceptsAreFoundOnlyInTheirSection() throws {
        let grader = try configured(
            MarkdownConceptsGrader.self,
            "{ section: Resilience, concepts: { circuit breaker: [circuit breaker, circuit-breaker], retry: [retry, retries], bulkhead: [bulkhead] } }"
        )
        let design = Self.document(
            "design.md",
            "# Design\n\n## Resilience\n\nCalls to payments go through a circuit breaker and retry with jitter.\n\n## Later\n\nA bulkhead, one day.\n"
        )
        let outcome = grader.judge([design])
        #expect(outcome.status == .partial)
        #expect(outcome.summary == "2 of 3 concepts covered in section 'Resilience'")
        #expect(outcome.findings.first?.message == "missing concept in section 'Resilience': bulkhead")
        #expect(outcome.findings.first?.location?.line == 3)
    }

    @Test func aDiagramWithTooFewNodesIsPartialAndNamedAtItsFirstLine() throws {
        let grader = try configured(MarkdownDiagramGrader.self, "{ type: flowchart, min_nodes: 4 }")
        let small = Self.document("design.md", "# Design\n\n```mermaid\nflowchart LR\n  A --> B --> C\n```\n")
        let outcome = grader.judge([small])
        #expect(outcome.status == .partial)
        #expect(
            outcome.findings.map(\.description) == [
                "design.md:4:1: error: the flowchart diagram has 3 nodes; needs at least 4"
            ])
        let big = Self.document("design.md", "# Design\n\n```mermaid\nflowchart LR\n  A --> B --> C --> D\n```\n")
        #expect(grader.judge([big]).status == .passed)
        #expect(grader.judge([Self.nygard]).status == .failed)
    }

    @Test func aTableMissingAColumnAndARowIsPartial() throws {
        let grader = try configured(MarkdownTableGrader.self, "{ columns: [Service, Owner, Tier], min_rows: 3 }")
        let document = Self.document(
            "ops.md",
            "# Ops\n\n| Service | Owner |\n| --- | --- |\n| checkout | payments team |\n| search | discovery |\n")
        let outcome = grader.judge([document])
        #expect(outcome.status == .partial)
        #expect(abs(outcome.score - (2.0 / 3 + 2.0 / 3) / 2) < 1e-9)
        #expect(
            outcome.findings.map(\.message) == [
                "the table has no column 'Tier'; its columns are 'Service', 'Owner'",
                "the table has 2 rows; it needs at least 3",
            ])
    }

    @Test func linksResolveAgainstTheSubmissionAndTheLinkedDocumentsHeadings() throws {
        let grader = try configured(MarkdownLinksGrader.self, "{}")
        let design = Self.document(
            "docs/design.md",
            "# Design\n\nSee [the decision](adr/0001-use-postgres.md#status), [the code](../src/), [gone](adr/9.md) and [no heading](adr/0001-use-postgres.md#rollback).\n"
        )
        let files: Set<String> = ["docs/design.md", "docs/adr/0001-use-postgres.md", "src/main.go"]
        let outcome = grader.judge([design], files: files) { path in
            path == Self.nygard.file ? Self.nygard : nil
        }
        #expect(outcome.status == .partial)
        #expect(outcome.summary.hasPrefix("2 of 4 relative links resolve"), "\(outcome.summary)")
        #expect(
            outcome.findings.map(\.message) == [
                "link 'adr/9.md' points at 'docs/adr/9.md', which is not in the submission",
                "link 'adr/0001-use-postgres.md#rollback': 'docs/adr/0001-use-postgres.md' has no heading '#rollback'",
            ])
    }

    @Test func namesAgreeWhenEveryReferenceNameIsFoundElsewhere() throws {
        let grader = try configured(
            ConsistencyNamesGrader.self, "{ names: { section: Services }, against: [{ folders: 'services/*' }] }")
        let at = SourceLocation(file: "design.md", line: 5, column: 3)
        let reference: [ConsistencyNamesGrader.Name] = [("Checkout", at), ("Order History", at)]
        let place = grader.options.against[0]
        let agreeing = grader.judge(
            reference, against: [(place, [("checkout", nil), ("order-history", nil)])], documents: [])
        #expect(agreeing.status == .passed, "\(agreeing.findings)")
        let missing = grader.judge(reference, against: [(place, [("checkout", nil)])], documents: [])
        #expect(missing.status == .partial)
        #expect(missing.findings.map(\.location) == [at])
        let empty = grader.judge([], against: [(place, [])], documents: [Self.nygard])
        #expect(empty.status == .failed)
    }
}
