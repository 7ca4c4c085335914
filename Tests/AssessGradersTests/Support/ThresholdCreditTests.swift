import AssessFormats
import Testing

@testable import AssessGraders

/// Partial credit for a missed threshold is the graders' judgement, not the format's.
@Suite struct ThresholdCreditTests {
    @Test func creditFallsWithDistanceBeyondTheLimit() throws {
        let threshold = try Threshold(parsing: "p(95)<100")
        #expect(threshold.credit(90, tolerance: 0.5) == 1)
        #expect(threshold.credit(125, tolerance: 0.5) == 0.5)
        #expect(threshold.credit(160, tolerance: 0.5) == 0)
        #expect(threshold.credit(101, tolerance: 0) == 0)
    }
}
