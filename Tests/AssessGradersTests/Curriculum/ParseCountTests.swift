import AssessCore
import AssessGraders
import AssessTestSupport
import Foundation
import Testing

/// The guard for "one parse per file per run", counted rather than timed: the Phase 1 rubric
/// has ten criteria over its design document and four over its OpenAPI files, and each file is
/// still parsed once.
@Suite struct ParseCountTests {
    @Test func gradingPhase1PassParsesEachFileOnce() async throws {
        let rubric = try RubricLoader(registry: .builtIn).load(
            file: repositoryRoot + "/Rubrics/phase1-service-design.yaml")
        let cache = GradingRunCache()
        let report = await Engine().grade(
            try Submission(path: repositoryRoot + "/Submissions/phase1-pass"), against: rubric, cache: cache)
        #expect(report.criteria.count >= 15)
        let counts = cache.madeCounts
        #expect(counts.keys.contains { $0.hasPrefix("markdown ") && $0.hasSuffix("design.md") }, "\(counts)")
        #expect(counts.keys.contains { $0.hasPrefix("openapi ") }, "\(counts)")
        #expect(counts.keys.contains { $0.hasPrefix("api-files ") }, "\(counts)")
        for (value, made) in counts {
            #expect(made == 1, "\(value) was made \(made) times")
        }
    }

    @Test func aSecondRunParsesAgain() async throws {
        // The cache belongs to one run: a fresh run (a re-grade after an edit) reads afresh.
        let rubric = try RubricLoader(registry: .builtIn).load(
            file: repositoryRoot + "/Rubrics/phase1-service-design.yaml")
        let submission = try Submission(path: repositoryRoot + "/Submissions/phase1-pass")
        let first = GradingRunCache()
        let second = GradingRunCache()
        _ = await Engine().grade(submission, against: rubric, cache: first)
        _ = await Engine().grade(submission, against: rubric, cache: second)
        #expect(first.madeCounts == second.madeCounts)
    }
}
