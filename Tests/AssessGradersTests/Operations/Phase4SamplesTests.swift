import AssessCore
import AssessGraders
import AssessTestSupport
import Foundation
import Testing

/// The Phase 4 samples in Submissions/ against the checkpoint rubric and the Phase 4 lab
/// rubrics: a thorough hand-in that passes with distinction, and a weak one that fails for
/// several different reasons. Their scores and findings are pinned so a grader change that
/// moves them is seen.
@Suite struct Phase4SamplesTests {
    func grade(_ sample: String, rubric file: String = "phase4-operations.yaml", reviews: Bool = false)
        async throws -> Report
    {
        let rubric = try RubricLoader(registry: .builtIn).load(file: repositoryRoot + "/Rubrics/" + file)
        #expect(rubric.warnings.isEmpty, "\(rubric.warnings)")
        #expect(rubric.criteria.allSatisfy { $0.hint != nil })
        let scores =
            reviews
            ? try Reviews(
                text: String(contentsOfFile: repositoryRoot + "/Submissions/\(sample).reviews.yaml", encoding: .utf8),
                file: "\(sample).reviews.yaml", rubric: rubric) : Reviews()
        return await Engine().grade(
            try Submission(path: repositoryRoot + "/Submissions/" + sample), against: rubric, reviews: scores)
    }

    @Test func theCheckpointPassMarkIsTheSeeds() throws {
        let rubric = try RubricLoader(registry: .builtIn).load(file: repositoryRoot + "/Rubrics/phase4-operations.yaml")
        #expect(rubric.pass == 95)
        #expect(RubricCoverage(rubric).uncovered.isEmpty)
    }

    @Test func theLabsTellTheThoroughBundleFromTheWeakOne() async throws {
        for lab in ["error-budget-alerting", "canary-rollback", "distributed-tracing"] {
            let good = try await grade("phase4-operations/pass", rubric: "labs/\(lab).yaml")
            #expect(good.verdict == .passed, "\(lab)")
            #expect(good.score.percent == 100, "\(lab)")
        }
        let alerting = try await grade("phase4-operations/fail", rubric: "labs/error-budget-alerting.yaml")
        #expect(alerting.verdict == .failed)
        #expect(alerting.failedGates == ["slo-definitions"])
        let canary = try await grade("phase4-operations/fail", rubric: "labs/canary-rollback.yaml")
        #expect(canary.verdict == .failed)
        #expect(canary.failedGates == ["canary-rollback"])
        let tracing = try await grade("phase4-operations/fail", rubric: "labs/distributed-tracing.yaml")
        #expect(tracing.verdict == .failed)
        #expect(tracing.score.percent == 26.19)
        let statuses = Dictionary(uniqueKeysWithValues: tracing.criteria.map { ($0.id, $0.status) })
        #expect(
            statuses == [
                "trace-latency": .failed, "trace-coverage": .partial, "trace-propagation": .failed,
                "trace-errors": .partial,
            ])
        #expect(
            tracing.criteria.first { $0.id == "trace-propagation" }?.summary
                == "0 of 80 traces whole and unbroken; the context is lost at checkout → payments")
    }

    @Test func thoroughOperationsBundlePasses() async throws {
        let unreviewed = try await grade("phase4-operations/pass")
        #expect(unreviewed.verdict == .provisional)
        let report = try await grade("phase4-operations/pass", reviews: true)
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
        let report = try await grade("phase4-operations/fail")
        #expect(report.verdict == .failed)
        // 32.17 (was 32.79): the unparsable PaymentsErrors expression now costs burn-rate-alerts
        // a share of its score, as every rule-file problem promtool refuses does.
        #expect(report.score.percent == 32.17)
        #expect(report.failedGates == ["slo-definitions", "canary-rollback"])
        let statuses = Dictionary(uniqueKeysWithValues: report.criteria.map { ($0.id, $0.status) })
        #expect(
            statuses == [
                "slo-definitions": .partial, "burn-rate-alerts": .partial, "workload-policy": .partial,
                "mesh-resilience": .partial, "canary-rollback": .partial, "chaos-experiments": .partial,
                "catalog-ownership": .partial, "service-names-consistent": .partial, "trace-coverage": .partial,
                "trace-propagation": .failed, "trace-errors": .partial, "readiness-review": .pending,
            ])
        func findings(_ id: String) -> [String] {
            report.criteria.first { $0.id == id }?.findings.filter { $0.severity == .error }.map(\.description) ?? []
        }
        #expect(
            findings("burn-rate-alerts").prefix(2) == [
                "alerts/checkout.yaml:22:90: error: PromQL of alert 'PaymentsErrors' (group 'checkout-slo'): expected ')' to close sum(, found end of expression",
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
