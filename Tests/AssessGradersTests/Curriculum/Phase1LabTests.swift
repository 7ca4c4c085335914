import AssessCore
import AssessGraders
import AssessTestSupport
import Foundation
import Testing

/// The Phase 1 service-template lab and its two samples (made by running cookiecutter, pytest
/// and GNU time here): outcomes pinned so a grader change that moves them is seen.
@Suite struct Phase1LabTests {
    func grade(_ sample: String) async throws -> Report {
        let rubric = try RubricLoader(registry: .builtIn).load(
            file: repositoryRoot + "/Rubrics/labs/service-template.yaml")
        #expect(rubric.warnings.isEmpty, "\(rubric.warnings)")
        #expect(RubricCoverage(rubric).uncovered.isEmpty)
        return await Engine().grade(
            try Submission(path: repositoryRoot + "/Submissions/labs/service-template/" + sample), against: rubric,
            reviews: Reviews())
    }

    @Test func aTemplateThatGeneratesAWorkingServicePasses() async throws {
        let report = try await grade("pass")
        #expect(report.verdict == .passed)
        #expect(report.score.percent == 100)
        #expect(report.band == "distinction")
    }

    @Test func aTemplateWhoseServiceDoesNotBuildFails() async throws {
        let report = try await grade("fail")
        #expect(report.verdict == .failed)
        #expect(report.score.percent == 47.76)
        let notPassed = report.criteria.filter { $0.status != .passed }.map(\.id)
        #expect(
            notPassed == [
                "generation-succeeded", "generated-hexagonal", "generated-tests-pass", "generated-container",
                "generated-catalog-entry", "generated-api-stub",
            ])
        let tests = try #require(report.criteria.first { $0.id == "generated-tests-pass" })
        #expect(tests.findings.contains { $0.message == "tests.unit.test_model failed: collection failure" })
    }
}
