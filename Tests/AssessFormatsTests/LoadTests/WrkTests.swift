import AssessFormats
import AssessTestSupport
import Foundation
import Testing

@Suite struct WrkTextTests {
    static let corpusMissing = "../shared/corpus is absent: real wrk outputs not checked"

    @Test(.enabled(if: sharedCorpus != nil, Comment(rawValue: corpusMissing)))
    func readsARealWrkRunWithLatencyDistribution() throws {
        let run = try LoadTestFixtures.read(
            LoadTestFixtures.corpus("loadgen-cli/generated_wrk-latency.txt"), as: WrkText.self)
        #expect(run.tool == .wrk)
        #expect(run.requestCount == 589)
        #expect(run.failureCount == 32)
        #expect(run.throughput == 196.04)
        #expect(run.duration == 3)
        #expect(run.concurrency == 10)
        #expect(run.value("http_req_duration", .percentile(99)) == 48.11)
        #expect(run.value("http_req_duration", .med) == 44)
        #expect(run.value("http_req_duration", .avg) == 43.9)
        #expect(run.value("http_req_duration", .max) == 52.01)
        // Plain wrk prints no p95, and none is made up.
        #expect(run.value("http_req_duration", .percentile(95)) == nil)
        #expect(run.errors["Non-2xx or 3xx responses"] == 32)
        #expect(run.metrics["data_received"]?.count == 91.59 * 1024)
        #expect(run.endpoints["http://127.0.0.1:18080/flaky"]?.requests == 589)
    }

    @Test(.enabled(if: sharedCorpus != nil, Comment(rawValue: corpusMissing)))
    func scalesUnits() throws {
        let run = try LoadTestFixtures.read(
            LoadTestFixtures.corpus("loadgen-cli/wrk-output_readme.txt"), as: WrkText.self)
        #expect(run.requestCount == 22_464_657)
        #expect(run.throughput == 748_868.53)
        // 635.91us and 12.92ms.
        #expect(close(run.value("http_req_duration", .avg), 0.63591))
        #expect(run.value("http_req_duration", .max) == 12.92)
        #expect(close(run.metrics["data_received"]?.count, 17.76 * 1024 * 1024 * 1024))
        #expect(run.concurrency == 400)
    }

    @Test(.enabled(if: sharedCorpus != nil, Comment(rawValue: corpusMissing)))
    func readsWrk2SpectrumAsReportedPercentiles() throws {
        let run = try LoadTestFixtures.read(
            LoadTestFixtures.corpus("loadgen-cli/wrk2-latency-hdr_readme.txt"), as: WrkText.self)
        #expect(run.tool == .wrk2)
        #expect(run.requestCount == 60018)
        #expect(run.throughput == 2000.28)
        #expect(
            run.figure(MetricSelector(name: "http_req_duration"), .percentile(95)) == .value(10.015, source: .reported))
        #expect(run.value("http_req_duration", .percentile(99)) == 11.18)
        #expect(run.value("http_req_duration", .percentile(99.9)) == 12.3)
        #expect(run.value("http_req_duration", .avg) == 6.602)
        #expect(run.value("http_req_duration", .max) == 12.496)
        #expect(run.metrics["http_req_duration"]?.count == 39500)
    }

    /// With `--u_latency` the uncorrected block follows the recorded one; p95 there is 4.975 ms
    /// and the mean 2.757 ms, both hiding coordinated omission.
    @Test(.enabled(if: sharedCorpus != nil, Comment(rawValue: corpusMissing)))
    func gradesOnTheCorrectedBlock() throws {
        let run = try LoadTestFixtures.read(
            LoadTestFixtures.corpus("loadgen-cli/wrk2-u_latency-hdr_readme.txt"), as: WrkText.self)
        #expect(run.value("http_req_duration", .percentile(95)) == 9.415)
        #expect(run.value("http_req_duration", .avg) == 6.178)
        #expect(run.requestCount == 60031)
        #expect(run.duration == 30.01)
    }

    @Test func socketTimeoutsAreFailuresAndNoLatencyIsInvented() throws {
        let run = try LoadTestFixtures.read(LoadTestFixtures.source("wrk-timeouts.txt"), as: WrkText.self)
        #expect(run.requestCount == 33)
        #expect(run.failureCount == 33)
        #expect(run.errors["socket timeout error"] == 33)
        #expect(run.metrics["http_req_duration"] == nil)
        #expect(run.value("http_req_duration", .percentile(99)) == nil)
        #expect(run.concurrency == 20)
        #expect(run.duration == 4.01)
    }

    @Test func aCutOutputIsMarkedTruncated() throws {
        let text = LoadTestFixtures.cut(try LoadTestFixtures.text("wrk-timeouts.txt"), at: 0.5)
        let run = try LoadTestFormats.read(LoadTestSource(file: "wrk.txt", text: text))
        #expect(run.truncated)
        #expect(run.requestCount == nil)
    }

    @Test func aCorruptLineIsAProblemAndTheRestIsRead() throws {
        let text = try LoadTestFixtures.text("wrk-timeouts.txt").replacingOccurrences(
            of: "Requests/sec:      8.23", with: "Requests/sec:      8,23x")
        let run = try LoadTestFormats.read(LoadTestSource(file: "wrk.txt", text: text))
        let problem = try #require(run.problems.first)
        #expect(problem.line == 13)
        #expect(problem.column == 20)
        #expect(run.requestCount == 33)
        #expect(run.metrics["http_reqs"]?.reported["rate"] == nil)
    }
}
