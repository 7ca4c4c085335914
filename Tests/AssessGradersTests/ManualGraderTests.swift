import AssessCore
import AssessGraders
import AssessTestSupport
import Testing

@Suite struct ManualGraderTests {
    let levels = "levels: { excellent: 1.0, good: 0.75, weak: 0.4, missing: 0 }"

    @Test func aTopLevelPasses() async throws {
        let r = try await gradeSingle(
            grader: "manual", with: levels, files: [:],
            reviews: "example: { level: excellent, reviewer: dana, comment: Clear. }")
        #expect(r.status == .passed)
        #expect(r.summary == "reviewed 'excellent' by dana")
        #expect(r.review == ReviewNote(reviewer: "dana", comment: "Clear.", level: "excellent"))
    }

    @Test func aMiddleLevelIsPartialAndPointsScaleTheScore() async throws {
        let r = try await gradeSingle(grader: "manual", with: levels, files: [:], reviews: "example: { level: good }")
        #expect(r.status == .partial)
        #expect(r.score == 0.75)
        let p = try await gradeSingle(
            grader: "manual", with: "points: 8", files: [:], reviews: "example: { points: 6 }")
        #expect(p.score == 0.75)
    }

    @Test func theLowestLevelFails() async throws {
        let r = try await gradeSingle(
            grader: "manual", with: levels, files: [:], reviews: "example: { level: missing }")
        #expect(r.status == .failed)
    }

    @Test func unscoredIsPending() async throws {
        let none = try await gradeSingle(grader: "manual", with: levels, files: [:])
        #expect(none.status == .pending)
        let commentOnly = try await gradeSingle(
            grader: "manual", with: levels, files: [:], reviews: "example: { comment: later }")
        #expect(commentOnly.status == .pending)
    }

    /// A reviewer's typo is a usage error at its line and column when the reviews file is read,
    /// never a criterion scored 0 that moves the verdict.
    @Test func aMalformedReviewIsAUsageErrorAtItsLine() async throws {
        let level = try await #require(throws: RubricError.self) {
            try await gradeSingle(grader: "manual", with: levels, files: [:], reviews: "example: { level: great }")
        }
        #expect(
            level.diagnostics.map(\.description) == [
                "reviews.yaml:1:19: error: the review of 'example': unknown level 'great'; the levels are excellent, good, weak, missing"
            ])
        let typo = try await #require(throws: RubricError.self) {
            try await gradeSingle(grader: "manual", with: levels, files: [:], reviews: "example:\n  level: gud\n")
        }
        #expect(
            typo.diagnostics.map(\.description) == [
                "reviews.yaml:2:10: error: the review of 'example': unknown level 'gud'; did you mean 'good'?; the levels are excellent, good, weak, missing"
            ])
        let points = try await #require(throws: RubricError.self) {
            try await gradeSingle(grader: "manual", with: "points: 5", files: [:], reviews: "example: { points: 7 }")
        }
        #expect(
            points.diagnostics.map(\.description) == [
                "reviews.yaml:1:20: error: the review of 'example': points must be in 0…5, found 7"
            ])
        let wrongKind = try await #require(throws: RubricError.self) {
            try await gradeSingle(grader: "manual", with: levels, files: [:], reviews: "example: { points: 3 }")
        }
        #expect(
            wrongKind.diagnostics.map(\.description) == [
                "reviews.yaml:1:20: error: the review of 'example': this criterion takes no points; give a 'level' (excellent, good, weak, missing)"
            ])
    }

    @Test func aReviewOfAnAutomatedOrUnknownCriterionIsAUsageError() async throws {
        let automated = try await #require(throws: RubricError.self) {
            try await gradeSingle(
                grader: "file.exists", with: "", files: ["a.md": "x"], reviews: "example: { level: good }")
        }
        #expect(
            automated.diagnostics.map(\.description) == [
                "reviews.yaml:1:1: error: criterion 'example' is graded by file.exists, not by a reviewer, so it takes no review"
            ])
        let unknown = try await #require(throws: RubricError.self) {
            try await gradeSingle(grader: "manual", with: levels, files: [:], reviews: "exampel: { level: good }")
        }
        #expect(
            unknown.diagnostics.map(\.description) == [
                "reviews.yaml:1:1: error: no criterion 'exampel' in rubric 'example'; did you mean 'example'?"
            ])
    }

    /// A `Reviews` value built in code is not checked on reading; the grader still refuses to
    /// turn an unknown level into a score.
    @Test func anUncheckedReviewIsStillAnErrorNotAZero() async throws {
        let options = try ManualGrader.options(from: try YAMLParser().parse(levels, file: "o.yaml"))
        #expect(ManualGrader(options: options).problems(in: Review(level: "great")).map(\.key) == ["level"])
    }

    @Test func rejectsBadLevelsAtLoad() throws {
        let node = try YAMLParser().parse("levels: { great: 1.5 }\npoints: 3\n", file: "o.yaml")
        let error = try #require(throws: RubricError.self) { try ManualGrader.options(from: node) }
        #expect(
            error.diagnostics.map(\.description) == [
                "o.yaml:1:18: error: 'great' in 'levels' is a share from 0 to 1, found 1.5",
                "o.yaml:2:9: error: give either 'levels' or 'points', not both",
            ])
    }
}
