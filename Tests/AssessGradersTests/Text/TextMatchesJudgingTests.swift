import AssessCore
import Testing

@testable import AssessGraders

/// `text.matches` judges texts held here, read one file at a time: matches counted across
/// files, a file that is not UTF-8 named and passed over.
@Suite struct TextMatchesJudgingTests {
    static let far = ContinuousClock.now + .seconds(60)

    @Test func enoughMatchesAcrossFilesPassAndTooFewArePartial() throws {
        let grader = try configured(TextMatchesGrader.self, "{ pattern: 'TODO\\(\\w+\\)', min: 2 }")
        let texts: [String: String] = [
            "src/a.py": "x = 1  # TODO(ana): cache\n", "src/b.py": "# TODO(li): retry\n",
        ]
        func judge(_ paths: [String]) throws -> Outcome {
            try grader.judge(paths, until: Self.far) { texts[$0] }
        }
        #expect(try judge(["src/a.py", "src/b.py"]).status == .passed)
        let one = try judge(["src/a.py", "src/logo.png"])
        #expect(one.status == .partial)
        #expect(one.score == 0.5)
        #expect(one.findings.map(\.message).contains("'src/logo.png' is not UTF-8 text; it was not searched"))
        #expect(try judge(["src/logo.png"]).status == .failed)
    }
}
