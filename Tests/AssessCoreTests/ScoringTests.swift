import AssessCore
import AssessGraders
import AssessTestSupport
import Testing

@Suite struct ScoringTests {
    /// A rubric of manual criteria: each one's score comes straight from a review, so every
    /// scoring rule can be exercised without files.
    func report(
        pass: Double = 80, bands: String = "{ distinction: 95, merit: 90 }",
        criteria: [(id: String, weight: Double, required: Bool)],
        reviews: String
    ) async throws -> Report {
        let list = criteria.map {
            "  - { id: \($0.id), grader: manual, weight: \($0.weight), required: \($0.required), hint: h }"
        }
        let rubric = try RubricLoader(registry: .builtIn).load(
            text: "rubric: s\npass: \(pass)\nbands: \(bands)\ncriteria:\n" + list.joined(separator: "\n") + "\n",
            file: "s.yaml")
        let tree = try TemporaryTree()
        return await Engine().grade(
            try Submission(path: tree.path), against: rubric,
            reviews: try Reviews(text: reviews, file: "r.yaml", rubric: rubric))
    }

    @Test func weightsAndPartialCredit() async throws {
        let r = try await report(
            criteria: [("a", 30, false), ("b", 10, false)], reviews: "a: { score: 1 }\nb: { score: 0.5 }\n")
        #expect(r.score.points == 35)
        #expect(r.score.possible == 40)
        #expect(r.score.percent == 87.5)
        #expect(r.criteria.map(\.status) == [.passed, .partial])
        #expect(r.verdict == .passed)
        #expect(r.band == nil)
    }

    @Test func bandsAreTheHighestReached() async throws {
        let r = try await report(
            criteria: [("a", 10, false), ("b", 10, false)], reviews: "a: { score: 1 }\nb: { score: 0.85 }\n")
        #expect(r.score.percent == 92.5)
        #expect(r.band == "merit")
    }

    @Test func exactlyThePassMarkPasses() async throws {
        let r = try await report(pass: 85, criteria: [("a", 20, false)], reviews: "a: { score: 0.85 }\n")
        #expect(r.verdict == .passed)
    }

    @Test func aFailedRequiredCriterionFailsWhateverTheTotal() async throws {
        let r = try await report(
            criteria: [("gate", 1, true), ("big", 99, false)], reviews: "gate: { score: 0.9 }\nbig: { score: 1 }\n")
        #expect(r.score.percent == 99.9)
        #expect(r.verdict == .failed)
        #expect(r.failedGates == ["gate"])
    }

    @Test func pendingCriteriaMakeTheVerdictProvisionalWithARange() async throws {
        let r = try await report(criteria: [("a", 50, false), ("b", 50, false)], reviews: "a: { score: 1 }\n")
        #expect(r.verdict == .provisional)
        #expect(r.criteria[1].status == .pending)
        #expect(r.score.range == ScoreRange(min: 50, max: 100))
        #expect(r.canStillPass)
    }

    @Test func aSubmissionThatCannotPassEvenWithFullReviewsHasFailed() async throws {
        let r = try await report(criteria: [("a", 90, false), ("b", 10, false)], reviews: "a: { score: 0.2 }\n")
        #expect(r.score.range == ScoreRange(min: 18, max: 28))
        #expect(r.verdict == .failed)
        #expect(!r.canStillPass)
    }

    @Test func reviewsNameOnlyKnownCriteria() async throws {
        let error = try await #require(throws: RubricError.self) {
            try await report(criteria: [("boundaries", 1, false)], reviews: "boundries: { score: 1 }\n")
        }
        #expect(
            error.diagnostics.map(\.description) == [
                "r.yaml:1:1: error: no criterion 'boundries' in rubric 's'; did you mean 'boundaries'?"
            ])
    }
}
