import AssessBatch
import AssessCore
import AssessTestSupport
import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import AssessServer

/// The reviewer's flow, in process: sign-in, the grading page, saves, the queue, the comment
/// bank, conflicts and their audit rows.
@Suite struct ReviewAppTests {
    @Test func signInSetsAStrictHttpOnlyCookieAndEveryFormCarriesACSRFToken() async throws {
        let fixture = try await ReviewFixture()
        try await fixture.test { client in
            var browser = Browser(client)
            #expect(try await browser.get("/").status == .seeOther)
            try await browser.get("/login")
            // Without the token the login cookie pairs with, the form is refused.
            let forged = try await browser.post(
                "/login", [("name", "dana"), ("password", ReviewFixture.password)], csrf: "00")
            #expect(forged.status == .forbidden)
            try await browser.get("/login")
            let response = try await browser.post("/login", [("name", "dana"), ("password", ReviewFixture.password)])
            #expect(response.status == .seeOther)
            let cookie = try #require(response.headers[values: .setCookie].first { $0.hasPrefix("assess_session=") })
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"))
            let dashboard = try await browser.get("/")
            #expect(dashboard.status == .ok)
            #expect(dashboard.headers[.contentSecurityPolicy]?.contains("script-src 'self'") == true)
            // Every form on the page carries the session's token.
            let forms = dashboard.text.components(separatedBy: "<form").count - 1
            let tokens = dashboard.text.components(separatedBy: "name=\"csrf\"").count - 1
            #expect(forms > 0 && forms == tokens)
            // A save without the token is refused and saves nothing.
            let p = fixture.pseudonym("s2")
            let save = try await browser.post(
                "/s/\(p)/score", [("criterion", "boundaries-judgement"), ("level", "good"), ("version", "0")],
                csrf: "bad")
            #expect(save.status == .forbidden)
            #expect(try await fixture.app.store.allScores().isEmpty)
        }
    }

    @Test func theGradingPageEscapesSubmissionContentAndShowsFilesWithLineNumbers() async throws {
        let fixture = try await ReviewFixture()
        let p = fixture.pseudonym("s1")
        try await fixture.test { client in
            var browser = Browser(client)
            try await browser.signIn("dana")
            let page = try await browser.get("/s/\(p)?file=design.md")
            #expect(page.status == .ok)
            #expect(
                page.text.contains("&lt;script&gt;alert(&#39;owned&#39;)&lt;/script&gt;")
                    || page.text.contains("&lt;script&gt;alert("))
            #expect(!page.text.contains("<script>alert"))
            #expect(page.text.contains("<span class=\"ln\">1</span>"))
            // The automated criteria, with their statuses, beside the manual one.
            #expect(page.text.contains("id=\"automated\""))
            #expect(page.text.contains("boundaries-judgement"))
            #expect(page.text.contains("attainable <span id=\"range\">85–100%</span>"))
            // The real id and the learner's name appear nowhere: grading is anonymous.
            #expect(!page.text.contains("learner-1"))
            // The design rendered through cmark-gfm, its raw HTML left out.
            #expect(page.text.contains("<div class=\"rendered\"><h1>"))
            #expect(page.text.contains("raw HTML omitted"))
        }
    }

    /// Four copies of one hand-in: the reviewer sees, beside each grade, which other
    /// submissions (by pseudonym) handed in the same files; a flag moves no score.
    @Test func aReviewerSeesIntegrityFlagsBesideTheGrade() async throws {
        let fixture = try await ReviewFixture()
        let (p2, p3) = (fixture.pseudonym("s2"), fixture.pseudonym("s3"))
        let flags = fixture.app.cohort.integrityFlags(for: "s2")
        #expect(
            flags.contains { $0.contains("handed in the same evidence as \(p3)") && $0.contains("api/orders.yaml") },
            "\(flags)")
        try await fixture.test { client in
            var browser = Browser(client)
            try await browser.signIn("dana")
            let page = try await browser.get("/s/\(p2)")
            #expect(page.text.contains("id=\"integrity\""))
            #expect(page.text.contains(p3))
            #expect(!page.text.contains("learner-3") && !page.text.contains(">s3<"))
            // The score is the automated grade, as `assess grade` gives it.
            #expect(page.text.contains("attainable <span id=\"range\">85–100%</span>"))
        }
    }

    /// Each mermaid diagram of a design is shown beside the nodes and edges Assess read from it.
    @Test func aDesignsDiagramsShowTheirParsedNodesAndEdges() {
        let design = """
            # Checkout

            ```mermaid
            flowchart LR
              orders[Orders service] -->|OrderPlaced| payments[Payments]
            ```

            """
        let html = ReviewPages.markdownView(design, file: "design.md")
        #expect(html.contains("<h1>Checkout</h1>"))
        #expect(html.contains("<div class=\"diagram\"><h3>flowchart at line 4</h3>"))
        #expect(html.contains("<td><code>orders</code></td><td>Orders service</td>"))
        #expect(html.contains("<td><code>orders</code></td><td><code>payments</code></td><td>OrderPlaced</td>"))
    }

    @Test func aFileOutsideTheSubmissionIsRefusedThroughItsConfinement() async throws {
        let fixture = try await ReviewFixture()
        try "secret".write(toFile: fixture.cohort.subpath("outside.txt"), atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(
            atPath: fixture.cohort.subpath("s1/link.txt"), withDestinationPath: fixture.cohort.subpath("outside.txt"))
        let p = fixture.pseudonym("s1")
        try await fixture.test { client in
            var browser = Browser(client)
            try await browser.signIn("dana")
            for path in ["../outside.txt", "..%2Foutside.txt", "link.txt", "/etc/passwd"] {
                let page = try await browser.get("/s/\(p)?file=\(path)")
                #expect(page.status == .ok)
                #expect(!page.text.contains("secret"), "\(path)")
                #expect(!page.text.contains("root:x:0"), "\(path)")
            }
        }
    }

    @Test func aLevelSavedUpdatesTheScoreRangeAndVerdictAsScoringComputesThem() async throws {
        let fixture = try await ReviewFixture()
        let p = fixture.pseudonym("s2")
        try await fixture.test { client in
            var browser = Browser(client)
            try await browser.signIn("dana")
            try await browser.get("/s/\(p)")
            #expect(browser.lastBody.contains("provisional"))
            let saved = try await browser.post(
                "/s/\(p)/score",
                [("criterion", "boundaries-judgement"), ("version", "0"), ("level", "weak"), ("comment", "Thin map.")])
            #expect(saved.status == .seeOther)
            let page = try await browser.get(try #require(saved.headers[.location]))
            // 85 automated points + 15 × 0.4.
            #expect(page.text.contains("<b id=\"score\">91%</b>"))
            #expect(page.text.contains("class=\"verdict passed\""))
            #expect(!page.text.contains("id=\"range\""))
            #expect(browser.version(of: "boundaries-judgement") == "1")
            // An unknown level is refused as `--reviews` refuses it.
            let typo = try await browser.post(
                "/s/\(p)/score", [("criterion", "boundaries-judgement"), ("version", "1"), ("level", "excelent")])
            #expect(typo.status == .unprocessableContent)
            #expect(typo.text.contains("did you mean"))
        }
        let report = try #require(try await fixture.app.report(of: "s2"))
        #expect(report.score.percent == 91)
        #expect(report.criteria.first { $0.id == "boundaries-judgement" }?.review?.comment == "Thin map.")
    }

    /// The issue's must-show: two reviewers save the same criterion; the second sees both values
    /// and is asked, nothing is overwritten silently, and the audit log says what happened.
    @Test func aStaleSaveShowsBothValuesAsksAndLeavesItsAuditRows() async throws {
        let fixture = try await ReviewFixture()
        let p = fixture.pseudonym("s3")
        try await fixture.test { client in
            var dana = Browser(client)
            var omar = Browser(client)
            try await dana.signIn("dana")
            try await omar.signIn("omar")
            try await dana.get("/s/\(p)")
            try await omar.get("/s/\(p)")
            #expect(dana.version(of: "boundaries-judgement") == "0" && omar.version(of: "boundaries-judgement") == "0")
            let first = try await dana.post(
                "/s/\(p)/score", [("criterion", "boundaries-judgement"), ("version", "0"), ("level", "good")])
            #expect(first.status == .seeOther)
            let second = try await omar.post(
                "/s/\(p)/score",
                [("criterion", "boundaries-judgement"), ("version", "0"), ("level", "weak"), ("comment", "Coupled.")])
            #expect(second.status == .conflict)
            #expect(second.text.contains("<td id=\"theirs\">level <b>good</b>"))
            #expect(second.text.contains("<td id=\"yours\">level <b>weak</b>, comment “Coupled.”"))
            #expect(second.text.contains("id=\"keep-mine\""))
            #expect(try await fixture.app.store.scores(for: "s3")["boundaries-judgement"]?.level == "good")
            // Choosing "save mine" saves on the version just shown.
            let resolved = try await omar.post(
                "/s/\(p)/score",
                [("criterion", "boundaries-judgement"), ("version", "1"), ("level", "weak"), ("comment", "Coupled.")])
            #expect(resolved.status == .seeOther)
        }
        let audit = try await fixture.app.store.audit(submission: "s3")
        #expect(audit.map(\.action) == ["score", "conflict", "score"])
        #expect(audit.map(\.actor) == ["dana", "omar", "omar"])
        #expect(audit[0].old == nil && audit[0].new?.contains("\"level\":\"good\"") == true)
        #expect(audit[1].old?.contains("\"level\":\"good\"") == true)
        #expect(audit[1].new?.contains("not saved") == true)
        #expect(
            audit[2].old?.contains("\"level\":\"good\"") == true && audit[2].new?.contains("\"level\":\"weak\"") == true
        )
        #expect(audit.allSatisfy { $0.rubricSHA256 == ReviewFixture.rubric.sha256 && $0.submissionSHA256.count == 64 })
        let score = try #require(try await fixture.app.store.scores(for: "s3")["boundaries-judgement"])
        #expect(score.level == "weak" && score.version == 2 && score.reviewer == "omar")
        // The history page lists the three rows.
        try await fixture.test { client in
            var browser = Browser(client)
            try await browser.signIn("ines")
            let history = try await browser.get("/s/\(fixture.pseudonym("s3"))/history")
            #expect(history.text.components(separatedBy: "<td>conflict</td>").count == 2)
            #expect(history.text.components(separatedBy: "<td>score</td>").count == 3)
        }
    }

    @Test func theAuditLogIsAppendOnly() async throws {
        let fixture = try await ReviewFixture(count: 1)
        _ = try await fixture.app.save(
            ScoreEntry(submission: "s1", criterion: "boundaries-judgement", level: "good"), expectedVersion: 0,
            actor: "dana")
        let pool = fixture.app.store.pool
        #expect(throws: DatabaseError.self) { try pool.write { try $0.execute(sql: "UPDATE audit SET actor = 'x'") } }
        #expect(throws: DatabaseError.self) { try pool.write { try $0.execute(sql: "DELETE FROM audit") } }
        #expect(try await fixture.app.store.audit(submission: "s1").count == 1)
    }

    @Test func editingABankCommentUpdatesEverySubmissionThatUsesIt() async throws {
        let fixture = try await ReviewFixture()
        try await fixture.test { client in
            var browser = Browser(client)
            try await browser.signIn("dana")
            try await browser.get("/s/\(fixture.pseudonym("s1"))")
            try await browser.post(
                "/bank",
                [
                    ("criterion", "boundaries-judgement"), ("text", "Payments shares a table with Orders."),
                    ("back", "/"),
                ])
            let bank = try await fixture.app.store.bank()
            let id = try #require(bank.first?.id)
            for submission in ["s1", "s2"] {
                try await browser.get("/s/\(fixture.pseudonym(submission))")
                #expect(browser.lastBody.contains("Payments shares a table with Orders."))
                let version = browser.version(of: "boundaries-judgement") ?? "0"
                let applied = try await browser.post(
                    "/s/\(fixture.pseudonym(submission))/score",
                    [
                        ("criterion", "boundaries-judgement"), ("version", version), ("current_level", "good"),
                        ("bank", "\(id)"),
                    ])
                #expect(applied.status == .seeOther)
            }
            try await browser.post(
                "/bank/\(id)", [("text", "Payments and Orders share the orders table."), ("back", "/")])
        }
        for submission in ["s1", "s2"] {
            let report = try #require(try await fixture.app.report(of: submission))
            let judgement = report.criteria.first { $0.id == "boundaries-judgement" }
            #expect(judgement?.review?.comment == "Payments and Orders share the orders table.")
            #expect(judgement?.review?.level == "good")
        }
        let untouched = try #require(try await fixture.app.report(of: "s3"))
        #expect(untouched.criteria.first { $0.id == "boundaries-judgement" }?.status == .pending)
        let edits = try await fixture.app.store.audit(submission: nil).filter { $0.action == "bank-edit" }
        #expect(Set(edits.map(\.submission)) == ["s1", "s2"])
    }

    @Test func theQueueGivesTheNextUngradedSubmissionOfACriterionOwnAssignmentsFirst() async throws {
        let fixture = try await ReviewFixture(count: 6)
        let reviewers = ["dana", "omar"]
        let mine = fixture.app.cohort.ids.filter { ReviewCohort.assignee(of: $0, among: reviewers) == "dana" }
        try await fixture.test { client in
            var browser = Browser(client)
            try await browser.signIn("dana")
            var seen: [String] = []
            for _ in 0..<fixture.app.cohort.ids.count {
                let next = try await browser.get("/queue/boundaries-judgement")
                let location = try #require(next.headers[.location])
                let pseudonym = String(location.dropFirst(3).prefix { $0 != "?" })
                let id = try #require(fixture.app.cohort.id(forPseudonym: pseudonym))
                #expect(!seen.contains(id))
                seen.append(id)
                try await browser.get(location)
                try await browser.post(
                    "/s/\(pseudonym)/score",
                    [("criterion", "boundaries-judgement"), ("version", "0"), ("level", "good")])
            }
            #expect(Array(seen.prefix(mine.count)).sorted() == mine.sorted())
            let done = try await browser.get("/queue/boundaries-judgement")
            #expect(done.text.contains("All scored"))
        }
    }

    @Test func signInIsRateLimitedPerName() async throws {
        let fixture = try await ReviewFixture(count: 1)
        try await fixture.test { client in
            var browser = Browser(client)
            for _ in 0..<5 {
                try await browser.get("/login")
                #expect(
                    try await browser.post("/login", [("name", "dana"), ("password", "guess")]).status == .unauthorized)
            }
            try await browser.get("/login")
            let blocked = try await browser.post("/login", [("name", "dana"), ("password", ReviewFixture.password)])
            #expect(blocked.status == .tooManyRequests)
            try await browser.get("/login")
            #expect(
                try await browser.post("/login", [("name", "omar"), ("password", ReviewFixture.password)]).status
                    == .seeOther)
        }
    }

    @Test func anOversizedBodyIsRefused() async throws {
        let fixture = try await ReviewFixture(count: 1)
        try await fixture.test { client in
            var browser = Browser(client)
            try await browser.signIn("dana")
            let big = String(repeating: "x", count: 64 << 10)
            let response = try await browser.post(
                "/s/\(fixture.pseudonym("s1"))/score",
                [("criterion", "boundaries-judgement"), ("version", "0"), ("comment", big)])
            #expect(response.status == .contentTooLarge)
        }
        #expect(try await fixture.app.store.allScores().isEmpty)
    }

    @Test func pseudonymsAreStablePerLearnerAndRubricAndAssignmentIsEven() {
        let a = ReviewCohort.pseudonym(learner: "alice", rubric: "phase1")
        #expect(a == ReviewCohort.pseudonym(learner: "alice", rubric: "phase1"))
        #expect(a != ReviewCohort.pseudonym(learner: "alice", rubric: "phase2"))
        #expect(a != ReviewCohort.pseudonym(learner: "bob", rubric: "phase1"))
        let reviewers = ["ana", "ben", "cy", "dee"]
        var counts: [String: Int] = [:]
        for index in 0..<2000 {
            counts[ReviewCohort.assignee(of: "learner-\(index)", among: reviewers)!, default: 0] += 1
        }
        #expect(counts.count == 4)
        #expect(counts.values.allSatisfy { (430...570).contains($0) }, "\(counts)")
    }
}

/// Where a form may send the browser afterwards: this app's paths only.
@Suite struct RedirectTests {
    @Test(arguments: ["//evil.example/", "/\\evil.example", "https://evil.example/", "/ok\r\nSet-Cookie: x=1", "evil"])
    func aFormCannotRedirectOffTheApp(_ back: String) {
        var fields = FormFields("")
        fields.values["back"] = back
        #expect(ReviewRoutes.back(fields) == "/")
    }

    @Test func aPathOfTheAppIsFollowed() {
        var fields = FormFields("")
        fields.values["back"] = "/s/amber-otter-12?c=boundaries-judgement"
        #expect(ReviewRoutes.back(fields) == "/s/amber-otter-12?c=boundaries-judgement")
    }
}

/// A manual criterion scored in points rather than levels.
@Suite struct PointsCriterionTests {
    @Test func pointsAreEnteredCheckedAndScoredAsTheManualGraderScoresThem() async throws {
        let rubrics = try TemporaryTree()
        let text = try String(contentsOfFile: repositoryRoot + "/Rubrics/quickstart.yaml", encoding: .utf8)
            .replacingOccurrences(
                of: "with: { levels: { excellent: 1.0, good: 0.75, weak: 0.4, missing: 0 } }",
                with: "with: { points: 10 }")
        try rubrics.write("quickstart.yaml", text)
        try rubrics.write(
            "common/document-quality.yaml",
            try String(contentsOfFile: repositoryRoot + "/Rubrics/common/document-quality.yaml", encoding: .utf8))
        let rubric = try RubricLoader(registry: .builtIn).load(file: rubrics.subpath("quickstart.yaml"))
        let cohort = try TemporaryTree()
        try FileManager.default.copyItem(
            atPath: repositoryRoot + "/Submissions/quickstart-pass", toPath: cohort.subpath("s1"))
        let database = cohort.subpath("assess.sqlite")
        try ReviewApp.addUser(
            database: database, name: "dana", role: .reviewer, password: ReviewFixture.password, submission: nil,
            cost: 4)
        let app = try await ReviewApp.open(rubric: rubric, cohort: cohort.path, database: database)
        #expect(app.cohort.manual.first?.points == 10 && app.cohort.manual.first?.levels.isEmpty == true)
        let p = app.cohort.pseudonym(of: "s1")
        try await Application(router: app.router()).test(.router) { client in
            var browser = Browser(client)
            try await browser.signIn("dana")
            let page = try await browser.get("/s/\(p)")
            #expect(page.text.contains("points (of 10)"))
            let tooMany = try await browser.post(
                "/s/\(p)/score", [("criterion", "boundaries-judgement"), ("version", "0"), ("points", "12")])
            #expect(tooMany.status == .unprocessableContent)
            #expect(tooMany.text.contains("points must be in 0…10, found 12"))
            try await browser.get("/s/\(p)")
            let saved = try await browser.post(
                "/s/\(p)/score", [("criterion", "boundaries-judgement"), ("version", "0"), ("points", "7")])
            #expect(saved.status == .seeOther)
        }
        // 85 automated points + 15 × 7/10.
        #expect(try await app.report(of: "s1")?.score.percent == 95.5)
        let export = try TemporaryTree()
        _ = try await app.export(to: export.path)
        let reviews = try Reviews.load(export.subpath("reviews/s1.yaml"), rubric: rubric)
        #expect(reviews.entries["boundaries-judgement"]?.points == 7)
    }
}

/// Anonymity and sessions.
@Suite struct AnonymityTests {
    @Test func onlyAnInstructorCanRevealNames() async throws {
        let fixture = try await ReviewFixture(count: 2)
        try await fixture.test { client in
            var reviewer = Browser(client)
            try await reviewer.signIn("dana")
            #expect(!(try await reviewer.get("/?reveal=1").text.contains("learner-1")))
            #expect(!(try await reviewer.get("/s/\(fixture.pseudonym("s1"))?reveal=1").text.contains("learner-1")))
            var instructor = Browser(client)
            try await instructor.signIn("ines")
            #expect(!(try await instructor.get("/").text.contains("learner-1")))
            #expect(try await instructor.get("/?reveal=1").text.contains("<td>s1</td><td>learner-1</td>"))
        }
    }

    @Test func aSessionEndsAfterItsLifetimeAndOnSignOut() async throws {
        let fixture = try await ReviewFixture(count: 1)
        try await fixture.test { client in
            var browser = Browser(client)
            try await browser.signIn("dana")
            #expect(try await browser.get("/").status == .ok)
            try await fixture.app.store.pool.write { db in
                try db.execute(
                    sql: "UPDATE session SET created = created - ?", arguments: [ReviewStore.sessionLifetime + 1])
            }
            #expect(try await browser.get("/").status == .seeOther)
            try await browser.signIn("dana")
            try await browser.get("/")
            let out = try await browser.post("/logout", [])
            #expect(out.status == .seeOther)
            #expect(try await browser.get("/").headers[.location] == "/login")
        }
    }
}

/// Comments anchored to a file and line of the submission.
@Suite struct AnchoredCommentTests {
    @Test func aCommentPointsAtALineOfAFileOfTheSubmissionAndNothingElse() async throws {
        let fixture = try await ReviewFixture(count: 2)
        let p = fixture.pseudonym("s2")
        try await fixture.test { client in
            var browser = Browser(client)
            try await browser.signIn("dana")
            try await browser.get("/s/\(p)?file=design.md")
            let saved = try await browser.post(
                "/s/\(p)/score",
                [
                    ("criterion", "boundaries-judgement"), ("version", "0"), ("level", "good"),
                    ("comment", "Catalog owns products."), ("anchor_file", "design.md"), ("anchor_line", "9"),
                ])
            #expect(saved.status == .seeOther)
            let page = try await browser.get("/s/\(p)?file=design.md")
            #expect(page.text.contains("<a href=\"#L9\">line 9</a>: design.md:9: Catalog owns products.</p>"))
            #expect(page.text.contains("name=\"anchor_line\" type=\"number\" min=\"1\" value=\"9\""))
            // On another file's page an empty line keeps the anchor into design.md.
            try await browser.get("/s/\(p)?file=assess.yaml")
            try await browser.post(
                "/s/\(p)/score",
                [
                    ("criterion", "boundaries-judgement"), ("version", "1"), ("level", "weak"),
                    ("comment", "Catalog owns products."), ("anchor_file", "assess.yaml"), ("anchor_line", ""),
                    ("current_anchor", "design.md:9"),
                ])
            // A file outside the submission is never an anchor.
            try await browser.post(
                "/s/\(fixture.pseudonym("s1"))/score",
                [
                    ("criterion", "boundaries-judgement"), ("version", "0"), ("level", "good"), ("comment", "x"),
                    ("anchor_file", "../s2/design.md"), ("anchor_line", "3"),
                ])
        }
        let s2 = try #require(try await fixture.app.store.scores(for: "s2")["boundaries-judgement"])
        #expect(s2.level == "weak" && s2.anchor == "design.md:9")
        #expect(try await fixture.app.store.scores(for: "s1")["boundaries-judgement"]?.anchor == nil)
        let report = try #require(try await fixture.app.report(of: "s2"))
        #expect(
            report.criteria.first { $0.id == "boundaries-judgement" }?.review?.comment
                == "design.md:9: Catalog owns products.")
        let export = try TemporaryTree()
        _ = try await fixture.app.export(to: export.path)
        let reviews = try Reviews.load(export.subpath("reviews/s2.yaml"), rubric: ReviewFixture.rubric)
        #expect(reviews.entries["boundaries-judgement"]?.comment == "design.md:9: Catalog owns products.")
    }
}
