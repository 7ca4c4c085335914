import AssessFormats
import AssessTestSupport
import Foundation
import Testing

@Suite struct K6JSONLinesTests {
    /// Lines shaped exactly as k6's json output writes them (k6 docs, "JSON output"; key order
    /// as k6 ≥ 0.46 writes Points), for three requests to two endpoints, one failing.
    static let sample = """
        {"type":"Metric","data":{"name":"http_reqs","type":"counter","contains":"default","thresholds":[],"submetrics":null},"metric":"http_reqs"}
        {"type":"Metric","data":{"name":"http_req_duration","type":"trend","contains":"time","thresholds":["p(95)<100"],"submetrics":null},"metric":"http_req_duration"}
        {"type":"Metric","data":{"name":"http_req_failed","type":"rate","contains":"default","thresholds":[],"submetrics":null},"metric":"http_req_failed"}
        {"metric":"http_reqs","type":"Point","data":{"time":"2024-05-01T10:00:00.100000000+02:00","value":1,"tags":{"expected_response":"true","method":"GET","name":"/orders","status":"200"}}}
        {"metric":"http_req_duration","type":"Point","data":{"time":"2024-05-01T10:00:00.100000000+02:00","value":40.5,"tags":{"expected_response":"true","method":"GET","name":"/orders","status":"200"}}}
        {"metric":"http_req_failed","type":"Point","data":{"time":"2024-05-01T10:00:00.100000000+02:00","value":0,"tags":{"expected_response":"true","method":"GET","name":"/orders","status":"200"}}}
        {"metric":"http_req_blocked","type":"Point","data":{"time":"2024-05-01T10:00:00.100000000+02:00","value":0.01,"tags":{"name":"/orders"}}}
        {"metric":"http_reqs","type":"Point","data":{"time":"2024-05-01T10:00:01.200000000+02:00","value":1,"tags":{"expected_response":"false","method":"POST","name":"/pay\\u0026go","status":"503","error":"service unavailable"}}}
        {"metric":"http_req_duration","type":"Point","data":{"time":"2024-05-01T10:00:01.200000000+02:00","value":250,"tags":{"expected_response":"false","method":"POST","name":"/pay\\u0026go","status":"503"}}}
        {"metric":"http_req_failed","type":"Point","data":{"time":"2024-05-01T10:00:01.200000000+02:00","value":1,"tags":{"expected_response":"false","method":"POST","name":"/pay\\u0026go","status":"503"}}}
        {"type":"Point","data":{"time":"2024-05-01T10:00:02.300000000+02:00","value":1,"tags":{"name":"/orders","status":"200"}},"metric":"http_reqs"}
        {"type":"Point","data":{"time":"2024-05-01T10:00:02.300000000+02:00","value":60,"tags":{"name":"/orders","status":"200"}},"metric":"http_req_duration"}
        {"type":"Point","data":{"time":"2024-05-01T10:00:02.300000000+02:00","value":0,"tags":{"name":"/orders","status":"200"}},"metric":"http_req_failed"}

        """

    @Test func readsRequestsFailuresLatencyAndEndpoints() throws {
        let options = LoadTestReadOptions(selectors: [try MetricSelector(parsing: "http_req_duration{name:/orders}")])
        let run = try LoadTestFormats.read(LoadTestSource(file: "k6.json", text: Self.sample), options: options)
        #expect(run.tool == .k6)
        #expect(run.requestCount == 3)
        #expect(run.failureCount == 1)
        #expect(run.statusCodes == ["200": 2, "503": 1])
        #expect(run.errors == ["service unavailable": 1])
        #expect(Set(run.endpoints.keys) == ["/orders", "/pay&go"])
        #expect(run.endpoints["/orders"]?.requests == 2)
        #expect(abs((run.duration ?? 0) - 2.2) < 1e-6)
        #expect(run.timeline.map(\.requests) == [1, 1, 1])
        guard case .value(let max, .samples) = run.figure(MetricSelector(name: "http_req_duration"), .max) else {
            Issue.record("no max")
            return
        }
        #expect(max == 250)
        guard
            case .value(let ordersMax, _) = run.figure(
                try MetricSelector(parsing: "http_req_duration{name:/orders}"), .max)
        else {
            Issue.record("no sub-metric")
            return
        }
        #expect(ordersMax == 60)
        #expect(run.problems.isEmpty)
    }

    /// The reader takes a record's tags from the record before when they are the same bytes
    /// (a request's points carry its tags each time); tags that differ only after a shared
    /// start, or that stand elsewhere in the line, are each read as themselves.
    @Test func tagsRepeatedFromTheRecordBeforeAndTagsThatOnlyLookAlikeAreEachRightlyRead() throws {
        let run = try Self.requests([
            #"\#(Self.time),"value":1,"tags":{"name":"/orders","status":"200"}"#,
            #"\#(Self.time),"value":1,"tags":{"name":"/orders/42","status":"200"}"#,
            #"\#(Self.time),"value":1,"tags": {"name":"/orders","status":"200"}"#,
            #"\#(Self.time),"value":1,"tags":{"name":"/orders","status":"201"}"#,
            #""value":1,"tags":{"name":"/orders","status":"201"},\#(Self.time)"#,
            #"\#(Self.time),"value":1,"tags":{"name":"/orders","status":"201"}"#,
        ])
        #expect(run.problems.isEmpty)
        #expect(run.requestCount == 6)
        #expect(run.endpoints["/orders"]?.requests == 5)
        #expect(run.endpoints["/orders/42"]?.requests == 1)
        #expect(run.statusCodes == ["200": 3, "201": 3])
    }

    /// A record that names `tags` twice: the second object alone is remembered for the records
    /// after it, so their tags are found where they are.
    @Test func aRecordWithTagsTwiceLeavesTheNextRecordsTagsInPlace() throws {
        let run = try Self.requests([
            #""tags":{"name":"/first","status":"500"},\#(Self.time),"value":1,"tags":{"name":"/orders","status":"200"}"#,
            #"\#(Self.time),"value":1,"tags":{"name":"/orders","status":"200"}"#,
            #"\#(Self.time),"value":1,"tags":{"name":"/orders","status":"200"}"#,
        ])
        #expect(run.problems.isEmpty)
        #expect(run.requestCount == 3)
        // The first record's tags are both objects' (the first name found is the first object's).
        #expect(run.endpoints["/first"]?.requests == 1)
        #expect(run.endpoints["/orders"]?.requests == 2)
        #expect(run.statusCodes == ["500": 1, "200": 2])
    }

    static let time = #""time":"2024-05-01T10:00:00.100000000Z""#

    /// A log of `http_reqs` points, one per line, each with these members in its `data`.
    static func requests(_ data: [String]) throws -> LoadTestRun {
        let lines = data.map { #"{"metric":"http_reqs","type":"Point","data":{"# + $0 + "}}" }
        return try K6JSONLines.read(
            LoadTestSource(file: "k6.json", text: lines.joined(separator: "\n") + "\n"), options: .init())
    }

    @Test func aCorruptLineIsNamedAndTheRestIsRead() throws {
        var lines = Self.sample.split(separator: "\n").map(String.init)
        lines[4] = #"{"metric":"http_req_duration","type":"Point","data":{"time":"2024-05-01T10:00:00Z","value":oops}}"#
        let run = try K6JSONLines.read(
            LoadTestSource(file: "k6.json", text: lines.joined(separator: "\n") + "\n"), options: .init())
        #expect(run.problems.count == 1)
        #expect(run.problems.first?.line == 5)
        #expect(run.requestCount == 3)
        #expect(run.metrics["http_req_duration"]?.sampleCount == 2)
    }

    @Test func aTruncatedFileIsMarkedAndItsWholeLinesRead() throws {
        let cut = String(Self.sample.dropLast(40))
        let run = try K6JSONLines.read(LoadTestSource(file: "k6.json", text: cut), options: .init())
        #expect(run.truncated)
        #expect(run.problems.isEmpty)
        #expect(run.requestCount == 3)
        #expect(run.metrics["http_req_failed"]?.count == 2)
    }

    @Test(.enabled(if: sharedCorpus != nil, "../shared/corpus is absent in a clone of the project alone"))
    func readsTheDashboardRunK6Wrote() throws {
        let path = try sharedCorpusPath("public/k6/out-json_xk6-dashboard-result.head300.ndjson")
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        let source = LoadTestSource(file: "result.ndjson", bytes: bytes)
        #expect(LoadTestFormats.detect(source) == K6JSONLines.self)
        let run = try LoadTestFormats.read(source)
        let expected = String(decoding: bytes, as: UTF8.self).split(separator: "\n")
            .filter { $0.contains(#""metric":"http_reqs","type":"Point""#) }.count
        #expect(expected > 0)
        #expect(run.requestCount == Double(expected))
        #expect(run.metrics["http_req_duration"]?.sampleCount == expected)
        #expect(run.problems.isEmpty)
    }

    @Test(.enabled(if: sharedCorpus != nil, "../shared/corpus is absent in a clone of the project alone"))
    func readsK6sOwnTestOutputWithMetricLast() throws {
        let path = try sharedCorpusPath("public/k6/out-json_k6-test-expected.ndjson")
        let run = try LoadTestFormats.read(
            LoadTestSource(file: "out.json", bytes: [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))))
        #expect(run.metrics["my_metric1"]?.kind == .gauge)
        #expect(run.metrics["my_metric1"]?.last == 4)
        #expect(run.metrics["my_metric2"]?.count == 8)
    }
}
