import AssessCore
import AssessGraders
import AssessTestSupport
import Foundation
import Testing

/// The Phase 4 operations samples in Submissions/ and their lab rubric: a thorough hand-in that
/// passes with distinction, and a weak one that fails for several different reasons. Their
/// scores and findings are pinned so a grader change that moves them is seen.
@Suite struct Phase4SamplesTests {
    func grade(_ sample: String) async throws -> Report {
        let rubric = try RubricLoader(registry: .builtIn).load(
            file: repositoryRoot + "/Rubrics/labs/phase4-operations-lab.yaml")
        #expect(rubric.warnings.isEmpty, "\(rubric.warnings)")
        #expect(rubric.criteria.allSatisfy { $0.hint != nil })
        return await Engine().grade(
            try Submission(path: repositoryRoot + "/Submissions/" + sample), against: rubric, reviews: Reviews())
    }

    @Test func thoroughOperationsBundlePasses() async throws {
        let report = try await grade("phase4-ops-pass")
        #expect(report.verdict == .passed)
        #expect(report.score.percent == 100)
        #expect(report.band == "distinction")
        #expect(report.criteria.allSatisfy { $0.status == .passed }, "\(report.criteria.map { ($0.id, $0.findings) })")
        let canary = try #require(report.criteria.first { $0.id == "canary-rollback" })
        #expect(
            canary.findings.map(\.message) == [
                "AnalysisRun 'checkout-7c9d5f6b8-3' failed on 'error-rate' ([0.0042], [0.0731], [0.1264]): the release was aborted and traffic returned to the stable version"
            ])
    }

    @Test func weakOperationsBundleFailsForSeveralReasons() async throws {
        let report = try await grade("phase4-ops-fail")
        #expect(report.verdict == .failed)
        #expect(report.score.percent == 33.6)
        #expect(report.failedGates == ["slo-definitions", "canary-rollback"])
        let statuses = Dictionary(uniqueKeysWithValues: report.criteria.map { ($0.id, $0.status) })
        #expect(
            statuses == [
                "slo-definitions": .partial, "burn-rate-alerts": .partial, "workload-policy": .partial,
                "mesh-resilience": .partial, "canary-rollback": .partial, "chaos-experiments": .partial,
                "catalog-ownership": .partial, "names-consistent": .partial,
            ])
        func findings(_ id: String) -> [String] {
            report.criteria.first { $0.id == id }?.findings.filter { $0.severity == .error }.map(\.description) ?? []
        }
        #expect(
            findings("burn-rate-alerts").prefix(2) == [
                "alerts/checkout.yaml:22:90: error: alert 'PaymentsErrors': PromQL syntax error: expected ')' to close sum(, found end of expression",
                "alerts/checkout.yaml:10:5: error: SLO 'checkout-availability' (service checkout) has the fast-burn pair in alert 'CheckoutFastBurn' but no slow-burn pair (6× over 6h and 30m)",
            ])
        #expect(
            findings("mesh-resilience").first
                == "mesh/routes.yaml:12:46: error: VirtualService 'payments' routes host 'payments' to subset 'v2', which no DestinationRule for that host defines (it has 'v1')"
        )
        #expect(
            findings("chaos-experiments").first?.hasPrefix(
                "chaos/pod-kill.journal.json:86:9: error: experiment 'Checkout keeps answering when its pod is killed' deviated: the steady state did not hold after the method; probe 'checkout-health-answers-200' raised"
            ) == true)
    }
}
