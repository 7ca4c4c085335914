import AssessBatch
import AssessCore
import AssessTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import AssessServer

/// The round trip with the command line: the app's reviews files are `--reviews` files, and
/// its gradebook is what `assess batch COHORT --reviews` makes of them, byte for byte.
@Suite struct ReviewExportTests {
    @Test func theExportedGradebookIsByteIdenticalToBatchWithTheExportedReviews() async throws {
        let fixture = try await ReviewFixture()
        for (id, level, comment) in [
            ("s1", "excellent", "Clear \"ports\" everywhere.\nSecond line: with a colon."), ("s2", "missing", nil),
            ("s3", "weak", "Payments reaches into Orders' tables — #coupling"),
        ] as [(String, String, String?)] {
            _ = try await fixture.app.save(
                ScoreEntry(submission: id, criterion: "boundaries-judgement", level: level, comment: comment),
                expectedVersion: 0, actor: "dana")
        }
        let bank = try await fixture.app.store.addBankComment(
            criterion: "boundaries-judgement", text: "See the rubric.")
        _ = try await fixture.app.save(
            ScoreEntry(submission: "s2", criterion: "boundaries-judgement", level: "missing", bankId: bank),
            expectedVersion: 1, actor: "omar")
        let export = try TemporaryTree()
        let gradebook = try await fixture.app.export(to: export.path)
        // One file per scored submission, none for s4 (nothing saved).
        let files = try FileManager.default.contentsOfDirectory(atPath: export.subpath("reviews")).sorted()
        #expect(files == ["s1.yaml", "s2.yaml", "s3.yaml"])
        // Each reads back as `assess grade --reviews` reads it.
        let s1 = try Reviews.load(export.subpath("reviews/s1.yaml"), rubric: ReviewFixture.rubric)
        #expect(
            s1.entries["boundaries-judgement"]?.comment == "Clear \"ports\" everywhere.\nSecond line: with a colon.")
        #expect(s1.entries["boundaries-judgement"]?.reviewer == "dana")
        let s2 = try Reviews.load(export.subpath("reviews/s2.yaml"), rubric: ReviewFixture.rubric)
        #expect(s2.entries["boundaries-judgement"]?.comment == "See the rubric.")
        // `assess batch COHORT --reviews EXPORT/reviews` into a fresh folder: the same bytes.
        let batchOut = try TemporaryTree()
        let batch = try await BatchRunner(
            rubric: ReviewFixture.rubric, cohort: fixture.cohort.path, out: batchOut.path,
            reviews: export.subpath("reviews")
        ).run()
        #expect(batch.reused == 0)
        for file in ["gradebook.csv", "gradebook.json", "canvas.csv", "moodle.csv"] {
            let app = try Data(contentsOf: URL(fileURLWithPath: export.subpath(file)))
            let cli = try Data(contentsOf: URL(fileURLWithPath: batchOut.subpath(file)))
            #expect(app == cli, "\(file) differs")
        }
        // And the scores in it are the ones the app showed.
        for id in ["s1", "s2", "s3", "s4"] {
            let shown = try #require(try await fixture.app.report(of: id))
            let row = try #require(gradebook.rows.first { $0.id == id })
            #expect(row.score == shown.score.percent && row.verdict == shown.verdict, "\(id)")
        }
        let csv = try String(contentsOfFile: export.subpath("gradebook.csv"), encoding: .utf8)
        #expect(csv.contains("s4,learner-4,graded,85,provisional"))
        let audit = try String(contentsOfFile: export.subpath("audit.csv"), encoding: .utf8)
        #expect(audit.hasPrefix("id,at,actor,submission,criterion,action,old,new,rubric_sha256,submission_sha256\r\n"))
        #expect(audit.split(separator: "\r\n").count == 5)
    }

    @Test func aReopenedAppKeepsItsScoresAndResumesTheBatch() async throws {
        let fixture = try await ReviewFixture(count: 2)
        _ = try await fixture.app.save(
            ScoreEntry(submission: "s1", criterion: "boundaries-judgement", level: "good"), expectedVersion: 0,
            actor: "dana")
        let reopened = try await ReviewApp.open(
            rubric: ReviewFixture.rubric, cohort: fixture.cohort.path, database: fixture.database)
        #expect(try await reopened.report(of: "s1")?.score.percent == 96.25)
        #expect(reopened.cohort.pseudonym(of: "s1") == fixture.pseudonym("s1"))
        #expect(FileManager.default.fileExists(atPath: fixture.cohort.subpath(".assess.sqlite-work/reviews/s1.yaml")))
    }

    @Test func theInstructorDownloadsTheExportAndAReviewerCannot() async throws {
        let fixture = try await ReviewFixture(count: 2)
        try await fixture.test { client in
            var instructor = Browser(client)
            try await instructor.signIn("ines")
            try await instructor.get("/export")
            #expect(try await instructor.post("/export", []).status == .seeOther)
            let csv = try await instructor.get("/export/gradebook.csv")
            #expect(csv.status == .ok && csv.text.hasPrefix("id,learner,status,score"))
            #expect(try await instructor.get("/export/..%2Fassess.sqlite").status == .notFound)
            var reviewer = Browser(client)
            try await reviewer.signIn("dana")
            #expect(try await reviewer.get("/export/gradebook.csv").status == .forbidden)
        }
    }
}
