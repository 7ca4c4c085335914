import AssessBatch
import AssessCore
import AssessTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import AssessServer

/// What a learner can reach: their own released report and nothing else, whichever URL or id
/// they type.
@Suite struct LearnerAccessTests {
    /// Scores s1 and s2 with distinct comments and releases both.
    static func gradedAndReleased() async throws -> ReviewFixture {
        let fixture = try await ReviewFixture()
        for (id, level, comment) in [("s1", "good", "Comment for one."), ("s2", "weak", "Comment for two.")] {
            _ = try await fixture.app.save(
                ScoreEntry(submission: id, criterion: "boundaries-judgement", level: level, comment: comment),
                expectedVersion: 0, actor: "dana")
        }
        try await fixture.app.release(["s1", "s2"], actor: "ines")
        return fixture
    }

    @Test func aLearnerSeesNothingBeforeReleaseAndOnlyTheirOwnReportAfter() async throws {
        let fixture = try await ReviewFixture()
        _ = try await fixture.app.save(
            ScoreEntry(submission: "s1", criterion: "boundaries-judgement", level: "good", comment: "Comment for one."),
            expectedVersion: 0, actor: "dana")
        _ = try await fixture.app.save(
            ScoreEntry(submission: "s2", criterion: "boundaries-judgement", level: "weak", comment: "Comment for two."),
            expectedVersion: 0, actor: "dana")
        try await fixture.test { client in
            var learner = Browser(client)
            let signIn = try await learner.signIn("learner1")
            #expect(signIn.headers[.location] == "/my")
            let before = try await learner.get("/my")
            #expect(before.text.contains("not been released"))
            #expect(!before.text.contains("Comment for one."))
            var instructor = Browser(client)
            try await instructor.signIn("ines")
            try await instructor.get("/s/\(fixture.pseudonym("s1"))")
            let released = try await instructor.post("/release", [("submission", fixture.pseudonym("s1"))])
            #expect(released.status == .seeOther)
            let after = try await learner.get("/my")
            #expect(after.text.contains("Comment for one."))
            #expect(after.text.contains("<b id=\"score\">96.25%</b>"))
            #expect(!after.text.contains("Comment for two."))
            #expect(!after.text.contains(fixture.pseudonym("s2")))
            // learner2's report is not released: they still see nothing.
            var other = Browser(client)
            try await other.signIn("learner2")
            #expect(try await other.get("/my").text.contains("not been released"))
        }
        let audit = try await fixture.app.store.audit(submission: "s1")
        #expect(audit.contains { $0.action == "release" && $0.actor == "ines" })
    }

    /// Every route a reviewer or instructor uses, tried by a signed-in learner with another
    /// learner's pseudonym (and with their own): each is refused and shows nothing of s2.
    @Test(arguments: [
        ("GET", "/"), ("GET", "/s/{other}"), ("GET", "/s/{own}"), ("GET", "/s/{other}?file=design.md"),
        ("GET", "/s/{other}/history"), ("GET", "/queue/boundaries-judgement"), ("GET", "/regrades"),
        ("GET", "/export"), ("GET", "/export/gradebook.csv"), ("POST", "/s/{other}/score"), ("POST", "/release"),
        ("POST", "/bank"), ("POST", "/bank/1"), ("POST", "/regrades/1"), ("POST", "/export"),
    ])
    func aLearnerCannotReachAnotherLearnersWorkThroughThisRoute(method: String, route: String) async throws {
        let fixture = try await Self.gradedAndReleased()
        _ = try await fixture.app.store.addBankComment(criterion: "boundaries-judgement", text: "Bank text.")
        let uri = route.replacingOccurrences(of: "{other}", with: fixture.pseudonym("s2"))
            .replacingOccurrences(of: "{own}", with: fixture.pseudonym("s1"))
        try await fixture.test { client in
            var learner = Browser(client)
            try await learner.signIn("learner1")
            try await learner.get("/my")
            let response =
                method == "GET"
                ? try await learner.get(uri)
                : try await learner.post(
                    uri,
                    [
                        ("criterion", "boundaries-judgement"), ("level", "missing"), ("version", "1"),
                        ("submission", fixture.pseudonym("s2")), ("all", "1"), ("text", "changed"),
                        ("action", "accept"),
                    ])
            if route == "/" {
                // The dashboard sends a learner to their own page.
                #expect(response.status == .seeOther && response.headers[.location] == "/my")
            } else {
                #expect(response.status == .forbidden, "\(method) \(uri): \(response.status)")
            }
            #expect(!response.text.contains("Comment for two."))
            #expect(!response.text.contains(fixture.pseudonym("s2")))
        }
        // Nothing changed behind the refusal.
        #expect(try await fixture.app.store.scores(for: "s2")["boundaries-judgement"]?.level == "weak")
        #expect(try await fixture.app.store.bank().first?.text == "Bank text.")
        #expect(try await fixture.app.store.audit(submission: "s2").count == 2)
    }

    @Test func aLearnersOwnPageNeverShowsAnotherLearnersPseudonymOrComment() async throws {
        let fixture = try await Self.gradedAndReleased()
        try await fixture.test { client in
            var learner = Browser(client)
            try await learner.signIn("learner2")
            let page = try await learner.get("/my?submission=s1&id=s1&p=\(fixture.pseudonym("s1"))")
            #expect(page.text.contains("Comment for two."))
            #expect(!page.text.contains("Comment for one."))
            #expect(!page.text.contains(fixture.pseudonym("s1")))
            #expect(!page.text.contains(fixture.pseudonym("s2")))
        }
    }

    @Test func aRegradeRequestIsAcceptedWithANewScoreAndBothStepsAreAudited() async throws {
        let fixture = try await Self.gradedAndReleased()
        try await fixture.test { client in
            var learner = Browser(client)
            try await learner.signIn("learner2")
            try await learner.get("/my")
            let asked = try await learner.post(
                "/my/regrade", [("criterion", "boundaries-judgement"), ("message", "The context map is on page 2.")])
            #expect(asked.status == .seeOther)
            var reviewer = Browser(client)
            try await reviewer.signIn("dana")
            let list = try await reviewer.get("/regrades")
            #expect(list.text.contains("The context map is on page 2."))
            let request = try #require(try await fixture.app.store.regrades().first)
            let answered = try await reviewer.post(
                "/regrades/\(request.id)", [("action", "accept"), ("level", "good"), ("reply", "Found it; raised.")])
            #expect(answered.status == .seeOther)
            let mine = try await learner.get("/my")
            #expect(mine.text.contains("Found it; raised."))
            #expect(mine.text.contains("accepted"))
        }
        #expect(try await fixture.app.store.scores(for: "s2")["boundaries-judgement"]?.level == "good")
        let actions = try await fixture.app.store.audit(submission: "s2").map(\.action)
        #expect(actions == ["score", "release", "regrade-request", "score", "regrade-accepted"])
    }

    @Test func aDeclinedRegradeKeepsTheScoreAndRepliesAudited() async throws {
        let fixture = try await Self.gradedAndReleased()
        try await fixture.app.store.openRegrade(
            submission: "s1", criterion: "boundaries-judgement", message: "Please look again.", learner: "learner1",
            digests: fixture.app.cohort.digests(of: "s1"))
        try await fixture.test { client in
            var reviewer = Browser(client)
            try await reviewer.signIn("omar")
            try await reviewer.get("/regrades")
            let request = try #require(try await fixture.app.store.regrades().first)
            try await reviewer.post("/regrades/\(request.id)", [("action", "decline"), ("reply", "The level stands.")])
        }
        #expect(try await fixture.app.store.scores(for: "s1")["boundaries-judgement"]?.level == "good")
        let last = try #require(try await fixture.app.store.audit(submission: "s1").last)
        #expect(last.action == "regrade-declined" && last.actor == "omar" && last.new == "The level stands.")
    }
}
