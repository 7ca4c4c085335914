import AssessTestSupport
import Foundation
import Testing

/// A reviewer's typo in the reviews file stops `assess grade` with a usage error at its line
/// (exit 2), instead of scoring the criterion 0 and turning a provisional verdict into a pass.
@Suite struct ReviewsFileTests {
    @Test func anUnknownLevelIsAUsageErrorWithItsLineAndColumn() throws {
        let tree = try TemporaryTree([
            "reviews.yaml": "# Dana's review of phase1-pass\nboundaries-review:\n  level: great\n  reviewer: dana\n"
        ])
        let run = try CLIRun(["grade", "Submissions/phase1-pass", "--reviews", tree.path + "/reviews.yaml"])
        #expect(run.status == 2)
        #expect(run.stdout.isEmpty)
        #expect(
            run.stderr.contains(
                "reviews.yaml:3:10: error: the review of 'boundaries-review': unknown level 'great'; the levels are excellent, good, weak, missing"
            ), "\(run.stderr)")
    }

    @Test func aReviewOfAnAutomatedCriterionIsAUsageError() throws {
        let tree = try TemporaryTree(["reviews.yaml": "bounded-contexts: { level: good }\n"])
        let run = try CLIRun(["grade", "Submissions/phase1-pass", "--reviews", tree.path + "/reviews.yaml"])
        #expect(run.status == 2)
        #expect(
            run.stderr.contains(
                "reviews.yaml:1:1: error: criterion 'bounded-contexts' is graded by markdown.items, not by a reviewer, so it takes no review; the criteria a reviewer scores are boundaries-review"
            ), "\(run.stderr)")
    }
}
