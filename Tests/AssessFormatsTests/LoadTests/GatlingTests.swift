import AssessFormats
import AssessTestSupport
import Foundation
import Testing

@Suite struct GatlingSimulationLogTests {
    /// Both text layouts in the corpus hold the same eight requests (response times 2, 9, 4, 4,
    /// 4, 5, 5 and 7 s, all OK) from Gatling's own test fixtures.
    @Test(
        .enabled(if: sharedCorpus != nil, "../shared/corpus is absent: real Gatling logs not checked"),
        arguments: ["simulation.log_3.11-text_gatling-fixture.log", "simulation.log_3.3-text_gatling-fixture.log"])
    func readsBothTextLayouts(_ file: String) throws {
        let run = try LoadTestFixtures.read(
            LoadTestFixtures.corpus("gatling/" + file), as: GatlingSimulationLog.self)
        #expect(run.tool == .gatling)
        #expect(run.toolVersion == "2.0")
        #expect(run.requestCount == 8)
        #expect(run.failureCount == 0)
        #expect(run.fromSamples("http_req_duration", .percentile(95)))
        #expect(close(run.value("http_req_duration", .percentile(95)), 9000))
        #expect(close(run.value("http_req_duration", .med), 4000))
        #expect(close(run.value("http_req_duration", .avg), 5000))
        #expect(close(run.value("http_req_duration", .max), 9000))
        // First start 1000 ms to last end 14000 ms.
        #expect(run.duration == 13)
        #expect(run.concurrency == 1)
        #expect(run.endpoints["Test Request"]?.requests == 8)
        #expect(run.timeline.map(\.requests).reduce(0, +) == 8)
        #expect(run.problems.isEmpty && !run.truncated)
    }

    @Test(.enabled(if: sharedCorpus != nil, "../shared/corpus is absent: binary Gatling log not checked"))
    func refusesTheBinaryLogAndSaysWhatToHandIn() throws {
        let data = try #require(
            FileManager.default.contents(
                atPath: try sharedCorpusPath("public/gatling/simulation.log_3.13-binary_gatling-fixture.bin")))
        let source = LoadTestSource(file: "simulation.log", bytes: Array(data))
        #expect(LoadTestFormats.detect(source)?.name == GatlingSimulationLog.name)
        let error = try #require(throws: LoadTestReadError.self) { try LoadTestFormats.read(source) }
        #expect(error.message.contains("binary"))
        #expect(error.message.contains("3.12.1"))
        #expect(error.message.contains("js/stats.json"))
    }

    static let modern = """
        RUN\tcomputerdatabase.BasicSimulation\tbasicsimulation\t1700000000000\t \t3.9.5
        USER\tShoppers\tSTART\t1700000000100
        USER\tShoppers\tSTART\t1700000000150
        REQUEST\t\tHome\t1700000000100\t1700000000150\tOK\t\u{20}
        REQUEST\tBrowse\tSearch\t1700000000200\t1700000000900\tKO\tstatus.find.in(200,304), but actually found 500
        REQUEST\tBrowse,Deep\tItem\t1700000000300\t1700000000340\tOK\t\u{20}
        USER\tShoppers\tEND\t1700000001000
        ERROR\tFailed to build request Item: No attribute named 'id' is defined\t1700000000300

        """

    @Test func readsKOMessagesGroupsUsersAndErrors() throws {
        let run = try LoadTestFixtures.read(
            LoadTestSource(file: "simulation.log", text: Self.modern), as: GatlingSimulationLog.self)
        #expect(run.toolVersion == "3.9.5")
        #expect(run.requestCount == 3)
        #expect(run.failureCount == 1)
        #expect(run.errors["status.find.in(200,304), but actually found 500"] == 1)
        #expect(run.errors["Failed to build request Item: No attribute named 'id' is defined"] == 1)
        #expect(run.endpoints["Browse / Search"]?.failures == 1)
        #expect(run.endpoints["Browse / Deep / Item"]?.requests == 1)
        #expect(run.concurrency == 2)
        #expect(run.metrics["vus"]?.highest == 2)
        // From the RUN start (…000) to the last end (…900).
        #expect(run.duration == 0.9)
        #expect(run.start == 1_700_000_000)
        #expect(close(run.value("http_req_duration", .max), 700))
    }

    @Test func readsTheGatling2Layout() throws {
        let text = """
            RUN\tBasicSimulation\tbasicsimulation\t1400000000000\t \t2.2.5
            REQUEST\tScenario\t1\t\tHome\t1400000000000\t1400000000001\t1400000000050\t1400000000051\tOK\t\u{20}

            """
        let run = try LoadTestFormats.read(LoadTestSource(file: "simulation.log", text: text))
        #expect(run.requestCount == 1)
        #expect(close(run.value("http_req_duration", .max), 51))
    }

    @Test(.enabled(if: sharedCorpus != nil, "../shared/corpus is absent"))
    func aCutLogIsReadUpToTheCut() throws {
        let text = try LoadTestFixtures.corpusText("gatling/simulation.log_3.11-text_gatling-fixture.log")
        let run = try LoadTestFormats.read(
            LoadTestSource(file: "simulation.log", text: LoadTestFixtures.cut(text, at: 0.6)))
        #expect(run.truncated)
        #expect(run.problems.isEmpty)
        let count = try #require(run.requestCount)
        #expect(count > 0 && count < 8)
    }

    @Test func aCorruptRecordIsReportedAtItsPlaceAndTheRestRead() throws {
        let text = Self.modern.replacingOccurrences(of: "1700000000340", with: "17000000003x0")
        let run = try LoadTestFormats.read(LoadTestSource(file: "simulation.log", text: text))
        #expect(run.requestCount == 2)
        let problem = try #require(run.problems.first)
        #expect(problem.line == 6)
        // REQUEST \t Browse,Deep \t Item \t start \t end: the end starts at column 40.
        #expect(problem.column == 40)
        #expect(problem.message.contains("17000000003x0"))
        #expect(!run.truncated)
    }

    @Test func aFileWithoutRecordsIsUnreadable() {
        #expect(throws: LoadTestReadError.self) {
            try GatlingSimulationLog.read(LoadTestSource(file: "simulation.log", text: "\n\n"), options: .init())
        }
    }
}

@Suite struct GatlingStatsJSONTests {
    @Test func readsTheReportTree() throws {
        let run = try LoadTestFixtures.read(LoadTestFixtures.source("gatling_stats.json"), as: GatlingStatsJSON.self)
        #expect(run.tool == .gatling)
        #expect(run.requestCount == 100)
        #expect(run.failureCount == 2)
        #expect(run.value("http_req_failed", .rate) == 0.02)
        #expect(run.throughput == 3.333)
        // percentiles3 is p95 with Gatling's default indicators (50/75/95/99).
        #expect(
            run.figure(MetricSelector(name: "http_req_duration"), .percentile(95)) == .value(142, source: .reported))
        #expect(run.value("http_req_duration", .percentile(99)) == 1003)
        #expect(run.value("http_req_duration", .med) == 47)
        #expect(run.value("http_req_duration", .avg) == 77)
        #expect(run.value("http_req_duration", .max) == 1011)
        #expect(close(run.duration, 100 / 3.333))
        #expect(Set(run.endpoints.keys) == ["Home", "Browse / Search"])
        #expect(run.endpoints["Browse / Search"]?.failures == 2)
        let search = try MetricSelector(parsing: "http_req_duration{name:Browse / Search}")
        #expect(run.figure(search, .percentile(95)) == .value(1003, source: .reported))
        #expect(run.problems.isEmpty)
    }

    @Test func readsGlobalStats() throws {
        let run = try LoadTestFixtures.read(
            LoadTestFixtures.source("gatling_global_stats.json"), as: GatlingStatsJSON.self)
        #expect(run.requestCount == 100)
        #expect(run.failureCount == 2)
        #expect(run.value("http_req_duration", .percentile(95)) == 142)
        #expect(run.endpoints.isEmpty)
    }

    /// `stats.js` writes figures as strings, with thousands separators and `-` for none.
    @Test func acceptsStringFigures() throws {
        let text = """
            {"name": "All Requests", "numberOfRequests": {"total": "   32,682", "ok": "   32,682", "ko": "        0"},
             "minResponseTime": {"total": "0", "ok": "0", "ko": "-"},
             "percentiles3": {"total": "        7", "ok": "7", "ko": "-"},
             "meanNumberOfRequestsPerSecond": {"total": "    413.7", "ok": "413.7", "ko": "-"}}
            """
        let run = try LoadTestFormats.read(LoadTestSource(file: "global_stats.json", text: text))
        #expect(run.requestCount == 32682)
        #expect(run.failureCount == 0)
        #expect(run.value("http_req_duration", .percentile(95)) == 7)
        #expect(run.throughput == 413.7)
    }

    @Test func aCutReportIsUnreadableWithItsPlace() throws {
        let text = LoadTestFixtures.cut(try LoadTestFixtures.text("gatling_stats.json"), at: 0.5)
        let error = try #require(throws: LoadTestReadError.self) {
            try LoadTestFormats.read(LoadTestSource(file: "stats.json", text: text))
        }
        #expect(error.line > 1)
        #expect(error.message.contains("JSON"))
    }

    @Test func aCorruptFigureIsAProblemAndTheRestIsRead() throws {
        let text = try LoadTestFixtures.text("gatling_global_stats.json").replacingOccurrences(
            of: "\"total\": 142", with: "\"total\": true")
        let run = try LoadTestFormats.read(LoadTestSource(file: "global_stats.json", text: text))
        let problem = try #require(run.problems.first)
        #expect(problem.message.contains("percentiles3.total"))
        #expect(problem.line == 39)
        #expect(run.value("http_req_duration", .percentile(95)) == nil)
        #expect(run.value("http_req_duration", .percentile(99)) == 1003)
        #expect(run.requestCount == 100)
    }
}
