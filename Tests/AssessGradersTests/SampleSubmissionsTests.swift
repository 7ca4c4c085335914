import AssessCore
import AssessGraders
import AssessTestSupport
import Foundation
import Testing

/// The shipped rubrics and sample submissions are the demo and the docs' examples: their
/// verdicts and scores are pinned here, so a grader change that moves them is seen.
@Suite struct SampleSubmissionsTests {
    let loader = RubricLoader(registry: .builtIn)

    func grade(_ sample: String, rubric: String, reviews: Bool = false) async throws -> Report {
        let loaded = try loader.load(file: repositoryRoot + "/Rubrics/\(rubric).yaml")
        let scores =
            try reviews
            ? Reviews.load(repositoryRoot + "/Submissions/\(sample).reviews.yaml", rubric: loaded) : Reviews()
        return await Engine().grade(
            try Submission(path: repositoryRoot + "/Submissions/" + sample), against: loaded, reviews: scores)
    }

    @Test func everyShippedRubricLoadsWithoutWarningsAndCoversItsObjectives() throws {
        let root = repositoryRoot + "/Rubrics/"
        let files = (FileManager.default.enumerator(atPath: root)?.allObjects as? [String] ?? []).filter {
            $0.hasSuffix(".yaml")
        }.sorted()
        #expect(files.contains("phase1-service-design.yaml") && files.contains("common/document-quality.yaml"))
        for file in files {
            // Shared parts (no rubric id) are loaded as such: their inputs come from the rubrics
            // that extend them.
            let rubric = try loader.lint(file: root + file)
            #expect(rubric.warnings.isEmpty, "\(file): \(rubric.warnings)")
            #expect(rubric.criteria.allSatisfy { $0.hint != nil }, "\(file)")
            #expect(RubricCoverage(rubric).uncovered.isEmpty, "\(file)")
        }
    }

    @Test func phase1PassingSubmission() async throws {
        let reviewed = try await grade("phase1-pass", rubric: "phase1-service-design", reviews: true)
        #expect(reviewed.verdict == .passed)
        #expect(reviewed.score.percent == 100)
        #expect(reviewed.band == "distinction")
        #expect(reviewed.criteria.allSatisfy { $0.status == .passed })
        let unreviewed = try await grade("phase1-pass", rubric: "phase1-service-design")
        #expect(unreviewed.verdict == .provisional)
        #expect(unreviewed.score.range == ScoreRange(min: 93.33, max: 100))
    }

    @Test func phase1WeakSubmissionFailsForSeveralReasons() async throws {
        let report = try await grade("phase1-fail", rubric: "phase1-service-design")
        #expect(report.verdict == .failed)
        #expect(report.score.percent == 40.1)
        #expect(report.failedGates == ["bounded-contexts", "hexagonal-service"])
        let statuses = Dictionary(uniqueKeysWithValues: report.criteria.map { ($0.id, $0.status) })
        #expect(
            statuses == [
                "design-sections": .partial, "bounded-contexts": .partial, "context-map-diagram": .partial,
                "context-map-patterns": .partial, "names-consistent": .partial, "service-interfaces": .partial,
                "api-strategy": .failed, "hexagonal-service": .partial, "testing-strategy": .failed,
                "decisions-recorded": .partial, "design-links": .failed, "boundaries-review": .pending,
                "no-placeholders": .failed, "api-specs-valid": .failed, "api-versioned": .failed,
                "api-conventions": .partial, "consumer-contracts": .partial, "test-results": .partial,
            ])
        let layering = try #require(report.criteria.first { $0.id == "hexagonal-service" })
        #expect(
            layering.findings.map(\.description) == [
                "services/orders/src/domain/order.py:4:1: error: domain imports adapters ('..adapters.db'); domain may depend on no other layer",
                "info: layers found by folder under 'services/orders/src'",
            ])
    }

    @Test func quickstartSamples() async throws {
        let pass = try await grade("quickstart-pass", rubric: "quickstart", reviews: true)
        #expect(pass.verdict == .passed)
        #expect(pass.score.percent == 100)
        let fail = try await grade("quickstart-fail", rubric: "quickstart")
        #expect(fail.verdict == .failed)
        #expect(fail.score.percent == 17.5)
    }
}
