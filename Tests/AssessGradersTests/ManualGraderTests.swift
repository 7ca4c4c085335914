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

    @Test func aMalformedReviewIsAnErrorThatSaysWhy() async throws {
        let r = try await gradeSingle(grader: "manual", with: levels, files: [:], reviews: "example: { level: gud }")
        #expect(r.status == .error)
        #expect(
            r.findings.map(\.message) == [
                "unknown level 'gud'; did you mean 'good'?; levels are excellent, good, weak, missing"
            ])
        let points = try await gradeSingle(
            grader: "manual", with: "points: 5", files: [:], reviews: "example: { points: 7 }")
        #expect(points.status == .error)
        #expect(points.summary == "the review gives 7 points, outside 0…5")
    }

    @Test func rejectsBadLevelsAtLoad() throws {
        let node = try YAMLParser().parse("levels: { great: 1.5 }\npoints: 3\n", file: "o.yaml")
        let error = try #require(throws: RubricError.self) { try ManualGrader.options(from: node) }
        #expect(
            error.diagnostics.map(\.description) == [
                "o.yaml:1:18: error: level 'great' is worth 1.5; levels are fractions in 0…1",
                "o.yaml:2:9: error: give either 'levels' or 'points', not both",
            ])
    }
}
