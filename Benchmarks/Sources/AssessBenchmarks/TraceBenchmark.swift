import AssessCore
import AssessFormats
import AssessGraders
import Foundation

/// `AssessBenchmarks traces [SPANS]`: writes OTLP JSON lines with about a million spans in
/// realistic checkout trees, then times reading + assembling them (streamed from disk) and
/// grading them with `trace.propagation`, `trace.latency` and `trace.errors`, and prints MB/s
/// and peak memory beside the same figures for `peers/traces.py` on the same file.
enum TraceBenchmark {
    static let path = "/tmp/assess-traces-bench.jsonl"

    static func run(spans target: Int) async throws {
        let bytes = try generate(spans: target, to: path)
        let megabytes = Double(bytes) / 1_048_576
        print("traces: \(path), \(String(format: "%.1f", megabytes)) MB")

        // The readers on their own; the forest is dropped before grading so the grading
        // run's peak memory is its own.
        var model = 0
        do {
            PeakMemory.reset()
            let start = ContinuousClock.now
            let set = try OTLPJSONReader().readFile(atPath: path, file: "bench.jsonl")
            let read = ContinuousClock.now
            let forest = TraceForest(set)
            let assembled = ContinuousClock.now
            let rssAfterAssembly = PeakMemory.bytes()
            model = modelBytes(forest.spans)
            let whole = forest.traces.filter(\.isWhole).count
            report("read (streamed)", seconds(read - start), megabytes)
            report("assemble", seconds(assembled - read), megabytes)
            report("read + assemble", seconds(assembled - start), megabytes)
            print(
                "  \(forest.spans.count) spans, \(forest.traces.count) traces (\(whole) whole), \(forest.serviceGraph.edges.count) service edges, \(set.problems.count) problems"
            )
            print(
                String(
                    format: "  span model %.0f MB (+ %.0f MB tree indices); peak RSS %.0f MB = %.2fx the span model",
                    Double(model) / 1_048_576, Double(forest.spans.count * 36) / 1_048_576,
                    Double(rssAfterAssembly) / 1_048_576, Double(rssAfterAssembly) / Double(model)))
        }

        // Grading through the engine, as `assess grade` would: one submission holding the file.
        let folder = NSTemporaryDirectory() + "assess-trace-bench"
        try? FileManager.default.createDirectory(atPath: folder + "/traces", withIntermediateDirectories: true)
        let linked = folder + "/traces/export.jsonl"
        try? FileManager.default.removeItem(atPath: linked)
        try FileManager.default.linkItem(atPath: path, toPath: linked)
        let rubric = """
            rubric: trace-bench
            pass: 50
            inputs:
              traces: { paths: ["traces/*.jsonl"], max_size: 2GB }
            criteria:
              - { id: propagation, grader: trace.propagation, input: traces, with: { min_whole: 0.95 } }
              - { id: latency, grader: trace.latency, input: traces, with: { thresholds: ["p(99)<1500"], self_time: { payments: ["p(95)<400"] } } }
              - { id: errors, grader: trace.errors, input: traces, with: { max_ratio: 0.05 } }
            """
        let loaded = try RubricLoader(registry: .builtIn).load(text: rubric, file: "bench.yaml")
        let submission = try Submission(path: folder)
        // The forest above is freed; handed back to the system first, so this peak is grading's own.
        PeakMemory.reset()
        let gradeStart = ContinuousClock.now
        let result = await Engine(defaultTimeout: .seconds(600)).grade(submission, against: loaded)
        let graded = seconds(ContinuousClock.now - gradeStart)
        report("read + assemble + grade 3 criteria", graded, megabytes)
        for criterion in result.criteria {
            print("  \(criterion.id): \(criterion.status.rawValue) — \(criterion.summary)")
        }
        let gradingPeak = PeakMemory.bytes()
        print(
            String(
                format: "  peak RSS while grading %.0f MB = %.2fx the span model", Double(gradingPeak) / 1_048_576,
                Double(gradingPeak) / Double(model)))

        // The peer: a straightforward Python script, same file, same run (`--no-peer` skips it).
        if CommandLine.arguments.contains("--no-peer") { return }
        let peer = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("peers/traces.py").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", peer, path]
        fflush(nil)  // our buffered lines first, then the peer's
        try process.run()
        process.waitUntilExit()
    }

    static func seconds(_ duration: Duration) -> Double {
        let (s, atto) = duration.components
        return Double(s) + Double(atto) / 1e18
    }

    static func report(_ name: String, _ seconds: Double, _ megabytes: Double) {
        print(
            name.padding(toLength: 44, withPad: " ", startingAt: 0)
                + String(format: "%8.2f s  %8.1f MB/s", seconds, megabytes / seconds))
    }

    /// Peak resident memory of this process (ru_maxrss is in kilobytes on Linux).
    static func peakMemory() -> Int {
        var usage = rusage()
        #if os(Linux)
            getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        #else
            getrusage(RUSAGE_SELF, &usage)
        #endif
        return Int(usage.ru_maxrss) * 1024
    }

    /// What the spans need: each span's struct, plus the arrays it owns (attributes, events,
    /// links). Strings repeated across spans are shared and resources are shared per batch, so
    /// they are not counted per span; an attribute list several spans share is counted once.
    static func modelBytes(_ spans: [Span]) -> Int {
        let header = 32
        var total = spans.count * MemoryLayout<Span>.stride
        var lists = Set<UnsafeRawPointer>()
        for span in spans {
            let list = span.attributes.withUnsafeBufferPointer { $0.baseAddress.map { UnsafeRawPointer($0) } }
            if let list, lists.insert(list).inserted {
                total += header + span.attributes.count * MemoryLayout<SpanAttribute>.stride
            }
            if !span.events.isEmpty { total += header + span.events.count * MemoryLayout<SpanEvent>.stride }
            if !span.links.isEmpty { total += header + span.links.count * MemoryLayout<SpanLink>.stride }
        }
        return total
    }

    /// Checkout requests: gateway → orders → (payments, inventory, a database call, a published
    /// message consumed by shipping); about 12 spans each, 1 % of payments failing with an
    /// exception event. Spans go out in batches of 64 per service per line, as a Collector
    /// batching exporter writes them.
    static func generate(spans target: Int, to path: String) throws -> Int {
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int, size > 0,
            (try? String(contentsOfFile: path + ".count", encoding: .utf8)) == String(target)
        {
            return size
        }
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        var random = UInt64(42)
        func next(_ bound: Int) -> Int {
            random = random &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((random >> 33) % UInt64(bound))
        }
        var batches: [String: [String]] = [:]
        var written = 0
        var out = ""
        func flush(_ service: String, force: Bool = false) {
            guard let batch = batches[service], batch.count >= 64 || (force && !batch.isEmpty) else { return }
            out +=
                "{\"resourceSpans\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\",\"value\":{\"stringValue\":\"\(service)\"}},{\"key\":\"service.version\",\"value\":{\"stringValue\":\"1.4.2\"}},{\"key\":\"telemetry.sdk.language\",\"value\":{\"stringValue\":\"python\"}}]},\"scopeSpans\":[{\"scope\":{\"name\":\"opentelemetry.instrumentation.flask\",\"version\":\"0.45b0\"},\"spans\":["
                + batch.joined(separator: ",") + "]}]}]}\n"
            batches[service] = []
        }
        var spanCounter: UInt64 = 1
        var request = 0
        let base: Int64 = 1_700_000_000_000_000_000
        while written < target {
            request += 1
            let trace = String(format: "%016llx%016llx", UInt64(request) &* 0x9E37_79B9_7F4A_7C15, UInt64(request))
            let start = base + Int64(request) * 7_000_000
            func span(
                _ service: String, _ parent: String?, _ name: String, _ kind: Int, _ from: Int64, _ to: Int64,
                _ attributes: [(String, String)], error: Bool = false
            ) -> String {
                spanCounter += 1
                let id = String(format: "%016llx", spanCounter &* 0x2545_F491_4F6C_DD1D)
                var text = "{\"traceId\":\"\(trace)\",\"spanId\":\"\(id)\","
                if let parent { text += "\"parentSpanId\":\"\(parent)\"," }
                text +=
                    "\"name\":\"\(name)\",\"kind\":\(kind),\"startTimeUnixNano\":\"\(from)\",\"endTimeUnixNano\":\"\(to)\",\"attributes\":["
                text += attributes.map { key, value in
                    Int(value) != nil
                        ? "{\"key\":\"\(key)\",\"value\":{\"intValue\":\"\(value)\"}}"
                        : "{\"key\":\"\(key)\",\"value\":{\"stringValue\":\"\(value)\"}}"
                }.joined(separator: ",")
                text += "]"
                if error {
                    text +=
                        ",\"events\":[{\"timeUnixNano\":\"\(to)\",\"name\":\"exception\",\"attributes\":[{\"key\":\"exception.type\",\"value\":{\"stringValue\":\"CardDeclined\"}},{\"key\":\"exception.message\",\"value\":{\"stringValue\":\"card declined\"}}]}],\"status\":{\"code\":2,\"message\":\"card declined\"}"
                } else {
                    text += ",\"status\":{}"
                }
                text += "}"
                batches[service, default: []].append(text)
                written += 1
                flush(service)
                return id
            }
            let ms: Int64 = 1_000_000
            let failed = next(100) == 0
            let pay = Int64(20 + next(60)) * ms
            let root = span(
                "gateway", nil, "GET /checkout", 2, start, start + 60 * ms + pay,
                [
                    ("http.request.method", "GET"), ("http.route", "/checkout"), ("url.path", "/checkout"),
                    ("http.response.status_code", failed ? "502" : "200"),
                    ("client.address", "10.0.\(next(255)).\(next(255))"),
                ],
                error: failed)
            let call = span(
                "gateway", root, "POST", 3, start + 1 * ms, start + 58 * ms + pay,
                [
                    ("http.request.method", "POST"), ("server.address", "orders"), ("server.port", "8080"),
                    ("url.full", "http://orders:8080/orders"), ("http.response.status_code", failed ? "502" : "201"),
                ],
                error: failed)
            let orders = span(
                "orders", call, "POST /orders", 2, start + 2 * ms, start + 57 * ms + pay,
                [
                    ("http.request.method", "POST"), ("http.route", "/orders"),
                    ("http.response.status_code", failed ? "502" : "201"),
                ],
                error: failed)
            _ = span(
                "orders", orders, "SELECT shop.customers", 3, start + 3 * ms, start + 6 * ms,
                [
                    ("db.system", "postgresql"), ("db.name", "shop"), ("db.operation", "SELECT"),
                    ("server.address", "postgres"),
                ])
            let payCall = span(
                "orders", orders, "POST", 3, start + 7 * ms, start + 9 * ms + pay,
                [
                    ("http.request.method", "POST"), ("server.address", "payments"),
                    ("url.full", "http://payments:8080/payments"),
                    ("http.response.status_code", failed ? "502" : "200"),
                ], error: failed)
            let payments = span(
                "payments", payCall, "POST /payments", 2, start + 8 * ms, start + 8 * ms + pay,
                [
                    ("http.request.method", "POST"), ("http.route", "/payments"),
                    ("http.response.status_code", failed ? "502" : "200"),
                ],
                error: failed)
            _ = span(
                "payments", payments, "provider.charge", 1, start + 9 * ms, start + 7 * ms + pay,
                [("payment.provider", "stripe"), ("payment.amount", "\(1000 + next(90000))")], error: failed)
            let stockCall = span(
                "orders", orders, "GET", 3, start + 10 * ms + pay, start + 30 * ms + pay,
                [("http.request.method", "GET"), ("server.address", "inventory"), ("http.response.status_code", "200")])
            let inventory = span(
                "inventory", stockCall, "GET /stock/{sku}", 2, start + 11 * ms + pay, start + 29 * ms + pay,
                [("http.request.method", "GET"), ("http.route", "/stock/{sku}"), ("http.response.status_code", "200")])
            _ = span(
                "inventory", inventory, "GET", 3, start + 12 * ms + pay, start + 14 * ms + pay,
                [("db.system", "redis"), ("db.operation", "GET"), ("server.address", "redis")])
            let publish = span(
                "orders", orders, "order.created publish", 4, start + 31 * ms + pay, start + 33 * ms + pay,
                [
                    ("messaging.system", "kafka"), ("messaging.destination.name", "order.created"),
                    ("messaging.operation", "publish"),
                ])
            _ = span(
                "shipping", publish, "order.created process", 5, start + 40 * ms + pay, start + 70 * ms + pay,
                [
                    ("messaging.system", "kafka"), ("messaging.destination.name", "order.created"),
                    ("messaging.operation", "process"),
                ])
            if out.utf8.count > 4 << 20 {
                handle.write(Data(out.utf8))
                out = ""
            }
        }
        for service in batches.keys.sorted() { flush(service, force: true) }
        handle.write(Data(out.utf8))
        try String(target).write(toFile: path + ".count", atomically: true, encoding: .utf8)
        return Int(handle.offsetInFile)
    }
}
