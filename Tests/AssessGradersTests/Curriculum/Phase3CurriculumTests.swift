import AssessCore
import AssessGraders
import AssessTestSupport
import Foundation
import Testing

/// The Phase 3 rubrics (the "Distributed Data Management" checkpoint and its labs) and their
/// sample submissions: each passing sample passes and each failing one fails on the criteria a
/// reviewer would name. Scores, verdicts, the criteria that fall short and the pass marks are
/// pinned, so a grader change that moves them is seen.
@Suite struct Phase3CurriculumTests {
    let loader = RubricLoader(registry: .builtIn)

    func rubric(_ path: String) throws -> Rubric {
        let rubric = try loader.load(file: repositoryRoot + "/Rubrics/\(path).yaml")
        #expect(rubric.warnings.isEmpty, "\(path): \(rubric.warnings)")
        #expect(rubric.criteria.allSatisfy { $0.hint != nil }, "\(path)")
        return rubric
    }

    func grade(_ sample: String, rubric path: String, reviews: String? = nil) async throws -> Report {
        _ = try rubric(path)
        return try await gradeShippedSample(sample, rubric: path, reviews: reviews)
    }

    @Test func passMarksAreTheSeeds() throws {
        #expect(try rubric("phase3-data").pass == 90)
        #expect(try rubric("phase3-data").bands == [Band(name: "distinction", minimum: 97)])
    }

    @Test func checkpointPassingSampleReachesDistinction() async throws {
        let reviewed = try await grade(
            "phase3-data/pass", rubric: "phase3-data", reviews: "phase3-data/pass.reviews.yaml")
        #expect(reviewed.verdict == .passed)
        #expect(reviewed.score.percent == 100)
        #expect(reviewed.band == "distinction")
        #expect(shortfalls(reviewed).isEmpty, "\(reviewed.criteria.map { ($0.id, $0.findings) })")
        let unreviewed = try await grade("phase3-data/pass", rubric: "phase3-data")
        #expect(unreviewed.verdict == .provisional)
        #expect(unreviewed.score.range == ScoreRange(min: 90.29, max: 100))
        #expect(shortfalls(unreviewed) == ["case-study-review": .pending])
    }

    @Test func checkpointFailingSampleFailsForSeveralReasons() async throws {
        let report = try await grade("phase3-data/fail", rubric: "phase3-data")
        #expect(report.verdict == .failed)
        #expect(report.score.percent == 37.67)
        #expect(
            shortfalls(report) == [
                "design-sections": .partial, "polyglot-choices": .partial, "consistency-models": .partial,
                "conflict-resolution": .failed, "sync-design": .partial, "consensus-when": .failed,
                "case-study-review": .pending, "no-placeholders": .failed, "p3-database-per-service": .partial,
                "p3-cqrs-read-speedup": .failed, "p3-last-writer-wins": .partial, "p3-cdc-no-loss": .partial,
                "claims-evidence": .failed,
            ])
    }

    @Test func cqrsLabSamples() async throws {
        #expect(try rubric("labs/cqrs-read-models").pass == 90)
        let pass = try await grade("labs/cqrs-read-models/pass", rubric: "labs/cqrs-read-models")
        #expect(pass.verdict == .passed)
        #expect(pass.score.percent == 100)
        #expect(pass.band == "distinction")
        #expect(shortfalls(pass).isEmpty)
        let fail = try await grade("labs/cqrs-read-models/fail", rubric: "labs/cqrs-read-models")
        #expect(fail.verdict == .failed)
        #expect(fail.score.percent == 15)
        #expect(fail.failedGates == ["read-throughput-10x"])
        #expect(
            shortfalls(fail) == [
                "read-throughput-10x": .failed, "read-latency-halved": .failed, "read-model-design": .failed,
            ])
    }

    @Test func eventualConsistencyLabSamples() async throws {
        #expect(try rubric("labs/eventual-consistency").pass == 90)
        let pass = try await grade("labs/eventual-consistency/pass", rubric: "labs/eventual-consistency")
        #expect(pass.verdict == .passed)
        #expect(pass.score.percent == 100)
        #expect(pass.band == "distinction")
        #expect(shortfalls(pass).isEmpty)
        let fail = try await grade("labs/eventual-consistency/fail", rubric: "labs/eventual-consistency")
        #expect(fail.verdict == .failed)
        #expect(fail.score.percent == 35.83)
        #expect(fail.failedGates == ["replicas-converge", "last-writer-wins"])
        #expect(
            shortfalls(fail) == [
                "replicas-converge": .partial, "last-writer-wins": .partial, "lww-converges-fast": .partial,
                "strategy-explained": .failed,
            ])
        let lww = try #require(fail.criteria.first { $0.id == "last-writer-wins" })
        #expect(lww.findings.filter { $0.message.hasPrefix("last writer lost") }.count == 4)
    }

    @Test func multiLevelCacheLabSamples() async throws {
        #expect(try rubric("labs/multi-level-cache").pass == 90)
        let pass = try await grade("labs/multi-level-cache/pass", rubric: "labs/multi-level-cache")
        #expect(pass.verdict == .passed)
        #expect(pass.score.percent == 100)
        #expect(pass.band == "distinction")
        #expect(shortfalls(pass).isEmpty)
        let fail = try await grade("labs/multi-level-cache/fail", rubric: "labs/multi-level-cache")
        #expect(fail.verdict == .failed)
        #expect(fail.score.percent == 12.5)
        #expect(fail.failedGates == ["hit-ratio"])
        #expect(shortfalls(fail) == ["hit-ratio": .failed, "no-evictions": .partial, "architecture": .failed])
    }

    @Test func debeziumLabSamples() async throws {
        #expect(try rubric("labs/cdc-debezium").pass == 90)
        let pass = try await grade("labs/cdc-debezium/pass", rubric: "labs/cdc-debezium")
        #expect(pass.verdict == .passed)
        #expect(pass.score.percent == 100)
        #expect(pass.band == "distinction")
        #expect(shortfalls(pass).isEmpty)
        let fail = try await grade("labs/cdc-debezium/fail", rubric: "labs/cdc-debezium")
        #expect(fail.verdict == .failed)
        #expect(fail.score.percent == 42.22)
        #expect(fail.failedGates == ["no-lost-changes"])
        #expect(
            shortfalls(fail) == ["no-lost-changes": .partial, "near-real-time": .failed, "pipeline-stack": .partial])
        let capture = try #require(fail.criteria.first { $0.id == "no-lost-changes" })
        #expect(capture.findings.map(\.message).contains("6 lost changes in all"))
        #expect(capture.findings.map(\.message).contains("10 changes delivered twice in all"))
    }
}
