import AssessCore
import AssessGraders
import AssessTestSupport
import Testing

@Suite struct TextMatchesGraderTests {
    let design = "# Design\n\n## Bounded Contexts\n- **Orders**\n- **Payments**\n- **Catalog**\n"

    @Test func passesAndPointsAtEachMatch() async throws {
        let r = try await gradeSingle(
            grader: "text.matches", with: "{ pattern: '^- \\*\\*(\\w+)', min: 3, max: 5 }",
            paths: ["design.md"], files: ["design.md": design])
        #expect(r.status == .passed)
        #expect(r.findings.map(\.location?.description) == ["design.md:4:1", "design.md:5:1", "design.md:6:1"])
        #expect(r.findings[0].message.hasPrefix("'- **Orders' matches"))
    }

    @Test func failsSayingWhatWasNotFound() async throws {
        let r = try await gradeSingle(
            grader: "text.matches", with: "{ pattern: 'Strangler Fig' }", paths: ["design.md"],
            files: ["design.md": design])
        #expect(r.status == .failed)
        #expect(r.summary == "0 matches of /Strangler Fig/ (needs at least 1)")
        #expect(r.findings.map(\.message) == ["found 0 matches of /Strangler Fig/ in 'design.md'; needs at least 1"])
    }

    @Test func givesPartialCreditBelowTheMinimum() async throws {
        let r = try await gradeSingle(
            grader: "text.matches", with: "{ pattern: '^- \\*\\*', min: 8, max: 12 }",
            paths: ["design.md"], files: ["design.md": design])
        #expect(r.status == .partial)
        #expect(r.score == 0.375)
    }

    @Test func pointsAtMatchesBeyondTheMaximum() async throws {
        let r = try await gradeSingle(
            grader: "text.matches", with: "{ pattern: 'TODO', min: 0, max: 0 }", paths: ["notes.md"],
            files: ["notes.md": "Intro\n  TODO: write this\n"])
        #expect(r.status == .failed)
        #expect(r.findings.map(\.description) == ["notes.md:2:3: error: 'TODO' matches /TODO/; at most 0 allowed"])
    }

    @Test func ignoreCaseOption() async throws {
        let r = try await gradeSingle(
            grader: "text.matches", with: "{ pattern: 'strangler fig', ignore_case: true }",
            paths: ["d.md"], files: ["d.md": "The Strangler Fig pattern"])
        #expect(r.status == .passed)
    }

    @Test func aBinaryFileIsAFindingNotACrash() async throws {
        let tree = try TemporaryTree(["ok.md": "nothing here"])
        try tree.writeBytes("blob.md", [0x00, 0xFF, 0xFE, 0x41])
        let r = try await gradeSingle(grader: "text.matches", with: "{ pattern: A }", paths: ["*.md"], submission: tree)
        #expect(r.status == .failed)
        #expect(r.findings.contains { $0.message == "'blob.md' is not UTF-8 text; it was not searched" })
    }

    @Test func rejectsAnInvalidRegexAtLoad() throws {
        let node = try YAMLParser().parse("pattern: '(unclosed'\nmax: 1\nmin: 2\n", file: "o.yaml")
        let error = try #require(throws: RubricError.self) { try TextMatchesGrader.options(from: node) }
        #expect(
            error.diagnostics.map(\.description) == [
                "o.yaml:1:10: error: '(unclosed' is not a valid regular expression for 'pattern'",
                "o.yaml:2:6: error: 'max' (1) is below 'min' (2)",
            ])
    }
}
