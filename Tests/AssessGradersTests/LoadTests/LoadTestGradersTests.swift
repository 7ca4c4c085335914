import AssessCore
import AssessGraders
import AssessTestSupport
import Foundation
import Testing

/// k6 `--out json` lines for `count` requests, one every `spacing` ms, latency from `latency`.
func k6Lines(_ count: Int, spacing: Int = 10, failedEvery: Int = 0, latency: (Int) -> Double) -> String {
    (0..<count).map { i in
        let ms = i * spacing
        let time = String(format: "2024-05-01T10:%02d:%02d.%03d000000Z", ms / 60_000 % 60, ms / 1000 % 60, ms % 1000)
        let failed = failedEvery > 0 && i % failedEvery == 0
        let tags = #"{"name":"/orders","status":"\#(failed ? 503 : 200)"}"#
        return #"{"metric":"http_reqs","type":"Point","data":{"time":"\#(time)","value":1,"tags":\#(tags)}}"# + "\n"
            + #"{"metric":"http_req_duration","type":"Point","data":{"time":"\#(time)","value":\#(latency(i)),"tags":\#(tags)}}"#
            + "\n"
            + #"{"metric":"http_req_failed","type":"Point","data":{"time":"\#(time)","value":\#(failed ? 1 : 0),"tags":\#(tags)}}"#
            + "\n"
    }.joined()
}

@Suite struct LoadTestThresholdsGraderTests {
    let phase4 = "{ thresholds: { http_req_duration: [\"p(95)<100\"], http_req_failed: [\"rate<0.001\"] } }"

    @Test func passesWhenEveryThresholdHolds() async throws {
        let r = try await gradeSingle(
            grader: "loadtest.thresholds", with: phase4, files: ["k6.json": k6Lines(2_000) { Double($0 % 80) + 5 }])
        #expect(r.status == .passed, "\(r.summary)")
        #expect(r.measurements.map(\.name) == ["http_req_duration p(95)", "http_req_failed rate"])
        #expect(r.measurements.first?.unit == "ms")
        #expect(r.measurements.first?.limit == "< 100")
    }

    @Test func failsNamingTheFigureAndTheLimit() async throws {
        let r = try await gradeSingle(
            grader: "loadtest.thresholds", with: phase4,
            files: ["k6.json": k6Lines(2_000, failedEvery: 100) { Double($0 % 80) + 5 }])
        #expect(r.status == .partial)
        #expect(r.score == 0.5)
        #expect(
            r.findings.contains {
                $0.message.contains("http_req_failed rate is 0.01 (1 %); the threshold is 'rate<0.001'")
            })
    }

    @Test func toleranceGivesFallingCredit() async throws {
        let r = try await gradeSingle(
            grader: "loadtest.thresholds",
            with: "{ thresholds: { http_req_duration: [\"p(95)<100\"] }, tolerance: 0.5 }",
            files: ["k6.json": k6Lines(2_000) { _ in 125 }])
        #expect(r.status == .partial)
        #expect(abs(r.score - 0.5) < 0.01)
    }

    @Test func aPercentileTheInputLacksIsAFindingNotAGuess() async throws {
        let summary =
            #"{"metrics": {"http_req_duration": {"avg": 41.2, "min": 3.1, "med": 38.0, "max": 180.4, "p(90)": 71.9, "p(95)": 87.5}, "http_reqs": {"count": 12000, "rate": 200}}}"#
        let r = try await gradeSingle(
            grader: "loadtest.thresholds", with: "{ thresholds: { http_req_duration: [\"p(99)<250\"] } }",
            files: ["summary.json": summary])
        #expect(r.status == .failed)
        let finding = try #require(r.findings.first)
        #expect(finding.message.contains("cannot be judged"))
        #expect(finding.message.contains("not p(99)"))
        #expect(finding.location?.file == "summary.json")
    }

    @Test func tooFewSamplesIsInconclusiveAndSaysHowMany() async throws {
        let r = try await gradeSingle(
            grader: "loadtest.thresholds", with: "{ thresholds: { http_req_duration: [\"p(99)<250\"] } }",
            files: ["k6.json": k6Lines(412) { _ in 20 }])
        #expect(r.status == .inconclusive)
        #expect(r.summary.contains("412 samples, at least 1,000 needed for p(99)"))
    }

    @Test func runsThatDisagreeAreInconclusive() async throws {
        let r = try await gradeSingle(
            grader: "loadtest.thresholds",
            with: "{ thresholds: { http_req_duration: [\"p(95)<100\"] }, max_spread: 0.2, min_samples: 10 }",
            files: [
                "a/k6.json": k6Lines(300) { _ in 30 }, "b/k6.json": k6Lines(300) { _ in 60 },
                "c/k6.json": k6Lines(300) { _ in 40 },
            ])
        #expect(r.status == .inconclusive)
        #expect(r.summary.contains("across 3 runs"))
    }

    @Test func warmUpIsTrimmed() async throws {
        // The first 5 s are slow; trimmed, the run passes.
        let lines = k6Lines(2_000) { $0 < 500 ? 900 : 20 }
        let untrimmed = try await gradeSingle(
            grader: "loadtest.thresholds", with: "{ thresholds: { http_req_duration: [\"p(95)<100\"] } }",
            files: ["k6.json": lines])
        let trimmed = try await gradeSingle(
            grader: "loadtest.thresholds", with: "{ thresholds: { http_req_duration: [\"p(95)<100\"] }, warm_up: 5s }",
            files: ["k6.json": lines])
        #expect(untrimmed.status == .failed)
        #expect(trimmed.status == .passed, "\(trimmed.summary)")
    }

    @Test func aTagFilteredSubMetricIsJudgedOnItsOwnSamples() async throws {
        let r = try await gradeSingle(
            grader: "loadtest.thresholds",
            with: "{ thresholds: { \"http_req_duration{name:/orders}\": [\"max<50\"] } }",
            files: ["k6.json": k6Lines(100) { _ in 20 }])
        #expect(r.status == .passed, "\(r.summary)")
    }

    @Test func malformedInputIsAnErrorWithItsPlaceAndOtherFilesStillCount() async throws {
        let r = try await gradeSingle(
            grader: "loadtest.thresholds",
            with: "{ thresholds: { http_req_duration: [\"p(95)<100\"] }, min_samples: 1 }",
            files: ["a.json": "{\"metrics\": {\"http_reqs\": ", "b.json": k6Lines(50) { _ in 20 }])
        #expect(r.status == .passed)
        #expect(r.findings.contains { $0.location?.file == "a.json" && $0.severity == .error })
        let only = try await gradeSingle(
            grader: "loadtest.thresholds", with: "{ thresholds: { http_req_duration: [\"p(95)<100\"] } }",
            files: ["a.txt": "hello\nworld\n"])
        #expect(only.status == .error)
        #expect(only.findings.first?.message.contains("not a load-test output") == true)
    }

    @Test func aBadThresholdIsARubricError() async throws {
        await #expect(throws: RubricError.self) {
            _ = try await gradeSingle(
                grader: "loadtest.thresholds", with: "{ thresholds: { http_req_duration: [\"p95<100\"] } }",
                files: ["k6.json": k6Lines(10) { _ in 1 }])
        }
    }
}

@Suite struct LoadTestRunGraderTests {
    @Test func aShortRunFailsItsDuration() async throws {
        let r = try await gradeSingle(
            grader: "loadtest.run", with: "{ min_duration: 60s, min_requests: 100 }",
            files: ["k6.json": k6Lines(1_000) { _ in 10 }])
        #expect(r.status == .partial)
        #expect(r.findings.contains { $0.message.contains("duration is 9.99 s, below the 60 required") })
    }

    @Test func aWindowOfErrorsBreaksTheSteadyState() async throws {
        let lines = k6Lines(3_000, failedEvery: 0) { $0 >= 1_500 && $0 < 1_700 ? 400 : 20 }
        let r = try await gradeSingle(
            grader: "loadtest.run", with: "{ window: 2s, max_p95: 200 }", files: ["k6.json": lines])
        #expect(r.status == .failed)
        #expect(r.findings.first?.message.contains("seconds 14–16 of the run") == true, "\(r.findings)")
    }

    @Test func aSummaryCannotShowASteadyState() async throws {
        let r = try await gradeSingle(
            grader: "loadtest.run", with: "{ window: 10s, max_error_rate: 0.01 }",
            files: ["s.json": #"{"metrics": {"http_reqs": {"count": 100, "rate": 10}}}"#])
        #expect(r.status == .inconclusive)
    }
}

@Suite struct LoadTestCompareGraderTests {
    let with =
        "{ before: \"**/before.*\", after: \"**/after.*\", checks: [{ metric: http_reqs, stat: rate, min_ratio: 10 }] }"

    @Test func aRunMissingOneSideFails() async throws {
        let r = try await gradeSingle(
            grader: "loadtest.compare", with: with, files: ["x/after.json": k6Lines(10) { _ in 1 }])
        #expect(r.status == .failed)
        #expect(r.summary.contains("before"))
    }

    @Test func comparesAcrossTools() async throws {
        // Before: a JMeter JTL at 10 req/s; after: k6 at 200 req/s.
        let jtl =
            "timeStamp,elapsed,label,responseCode,success\n"
            + (0..<100).map { "\(1_714_550_400_000 + $0 * 100),50,GET /orders,200,true\n" }.joined()
        let r = try await gradeSingle(
            grader: "loadtest.compare", with: with,
            files: ["x/before.jtl": jtl, "x/after.json": k6Lines(2_000, spacing: 5) { _ in 5 }])
        #expect(r.status == .passed, "\(r.summary) \(r.findings) \(r.measurements)")
        #expect(abs((r.measurements.first?.value ?? 0) - 19.9) < 0.2)
    }
}

@Suite struct EventsStreamGraderTests {
    @Test func reportsExactlyTheReorderTheDuplicateAndTheGapWithLines() async throws {
        let log = """
            {"key":"a","seq":1}
            {"key":"b","seq":1}
            {"key":"a","seq":3}
            {"key":"a","seq":2}
            {"key":"b","seq":2}
            {"key":"b","seq":2}
            {"key":"c","seq":1}
            {"key":"c","seq":2}
            {"key":"c","seq":4}

            """
        let r = try await gradeSingle(
            grader: "events.stream", with: "{ fields: { key: key, sequence: seq } }", files: ["consumer.jsonl": log])
        #expect(r.status == .failed)
        let errors = r.findings.filter { $0.severity == .error }
        #expect(errors.count == 3)
        #expect(errors.map { $0.location?.line } == [4, 6, 9])
        #expect(
            errors.map { $0.message.split(separator: ":").first.map(String.init) } == ["reordered", "duplicate", "gap"])
        #expect(errors[2].message.contains("'c': 3 is missing"))
    }

    @Test func sustainedThroughputAndLatencyFromCSV() async throws {
        var csv = "id,partition,offset,produced,consumed\n"
        for i in 0..<600 {
            let produced = 1_714_550_400_000 + i * 20
            csv += "e\(i),0,\(i),\(produced),\(produced + (i % 50 == 0 ? 150 : 8))\n"
        }
        let r = try await gradeSingle(
            grader: "events.stream",
            with:
                "{ fields: { id: id, partition: partition, offset: offset, time: produced, consumed_time: consumed }, min_throughput: 45, window: 5, latency: [\"p(95)<100\", \"p(99)<100\"] }",
            files: ["events.csv": csv])
        #expect(r.status == .partial, "\(r.findings)")
        #expect(
            r.findings.filter { $0.severity == .error }.map(\.message) == [
                "end-to-end latency p(99) is 150 ms; the threshold is 'p(99)<100'"
            ])
        #expect(r.measurements.contains { $0.name == "lowest 5s throughput" && $0.value == 50 })
    }

    @Test func aMalformedLineIsSkippedAndNamed() async throws {
        let log = "{\"key\":\"a\",\"seq\":1}\n{\"key\":\"a\",\"seq\":\n{\"key\":\"a\",\"seq\":2}\n{\"key\":\"a\"}\n"
        let r = try await gradeSingle(
            grader: "events.stream", with: "{ fields: { key: key, sequence: seq } }", files: ["e.jsonl": log])
        #expect(r.status == .passed)
        #expect(r.findings.map { $0.location?.line } == [2, 4])
    }

    @Test func aMissingColumnIsNamed() async throws {
        let r = try await gradeSingle(
            grader: "events.stream", with: "{ fields: { key: order, sequence: seq } }",
            files: ["e.csv": "key,seq\na,1\n"])
        #expect(r.status == .error)
        #expect(r.findings.first?.message.contains("no column 'order'") == true)
    }
}

/// Locust's four `--csv` files, as a real run on loopback wrote them
/// (Tests/AssessFormatsTests/LoadTests/Fixtures/locust-set), handed in under one input.
@Suite struct LoadTestFileSetGradingTests {
    static func locust(_ run: String) throws -> [String: String] {
        let folder = repositoryRoot + "/Tests/AssessFormatsTests/LoadTests/Fixtures/locust-set/\(run)/"
        var files: [String: String] = [:]
        for name in ["shop_stats.csv", "shop_stats_history.csv", "shop_failures.csv", "shop_exceptions.csv"] {
            let data = try #require(FileManager.default.contents(atPath: folder + name), "fixture \(name)")
            files["load/locust/" + name] = String(decoding: data, as: UTF8.self)
        }
        return files
    }

    let thresholds =
        "{ thresholds: { http_req_failed: [\"rate<0.01\"], http_req_duration: [\"p(95)<1000\"] }, min_samples: 50 }"

    @Test func theFourFilesAreOneRunThatPasses() async throws {
        let r = try await gradeSingle(
            grader: "loadtest.thresholds", with: thresholds, paths: ["load/**/*.csv"], files: try Self.locust("clean"))
        #expect(r.status == .passed, "\(r.findings)")
        #expect(r.summary == "2 of 2 thresholds met across 1 run")
        #expect(r.findings.isEmpty, "\(r.findings)")
        #expect(r.measurements.first { $0.name == "http_req_duration p(95)" }?.value == 470)
    }

    @Test func theFailuresOfTheSetAreJudgedOnce() async throws {
        let r = try await gradeSingle(
            grader: "loadtest.thresholds", with: thresholds, paths: ["load/**/*.csv"], files: try Self.locust("errors"))
        #expect(r.status == .partial)
        #expect(r.summary == "1 of 2 thresholds met across 1 run")
        #expect(r.findings.contains { $0.message.hasPrefix("http_req_failed rate is 0.1899 (18.99 %)") })
    }

    @Test func theSetGivesTheRunItsTimelineAndUsers() async throws {
        let r = try await gradeSingle(
            grader: "loadtest.run", with: "{ min_concurrency: 5, min_requests: 50 }", paths: ["load/**/*.csv"],
            files: try Self.locust("clean"))
        #expect(r.status == .passed, "\(r.findings)")
    }

    @Test func curriculumLoadInputsTakeTheOutputsTheirBriefsName() throws {
        let handIns = [
            "load/checkout-wrk.txt", "load/hey.txt", "load/ab.txt", "load/vegeta-report.txt", "load/vegeta.json",
            "load/results.jtl", "load/locust/shop_stats.csv", "load/locust/shop_exceptions.csv",
            "load/gatling/checkout-20261207/js/stats.json", "load/checkout-summary.json",
        ]
        for (rubric, input, prefix) in [
            ("phase2-communication", "fault-load", "load/"), ("capstone-fintech", "loadtest", "load/"),
            ("phase3-data", "read-benchmarks", "bench/after/"),
        ] {
            let loaded = try RubricLoader(registry: .builtIn).load(file: repositoryRoot + "/Rubrics/\(rubric).yaml")
            let spec = try #require(loaded.inputs.first { $0.name == input })
            let globs = spec.paths.map(Glob.init)
            for path in handIns where rubric != "capstone-fintech" || !path.dropFirst(5).contains("/") {
                let placed = prefix + path.dropFirst(5)
                #expect(globs.contains { $0.matches(placed) }, "\(rubric) \(input) does not take \(placed)")
            }
        }
    }
}
