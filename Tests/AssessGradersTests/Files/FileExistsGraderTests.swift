import AssessCore
import AssessGraders
import AssessTestSupport
import Testing

@Suite struct FileExistsGraderTests {
    @Test func passesWhenEnoughFilesAreThere() async throws {
        let r = try await gradeSingle(
            grader: "file.exists", with: "{ min_count: 2 }", paths: ["adr/*.md"],
            files: ["adr/0001.md": "# A", "adr/0002.md": "# B"])
        #expect(r.status == .passed)
        #expect(r.measurements == [MeasuredValue("files", 2, limit: ">= 2")])
    }

    @Test func failsWhenTheOnlyFileIsEmpty() async throws {
        let r = try await gradeSingle(grader: "file.exists", with: "", paths: ["design.md"], files: ["design.md": ""])
        #expect(r.status == .failed)
        #expect(r.findings.map(\.message) == ["'design.md' is 0 bytes; it needs at least 1 byte"])
        #expect(r.findings[0].location == SourceLocation(file: "design.md", line: 1, column: 1))
    }

    @Test func givesPartialCreditPerFile() async throws {
        let r = try await gradeSingle(
            grader: "file.exists", with: "{ min_count: 4 }", paths: ["adr/*.md"],
            files: ["adr/1.md": "x", "adr/2.md": "y", "adr/3.md": "z"])
        #expect(r.status == .partial)
        #expect(r.score == 0.75)
    }

    @Test func rejectsMalformedOptionsAtLoad() throws {
        let node = try YAMLParser().parse("{ min_count: lots, min_bytes: -1 }", file: "o.yaml")
        let error = try #require(throws: RubricError.self) { try FileExistsGrader.options(from: node) }
        #expect(
            error.diagnostics.map(\.description) == [
                "o.yaml:1:14: error: expected a whole number for 'min_count', found 'lots'",
                "o.yaml:1:31: error: 'min_bytes' cannot be negative",
            ])
    }
}
