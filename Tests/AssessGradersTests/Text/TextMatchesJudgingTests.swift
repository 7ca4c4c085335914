import AssessCore
import Testing

@testable import AssessGraders

/// `text.matches` judges texts held here: matches counted across files, a file that is not
/// UTF-8 named and passed over.
@Suite struct TextMatchesJudgingTests {
    static let far = ContinuousClock.now + .seconds(60)

    @Test func enoughMatchesAcrossFilesPassAndTooFewArePartial() throws {
        let grader = try configured(TextMatchesGrader.self, "{ pattern: 'TODO\\(\\w+\\)', min: 2 }")
        let texts: [(path: String, text: String?)] = [
            ("src/a.py", "x = 1  # TODO(ana): cache\n"), ("src/b.py", "# TODO(li): retry\n"),
        ]
        #expect(try grader.judge(texts, until: Self.far).status == .passed)
        let one = try grader.judge([texts[0], ("src/logo.png", nil)], until: Self.far)
        #expect(one.status == .partial)
        #expect(one.score == 0.5)
        #expect(one.findings.map(\.message).contains("'src/logo.png' is not UTF-8 text; it was not searched"))
        #expect(try grader.judge([("src/logo.png", nil)], until: Self.far).status == .failed)
    }
}
