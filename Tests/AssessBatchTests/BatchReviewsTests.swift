import AssessBatch
import AssessCore
import AssessGraders
import AssessTestSupport
import Foundation
import Testing

/// `assess batch COHORT --reviews DIR`: one reviews file per submission id closes a cohort's
/// provisional verdicts; a missing file leaves that submission pending, a bad one fails its own
/// row with the error at its line and column, and the rest of the batch goes on.
@Suite struct BatchReviewsTests {
    let quickstart = try! RubricLoader(registry: .builtIn).load(file: repositoryRoot + "/Rubrics/quickstart.yaml")

    func cohort(count: Int) throws -> TemporaryTree {
        let tree = try TemporaryTree()
        for index in 1...count {
            try FileManager.default.copyItem(
                atPath: repositoryRoot + "/Submissions/quickstart-pass", toPath: tree.subpath("s\(index)"))
        }
        return tree
    }

    @Test func reviewsByIdScoreTheirRowsAndAMissingFileStaysPending() async throws {
        let cohort = try cohort(count: 3)
        let reviews = try TemporaryTree()
        try reviews.write("s1.yaml", "boundaries-judgement: { level: excellent, reviewer: dana }\n")
        try reviews.write("s2.yaml", "boundaries-judgement: { level: missing, comment: \"No context map.\" }\n")
        let out = try TemporaryTree()
        let outcome = try await BatchRunner(
            rubric: quickstart, cohort: cohort.path, out: out.path, jobs: 2, reviews: reviews.path
        ).run()
        let rows = Dictionary(uniqueKeysWithValues: outcome.gradebook.rows.map { ($0.id, $0) })
        #expect(rows["s1"]?.verdict == .passed)
        #expect(rows["s1"]?.statuses["boundaries-judgement"] == .passed)
        #expect(rows["s1"]?.score == 100)
        #expect(rows["s2"]?.statuses["boundaries-judgement"] == .failed)
        #expect(rows["s2"]?.score == 85)
        #expect(rows["s3"]?.verdict == .provisional)
        #expect(rows["s3"]?.statuses["boundaries-judgement"] == .pending)
        #expect(outcome.exitCode == 0)
        // The reviewer's comment reaches the submission's report as `assess grade --reviews` puts it.
        let report = try JSONDecoder().decode(
            Report.self, from: Data(contentsOf: URL(fileURLWithPath: out.subpath("reports/s2.json"))))
        #expect(report.criteria.first { $0.id == "boundaries-judgement" }?.review?.comment == "No context map.")
    }

    @Test func aBadReviewsFileFailsItsOwnRowWithALocatedErrorAndTheBatchGoesOn() async throws {
        let cohort = try cohort(count: 2)
        let reviews = try TemporaryTree()
        try reviews.write("s1.yaml", "# scores\nboundaries-judgement: { level: excelent }\n")
        try reviews.write("s2.yaml", "boundaries-judgement: { level: good }\n")
        let out = try TemporaryTree()
        let outcome = try await BatchRunner(
            rubric: quickstart, cohort: cohort.path, out: out.path, jobs: 1, reviews: reviews.path
        ).run()
        let rows = Dictionary(uniqueKeysWithValues: outcome.gradebook.rows.map { ($0.id, $0) })
        let bad = try #require(rows["s1"])
        #expect(bad.status == .error)
        #expect(bad.errors.count == 1)
        #expect(bad.errors.first?.contains("s1.yaml:2:") == true, "\(bad.errors)")
        #expect(bad.errors.first?.contains("excelent") == true)
        #expect(rows["s2"]?.status == .graded)
        #expect(rows["s2"]?.verdict == .passed)
        #expect(outcome.exitCode == 3)
    }

    @Test func aChangedReviewRegradesOnlyItsRowOnResume() async throws {
        let cohort = try cohort(count: 3)
        let reviews = try TemporaryTree()
        try reviews.write("s1.yaml", "boundaries-judgement: { level: weak }\n")
        let out = try TemporaryTree()
        let runner = BatchRunner(rubric: quickstart, cohort: cohort.path, out: out.path, jobs: 2, reviews: reviews.path)
        let first = try await runner.run()
        #expect(first.gradebook.rows.first { $0.id == "s1" }?.verdict == .passed)
        try reviews.write("s1.yaml", "boundaries-judgement: { level: missing }\n")
        try reviews.write("s3.yaml", "boundaries-judgement: { level: good }\n")
        let second = try await runner.run()
        #expect(second.reused == 1)
        #expect(second.gradebook.rows.first { $0.id == "s1" }?.score == 85)
        #expect(second.gradebook.rows.first { $0.id == "s3" }?.verdict == .passed)
    }

    @Test func withoutAReviewsFolderTheRowKeysAreUnchanged() async throws {
        // Outputs of batches run before `--reviews` existed are still reused.
        let cohort = try cohort(count: 1)
        let out = try TemporaryTree()
        let outcome = try await BatchRunner(rubric: quickstart, cohort: cohort.path, out: out.path).run()
        let withFolder = try await BatchRunner(
            rubric: quickstart, cohort: cohort.path, out: try TemporaryTree().path, reviews: "/nonexistent"
        ).run()
        #expect(outcome.gradebook.rows[0].key != withFolder.gradebook.rows[0].key)
        let again = try await BatchRunner(rubric: quickstart, cohort: cohort.path, out: out.path).run()
        #expect(again.reused == 1)
    }
}
