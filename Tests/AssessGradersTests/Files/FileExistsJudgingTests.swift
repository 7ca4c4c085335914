import AssessCore
import Testing

@testable import AssessGraders

/// `file.exists` judges a file listing built here: how many files, and which are too small.
@Suite struct FileExistsJudgingTests {
    @Test func enoughFilesOfTheSizePassAndAnEmptyOneIsNamed() throws {
        let grader = try configured(FileExistsGrader.self, "{ min_count: 2, min_bytes: 10 }")
        let design = SubmissionFile(path: "docs/design.md", size: 4_096)
        let adr = SubmissionFile(path: "docs/adr/0001.md", size: 900)
        let stub = SubmissionFile(path: "docs/adr/0002.md", size: 0)
        #expect(grader.judge([design, adr]).status == .passed)
        let partial = grader.judge([design, stub])
        #expect(partial.status == .partial)
        #expect(partial.score == 0.5)
        #expect(partial.findings.map(\.message) == ["'docs/adr/0002.md' is 0 bytes; it needs at least 10 bytes"])
        #expect(grader.judge([]).status == .failed)
    }
}
