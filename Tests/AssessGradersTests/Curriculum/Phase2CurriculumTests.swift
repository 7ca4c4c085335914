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
        _ = try rubric(path)
        return try await gradeShippedSample(sample, rubric: path, reviews: reviews ? "\(sample).reviews.yaml" : nil)
    }

    @Test func passMarksAreTheSeeds() throws {
        #expect(try rubric("phase2-communication").pass == 90)
        #expect(try rubric("labs/events-10k-ordered").pass == 90)
        #expect(try rubric("labs/resilient-client").pass == 90)
        #expect(try rubric("labs/saga-compensation").pass == 90)
        #expect(try rubric("labs/service-registry").pass == 90)
        #expect(try rubric("labs/graphql-gateway").pass == 85)
    }

    @Test func checkpointPassingSample() async throws {
        let reviewed = try await grade("phase2-communication/pass", rubric: "phase2-communication", reviews: true)
        #expect(reviewed.verdict == .passed)
        #expect(reviewed.score.percent == 100)
        #expect(reviewed.band == "distinction")
        // The design states no figure for claims.evidence to check: skipped, no points either way.
        #expect(shortfalls(reviewed) == ["claims-evidence": .skipped], "\(shortfalls(reviewed))")
        let unreviewed = try await grade("phase2-communication/pass", rubric: "phase2-communication")
        #expect(unreviewed.verdict == .provisional)
        #expect(unreviewed.score.range == ScoreRange(min: 91.15, max: 100))
        #expect(shortfalls(unreviewed) == ["presentation-review": .pending, "claims-evidence": .skipped])
    }

    @Test func checkpointWeakSampleFailsForSeveralReasons() async throws {
        let report = try await grade("phase2-communication/fail", rubric: "phase2-communication")
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
                "claims-evidence": .skipped,
            ])
        let saga = try #require(report.criteria.first { $0.id == "p2-saga-compensation" })
        #expect(
            saga.findings.map(\.description) == [
                "sagas/checkout-o-2207.json:134:5: error: sagas/checkout-o-2207: step ReserveInventory completed (event 7) but its compensation ReleaseInventory never completed after AuthorizePayment failed (event 13)"
            ])
    }

    /// Every lab's passing sample passes with full marks and a distinction.
    @Test(arguments: [
        "events-10k-ordered", "resilient-client", "saga-compensation", "service-registry", "graphql-gateway",
    ])
    func labPassingSample(_ lab: String) async throws {
        let report = try await grade("labs/\(lab)/pass", rubric: "labs/\(lab)")
        #expect(report.verdict == .passed)
        #expect(report.score.percent == 100)
        #expect(report.band == "distinction")
        #expect(shortfalls(report).isEmpty, "\(lab): \(shortfalls(report))")
    }

    @Test func eventsLabFailingSample() async throws {
        let report = try await grade("labs/events-10k-ordered/fail", rubric: "labs/events-10k-ordered")
        #expect(report.verdict == .failed)
        #expect(report.score.percent == 33.34)
        #expect(report.failedGates == ["ordered-per-key"])
        #expect(
            shortfalls(report) == [
                "ordered-per-key": .partial, "ten-thousand-per-second": .failed, "consumer-keeps-up": .failed,
            ])
        let ordering = try #require(report.criteria.first { $0.id == "ordered-per-key" })
        #expect(
            ordering.findings.first?.description
                == "results/consumer-log.csv:38865:1: error: reordered: key 'o-488': 76 arrives after 77 (line 38490); it was due before line 38490"
        )
    }

    @Test func resilientClientLabFailingSample() async throws {
        let report = try await grade("labs/resilient-client/fail", rubric: "labs/resilient-client")
        #expect(report.verdict == .failed)
        #expect(report.score.percent == 20)
        #expect(report.failedGates == ["transient-failures-handled"])
        #expect(shortfalls(report) == ["transient-failures-handled": .failed, "faults-were-injected": .failed])
    }

    @Test func sagaLabFailingSample() async throws {
        let report = try await grade("labs/saga-compensation/fail", rubric: "labs/saga-compensation")
        #expect(report.verdict == .failed)
        #expect(report.score.percent == 80)
        #expect(report.failedGates == ["compensated-in-reverse"])
        #expect(shortfalls(report) == ["compensated-in-reverse": .partial])
        let saga = try #require(report.criteria.first { $0.id == "compensated-in-reverse" })
        #expect(
            saga.findings.map(\.description).contains(
                "sagas/booking-saga-log.csv:138:1: error: trip-1014: step BookHotel completed (line 138) but its compensation CancelHotel never completed (it failed, line 144) after BookCar failed (line 140)"
            ))
    }

    @Test func serviceRegistryLabFailingSample() async throws {
        let report = try await grade("labs/service-registry/fail", rubric: "labs/service-registry")
        #expect(report.verdict == .failed)
        #expect(report.score.percent == 37.33)
        #expect(report.failedGates == ["stack-health"])
        #expect(
            shortfalls(report) == [
                "stack-health": .partial, "registered-with-checks": .partial, "replicas-balanced": .failed,
            ])
    }

    @Test func graphqlGatewayLabFailingSample() async throws {
        let report = try await grade("labs/graphql-gateway/fail", rubric: "labs/graphql-gateway")
        #expect(report.verdict == .failed)
        #expect(report.score.percent == 76)
        #expect(report.failedGates == ["supergraph-composed"])
        #expect(shortfalls(report) == ["supergraph-composed": .partial, "entities-across-services": .partial])
        let composed = try #require(report.criteria.first { $0.id == "supergraph-composed" })
        #expect(
            composed.findings.first?.description
                == "graph/supergraph.yaml:11:3: error: subgraph 'orders' of graph/supergraph.yaml is missing from the supergraph graph/supergraph.graphql (its join__Graph lists catalog, customers)"
        )
    }
}
