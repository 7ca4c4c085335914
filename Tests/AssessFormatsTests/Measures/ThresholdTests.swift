import AssessFormats
import Testing

@Suite struct ThresholdTests {
    @Test(arguments: [
        ("p(95)<100", "p(95)<100"), ("p(99.9)<=250", "p(99.9)<=250"), ("avg < 200", "avg<200"),
        ("med<150", "med<150"), ("rate<0.001", "rate<0.001"), ("count>1000", "count>1000"),
        ("max===5", "max==5"),
    ])
    func parsesK6Syntax(_ text: String, _ normalised: String) throws {
        #expect(try Threshold(parsing: text).description == normalised)
    }

    @Test(arguments: ["p95<100", "p(95)", "avg<fast", "p(101)<1", "avg=>3"])
    func rejectsWhatK6Rejects(_ text: String) {
        #expect(throws: ThresholdSyntaxError.self) { try Threshold(parsing: text) }
    }
}

@Suite struct LatencyHistogramTests {
    @Test func percentilesAreWithinThreeSignificantDigits() throws {
        var histogram = LatencyHistogram()
        for i in 1...10_000 { histogram.record(milliseconds: Double(i) / 10) }
        let p95 = try #require(histogram.percentile(95))
        #expect(abs(p95 - 950) / 950 < 0.001)
        #expect(histogram.count == 10_000)
        #expect(abs(try #require(histogram.mean) - 500.05) < 1e-6)
        #expect(LatencyHistogram().percentile(95) == nil)
    }
}
