import AssessFormats
import AssessTestSupport
import Foundation
import Testing

/// Each sample is recognised as its own format by content alone (the file names given to
/// detection here are neutral), and the tools' formats do not claim other tools' files.
@Suite struct ToolFormatDetectionTests {
    static let tools: [any LoadTestFormat.Type] = [
        GatlingSimulationLog.self, GatlingStatsJSON.self, LocustStatsCSV.self, LocustStatsHistoryCSV.self,
        LocustFailuresCSV.self, WrkText.self, ApacheBenchText.self, ApacheBenchGnuplotTSV.self,
        ApacheBenchPercentilesCSV.self, VegetaTextReport.self, VegetaJSONReport.self, VegetaResultsCSV.self,
        VegetaResultsJSON.self, HeyText.self, HeyCSV.self, KafkaProducerPerfText.self, KafkaConsumerPerfText.self,
    ]

    static let fixtures: [(String, any LoadTestFormat.Type)] = [
        ("locust_stats.csv", LocustStatsCSV.self), ("locust_stats_history.csv", LocustStatsHistoryCSV.self),
        ("locust-full-history_stats_history.csv", LocustStatsHistoryCSV.self),
        ("locust_failures.csv", LocustFailuresCSV.self), ("wrk-timeouts.txt", WrkText.self),
        ("hey-refused.txt", HeyText.self), ("vegeta-results.csv", VegetaResultsCSV.self),
        ("vegeta-results.json", VegetaResultsJSON.self), ("gatling_stats.json", GatlingStatsJSON.self),
        ("gatling_global_stats.json", GatlingStatsJSON.self), ("kafka-producer-perf.txt", KafkaProducerPerfText.self),
        ("kafka-consumer-perf.txt", KafkaConsumerPerfText.self),
    ]

    static let corpus: [(String, any LoadTestFormat.Type)] = [
        ("gatling/simulation.log_3.11-text_gatling-fixture.log", GatlingSimulationLog.self),
        ("gatling/simulation.log_3.3-text_gatling-fixture.log", GatlingSimulationLog.self),
        ("gatling/simulation.log_3.13-binary_gatling-fixture.bin", GatlingSimulationLog.self),
        ("loadgen-cli/generated_ab.txt", ApacheBenchText.self),
        ("loadgen-cli/generated_ab-gnuplot.tsv", ApacheBenchGnuplotTSV.self),
        ("loadgen-cli/generated_ab-percentiles.csv", ApacheBenchPercentilesCSV.self),
        ("loadgen-cli/generated_hey.txt", HeyText.self), ("loadgen-cli/generated_hey.csv", HeyCSV.self),
        ("loadgen-cli/generated_wrk-latency.txt", WrkText.self), ("loadgen-cli/wrk-output_readme.txt", WrkText.self),
        ("loadgen-cli/wrk2-latency-hdr_readme.txt", WrkText.self),
        ("loadgen-cli/wrk2-u_latency-hdr_readme.txt", WrkText.self),
        ("loadgen-cli/vegeta-report-text_readme.txt", VegetaTextReport.self),
        ("loadgen-cli/vegeta-report-json_readme.json", VegetaJSONReport.self),
    ]

    static func head(_ bytes: [UInt8]) -> String { LoadTestSource(file: "x", bytes: bytes).head() }

    @Test func eachFixtureIsDetectedAsItsFormat() throws {
        for (name, format) in Self.fixtures {
            let source = LoadTestSource(file: "results.out", text: try LoadTestFixtures.text(name))
            #expect(LoadTestFormats.detect(source)?.name == format.name, "\(name)")
        }
    }

    @Test(.enabled(if: sharedCorpus != nil, "../shared/corpus is absent: corpus samples not checked"))
    func eachCorpusSampleIsDetectedAsItsFormat() throws {
        let root = try sharedCorpusPath("public/")
        for (path, format) in Self.corpus {
            let data = try #require(FileManager.default.contents(atPath: root + path), "\(path)")
            let source = LoadTestSource(file: "results.out", bytes: Array(data))
            #expect(LoadTestFormats.detect(source)?.name == format.name, "\(path)")
            // Only that format claims it.
            let claims = Self.tools.filter { $0.recognizes(head: source.head(), fileName: "results.out") }
            #expect(claims.map { $0.name } == [format.name], "\(path)")
        }
    }

    /// k6, JMeter, JUnit and trace files belong to other readers.
    @Test(.enabled(if: sharedCorpus != nil, "../shared/corpus is absent: other tools' files not checked"))
    func otherToolsFilesAreNotClaimed() throws {
        let root = try sharedCorpusPath("public/")
        for folder in ["k6", "jmeter", "junit", "traces"] {
            for file in try FileManager.default.contentsOfDirectory(atPath: root + folder)
            where file != "SOURCES.md" && !file.hasSuffix(".gz") {
                let data = try #require(FileManager.default.contents(atPath: root + folder + "/" + file))
                let head = Self.head(Array(data))
                let claims = Self.tools.filter { $0.recognizes(head: head, fileName: file) }
                #expect(claims.isEmpty, "\(folder)/\(file) claimed by \(claims.map { $0.name })")
            }
        }
    }

    @Test func anUnknownFileSaysWhichFormatsWereTried() {
        let source = LoadTestSource(file: "notes.txt", text: "We ran the load test and it went fine.\n")
        #expect(LoadTestFormats.detect(source) == nil)
        let error = #expect(throws: LoadTestReadError.self) { try LoadTestFormats.read(source) }
        #expect(error?.message.contains(LocustStatsCSV.name) == true)
        #expect(error?.message.contains(KafkaProducerPerfText.name) == true)
    }
}
