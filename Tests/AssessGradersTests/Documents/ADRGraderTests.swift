import AssessCore
import AssessGraders
import AssessTestSupport
import Testing

@Suite struct ADRGraderTests {
    static let nygard =
        "# 1. Record architecture decisions\n\nDate: 2026-09-01\n\n## Status\n\nAccepted\n\n## Context\n\nWe need memory.\n\n## Decision\n\nWe keep ADRs.\n\n## Consequences\n\nMore writing.\n"
    static let madr =
        "---\nstatus: superseded by ADR-0003\ndate: 2026-09-02\n---\n# Use PostgreSQL per service\n\n## Context and Problem Statement\n\nShared schema.\n\n## Decision Outcome\n\nOne database per service.\n\n### Consequences\n\n* Good, because autonomy.\n"
    static let madr2 =
        "# Use Kafka\n\n* Status: proposed\n* Deciders: team\n\n## Context and Problem Statement\n\nEvents.\n\n## Decision Outcome\n\nKafka.\n\n### Positive Consequences\n\nDecoupling.\n"

    @Test func nygardAndMADRRecordsPass() async throws {
        let r = try await gradeSingle(
            grader: "adr", with: "{ min_count: 3 }", paths: ["adr/*.md"],
            files: [
                "adr/0001-record.md": Self.nygard, "adr/0002-postgres.md": Self.madr, "adr/0003-kafka.md": Self.madr2,
            ])
        #expect(r.status == .passed, "\(r.findings)")
        #expect(r.summary == "3 decision records, 3 complete")
    }

    @Test func failsWithTooFewRecordsABadStatusAndAGap() async throws {
        let bad = "# 3. Use Kafka\n\n## Status\n\nMaybe\n\n## Context\n\nEvents.\n"
        let r = try await gradeSingle(
            grader: "adr", with: "{ min_count: 4 }", paths: ["adr/*.md"],
            files: ["adr/0001-record.md": Self.nygard, "adr/0003-kafka.md": bad])
        #expect(r.status == .partial)
        #expect(
            r.findings.map(\.description) == [
                "adr/0001-record.md:1:1: error: found 2 decision records; needs at least 4",
                "adr/0003-kafka.md:1:1: error: 'adr/0003-kafka.md' has no section 'Decision' (or 'Decision Outcome')",
                "adr/0003-kafka.md:1:1: error: 'adr/0003-kafka.md' has no section 'Consequences' (or 'Positive Consequences', 'Pros and Cons of the Options')",
                "adr/0003-kafka.md:5:1: error: status 'Maybe' is not one of proposed, accepted, rejected, deprecated, superseded",
                "adr/0003-kafka.md:1:1: error: numbering skips 2 before 3",
            ])
    }

    @Test func recordsWithoutHeadingsOrNumbersScoreLow() async throws {
        let r = try await gradeSingle(
            grader: "adr", with: "", paths: ["adr/*.md"], files: ["adr/kafka.md": "We chose Kafka.\n"])
        #expect(r.status == .partial)
        #expect(r.score < 0.5)
        #expect(r.findings.contains { $0.message == "'kafka.md' does not start with its number (e.g. 0001-kafka.md)" })
        #expect(r.findings.contains { $0.message.hasPrefix("'adr/kafka.md' has no status") })
    }

    @Test func malformedFrontMatterStillGradesTheBody() async throws {
        let r = try await gradeSingle(
            grader: "adr", with: "{ numbering: false }", paths: ["adr/*.md"],
            files: ["adr/0001.md": "---\nstatus: [accepted\n---\n" + Self.nygard])
        #expect(r.status == .passed)  // the Status section still gives the status
        let node = try YAMLParser().parse("{ min_count: 0, statuses: accepted }", file: "o.yaml")
        let error = try #require(throws: RubricError.self) { try ADRGrader.options(from: node) }
        #expect(error.diagnostics.map(\.message) == ["'min_count' must be at least 1"])
    }
}
