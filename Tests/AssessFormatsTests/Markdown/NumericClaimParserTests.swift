import AssessFormats
import AssessYAML
import Testing

@Suite struct NumericClaimParserTests {
    func claims(_ text: String) -> [NumericClaim] {
        NumericClaimParser().claims(in: text, at: SourceLocation(file: "design.md", line: 10, column: 1))
    }

    @Test func theIssuesFiveClaimsAreRead() throws {
        let found = claims(
            """
            Checkout answers with p95 under 120 ms. We target 99.95 % availability.
            The pipeline sustains 10,000 events/s. Replicas converge within 100 ms.
            The read model gives 10x read throughput.
            """)
        #expect(found.count == 5, "\(found)")
        #expect(found[0].quantity == .latency && found[0].statistic == .percentile(95))
        #expect(found[0].comparison == .less && found[0].value == 120 && found[0].text == "p95 under 120 ms")
        #expect(found[0].location.line == 10 && found[0].location.column == 23)
        #expect(found[1].quantity == .availability && found[1].comparison == .greaterOrEqual)
        #expect(abs(found[1].value - 0.9995) < 1e-12)
        #expect(found[2].quantity == .eventThroughput && found[2].value == 10_000 && found[2].location.line == 11)
        #expect(found[3].quantity == .convergence && found[3].statistic == nil && found[3].comparison == .lessOrEqual)
        #expect(found[3].value == 100)
        #expect(found[4].quantity == .speedup && found[4].value == 10 && found[4].location.line == 12)
    }

    /// Written with CRLF line ends, each claim keeps its own line.
    @Test func claimsOfACRLFTextKeepTheirLines() {
        let found = claims("Checkout answers with p95 under 120 ms.\r\nWe target 99.95 % availability.\r\n")
        #expect(found.map(\.location.line) == [10, 11])
        #expect(found.last?.location.column == 11)
    }

    /// A stranger's design: other words, units and spellings.
    @Test func aStrangersUnitsAndSpellings() throws {
        let found = claims(
            """
            Latency: ≤ 120 ms at the 95th percentile; p99.9 below 0.25 s and median latency under 40ms.
            Our API delivers sub-100ms response times and 2.5k req/s at peak.
            Error rate stays under 0.1 % while uptime is 99.99%.
            The projection's capture lag p95 under 500 ms, p99 under 1 s.
            """)
        let summary = found.map {
            "\($0.quantity.rawValue) \($0.statistic.map { "\($0)" } ?? "-") \($0.comparison.rawValue) \($0.value)"
        }
        #expect(
            summary == [
                "latency p(95) <= 120.0", "latency p(99.9) < 250.0", "latency med < 40.0",
                "latency - < 100.0", "throughput - >= 2500.0",
                "error-rate rate < 0.001", "availability rate >= 0.9999",
                "capture-lag p(95) < 500.0", "capture-lag p(99) < 1000.0",
            ], "\(summary)")
    }

    @Test func statementsWithoutABoundAreNotClaims() {
        // The past, a count, a date: no promise to check.
        #expect(claims("During the sale the page timed out (p99 2.3 s) after 3 retries in 2024.").isEmpty)
        #expect(claims("We run 9 services and 12 % of carts are abandoned.").isEmpty)
        #expect(claims("").isEmpty)
    }

    @Test func negatedFiguresAndScoresAreNotClaims() {
        #expect(claims("The read path got slower, not 10x faster.").isEmpty)
        #expect(claims("It does not stay under 100 ms.").isEmpty)
        // A grade is not an error rate, though the sentence says "failed".
        #expect(claims("The hand-in gives 32.66 %, failed, with both gates.").isEmpty)
        let failed = claims("A 503 reaches the caller (14.5 % of calls failed).")
        #expect(failed.map(\.quantity) == [.errorRate])
        #expect(abs((failed.first?.resolution ?? 0) - 0.0005) < 1e-12)
    }

    @Test func microsecondsAndSecondsBecomeMilliseconds() throws {
        let found = claims("The cache answers in under 800 µs; a cold start takes at most 2 seconds.")
        #expect(found.map(\.value) == [0.8, 2000])
        #expect(found.map(\.comparison) == [.less, .lessOrEqual])
    }
}
