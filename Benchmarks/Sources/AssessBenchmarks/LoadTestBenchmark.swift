import AssessFormats
import AssessYAML
import Foundation

/// Writes k6 `--out json` lines in exactly k6's shape: per request the 13 points k6 emits
/// (http_reqs, http_req_duration, the six timing phases, http_req_failed, data_sent,
/// data_received, iterations, iteration_duration), plus the Metric records before first use.
enum K6Generator {
    static let metrics: [(String, String, String)] = [
        ("http_reqs", "counter", "default"), ("http_req_duration", "trend", "time"),
        ("http_req_blocked", "trend", "time"), ("http_req_connecting", "trend", "time"),
        ("http_req_tls_handshaking", "trend", "time"), ("http_req_sending", "trend", "time"),
        ("http_req_waiting", "trend", "time"), ("http_req_receiving", "trend", "time"),
        ("http_req_failed", "rate", "default"), ("data_sent", "counter", "data"),
        ("data_received", "counter", "data"), ("iterations", "counter", "default"),
        ("iteration_duration", "trend", "time"),
    ]

    /// The latency of request `i` in ms: a deterministic spread from 5 to about 400 ms.
    static func latency(_ i: Int) -> Double {
        let x = Double((i &* 2_654_435_761) % 100_000) / 100_000
        return 5 + 120 * x * x + (i % 97 == 0 ? 250 : 0)
    }

    static func write(requests: Int, to path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        var buffer = ""
        buffer.reserveCapacity(8 << 20)
        for (name, type, contains) in metrics {
            buffer +=
                #"{"type":"Metric","data":{"name":"\#(name)","type":"\#(type)","contains":"\#(contains)","thresholds":[],"submetrics":null},"metric":"\#(name)"}"#
                + "\n"
        }
        let endpoints = ["/api/orders", "/api/orders/42", "/api/payments", "/api/inventory?sku=A-1"]
        for i in 0..<requests {
            let second = i / 1000
            let nanos = (i % 1000) * 1_000_000 + 123_456
            let time = String(
                format: "2024-05-01T10:%02d:%02d.%09d+02:00", (second / 60) % 60, second % 60, nanos)
            let endpoint = endpoints[i % endpoints.count]
            let failed = i % 250 == 0
            let status = failed ? "503" : "200"
            let tags =
                #"{"expected_response":"\#(failed ? "false" : "true")","group":"","method":"GET","name":"http://127.0.0.1:8080\#(endpoint)","proto":"HTTP/1.1","scenario":"default","status":"\#(status)","tls_version":"","url":"http://127.0.0.1:8080\#(endpoint)"}"#
            let short = #"{"group":"","scenario":"default"}"#
            let duration = latency(i)
            let values: [(String, Double, String)] = [
                ("http_reqs", 1, tags), ("http_req_duration", duration, tags), ("http_req_blocked", 0.004, tags),
                ("http_req_connecting", 0, tags), ("http_req_tls_handshaking", 0, tags),
                ("http_req_sending", 0.021, tags), ("http_req_waiting", duration - 0.05, tags),
                ("http_req_receiving", 0.029, tags), ("http_req_failed", failed ? 1 : 0, tags),
                ("data_sent", 96, short), ("data_received", 1_235, short), ("iterations", 1, short),
                ("iteration_duration", duration + 0.7, short),
            ]
            for (name, value, tagText) in values {
                buffer +=
                    #"{"metric":"\#(name)","type":"Point","data":{"time":"\#(time)","value":\#(value),"tags":\#(tagText)}}"#
                    + "\n"
            }
            if buffer.utf8.count > (8 << 20) - 8192 {
                handle.write(buffer.data(using: .utf8)!)
                buffer.removeAll(keepingCapacity: true)
            }
        }
        handle.write(buffer.data(using: .utf8)!)
    }
}

/// A JMeter CSV JTL with the default columns and a header, one row per request.
enum JMeterGenerator {
    static func write(requests: Int, to path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        var buffer =
            "timeStamp,elapsed,label,responseCode,responseMessage,threadName,dataType,success,failureMessage,bytes,sentBytes,grpThreads,allThreads,URL,Latency,IdleTime,Connect\n"
        let start = 1_714_550_400_000
        for i in 0..<requests {
            let failed = i % 250 == 0
            let elapsed = Int(K6Generator.latency(i).rounded())
            buffer +=
                "\(start + i),\(elapsed),GET orders,\(failed ? 503 : 200),\(failed ? "Service Unavailable" : "OK"),Thread Group 1-\(i % 50 + 1),text,\(failed ? "false" : "true"),,1235,96,50,50,http://127.0.0.1:8080/api/orders,\(max(0, elapsed - 1)),0,1\n"
            if buffer.utf8.count > (8 << 20) - 4096 {
                handle.write(buffer.data(using: .utf8)!)
                buffer.removeAll(keepingCapacity: true)
            }
        }
        handle.write(buffer.data(using: .utf8)!)
    }
}

func peakMemoryMiB() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024
}

/// `AssessBenchmarks loadtest [N]`: generate, then read a k6 log of N requests and a JMeter
/// CSV of N rows as a threshold grader would, printing MB/s and peak memory.
func loadTestBenchmark(requests: Int) throws {
    let k6Path = "/tmp/assess-bench-k6.ndjson"
    let jmeterPath = "/tmp/assess-bench-jmeter.csv"
    if !FileManager.default.fileExists(atPath: k6Path) {
        try K6Generator.write(requests: requests, to: k6Path)
    }
    if !FileManager.default.fileExists(atPath: jmeterPath) {
        try JMeterGenerator.write(requests: requests, to: jmeterPath)
    }
    let before = peakMemoryMiB()
    for (path, label) in [(k6Path, "k6 --out json"), (jmeterPath, "JMeter CSV")] {
        let size = Double((try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0)
        var best = Double.infinity
        var p95 = 0.0
        var count = 0.0
        for _ in 0..<3 {
            let start = ContinuousClock.now
            guard let blocks = FileBlocks(path: path) else { throw CocoaError(.fileNoSuchFile) }
            let run = try LoadTestFormats.read(
                LoadTestSource(file: path, blocks: blocks), options: LoadTestReadOptions(metrics: []))
            let elapsed = ContinuousClock.now - start
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            best = min(best, seconds)
            if case .value(let value, _) = run.figure(MetricSelector(name: "http_req_duration"), .percentile(95)) {
                p95 = value
            }
            count = run.requestCount ?? 0
        }
        print(
            String(
                format: "%@: %.0f MB in %.3f s = %.0f MB/s (%.0f requests, p95 %.2f ms)", label, size / 1e6, best,
                size / 1e6 / best, count, p95))
    }
    print(String(format: "peak memory: %.1f MiB (%.1f MiB before reading)", peakMemoryMiB(), before))
}
