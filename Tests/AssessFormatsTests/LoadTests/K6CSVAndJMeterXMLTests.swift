import AssessFormats
import AssessTestSupport
import Foundation
import Testing

/// k6 `--out csv` rows as k6's CSV output documentation shows them (default `timeFormat`,
/// epoch seconds), for three requests, one failing.
@Suite struct K6CSVTests {
    static let header =
        "metric_name,timestamp,metric_value,check,error,error_code,expected_response,group,method,name,proto,scenario,service,status,subproto,tls_version,url,extra_tags,metadata\n"
    static let rows = [
        "http_reqs,1714550400,1.000000,,,,true,,GET,http://127.0.0.1/orders,HTTP/1.1,default,,200,,,http://127.0.0.1/orders,,",
        "http_req_duration,1714550400,41.250000,,,,true,,GET,http://127.0.0.1/orders,HTTP/1.1,default,,200,,,http://127.0.0.1/orders,,",
        "http_req_failed,1714550400,0.000000,,,,true,,GET,http://127.0.0.1/orders,HTTP/1.1,default,,200,,,http://127.0.0.1/orders,,",
        "http_reqs,1714550401,1.000000,,request timeout,1050,false,,POST,http://127.0.0.1/pay,HTTP/1.1,default,,0,,,http://127.0.0.1/pay,,",
        "http_req_duration,1714550401,60000.000000,,request timeout,1050,false,,POST,http://127.0.0.1/pay,HTTP/1.1,default,,0,,,http://127.0.0.1/pay,,",
        "http_req_failed,1714550401,1.000000,,request timeout,1050,false,,POST,http://127.0.0.1/pay,HTTP/1.1,default,,0,,,http://127.0.0.1/pay,,",
        "data_received,1714550401,1235.000000,,,,,,,,,default,,,,,,,",
        "http_reqs,1714550403,1.000000,,,,true,,GET,http://127.0.0.1/orders,HTTP/1.1,default,,200,,,http://127.0.0.1/orders,,",
        "http_req_duration,1714550403,38.000000,,,,true,,GET,http://127.0.0.1/orders,HTTP/1.1,default,,200,,,http://127.0.0.1/orders,,",
        "http_req_failed,1714550403,0.000000,,,,true,,GET,http://127.0.0.1/orders,HTTP/1.1,default,,200,,,http://127.0.0.1/orders,,",
    ]

    @Test func readsRequestsErrorsAndEndpoints() throws {
        let run = try LoadTestFormats.read(
            LoadTestSource(file: "k6.csv", text: Self.header + Self.rows.joined(separator: "\n") + "\n"))
        #expect(run.tool == .k6)
        #expect(run.requestCount == 3)
        #expect(run.failureCount == 1)
        #expect(run.errors == ["request timeout": 1])
        #expect(run.endpoints["http://127.0.0.1/orders"]?.requests == 2)
        #expect(run.duration == 3)
        #expect(run.metrics["data_received"]?.count == 1235)
    }

    @Test func aCorruptRowIsNamedAndATruncatedOneMarked() throws {
        var rows = Self.rows
        rows[1] = "http_req_duration,1714550400,fast,,,,true,,GET,u,HTTP/1.1,default,,200,,,u,,"
        let text = Self.header + rows.joined(separator: "\n") + "\n" + "http_reqs,17145504"
        let run = try K6CSV.read(LoadTestSource(file: "k6.csv", text: text), options: .init())
        #expect(run.problems.map(\.line) == [3])
        #expect(run.truncated)
        #expect(run.metrics["http_req_duration"]?.sampleCount == 2)
    }
}

@Suite struct JMeterXMLTests {
    @Test func readsTopLevelSamplesOnly() throws {
        let text = """
            <?xml version="1.0" encoding="UTF-8"?>
            <testResults version="1.2">
            <httpSample t="120" lt="100" ts="1714550400000" s="true" lb="GET /orders" rc="200" rm="OK" tn="Users 1-1" dt="text" na="5">
              <httpSample t="60" lt="50" ts="1714550400000" s="true" lb="GET /orders-0" rc="200" rm="OK" tn="Users 1-1" dt="text"/>
            </httpSample>
            <httpSample t="900" lt="890" ts="1714550401000" s="false" lb="POST /pay" rc="503" rm="Service Unavailable" tn="Users 1-2" dt="text" na="5"/>
            <sample t="300" ts="1714550401500" s="true" lb="Checkout" rc="200" rm="Number of samples in transaction : 2, number of failing samples : 1"/>
            </testResults>
            """
        let run = try LoadTestFormats.read(LoadTestSource(file: "results.xml", text: text))
        #expect(run.tool == .jmeter)
        #expect(run.requestCount == 2)
        #expect(run.failureCount == 1)
        #expect(run.errors == ["Service Unavailable": 1])
        #expect(run.concurrency == 5)
        #expect(abs((run.duration ?? 0) - 1.9) < 1e-9)
    }

    @Test func aTruncatedFileKeepsTheSamplesBeforeTheCut() throws {
        let text = """
            <?xml version="1.0" encoding="UTF-8"?>
            <testResults version="1.2">
            <httpSample t="120" ts="1714550400000" s="true" lb="a" rc="200"/>
            <httpSample t="130" ts="1714550400100" s="true" lb="a" rc="200"/>
            <httpSample t="140" ts="17145504
            """
        let run = try JMeterXML.read(LoadTestSource(file: "r.xml", text: text), options: .init())
        #expect(run.truncated)
        #expect(run.requestCount == 2)
    }

    @Test func aFileThatIsNotXMLIsAnErrorWithItsPlace() {
        #expect(throws: LoadTestReadError.self) {
            try JMeterXML.read(
                LoadTestSource(file: "r.xml", text: "<testResults><httpSample t=oops</testResults>"), options: .init())
        }
    }

    @Test(.enabled(if: sharedCorpus != nil, "../shared/corpus is absent in a clone of the project alone"))
    func readsJMetersOwnXMLResults() throws {
        let path = try sharedCorpusPath("public/jmeter/jtl-xml_sample_log1.head400.jtl")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let source = LoadTestSource(file: "sample_log1.jtl", text: text)
        #expect(LoadTestFormats.detect(source) == JMeterXML.self)
        let run = try LoadTestFormats.read(source)
        let samples = text.components(separatedBy: "<httpSample ").count - 1
        #expect(run.requestCount == Double(samples))
        #expect(run.failureCount == Double(text.components(separatedBy: "s=\"false\"").count - 1))
    }
}
