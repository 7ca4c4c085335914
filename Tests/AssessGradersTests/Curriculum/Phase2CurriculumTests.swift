import AssessCore
import AssessGraders
import AssessTestSupport
import Foundation
import Testing

/// The Phase 2 rubrics (the checkpoint "Design communication for 20-service ecosystem" and the
/// week 2-6 labs) and their sample submissions: each sample's score, verdict and the exact set of
/// criteria that fall short are pinned, so a grader change that moves them is seen.
@Suite struct Phase2CurriculumTests {
    let loader = RubricLoader(registry: .builtIn)

    func rubric(_ path: String) throws -> Rubric {
        let loaded = try loader.load(file: repositoryRoot + "/Rubrics/\(path).yaml")
        #expect(loaded.warnings.isEmpty, "\(path): \(loaded.warnings)")
        #expect(loaded.criteria.allSatisfy { $0.hint != nil }, "\(path)")
        return loaded
    }

    func grade(_ sample: String, rubric path: String, reviews: Bool = false) async throws -> Report {
        let loaded = try rubric(path)
        let scores =
            try reviews
            ? Reviews.load(repositoryRoot + "/Submissions/\(sample).reviews.yaml", rubric: loaded) : Reviews()
        return await Engine().grade(
            try Submission(path: repositoryRoot + "/Submissions/" + sample), against: loaded, reviews: scores)
    }

    /// The criteria that did not pass, with their status.
    func shortfalls(_ report: Report) -> [String: CriterionStatus] {
        Dictionary(uniqueKeysWithValues: report.criteria.filter { $0.status != .passed }.map { ($0.id, $0.status) })
    }

    @Test func passMarksAreTheSeeds() throws {
        #expect(try rubric("phase2-communication").pass == 90)
    }

    @Test func checkpointPassingSample() async throws {
        let reviewed = try await grade("phase2-pass", rubric: "phase2-communication", reviews: true)
        #expect(reviewed.verdict == .passed)
        #expect(reviewed.score.percent == 100)
        #expect(reviewed.band == "distinction")
        #expect(shortfalls(reviewed).isEmpty, "\(shortfalls(reviewed))")
        let unreviewed = try await grade("phase2-pass", rubric: "phase2-communication")
        #expect(unreviewed.verdict == .provisional)
        #expect(unreviewed.score.range == ScoreRange(min: 91.15, max: 100))
        #expect(shortfalls(unreviewed) == ["presentation-review": .pending])
    }

    @Test func checkpointWeakSampleFailsForSeveralReasons() async throws {
        let report = try await grade("phase2-fail", rubric: "phase2-communication")
        #expect(report.verdict == .failed)
        #expect(report.score.percent == 32.66)
        #expect(report.failedGates == ["communication-map", "p2-saga-compensation"])
        #expect(
            shortfalls(report) == [
                "design-sections": .partial, "communication-map": .partial, "service-matrix": .partial,
                "names-consistent": .partial, "resilience-patterns": .partial, "event-architecture": .partial,
                "presentation-review": .pending, "p2-discovery-health": .partial, "p2-mesh-resilience": .partial,
                "p2-fault-tolerance": .failed, "p2-event-catalog": .partial, "p2-saga-compensation": .failed,
                "p2-decision-recorded": .partial, "p2-choreography-orchestration": .failed, "no-placeholders": .failed,
            ])
        let saga = try #require(report.criteria.first { $0.id == "p2-saga-compensation" })
        #expect(
            saga.findings.map(\.description) == [
                "sagas/checkout-o-2207.json:134:5: error: sagas/checkout-o-2207: step ReserveInventory completed (event 7) but its compensation ReleaseInventory never completed after AuthorizePayment failed (event 13)"
            ])
    }
}
