import AssessFormats
import AssessTestSupport
import Foundation
import Testing

/// The corpus holds one real `ab -n 1000 -c 10 -e … -g …` run against a loopback server that
/// answers 500 about one time in twenty: the text report, its `-g` TSV and its `-e` CSV.
@Suite(.enabled(if: sharedCorpus != nil, "../shared/corpus is absent: real ab outputs not checked"))
struct ApacheBenchTests {
    @Test func readsTheTextReport() throws {
        let run = try LoadTestFixtures.read(
            LoadTestFixtures.corpus("loadgen-cli/generated_ab.txt"), as: ApacheBenchText.self)
        #expect(run.tool == .ab)
        #expect(run.toolVersion == "2.3")
        #expect(run.requestCount == 1000)
        // Failed requests 0 + Non-2xx responses 53.
        #expect(run.failureCount == 53)
        #expect(run.value("http_req_failed", .rate) == 0.053)
        #expect(run.throughput == 1940.41)
        #expect(run.duration == 0.515)
        #expect(run.concurrency == 10)
        #expect(run.figure(MetricSelector(name: "http_req_duration"), .percentile(95)) == .value(6, source: .reported))
        #expect(run.value("http_req_duration", .percentile(99)) == 7)
        #expect(run.value("http_req_duration", .max) == 9)
        #expect(run.value("http_req_duration", .med) == 4)
        #expect(run.value("http_req_duration", .avg) == 4)
        #expect(run.metrics["data_received"]?.count == 157_007)
        #expect(run.endpoints["/flaky"]?.failures == 53)
        #expect(run.errors["Non-2xx responses"] == 53)
        #expect(run.problems.isEmpty && !run.truncated)
    }

    @Test func countsLengthFailuresBesideNon2xx() throws {
        let text = try LoadTestFixtures.corpusText("loadgen-cli/generated_ab.txt").replacingOccurrences(
            of: "Failed requests:        0\n",
            with: "Failed requests:        5\n   (Connect: 0, Receive: 0, Length: 5, Exceptions: 0)\n")
        let run = try LoadTestFormats.read(LoadTestSource(file: "ab.txt", text: text))
        #expect(run.failureCount == 58)
        #expect(run.errors["Failed requests (length)"] == 5)
        #expect(run.errors["Failed requests (connect)"] == nil)
    }

    @Test func aCutReportIsMarkedTruncated() throws {
        let text = LoadTestFixtures.cut(try LoadTestFixtures.corpusText("loadgen-cli/generated_ab.txt"), at: 0.85)
        let run = try LoadTestFormats.read(LoadTestSource(file: "ab.txt", text: text))
        #expect(run.truncated)
        #expect(run.requestCount == 1000)
        #expect(run.value("http_req_duration", .percentile(100)) == nil)
    }

    @Test func aCorruptValueIsAProblemAtItsColumn() throws {
        let text = try LoadTestFixtures.corpusText("loadgen-cli/generated_ab.txt").replacingOccurrences(
            of: "Complete requests:      1000", with: "Complete requests:      1O00")
        let run = try LoadTestFormats.read(LoadTestSource(file: "ab.txt", text: text))
        let problem = try #require(run.problems.first)
        #expect(problem.line == 28)
        #expect(problem.column == 25)
        // The progress line `Completed 1000 requests` still gives the count, but not the failures.
        #expect(run.requestCount == 1000)
        #expect(run.failureCount == nil)
        #expect(run.throughput == 1940.41)
    }

    /// The expected figures come from the file itself: the sorted `ttime` column.
    @Test func readsTheGnuplotRowsAsSamples() throws {
        let text = try LoadTestFixtures.corpusText("loadgen-cli/generated_ab-gnuplot.tsv")
        let totals = text.split(separator: "\n").dropFirst().compactMap { Double($0.split(separator: "\t")[4]) }
            .sorted()
        let run = try LoadTestFixtures.read(
            LoadTestFixtures.corpus("loadgen-cli/generated_ab-gnuplot.tsv"), as: ApacheBenchGnuplotTSV.self)
        #expect(run.requestCount == 1000)
        #expect(run.fromSamples("http_req_duration", .percentile(95)))
        #expect(close(run.value("http_req_duration", .percentile(95)), totals[949], within: 0.002))
        #expect(close(run.value("http_req_duration", .avg), totals.reduce(0, +) / 1000))
        #expect(close(run.value("http_req_duration", .max), try #require(totals.last)))
        // -g does not say which requests failed.
        #expect(run.metrics["http_req_failed"] == nil)
        #expect(run.timeline.map(\.requests).reduce(0, +) == 1000)
        #expect(run.start == 1_795_553_279)
    }

    @Test func aCutGnuplotFileIsReadToTheCut() throws {
        let text = LoadTestFixtures.cut(
            try LoadTestFixtures.corpusText("loadgen-cli/generated_ab-gnuplot.tsv"), at: 0.5)
        let run = try LoadTestFormats.read(LoadTestSource(file: "ab.tsv", text: text))
        #expect(run.truncated)
        #expect(run.problems.isEmpty)
        let count = try #require(run.requestCount)
        #expect(count > 400 && count < 600)
    }

    @Test func aCorruptGnuplotRowIsAProblemAtItsColumn() throws {
        var lines = try LoadTestFixtures.corpusText("loadgen-cli/generated_ab-gnuplot.tsv").split(
            separator: "\n", omittingEmptySubsequences: false)
        lines[9] = "Tue Nov 24 20:47:59 2026\t1795553279\t0\t1\tslow\t1"
        let run = try LoadTestFormats.read(LoadTestSource(file: "ab.tsv", text: lines.joined(separator: "\n")))
        let problem = try #require(run.problems.first)
        #expect(problem.line == 10)
        #expect(problem.column == 41)
        #expect(run.requestCount == 999)
    }

    @Test func readsThePercentileTable() throws {
        let run = try LoadTestFixtures.read(
            LoadTestFixtures.corpus("loadgen-cli/generated_ab-percentiles.csv"), as: ApacheBenchPercentilesCSV.self)
        #expect(run.value("http_req_duration", .percentile(95)) == 6.174)
        #expect(run.value("http_req_duration", .percentile(99)) == 7.091)
        #expect(run.value("http_req_duration", .min) == 0.502)
        #expect(run.value("http_req_duration", .max) == 9.477)
        #expect(run.value("http_req_duration", .med) == 4.009)
        #expect(run.requestCount == nil)
    }

    @Test func aCutPercentileTableIsMarkedTruncated() throws {
        let text = LoadTestFixtures.cut(
            try LoadTestFixtures.corpusText("loadgen-cli/generated_ab-percentiles.csv"), at: 0.5)
        let run = try LoadTestFormats.read(LoadTestSource(file: "ab.csv", text: text))
        #expect(run.truncated)
        #expect(run.value("http_req_duration", .percentile(99)) == nil)
        #expect(run.value("http_req_duration", .percentile(10)) == 2.254)
    }

    @Test func aCorruptPercentileRowIsAProblem() throws {
        let text = try LoadTestFixtures.corpusText("loadgen-cli/generated_ab-percentiles.csv").replacingOccurrences(
            of: "95,6.174", with: "95,6.1.74")
        let run = try LoadTestFormats.read(LoadTestSource(file: "ab.csv", text: text))
        #expect(run.problems.first?.line == 97)
        #expect(run.value("http_req_duration", .percentile(95)) == nil)
        #expect(run.value("http_req_duration", .percentile(96)) == 6.441)
    }
}
