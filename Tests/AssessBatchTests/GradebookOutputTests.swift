import AssessBatch
import AssessCore
import AssessGraders
import AssessTestSupport
import Foundation
import Testing

/// What a course admin opens: pending reviews neither pass nor fail, spreadsheet cells that
/// cannot run formulas, and one batch per output folder.
@Suite struct GradebookOutputTests {
    let quickstart = try! RubricLoader(registry: .builtIn).load(file: repositoryRoot + "/Rubrics/quickstart.yaml")

    /// A cohort of `count` copies of a shipped sample, each with its own learner id.
    func cohort(of sample: String, count: Int, learner: (Int) -> String = { "learner-\($0)" }) throws -> TemporaryTree {
        let tree = try TemporaryTree()
        for index in 1...count {
            let folder = tree.subpath("s\(index)")
            try FileManager.default.copyItem(atPath: repositoryRoot + "/Submissions/" + sample, toPath: folder)
            try tree.write("s\(index)/assess.yaml", "rubric: quickstart-service-design\nlearner: '\(learner(index))'\n")
        }
        return tree
    }

    @Test func aCohortAwaitingOnlyReviewsExitsZeroAndShowsPendingAndTheRange() async throws {
        // Only the manual criterion is open: `grade` of each exits 0 (provisional, can still pass).
        let cohort = try cohort(of: "quickstart-pass", count: 3)
        let out = try TemporaryTree()
        let outcome = try await BatchRunner(rubric: quickstart, cohort: cohort.path, out: out.path, jobs: 2).run()
        #expect(outcome.summary.provisional == 3 && outcome.summary.passed == 0 && outcome.summary.failed == 0)
        #expect(outcome.exitCode == 0)
        let csv = try String(contentsOfFile: out.subpath("gradebook.csv"), encoding: .utf8)
        let lines = csv.split(separator: "\r\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        let header = lines[0]
        let manual = try #require(header.firstIndex(of: "boundaries-judgement"))
        let low = try #require(header.firstIndex(of: "attainable_min"))
        let high = try #require(header.firstIndex(of: "attainable_max"))
        for row in lines.dropFirst() {
            #expect(row[manual] == "pending")
            #expect(Double(row[low]) == 85 && Double(row[high]) == 100, "\(row)")
        }
        // The summary does not average a pending criterion in as 0.
        let judgement = try #require(outcome.summary.criteria.first { $0.id == "boundaries-judgement" })
        #expect(judgement.pending == 3)
        #expect(judgement.failed == 0)
        #expect(outcome.summary.criteria.filter { $0.id != "boundaries-judgement" }.allSatisfy { $0.meanScore == 1 })
    }

    @Test func aFailedSubmissionStillFailsTheBatch() async throws {
        let cohort = try cohort(of: "quickstart-pass", count: 1)
        try FileManager.default.copyItem(
            atPath: repositoryRoot + "/Submissions/quickstart-fail", toPath: cohort.subpath("failing"))
        let out = try TemporaryTree()
        let outcome = try await BatchRunner(rubric: quickstart, cohort: cohort.path, out: out.path).run()
        #expect(outcome.summary.failed == 1 && outcome.summary.provisional == 1)
        #expect(outcome.exitCode == 1)
    }

    @Test func formulaCellsAreDefusedAsOWASPAdvises() async throws {
        let hostile = ["=HYPERLINK(\"http://evil.example\",\"click\")", "+1+2", "-2+3", "@SUM(A1)", "\tTAB", "plain, with comma"]
        let cohort = try cohort(of: "quickstart-fail", count: hostile.count) { hostile[$0 - 1] }
        try FileManager.default.moveItem(atPath: cohort.subpath("s1"), toPath: cohort.subpath("=cmd|' -c calc'!A0"))
        let out = try TemporaryTree()
        _ = try await BatchRunner(rubric: quickstart, cohort: cohort.path, out: out.path).run()
        let csv = try String(contentsOfFile: out.subpath("gradebook.csv"), encoding: .utf8)
        #expect(csv.contains("\r\n\"'=cmd|' -c calc'!A0\",\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\","))
        #expect(csv.contains(",\"'+1+2\","))
        #expect(csv.contains(",\"'-2+3\","))
        #expect(csv.contains(",\"'@SUM(A1)\","))
        #expect(csv.contains(",\"'\tTAB\","))
        #expect(csv.contains(",\"plain, with comma\","))
        // No cell of the file starts with a formula character once unquoted.
        for line in csv.split(separator: "\r\n").dropFirst() {
            #expect(!["=", "+", "-", "@"].contains(line.first.map(String.init) ?? ""))
        }
    }

    @Test func aSecondBatchOnTheSameOutputFolderRefuses() async throws {
        let cohort = try cohort(of: "quickstart-fail", count: 1)
        let out = try TemporaryTree()
        // Another batch holds the folder: its lock, as `assess batch` takes it.
        let descriptor = open(out.subpath(".lock"), O_CREAT | O_RDWR, 0o644)
        #expect(flock(descriptor, LOCK_EX | LOCK_NB) == 0)
        await #expect {
            _ = try await BatchRunner(rubric: quickstart, cohort: cohort.path, out: out.path).run()
        } throws: { error in
            (error as? BatchError)?.locked == true && "\(error)".contains("another assess batch is writing to")
        }
        #expect(!FileManager.default.fileExists(atPath: out.subpath("gradebook.csv")))
        close(descriptor)
        // Once it is released, the batch runs.
        let outcome = try await BatchRunner(rubric: quickstart, cohort: cohort.path, out: out.path).run()
        #expect(outcome.gradebook.rows.count == 1)
    }

    /// Canvas's gradebook import and Moodle's CSV grade import, in the column shapes their
    /// documentation gives.
    @Test func canvasAndMoodleImportsHaveTheirDocumentedHeaders() async throws {
        let cohort = try cohort(of: "quickstart-pass", count: 1) { _ in "alice" }
        try FileManager.default.copyItem(
            atPath: repositoryRoot + "/Submissions/quickstart-fail", toPath: cohort.subpath("bob"))
        try cohort.write("bob/assess.yaml", "rubric: quickstart-service-design\nlearner: bob\n")
        let out = try TemporaryTree()
        let outcome = try await BatchRunner(rubric: quickstart, cohort: cohort.path, out: out.path).run()
        let bob = try #require(outcome.gradebook.rows.first { $0.learner == "bob" })
        let canvas = try String(contentsOfFile: out.subpath("canvas.csv"), encoding: .utf8).components(separatedBy: "\r\n")
        // Canvas: Student, ID, SIS User ID, SIS Login ID, Section, then the assignment; a Points Possible row.
        #expect(canvas[0] == "Student,ID,SIS User ID,SIS Login ID,Section,\(CSVQuote.quoted(quickstart.title))")
        #expect(canvas[1] == "Points Possible,,,,,100")
        #expect(canvas.contains("alice,,,alice,,"))  // provisional: no grade yet
        #expect(canvas.contains("bob,,,bob,,\(bob.score!.compact(places: 2))"))
        let moodle = try String(contentsOfFile: out.subpath("moodle.csv"), encoding: .utf8).components(separatedBy: "\r\n")
        #expect(moodle[0] == "Username,Grade,Feedback")
        #expect(moodle.contains { $0.hasPrefix("alice,,awaiting a reviewer; attainable 85") })
        #expect(moodle.contains("bob,\(bob.score!.compact(places: 2)),failed"))
    }
}

/// How a CSV writer quotes a cell holding a comma or a quote (RFC 4180).
enum CSVQuote {
    static func quoted(_ text: String) -> String {
        text.contains(where: { $0 == "," || $0 == "\"" }) ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }
}
