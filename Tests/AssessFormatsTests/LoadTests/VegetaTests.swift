import AssessFormats
import AssessTestSupport
import AssessYAML
import Foundation
import Testing

/// The two results fixtures hold the same 12 results (Fixtures/README.md): latencies 3.2, 4.1,
/// 2.9, 5.6, 48.7 (a 500), 3.3, 4.4, 0.18 (refused, code 0), 3.9, 120.5, 4.2 and 3.1 ms.
@Suite struct VegetaResultsTests {
    static func checkTheTwelveResults(_ run: LoadTestRun) {
        #expect(run.tool == .vegeta)
        #expect(run.requestCount == 12)
        #expect(run.failureCount == 2)
        #expect(run.fromSamples("http_req_duration", .percentile(95)))
        #expect(close(run.value("http_req_duration", .percentile(95)), 120.5))
        #expect(close(run.value("http_req_duration", .med), 3.9))
        #expect(close(run.value("http_req_duration", .min), 0.18))
        #expect(run.statusCodes == ["200": 10, "500": 1, "0": 1])
        #expect(run.errors["500 Internal Server Error"] == 1)
        #expect(
            run.errors["Get \"http://127.0.0.1:8080/api/orders\": dial tcp 127.0.0.1:8080: connect: connection refused"]
                == 1)
        #expect(run.endpoints["http://127.0.0.1:8080/api/items"]?.failures == 1)
        #expect(run.endpoints["http://127.0.0.1:8080/api/orders"]?.requests == 6)
        // First start …000.000123456 s to the end of the 120.5 ms request started at +90 ms.
        #expect(close(run.duration, 0.2105, within: 0.0001))
        #expect(close(run.start, 1_764_000_000.000123, within: 1e-12))
        #expect(run.metrics["data_received"]?.count == 132)
        #expect(run.timeline.first?.requests == 12)
        #expect(run.problems.isEmpty && !run.truncated)
    }

    @Test func readsTheCSVEncoding() throws {
        Self.checkTheTwelveResults(
            try LoadTestFixtures.read(LoadTestFixtures.source("vegeta-results.csv"), as: VegetaResultsCSV.self))
    }

    @Test func readsTheJSONLinesEncoding() throws {
        Self.checkTheTwelveResults(
            try LoadTestFixtures.read(LoadTestFixtures.source("vegeta-results.json"), as: VegetaResultsJSON.self))
    }

    /// Through `FileBlocks` with blocks smaller than a line, as a multi-gigabyte file is read.
    @Test func readsTheCSVStreamedInSmallBlocks() throws {
        let blocks = try #require(FileBlocks(path: LoadTestFixtures.folder + "/vegeta-results.csv", blockSize: 64))
        Self.checkTheTwelveResults(try LoadTestFormats.read(LoadTestSource(file: "results.csv", blocks: blocks)))
    }

    @Test(arguments: ["vegeta-results.csv", "vegeta-results.json"])
    func aCutFileIsReadToTheCut(_ name: String) throws {
        let text = LoadTestFixtures.cut(try LoadTestFixtures.text(name), at: 0.55)
        let run = try LoadTestFormats.read(LoadTestSource(file: name, text: text))
        #expect(run.truncated)
        #expect(run.problems.isEmpty)
        #expect(run.requestCount == 6)
    }

    @Test func aCorruptCSVRecordIsAProblemAtItsColumn() throws {
        let text = try LoadTestFixtures.text("vegeta-results.csv").replacingOccurrences(
            of: ",200,4100007,", with: ",200,41OOOO7,")
        let run = try LoadTestFormats.read(LoadTestSource(file: "results.csv", text: text))
        let problem = try #require(run.problems.first)
        #expect(problem.line == 2)
        #expect(problem.column == 25)
        #expect(run.requestCount == 11)
    }

    @Test func aCorruptJSONLineIsAProblemAtItsColumn() throws {
        var lines = try LoadTestFixtures.text("vegeta-results.json").split(separator: "\n").map(String.init)
        lines[3] = #"{"attack":"","seq":3,"code":200 "timestamp":"2025-11-24T18:00:00.030123456+02:00"}"#
        let run = try LoadTestFormats.read(
            LoadTestSource(file: "results.json", text: lines.joined(separator: "\n") + "\n"))
        let problem = try #require(run.problems.first)
        #expect(problem.line == 4)
        #expect(problem.column == 33)
        #expect(run.requestCount == 11)
    }
}

@Suite(.enabled(if: sharedCorpus != nil, "../shared/corpus is absent: vegeta reports not checked"))
struct VegetaReportTests {
    @Test func readsTheTextReport() throws {
        let run = try LoadTestFixtures.read(
            LoadTestFixtures.corpus("loadgen-cli/vegeta-report-text_readme.txt"), as: VegetaTextReport.self)
        #expect(run.requestCount == 1200)
        #expect(run.throughput == 120)
        // Success 55.42 % of 1200.
        #expect(run.failureCount == 535)
        #expect(run.statusCodes == ["0": 535, "200": 665])
        #expect(
            run.figure(MetricSelector(name: "http_req_duration"), .percentile(95))
                == .value(140.18235, source: .reported))
        #expect(run.value("http_req_duration", .percentile(99)) == 247.771566)
        #expect(run.value("http_req_duration", .min) == 90.438129)
        #expect(run.value("http_req_duration", .avg) == 113.172398)
        #expect(run.duration == 10.094965987)
        #expect(run.errors.count == 6)
        #expect(run.metrics["data_received"]?.count == 3_714_690)
        #expect(run.problems.isEmpty && !run.truncated)
    }

    /// Every duration in the JSON report is in nanoseconds.
    @Test func readsTheJSONReportInNanoseconds() throws {
        let run = try LoadTestFixtures.read(
            LoadTestFixtures.corpus("loadgen-cli/vegeta-report-json_readme.json"), as: VegetaJSONReport.self)
        #expect(run.requestCount == 100)
        #expect(run.failureCount == 0)
        #expect(run.throughput == 101.01010672380401)
        #expect(run.value("http_req_duration", .percentile(95)) == 3.478629)
        #expect(run.value("http_req_duration", .percentile(90)) == 3.228223)
        #expect(run.value("http_req_duration", .avg) == 2.371194)
        // duration 989999944 ns + wait 3507222 ns.
        #expect(close(run.duration, 0.993507166))
        #expect(close(run.start, 1_442_666_750.645818631, within: 1e-12))
        #expect(run.statusCodes == ["200": 100])
    }

    @Test func aCutTextReportIsMarkedTruncated() throws {
        let text = LoadTestFixtures.cut(
            try LoadTestFixtures.corpusText("loadgen-cli/vegeta-report-text_readme.txt"), at: 0.3)
        let run = try LoadTestFormats.read(LoadTestSource(file: "report.txt", text: text))
        #expect(run.truncated)
        #expect(run.requestCount == 1200)
        #expect(run.failureCount == nil)
    }

    @Test func aCorruptTextRowIsAProblemAtItsColumn() throws {
        let text = try LoadTestFixtures.corpusText("loadgen-cli/vegeta-report-text_readme.txt").replacingOccurrences(
            of: "140.18235ms", with: "140.18235 ms")
        let run = try LoadTestFormats.read(LoadTestSource(file: "report.txt", text: text))
        let problem = try #require(run.problems.first)
        #expect(problem.line == 3)
        #expect(problem.column == 86)
        #expect(run.value("http_req_duration", .percentile(95)) == nil)
        #expect(run.value("http_req_duration", .percentile(99)) == 247.771566)
    }

    @Test func aCutJSONReportIsUnreadableWithItsPlace() throws {
        let text = LoadTestFixtures.cut(
            try LoadTestFixtures.corpusText("loadgen-cli/vegeta-report-json_readme.json"), at: 0.5)
        let error = try #require(throws: LoadTestReadError.self) {
            try LoadTestFormats.read(LoadTestSource(file: "report.json", text: text))
        }
        #expect(error.message.contains("end of file"))
        #expect(error.line == 24)
    }

    /// An older report (no throughput, `[mean, 50, 95, 99, max]`) with Go durations in every unit.
    @Test func readsValuesByTheirBracketedNamesAndGoDurations() throws {
        let text = """
            Requests      [total, rate]            3000, 50.00
            Duration      [total, attack, wait]    1m0.0012s, 59.98s, 21.2ms
            Latencies     [mean, 50, 95, 99, max]  850µs, 700µs, 1.5ms, 1h0m1s, 1m2.5s
            Bytes In      [total, mean]            0, 0.00
            Bytes Out     [total, mean]            0, 0.00
            Success       [ratio]                  99.90%
            Status Codes  [code:count]             200:2997  503:3
            Error Set:
            503 Service Unavailable

            """
        let run = try LoadTestFormats.read(LoadTestSource(file: "report.txt", text: text))
        #expect(run.requestCount == 3000)
        #expect(run.throughput == 50)
        #expect(run.failureCount == 3)
        #expect(close(run.duration, 60.0012))
        #expect(close(run.value("http_req_duration", .avg), 0.85))
        #expect(close(run.value("http_req_duration", .percentile(95)), 1.5))
        #expect(close(run.value("http_req_duration", .percentile(99)), 3_601_000))
        #expect(close(run.value("http_req_duration", .max), 62_500))
        #expect(run.errors == ["503 Service Unavailable": 1])
        #expect(run.problems.isEmpty && !run.truncated)
    }
}
