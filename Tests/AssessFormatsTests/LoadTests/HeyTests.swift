import AssessFormats
import AssessTestSupport
import Foundation
import Testing

@Suite struct HeyTests {
    static let corpusMissing: Comment = "../shared/corpus is absent: real hey outputs not checked"

    /// hey prints seconds; the run is read in ms.
    @Test(.enabled(if: sharedCorpus != nil, corpusMissing))
    func readsTheSummaryInSeconds() throws {
        let run = try LoadTestFixtures.read(LoadTestFixtures.corpus("loadgen-cli/generated_hey.txt"), as: HeyText.self)
        #expect(run.tool == .hey)
        #expect(run.requestCount == 500)
        #expect(run.failureCount == 25)
        #expect(run.throughput == 219.8559)
        #expect(run.duration == 2.2742)
        #expect(
            run.figure(MetricSelector(name: "http_req_duration"), .percentile(95)) == .value(48.1, source: .reported))
        #expect(run.value("http_req_duration", .percentile(99)) == 51.9)
        #expect(run.value("http_req_duration", .avg) == 44.4)
        #expect(run.value("http_req_duration", .max) == 52.2)
        #expect(run.value("http_req_duration", .min) == 2.9)
        #expect(run.statusCodes == ["200": 475, "500": 25])
        #expect(run.metrics["data_received"]?.count == 6000)
        #expect(run.problems.isEmpty && !run.truncated)
    }

    @Test func errorsAreRequestsThatFailedAndNoLatencyIsInvented() throws {
        let run = try LoadTestFixtures.read(LoadTestFixtures.source("hey-refused.txt"), as: HeyText.self)
        #expect(run.requestCount == 20)
        #expect(run.failureCount == 20)
        #expect(run.errors.values.first == 20)
        #expect(run.errors.keys.first?.contains("connection refused") == true)
        #expect(run.metrics["http_req_duration"] == nil)
    }

    @Test(.enabled(if: sharedCorpus != nil, corpusMissing))
    func aCutSummaryIsMarkedTruncated() throws {
        let text = LoadTestFixtures.cut(try LoadTestFixtures.corpusText("loadgen-cli/generated_hey.txt"), at: 0.5)
        let run = try LoadTestFormats.read(LoadTestSource(file: "hey.txt", text: text))
        #expect(run.truncated)
        #expect(run.requestCount == nil)
        #expect(run.duration == 2.2742)
    }

    @Test(.enabled(if: sharedCorpus != nil, corpusMissing))
    func aCorruptLineIsAProblemAndTheRestIsRead() throws {
        let text = try LoadTestFixtures.corpusText("loadgen-cli/generated_hey.txt").replacingOccurrences(
            of: "95% in 0.0481 secs", with: "95% in O.0481 secs")
        let run = try LoadTestFormats.read(LoadTestSource(file: "hey.txt", text: text))
        let problem = try #require(run.problems.first)
        #expect(problem.line == 32)
        #expect(problem.column == 3)
        #expect(run.value("http_req_duration", .percentile(95)) == nil)
        #expect(run.value("http_req_duration", .percentile(99)) == 51.9)
        #expect(run.requestCount == 500)
    }

    /// The expected figures come from the file itself: its `response-time` and `offset` columns.
    @Test(.enabled(if: sharedCorpus != nil, corpusMissing))
    func readsTheCSVRowsAsSamples() throws {
        let text = try LoadTestFixtures.corpusText("loadgen-cli/generated_hey.csv")
        let rows = text.split(separator: "\n").dropFirst().map { $0.split(separator: ",").compactMap { Double($0) } }
        let times = rows.map { $0[0] * 1000 }.sorted()
        let end = try #require(rows.map { $0[7] + $0[0] }.max())
        let run = try LoadTestFixtures.read(LoadTestFixtures.corpus("loadgen-cli/generated_hey.csv"), as: HeyCSV.self)
        #expect(run.requestCount == 50)
        #expect(run.failureCount == 3)
        #expect(run.statusCodes == ["200": 47, "500": 3])
        #expect(run.fromSamples("http_req_duration", .percentile(95)))
        #expect(close(run.value("http_req_duration", .percentile(95)), times[47]))
        #expect(close(run.value("http_req_duration", .max), try #require(times.last)))
        #expect(close(run.duration, end))
        #expect(run.timeline.first?.requests == 50)
    }

    @Test(.enabled(if: sharedCorpus != nil, corpusMissing))
    func aCutCSVIsReadToTheCut() throws {
        let text = LoadTestFixtures.cut(try LoadTestFixtures.corpusText("loadgen-cli/generated_hey.csv"), at: 0.5)
        let run = try LoadTestFormats.read(LoadTestSource(file: "hey.csv", text: text))
        #expect(run.truncated)
        #expect(run.problems.isEmpty)
        let count = try #require(run.requestCount)
        #expect(count > 20 && count < 30)
    }

    @Test(.enabled(if: sharedCorpus != nil, corpusMissing))
    func aCorruptCSVRowIsAProblemAtItsColumn() throws {
        let text = try LoadTestFixtures.corpusText("loadgen-cli/generated_hey.csv").replacingOccurrences(
            of: "0.0443,0.0000,0.0000,0.0000,0.0009,0.0434,500,", with: "0.0443,0.0000,0.0000,0.0000,0.0009,0.0434,5OO,"
        )
        let run = try LoadTestFormats.read(LoadTestSource(file: "hey.csv", text: text))
        let problem = try #require(run.problems.first)
        #expect(problem.line == 8)
        #expect(problem.column == 43)
        #expect(run.requestCount == 49)
        #expect(run.failureCount == 2)
    }
}
