import AssessCore
import AssessFormats
import Testing

@testable import AssessGraders

/// `claims.evidence` judges a design's claims against verdicts given here, as the evidence
/// would have measured them: no load test, trace or stream is read.
@Suite struct ClaimsJudgingTests {
    static let design = MarkdownParser().parse(
        "# Design\n\n## Performance\n\nCheckout answers with p95 under 120 ms and 99.95 % availability.\n\nReplicas converge within 100 ms.\n",
        file: "design.md")

    static var claims: [NumericClaim] { ClaimsEvidenceGrader.claims(in: [design], sections: nil) }

    @Test func theDesignHoldsThreeClaims() {
        #expect(Self.claims.count == 3, "\(Self.claims.map(\.text))")
    }

    @Test func aContradictedClaimIsAnErrorAtItsLineAndAnUnsupportedOneIsNotCounted() throws {
        let grader = try configured(ClaimsEvidenceGrader.self, "{}")
        let verdicts: [ClaimsEvidenceGrader.Verdict] = [
            .holds(87.5, "load/summary.json"), .contradicted(99.2, "load/summary.json"),
            .unsupported("no convergence log"),
        ]
        let outcome = grader.judge(Self.claims, verdicts: verdicts, readFindings: [], documents: [Self.design])
        #expect(outcome.status == .partial)
        #expect(outcome.score == 0.5)
        #expect(outcome.summary == "1 of 2 checked claims borne out by the evidence; 1 unsupported")
        let contradicted = try #require(outcome.findings.first { $0.severity == .error })
        #expect(contradicted.location?.line == 5)
    }

    @Test func noClaimIsSkippedUnlessClaimsAreRequiredAndNoneCheckableIsInconclusive() throws {
        let lenient = try configured(ClaimsEvidenceGrader.self, "{ min_claims: 0 }")
        #expect(lenient.judge([], verdicts: [], readFindings: [], documents: [Self.design]).status == .skipped)
        let strict = try configured(ClaimsEvidenceGrader.self, "{ min_claims: 4 }")
        #expect(strict.judge(Self.claims, verdicts: [], readFindings: [], documents: [Self.design]).status == .failed)
        let unsupported = Self.claims.map { _ in ClaimsEvidenceGrader.Verdict.unsupported("no evidence") }
        #expect(
            lenient.judge(Self.claims, verdicts: unsupported, readFindings: [], documents: [Self.design]).status
                == .inconclusive)
    }
}
