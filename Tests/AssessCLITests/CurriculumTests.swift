import AssessCore
import AssessGraders
import AssessTestSupport
import Foundation
import Testing

/// The curriculum as a whole: every checkpoint rubric carries the seed's pass mark, and a
/// learner who runs `assess init` and hands the skeleton in unchanged fails every automated
/// criterion with a hint, without a crash.
@Suite struct CurriculumTests {
    /// The checkpoints in the seed's order, and the capstone.
    static let checkpoints = [
        "phase1-service-design", "phase2-communication", "phase3-data", "phase4-operations", "capstone-fintech",
    ]

    @Test func passMarksAreTheSeeds() throws {
        let marks = try Self.checkpoints.map {
            try RubricLoader(registry: .builtIn).load(file: repositoryRoot + "/Rubrics/\($0).yaml").pass
        }
        #expect(marks == [85, 90, 90, 95, 95])
        // Tie them to the seed's own text where it is present: the four "Pass Score" lines of its
        // competency-based assessments, in order, and the capstone's "passing score of 95%".
        guard let corpus = sharedCorpus else { return }
        let seedPath =
            URL(fileURLWithPath: corpus).deletingLastPathComponent().path
            + "/seed/microservices-architect-learning-path.md"
        guard let seed = try? String(contentsOfFile: seedPath, encoding: .utf8) else { return }
        let scores = seed.matches(of: /\*\*Pass Score\*\*: (\d+)%/).map { Double($0.1)! }
        let capstone = seed.firstMatch(of: /passing score of (\d+)%/).map { Double($0.1)! }
        #expect(scores + [capstone ?? -1] == marks)
    }

    @Test(arguments: checkpoints)
    func anUntouchedSkeletonFailsEveryAutomatedCriterion(_ id: String) async throws {
        let folder = try TemporaryTree()
        let initRun = try CLIRun(["init", "--rubric", id, folder.subpath("skeleton")])
        #expect(initRun.status == 0, "\(initRun.stderr)")
        let run = try CLIRun(["grade", folder.subpath("skeleton"), "--format", "json"])
        #expect(run.status == 1, "\(id): \(run.stderr)")
        let report = try #require(
            try JSONSerialization.jsonObject(with: run.stdoutData) as? [String: Any], "\(id): \(run.stdout)")
        let criteria = report["criteria"] as? [[String: Any]] ?? []
        #expect(!criteria.isEmpty)
        for criterion in criteria where criterion["grader"] as? String != "manual" {
            let status = criterion["status"] as? String ?? "?"
            #expect(["failed", "partial", "skipped"].contains(status), "\(id): \(criterion["id"] ?? "?") is \(status)")
            #expect((criterion["hint"] as? String)?.isEmpty == false, "\(id): \(criterion["id"] ?? "?") has no hint")
        }
    }
}
