import AssessTestSupport
import Foundation
import Testing

/// `assess batch --reviews DIR` and `assess serve --add-user` from the command line: exit
/// codes and messages.
@Suite struct ServeCLITests {
    static let rubric = "Rubrics/quickstart.yaml"

    func cohort(_ count: Int) throws -> TemporaryTree {
        let tree = try TemporaryTree()
        for index in 1...count {
            try FileManager.default.copyItem(
                atPath: repositoryRoot + "/Submissions/quickstart-pass", toPath: tree.subpath("s\(index)"))
        }
        return tree
    }

    @Test func batchWithAReviewsFolderScoresAndABadFileFailsOnlyItsRow() throws {
        let cohort = try cohort(2)
        let reviews = try TemporaryTree()
        try reviews.write("s1.yaml", "boundaries-judgement: { level: good }\n")
        try reviews.write("s2.yaml", "boundaries-judgement: { levle: good }\n")
        let out = try TemporaryTree()
        let run = try CLIRun([
            "batch", cohort.path, "--rubric", Self.rubric, "--reviews", reviews.path, "--out", out.path,
        ])
        #expect(run.status == 3, "\(run.stderr)")
        let csv = try String(contentsOfFile: out.subpath("gradebook.csv"), encoding: .utf8)
        #expect(csv.contains("\r\ns1,alice,graded,96.25,passed,"))
        #expect(csv.contains("s2.yaml:1:"), "\(csv)")
    }

    @Test func batchRefusesAReviewsFolderThatIsNotThere() throws {
        let cohort = try cohort(1)
        let run = try CLIRun(["batch", cohort.path, "--rubric", Self.rubric, "--reviews", "/nonexistent/reviews"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("--reviews folder '/nonexistent/reviews' does not exist"))
    }

    @Test func addUserCreatesAnAccountOnceAndChecksItsRole() throws {
        let cohort = try cohort(1)
        let password = ["ASSESS_PASSWORD": "a long enough password"]
        let added = try CLIRun(
            ["serve", cohort.path, "--add-user", "dana", "--role", "reviewer"], environment: password)
        #expect(added.status == 0, "\(added.stderr)")
        #expect(added.stderr.contains("added reviewer 'dana'"))
        #expect(FileManager.default.fileExists(atPath: cohort.subpath("assess.sqlite")))
        let again = try CLIRun(
            ["serve", cohort.path, "--add-user", "dana", "--role", "reviewer"], environment: password)
        #expect(again.status == 2 && again.stderr.contains("exists already"))
        let learner = try CLIRun(
            ["serve", cohort.path, "--add-user", "al", "--role", "learner"], environment: password)
        #expect(learner.status == 2 && learner.stderr.contains("--learner SUBMISSION-ID"))
        let short = try CLIRun(
            ["serve", cohort.path, "--add-user", "bo", "--role", "reviewer"], environment: ["ASSESS_PASSWORD": "short"])
        #expect(short.status == 2 && short.stderr.contains("at least 8 characters"))
        let role = try CLIRun(["serve", cohort.path, "--add-user", "cy", "--role", "admin"], environment: password)
        #expect(role.status == 2)
    }
}
