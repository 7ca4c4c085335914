import AssessFormats
import AssessTestSupport
import Foundation
import Testing

@Suite struct JMeterCSVTests {
    static let header =
        "timeStamp,elapsed,label,responseCode,responseMessage,threadName,dataType,success,failureMessage,bytes,sentBytes,grpThreads,allThreads,URL,Latency,IdleTime,Connect\n"

    @Test func readsRowsWithQuotedCommasAndSkipsTransactionParents() throws {
        let text =
            Self.header + #"""
                1714550400000,40,GET /orders,200,OK,Users 1-1,text,true,,120,80,2,2,http://127.0.0.1/orders,39,0,1
                1714550400500,90,"POST /pay, retry",503,Service Unavailable,Users 1-2,text,false,"upstream said ""busy""",0,80,2,2,http://127.0.0.1/pay,89,0,1
                1714550401000,130,Checkout,200,"Number of samples in transaction : 2, number of failing samples : 1",Users 1-1,,false,,120,160,2,2,null,128,0,2

                """#
        let run = try LoadTestFormats.read(LoadTestSource(file: "results.jtl", text: text))
        #expect(run.tool == .jmeter)
        #expect(run.requestCount == 2)
        #expect(run.failureCount == 1)
        #expect(Set(run.endpoints.keys) == ["GET /orders", "POST /pay, retry"])
        #expect(run.errors == ["upstream said \"busy\"": 1])
        #expect(run.statusCodes == ["200": 1, "503": 1])
        #expect(run.concurrency == 2)
    }

    @Test func aCorruptRowIsNamedAndTheRestRead() throws {
        let text =
            Self.header + """
                1714550400000,40,GET /orders,200,OK,Users 1-1,text,true,,120,80,1,1,u,39,0,1
                not-a-time,forty,GET /orders,200,OK,Users 1-1,text,true,,120,80,1,1,u,39,0,1
                1714550400900,60,GET /orders,200,OK,Users 1-1,text,true,,120,80,1,1,u,59,0,1

                """
        let run = try JMeterCSV.read(LoadTestSource(file: "r.jtl", text: text), options: .init())
        #expect(run.problems.map(\.line) == [3])
        #expect(run.requestCount == 2)
    }

    @Test func aTruncatedFileIsMarked() throws {
        let text =
            Self.header
            + "1714550400000,40,GET /orders,200,OK,Users 1-1,text,true,,120,80,1,1,u,39,0,1\n1714550400900,60,GET /or"
        let run = try JMeterCSV.read(LoadTestSource(file: "r.jtl", text: text), options: .init())
        #expect(run.truncated)
        #expect(run.requestCount == 1)
    }

    @Test(.enabled(if: sharedCorpus != nil, "../shared/corpus is absent in a clone of the project alone"))
    func readsJMetersOwnReportTestFile() throws {
        let path = try sharedCorpusPath("public/jmeter/jtl-csv_HTMLReportTestFile.csv")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let source = LoadTestSource(file: "test.csv", text: text)
        #expect(LoadTestFormats.detect(source) == JMeterCSV.self)
        let run = try LoadTestFormats.read(source)
        let rows = text.split(separator: "\n").dropFirst()
        #expect(run.requestCount == Double(rows.count))
        #expect(run.failureCount == Double(rows.filter { $0.contains(",false,") }.count))
        #expect(run.problems.isEmpty)
    }

    /// The same latencies as k6 `--out json` points and as JMeter rows give the same p95,
    /// within the histogram's precision (three significant digits).
    @Test func sameLatenciesInK6AndJMeterGiveTheSameP95() throws {
        let latencies = (0..<2_000).map { i in Double((i * 7_919) % 1_000 + 1) }
        var k6 = ""
        var jmeter = Self.header
        for (i, latency) in latencies.enumerated() {
            let time = String(format: "2024-05-01T10:00:%02d.%03d000000Z", i / 100 % 60, i % 100 * 10)
            k6 +=
                #"{"metric":"http_req_duration","type":"Point","data":{"time":"\#(time)","value":\#(Int(latency)),"tags":{"name":"/orders"}}}"#
                + "\n"
            jmeter += "\(1_714_557_600_000 + i * 10),\(Int(latency)),/orders,200,OK,U 1-1,text,true,,1,1,1,1,u,1,0,0\n"
        }
        let fromK6 = try LoadTestFormats.read(LoadTestSource(file: "k6.json", text: k6))
        let fromJMeter = try LoadTestFormats.read(LoadTestSource(file: "r.jtl", text: jmeter))
        guard case .value(let a, .samples) = fromK6.figure(MetricSelector(name: "http_req_duration"), .percentile(95)),
            case .value(let b, .samples) = fromJMeter.figure(MetricSelector(name: "http_req_duration"), .percentile(95))
        else {
            Issue.record("p95 missing")
            return
        }
        let exact = latencies.sorted()[Int((0.95 * Double(latencies.count)).rounded(.up)) - 1]
        #expect(a == b)
        #expect(abs(a - exact) / exact < 0.001)
    }
}

@Suite struct K6SummaryTests {
    @Test(.enabled(if: sharedCorpus != nil, "../shared/corpus is absent in a clone of the project alone"))
    func readsTheLegacyExportAndHandleSummaryShapes() throws {
        let root = try sharedCorpusPath("public/k6/")
        for file in ["summary-export_legacy_k6-test-expected.json", "handleSummary-data_k6-test-expected.json"] {
            let text = try String(contentsOfFile: root + file, encoding: .utf8)
            let run = try LoadTestFormats.read(LoadTestSource(file: file, text: text))
            #expect(run.tool == .k6)
            guard case .value(let p95, .reported) = run.figure(MetricSelector(name: "my_trend"), .percentile(95)) else {
                Issue.record("\(file): no p(95)")
                continue
            }
            #expect(p95 == 19.5)
            guard case .value(let rate, _) = run.figure(MetricSelector(name: "checks"), .rate) else {
                Issue.record("\(file): no checks rate")
                continue
            }
            #expect(rate == 0.75)
            #expect(run.requestCount == 3)
        }
    }

    @Test(.enabled(if: sharedCorpus != nil, "../shared/corpus is absent in a clone of the project alone"))
    func aPercentileK6DidNotComputeIsMissingNotGuessed() throws {
        let path = try sharedCorpusPath("public/k6/handleSummary-data_k6-reporter-simple.json")
        let run = try LoadTestFormats.read(
            LoadTestSource(file: "s.json", text: try String(contentsOfFile: path, encoding: .utf8)))
        guard case .missing(let reason) = run.figure(MetricSelector(name: "http_req_duration"), .percentile(99.9))
        else {
            Issue.record("p(99.9) should be missing")
            return
        }
        #expect(reason.contains("p(99.9)"))
        #expect(abs((run.duration ?? 0) - 24.425289882) < 1e-6)
    }

    @Test func theMachineReadableShapeSpellsPercentilesWithoutParentheses() throws {
        let text = """
            {"version":"1.0.0","config":{"duration":30.5,"execution":"local","script":"t.js"},
             "metadata":{"generated_at":"2025-01-01T00:00:00Z","k6_version":"1.5.0"},
             "results":{"metrics":[
               {"name":"http_req_duration","type":"trend","contains":"time","values":{"avg":12,"min":1,"med":10,"max":90,"p90":20,"p95":31.5}},
               {"name":"http_reqs","type":"counter","contains":"default","values":{"count":610}},
               {"name":"http_req_failed","type":"rate","contains":"default","values":{"matches":3,"total":610,"rate":0.0049}}]}}
            """
        let run = try LoadTestFormats.read(LoadTestSource(file: "summary.json", text: text))
        #expect(run.toolVersion == "1.5.0")
        #expect(run.duration == 30.5)
        guard case .value(let p95, _) = run.figure(MetricSelector(name: "http_req_duration"), .percentile(95)),
            case .value(let rate, _) = run.figure(MetricSelector(name: "http_reqs"), .rate)
        else {
            Issue.record("figures missing")
            return
        }
        #expect(p95 == 31.5)
        #expect(abs(rate - 20) < 1e-9)
        #expect(run.failureCount == 3)
    }

    @Test func brokenJSONIsAnErrorWithItsPlace() {
        let text = "{\"metrics\": {\"http_reqs\": {\"count\": 3,, }}}"
        #expect(throws: LoadTestReadError.self) {
            try K6Summary.read(LoadTestSource(file: "s.json", text: text), options: .init())
        }
        do {
            _ = try K6Summary.read(LoadTestSource(file: "s.json", text: text), options: .init())
        } catch {
            #expect(error.line == 1)
            #expect(error.column > 1)
        }
    }
}
