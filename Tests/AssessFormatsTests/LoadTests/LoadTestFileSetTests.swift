import AssessFormats
import AssessTestSupport
import Foundation
import Testing

/// A tool's multi-file output read as one run. The Locust sets are two real Locust 2.47 runs on
/// loopback (Fixtures/README.md): `locust-set/clean` (70 requests, none failed, header-only
/// failures and exceptions files) and `locust-set/errors` (79 requests, 15 answered 404, 5
/// exceptions raised in the locustfile). The JMeter pair is JMeter's own test data: a CSV JTL
/// and the dashboard statistics.json made from it.
@Suite struct LoadTestFileSetTests {
    static let locustFiles = ["shop_exceptions.csv", "shop_failures.csv", "shop_stats.csv", "shop_stats_history.csv"]

    /// Reads `files` (fixture path → path in the submission) as sets.
    static func read(_ files: [String: String], options: LoadTestReadOptions = LoadTestReadOptions()) throws
        -> [LoadTestRun]
    {
        let texts = try Dictionary(uniqueKeysWithValues: files.map { ($0.value, try LoadTestFixtures.text($0.key)) })
        return try LoadTestFileSet.group(Array(texts.keys)).map { set in
            try set.read(options: options) { path throws(LoadTestReadError) in LoadTestSource(file: path, text: texts[path]!) }
        }
    }

    static func locust(_ run: String, under folder: String = "load/locust") -> [String: String] {
        Dictionary(uniqueKeysWithValues: locustFiles.map { ("locust-set/\(run)/\($0)", "\(folder)/\($0)") })
    }

    @Test func groupsEachToolsFilesAndLeavesOthersAlone() {
        let sets = LoadTestFileSet.group([
            "load/wrk.txt",
            "load/locust/shop_stats.csv", "load/locust/shop_failures.csv", "load/locust/shop_exceptions.csv",
            "load/locust/shop_stats_history.csv", "load/locust/soak_stats.csv",
            "load/gatling/checkout-20261207/js/stats.json", "load/gatling/checkout-20261207/js/global_stats.json",
            "load/gatling/checkout-20261207/simulation.log", "load/gatling/checkout-20261207/wrk-warmup.txt",
            "load/jmeter/results.jtl", "load/jmeter/report/statistics.json",
        ])
        #expect(sets.map(\.layout) == [.gatlingReport, .single, .jmeterDashboard, .locustCSV, .locustCSV, .single])
        #expect(sets[1].files == ["load/gatling/checkout-20261207/wrk-warmup.txt"])
        #expect(sets[0].files.count == 3)
        #expect(sets[2].files == ["load/jmeter/report/statistics.json", "load/jmeter/results.jtl"])
        #expect(sets[3].files.count == 4)
        #expect(sets[4].files == ["load/locust/soak_stats.csv"])
        #expect(sets[5].files == ["load/wrk.txt"])
    }

    @Test func locustsFourFilesAreOneRun() throws {
        let runs = try Self.read(Self.locust("clean"))
        #expect(runs.count == 1)
        let run = try #require(runs.first)
        #expect(run.file == "load/locust/shop_stats.csv")
        #expect(run.requestCount == 70)
        #expect(run.failureCount == 0)
        #expect(run.value("http_req_duration", .percentile(95)) == 470)
        #expect(run.value("http_req_failed", .rate) == 0)
        // From the history: its three rows, its start and its 5 users.
        #expect(run.timeline.count == 3)
        #expect(run.start == 1_796_623_128)
        #expect(run.concurrency == 5)
        #expect(run.errors.isEmpty)
        #expect(run.problems.isEmpty && !run.truncated)
    }

    @Test func failuresAndExceptionsJoinTheRunsErrors() throws {
        let run = try #require(try Self.read(Self.locust("errors")).first)
        #expect(run.requestCount == 79)
        #expect(run.failureCount == 15)
        #expect(run.errors["HTTPError('404 Client Error: File not found for url: /basket')"] == 15)
        // The traceback spans lines inside one quoted field.
        #expect(run.errors["exception: list index out of range"] == 5)
        #expect(run.endpoints["/basket"]?.failures == 15)
        #expect(run.problems.isEmpty, "\(run.problems)")
    }

    @Test func theHistoryAloneGivesTheWholeRunPercentiles() throws {
        let history = try LoadTestFixtures.read(
            LoadTestFixtures.source("locust-set/clean/shop_stats_history.csv"), as: LocustStatsHistoryCSV.self)
        // Without --csv-full-history the percentile columns cover the run so far: the last row's
        // 95% is the p95 _stats.csv reports.
        #expect(history.figure(MetricSelector(name: "http_req_duration"), .percentile(95)) == .value(470, source: .reported))
        #expect(history.value("http_req_duration", .percentile(99)) == 530)
        // A full history's percentiles cover the last ten seconds only, so none is taken.
        let full = try LoadTestFixtures.read(
            LoadTestFixtures.source("locust-full-history_stats_history.csv"), as: LocustStatsHistoryCSV.self)
        #expect(full.value("http_req_duration", .percentile(95)) == nil)
        // Nor with a warm-up trimmed, which the whole-run percentiles include.
        let trimmed = try LoadTestFormats.read(
            LoadTestFixtures.source("locust-set/clean/shop_stats_history.csv"), options: LoadTestReadOptions(warmUp: 1))
        #expect(trimmed.value("http_req_duration", .percentile(95)) == nil)
    }

    @Test func aHeaderOnlyCompanionIsRecognisedAlone() throws {
        let exceptions = try LoadTestFixtures.source("locust-set/clean/shop_exceptions.csv")
        #expect(LoadTestFormats.detect(exceptions) == LocustExceptionsCSV.self)
        let run = try LoadTestFormats.read(exceptions)
        #expect(run.requestCount == nil)
        #expect(run.errors.isEmpty && run.problems.isEmpty)
    }

    @Test func withoutStatsTheHistoryGivesTheFigures() throws {
        var files = Self.locust("errors")
        files["locust-set/errors/shop_stats.csv"] = nil
        let run = try #require(try Self.read(files).first)
        #expect(run.file == "load/locust/shop_stats_history.csv")
        #expect(run.requestCount == 79)
        #expect(run.failureCount == 15)
        #expect(run.value("http_req_duration", .percentile(95)) == 360)
        #expect(run.errors["exception: list index out of range"] == 5)
    }

    @Test func aCompanionThatCannotBeReadIsAProblemAtItsPlace() throws {
        var texts: [String: String] = [:]
        for name in Self.locustFiles {
            texts["run/shop/" + name] = try LoadTestFixtures.text("locust-set/clean/" + name)
        }
        texts["run/shop/shop_failures.csv"] = "Method,Name,Error,Occurrences\nGET,/,boom,many\n"
        let set = try #require(LoadTestFileSet.group(Array(texts.keys)).first)
        let run = try set.read(options: LoadTestReadOptions()) { path throws(LoadTestReadError) in
            LoadTestSource(file: path, text: texts[path]!)
        }
        #expect(run.requestCount == 70)
        let problem = try #require(run.problems.first)
        #expect(problem.location?.file == "run/shop/shop_failures.csv")
        #expect(problem.line == 2)
        #expect(problem.column == 12)
        #expect(problem.message.contains("many"))
    }

    @Test func aJTLWithItsDashboardIsOneRunReadFromTheSamples() throws {
        let runs = try Self.read([
            "jmeter-dashboard/results.jtl": "bench/after/results.jtl",
            "jmeter-dashboard/report/statistics.json": "bench/after/report/statistics.json",
        ])
        #expect(runs.count == 1)
        let run = try #require(runs.first)
        #expect(run.file == "bench/after/results.jtl")
        #expect(run.requestCount == 255)
        #expect(run.failureCount == 3)
        #expect(run.fromSamples("http_req_duration", .percentile(95)))
        #expect(run.problems.isEmpty, "\(run.problems)")
    }

    @Test func theDashboardAloneIsReadWithJMetersDefaultPercentiles() throws {
        let run = try LoadTestFixtures.read(
            LoadTestFixtures.source("jmeter-dashboard/report/statistics.json"), as: JMeterStatisticsJSON.self)
        #expect(run.tool == .jmeter)
        #expect(run.requestCount == 255)
        #expect(run.failureCount == 3)
        #expect(run.value("http_req_duration", .percentile(90)) == 337)
        #expect(run.value("http_req_duration", .percentile(95)) == 339.2)
        #expect(run.value("http_req_duration", .percentile(99)) == 353)
        #expect(run.value("http_req_duration", .med) == 232)
        #expect(run.endpoints["JR-KO"]?.failures == 3)
        #expect(close(run.duration, 255 / 4.2369361136495804))
    }

    @Test func aDashboardOfAnotherRunIsNoted() throws {
        var texts = [
            "j/results.jtl": try LoadTestFixtures.text("jmeter-dashboard/results.jtl"),
            "j/report/statistics.json": try LoadTestFixtures.text("jmeter-dashboard/report/statistics.json"),
        ]
        texts["j/results.jtl"] = texts["j/results.jtl"]!.split(separator: "\n").dropLast(5).joined(separator: "\n") + "\n"
        let set = try #require(LoadTestFileSet.group(Array(texts.keys)).first)
        let run = try set.read(options: LoadTestReadOptions()) { path throws(LoadTestReadError) in
            LoadTestSource(file: path, text: texts[path]!)
        }
        #expect(run.requestCount == 250)
        #expect(run.problems.contains { $0.location?.file == "j/report/statistics.json" && $0.message.contains("255 samples, the JTL 250") })
    }

    @Test func aGatlingReportFolderIsOneRunWhateverTheLogsFormat() throws {
        let folder = "load/gatling/checkout-20261207"
        // Gatling 3.13's binary simulation.log: a 0 byte, the version's length, the version.
        let binaryLog = [0, 0, 0, 0, 6] + Array("3.13.1".utf8) + [0, 0, 1, 0x9C, 0x42, 0x17, 0xA0]
        let texts: [String: [UInt8]] = [
            "\(folder)/simulation.log": binaryLog,
            "\(folder)/js/stats.json": Array(try LoadTestFixtures.text("gatling_stats.json").utf8),
            "\(folder)/js/global_stats.json": Array(try LoadTestFixtures.text("gatling_global_stats.json").utf8),
            "\(folder)/index.html": Array("<!DOCTYPE html><html><head><title>Gatling Stats</title></head></html>".utf8),
        ]
        let sets = LoadTestFileSet.group(Array(texts.keys))
        #expect(sets.count == 1)
        let run = try sets[0].read(options: LoadTestReadOptions()) { path throws(LoadTestReadError) in
            LoadTestSource(file: path, bytes: texts[path]!)
        }
        #expect(run.tool == .gatling)
        #expect(run.file == "\(folder)/js/stats.json")
        #expect(run.requestCount == 100)
        #expect(run.failureCount == 2)
        #expect(run.value("http_req_duration", .percentile(95)) == 142)
        // The binary log is noted, not an error of its own.
        #expect(run.problems.contains { $0.location?.file == "\(folder)/simulation.log" && $0.message.contains("binary") })
    }
}
