import AssessFormats
import AssessTestSupport
import Foundation
import Testing

/// The fixtures are one real Locust 2.47 run (see Fixtures/README.md): 1436 requests, 13
/// failed (HTTP 500 on /flaky), 10 users.
@Suite struct LocustStatsCSVTests {
    @Test func readsTheAggregatedRowAndEndpoints() throws {
        let run = try LoadTestFixtures.read(LoadTestFixtures.source("locust_stats.csv"), as: LocustStatsCSV.self)
        #expect(run.tool == .locust)
        #expect(run.requestCount == 1436)
        #expect(run.failureCount == 13)
        #expect(run.throughput == 102.46035065884945)
        #expect(run.figure(MetricSelector(name: "http_req_duration"), .percentile(95)) == .value(45, source: .reported))
        #expect(run.value("http_req_duration", .med) == 7)
        #expect(run.value("http_req_duration", .percentile(99)) == 63)
        #expect(run.value("http_req_duration", .max) == 266.05681699948036)
        #expect(close(run.duration, 1436 / 102.46035065884945))
        #expect(run.endpoints["/flaky"]?.requests == 271)
        #expect(run.endpoints["/flaky"]?.failures == 13)
        let slow = try MetricSelector(parsing: "http_req_duration{name:/slow}")
        #expect(run.figure(slow, .percentile(95)) == .value(54, source: .reported))
        // 12-byte bodies.
        #expect(run.metrics["data_received"]?.count == 17232)
        #expect(run.problems.isEmpty && !run.truncated)
    }

    @Test func aFileCutInTheAggregatedRowFallsBackToTheRowsAbove() throws {
        let text = LoadTestFixtures.cut(try LoadTestFixtures.text("locust_stats.csv"), at: 0.9)
        let run = try LoadTestFormats.read(LoadTestSource(file: "locust_stats.csv", text: text))
        #expect(run.truncated)
        #expect(run.problems.isEmpty)
        // 271 + 839 + 326 from the endpoint rows.
        #expect(run.requestCount == 1436)
        #expect(run.failureCount == 13)
    }

    @Test func aCorruptCellIsAProblemAtItsColumn() throws {
        let text = try LoadTestFixtures.text("locust_stats.csv").replacingOccurrences(
            of: "GET,/ok,839", with: "GET,/ok,8x9")
        let run = try LoadTestFormats.read(LoadTestSource(file: "locust_stats.csv", text: text))
        let problem = try #require(run.problems.first)
        #expect(problem.line == 3)
        #expect(problem.column == 9)
        #expect(problem.message.contains("8x9"))
        #expect(run.endpoints["/ok"] == nil)
        #expect(run.requestCount == 1436)
    }
}

@Suite struct LocustStatsHistoryCSVTests {
    @Test func readsTotalsTimelineAndUsers() throws {
        let run = try LoadTestFixtures.read(
            LoadTestFixtures.source("locust_stats_history.csv"), as: LocustStatsHistoryCSV.self)
        #expect(run.requestCount == 1436)
        #expect(run.failureCount == 13)
        // Timestamps 1795607502 … 1795607516.
        #expect(run.duration == 14)
        #expect(run.start == 1_795_607_502)
        #expect(run.concurrency == 10)
        #expect(run.metrics["vus"]?.lowest == 0)
        #expect(run.value("http_req_duration", .avg) == 17.229501155974845)
        // Without --csv-full-history the percentile columns describe the run so far: the last
        // row's 95% is the p95 the stats file reports for the whole run.
        #expect(run.figure(MetricSelector(name: "http_req_duration"), .percentile(95)) == .value(45, source: .reported))
        #expect(run.value("http_req_duration", .percentile(99)) == 63)
        #expect(run.timeline.count == 15)
        #expect(run.timeline.map(\.requests).reduce(0, +) == 1436)
        #expect(run.timeline.map(\.failures).reduce(0, +) == 13)
        #expect(run.timeline[1].requests == 56)
        // Each row's 95% is the run so far, not that second's: none is charted per second.
        #expect(run.timeline.allSatisfy { $0.p95 == nil })
    }

    @Test func aWarmUpTrimsCountsAndTimeline() throws {
        let run = try LoadTestFormats.read(
            LoadTestFixtures.source("locust_stats_history.csv"), options: LoadTestReadOptions(warmUp: 5))
        // The row at +4 s had 377 requests and 4 failures.
        #expect(run.requestCount == 1059)
        #expect(run.failureCount == 9)
        #expect(run.duration == 9)
        #expect(run.timeline.map(\.requests).reduce(0, +) == 1059)
    }

    @Test func readsPerNameRowsOfAFullHistory() throws {
        let run = try LoadTestFixtures.read(
            LoadTestFixtures.source("locust-full-history_stats_history.csv"), as: LocustStatsHistoryCSV.self)
        #expect(run.requestCount == 133)
        #expect(run.endpoints["/flaky"]?.requests == 28)
        #expect(run.endpoints["/flaky"]?.failures == 1)
        #expect(run.endpoints["/ok"]?.requests == 81)
        #expect(run.concurrency == 4)
        // The first window had no responses yet: Locust writes 0, which is no latency.
        #expect(run.timeline[1].p95 == nil)
        // Later rows' 95% covers the last ten seconds: a window figure.
        #expect(run.timeline[2].p95 == 42)
        #expect(run.timeline[3].p95 == 42)
    }

    @Test func aCutHistoryIsMarkedAndReadToTheLastFullRow() throws {
        let text = LoadTestFixtures.cut(try LoadTestFixtures.text("locust_stats_history.csv"), at: 0.75)
        let run = try LoadTestFormats.read(LoadTestSource(file: "locust_stats_history.csv", text: text))
        #expect(run.truncated)
        #expect(run.problems.isEmpty)
        let count = try #require(run.requestCount)
        #expect(count > 0 && count < 1436)
    }

    @Test func aCorruptRowIsAProblemAndTheRestIsRead() throws {
        let text = try LoadTestFixtures.text("locust_stats_history.csv").replacingOccurrences(
            of: "1795607510,10,", with: "17956O7510,10,")
        let run = try LoadTestFormats.read(LoadTestSource(file: "locust_stats_history.csv", text: text))
        let problem = try #require(run.problems.first)
        #expect(problem.line == 10)
        #expect(problem.column == 1)
        #expect(run.requestCount == 1436)
        // The requests of the skipped row are counted in the next second.
        #expect(run.timeline.map(\.requests).reduce(0, +) == 1436)
    }
}

@Suite struct LocustFailuresCSVTests {
    @Test func readsErrorsWithCounts() throws {
        let run = try LoadTestFixtures.read(
            LoadTestFixtures.source("locust_failures.csv"), as: LocustFailuresCSV.self)
        #expect(run.errors["HTTPError('500 Server Error: Internal Server Error for url: /flaky')"] == 13)
        #expect(run.endpoints["/flaky"]?.failures == 13)
        // Without the request count there is no failure rate.
        #expect(run.metrics["http_req_failed"] == nil)
    }

    @Test func readsTheOlderLayoutAndReportsABadCount() throws {
        let text = """
            "Method","Name","Error","Occurrences"
            "POST","/login","CatchResponseError('Got wrong response')",7
            "GET","/","ConnectionError(...)",many

            """
        let run = try LoadTestFormats.read(LoadTestSource(file: "x_failures.csv", text: text))
        #expect(run.errors["CatchResponseError('Got wrong response')"] == 7)
        #expect(run.problems.first?.line == 3)
        #expect(run.problems.first?.column == 34)
    }

    @Test func aCutLastRowMarksTheFileTruncated() throws {
        let text = LoadTestFixtures.cut(try LoadTestFixtures.text("locust_failures.csv"), at: 0.7)
        let run = try LoadTestFormats.read(LoadTestSource(file: "locust_failures.csv", text: text))
        #expect(run.truncated)
        #expect(run.errors.isEmpty)
    }
}
