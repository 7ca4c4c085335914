import AssessCore
import AssessTestSupport
import Testing

@testable import AssessGraders

@Suite struct MarkdownTableGraderTests {
    let slo = """
        # Operations

        ## SLOs

        | Service | SLI | Objective | Window |
        | --- | --- | --- | --- |
        | checkout | p95 latency < 300 ms | 99.9% | 28d |
        | orders | availability | 99.95 % | 28d |
        | search | availability | 9.5 | |
        """

    let options =
        "{ section: SLOs, columns: [SLI, [Target, Objective], Window], min_rows: 3, checks: { Objective: { min: 90, max: 100 }, Window: { non_empty: true } } }"

    @Test func passesOnAGoodTable() async throws {
        let good = slo.replacingOccurrences(
            of: "| search | availability | 9.5 | |", with: "| search | availability | 99.5 | 7d |")
        let r = try await gradeSingle(grader: "markdown.table", with: options, files: ["ops.md": good])
        #expect(r.status == .passed)
        #expect(r.summary == "table in section 'SLOs' with 3 rows, 3 of 3 required columns")
    }

    @Test func partialWithEveryBadCellLocated() async throws {
        let r = try await gradeSingle(grader: "markdown.table", with: options, files: ["ops.md": slo])
        #expect(r.status == .partial)
        #expect(
            r.findings.map(\.description) == [
                "ops.md:9:26: error: 'Objective' 9.5 is below 90",
                "ops.md:9:32: error: 'Window' is empty",
            ])
        #expect(abs(r.score - (1 + 1 + 4.0 / 6.0) / 3) < 0.001)
    }

    @Test func failsWithoutATable() async throws {
        let r = try await gradeSingle(
            grader: "markdown.table", with: options, files: ["ops.md": "# Operations\n## SLOs\nWe aim high.\n"])
        #expect(r.status == .failed)
        #expect(
            r.findings[0].message
                == "no table in section 'SLOs'; expected columns 'SLI', 'Target' (or 'Objective'), 'Window'")
    }

    @Test func missingColumnsAreNamedAndMalformedRowsDoNotCrash() async throws {
        let r = try await gradeSingle(
            grader: "markdown.table", with: "{ columns: [SLI, Owner] }",
            files: ["t.md": "| SLI |\n| --- |\n| a | extra |\n|\n"])
        #expect(r.status == .partial)
        #expect(r.findings.map(\.message) == ["the table has no column 'Owner'; its columns are 'SLI'"])
        let node = try YAMLParser().parse(
            "{ columns: [A], checks: { A: { matches: '(' , between: 3 } } }", file: "o.yaml")
        let error = try #require(throws: RubricError.self) { try MarkdownTableGrader.options(from: node) }
        #expect(
            error.diagnostics.map(\.message) == [
                "'(' is not a valid regular expression for 'matches'",
                "unknown key 'between' in the checks of column 'A'",
            ])
    }

    @Test func numbersAreReadFromCellsWithUnits() {
        #expect(MarkdownTableGrader.number(in: "99.9%") == 99.9)
        #expect(MarkdownTableGrader.number(in: "≤ 250 ms") == 250)
        #expect(MarkdownTableGrader.number(in: "1,000 rps") == 1000)
        #expect(MarkdownTableGrader.number(in: "n/a") == nil)
    }
}
