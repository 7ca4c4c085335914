public import AssessCore
import AssessFormats
import Foundation

/// Requirements on the run itself, before any latency figure is worth reading: long enough,
/// loaded enough, and steady — no window of the run in which errors or latency broke loose.
public struct LoadTestRunGrader: Grader {
    public struct Options: Sendable {
        var minDuration: Double?
        var minThroughput: Double?
        var minConcurrency: Double?
        var minRequests: Double?
        var warmUp: Double
        var window: Double?
        var maxErrorRate: Double?
        var maxP95: Double?
    }

    public static let description = GraderDescription(
        kind: "loadtest.run",
        summary:
            "Checks the run itself: its duration, sustained throughput, concurrency and request count, and a steady state — no window of N seconds whose error rate or p95 breaks a bound (needs per-request or per-second data).",
        options: [
            OptionDescription("min_duration", .duration, "Shortest acceptable run (`5m`, `300`)."),
            OptionDescription("min_throughput", .number, "Requests per second over the whole run."),
            OptionDescription("min_concurrency", .number, "Peak virtual users, users, threads or connections."),
            OptionDescription("min_requests", .number, "Requests in the run."),
            OptionDescription("warm_up", .duration, default: "0", "Leave out the first this-many seconds."),
            OptionDescription("window", .duration, "Steady-state window length; with max_error_rate and/or max_p95."),
            OptionDescription("max_error_rate", .number, "Highest error rate (0…1) any window may have."),
            OptionDescription("max_p95", .number, "Highest p95 (ms) any window may have."),
        ],
        examples: [
            GraderExample(
                "a 20-second JMeter run at 2 requests per second, steady",
                with: "{ min_duration: 15s, min_throughput: 1.5, window: 5s, max_error_rate: 0.1 }",
                paths: ["results.jtl"],
                files: ["results.jtl": LoadTestRunGrader.exampleJTL(seconds: 20, failingFrom: nil)], .passes),
            GraderExample(
                "the same run fails every request in its last 5 seconds",
                with: "{ min_duration: 15s, window: 5s, max_error_rate: 0.1 }", paths: ["results.jtl"],
                files: ["results.jtl": LoadTestRunGrader.exampleJTL(seconds: 20, failingFrom: 15)], .fails),
        ])

    static func exampleJTL(seconds: Int, failingFrom: Int?) -> String {
        "timeStamp,elapsed,label,responseCode,success\n"
            + (0..<(seconds * 2)).map { i in
                let failed = failingFrom.map { i / 2 >= $0 } ?? false
                return "\(1_714_550_400_000 + i * 500),40,GET /orders,\(failed ? 500 : 200),\(!failed)\n"
            }.joined()
    }

    public let options: Options

    public init(options: Options) { self.options = options }

    public static func options(from reader: MappingReader) -> Options? {
        let options = Options(
            minDuration: DurationText.read("min_duration", from: reader),
            minThroughput: reader.double("min_throughput"), minConcurrency: reader.double("min_concurrency"),
            minRequests: reader.double("min_requests"), warmUp: DurationText.read("warm_up", from: reader) ?? 0,
            window: DurationText.read("window", from: reader), maxErrorRate: reader.double("max_error_rate"),
            maxP95: reader.double("max_p95"))
        if options.window == nil, options.maxErrorRate != nil || options.maxP95 != nil {
            reader.log.error(
                at: reader.node("max_error_rate")?.location ?? reader.node("max_p95")?.location,
                "a steady-state bound needs a 'window' (e.g. 10s)")
        }
        if options.window != nil, options.maxErrorRate == nil, options.maxP95 == nil {
            reader.log.error(
                at: reader.node("window")?.location, "'window' needs 'max_error_rate' or 'max_p95' to check")
        }
        return options
    }

    public func grade(_ job: GradingJob) async throws -> Outcome {
        let read = job.evidence(LoadTestReader(options: LoadTestReadOptions(warmUp: options.warmUp, metrics: [])))
        return judge(read.models, readFindings: read.findings)
    }

    /// The verdict on runs already read (a test builds them in Swift): `readFindings` are what
    /// the reader met in the files.
    func judge(_ runs: [LoadTestRun], readFindings: [Finding]) -> Outcome {
        guard !runs.isEmpty else { return .error("no load-test output could be read", findings: readFindings) }
        var findings = readFindings
        var measurements: [MeasuredValue] = []
        var checks = 0
        var met = 0
        var undecided: [String] = []
        for run in runs {
            let at = SourceLocation(file: run.file, line: 1, column: 1)
            func check(_ name: String, _ value: Double?, atLeast bound: Double?, unit: String?) {
                guard let bound else { return }
                checks += 1
                guard let value else {
                    findings.append(.error("\(run.tool.displayName) output does not state the run's \(name)", at: at))
                    return
                }
                measurements.append(MeasuredValue(name, value, unit: unit, limit: ">= \(bound.compact)"))
                if value >= bound {
                    met += 1
                } else {
                    findings.append(
                        .error(
                            "\(name) is \(value.compact(places: 2))\(unit.map { " \($0)" } ?? ""), below the \(bound.compact) required",
                            at: at))
                }
            }
            check("duration", run.duration, atLeast: options.minDuration, unit: "s")
            check("throughput", run.throughput, atLeast: options.minThroughput, unit: "req/s")
            check("concurrency", run.concurrency, atLeast: options.minConcurrency, unit: nil)
            check("requests", run.requestCount, atLeast: options.minRequests, unit: nil)
            if let window = options.window {
                checks += 1
                switch steadyState(run, window: max(1, Int(saturating: window.rounded()))) {
                case .holds(let worstError, let worstP95):
                    met += 1
                    if let worstError {
                        measurements.append(
                            MeasuredValue(
                                "worst \(Int(window))s error rate", worstError, unit: "ratio",
                                limit: options.maxErrorRate.map { "<= \($0.compact)" }))
                    }
                    if let worstP95 {
                        measurements.append(
                            MeasuredValue(
                                "worst \(Int(window))s p95", worstP95, unit: "ms",
                                limit: options.maxP95.map { "<= \($0.compact)" }))
                    }
                case .breaks(let messages):
                    findings += messages.map { .error($0, at: at) }
                case .unknown(let reason):
                    undecided.append(reason)
                    findings.append(.info(reason, at: at))
                }
            }
        }
        let charts = runs.first?.charts ?? []
        if !undecided.isEmpty, met == checks - undecided.count {
            var outcome = Outcome.inconclusive(undecided.joined(separator: "; "), findings: findings)
            outcome.measurements = measurements
            return outcome.with(charts: charts)
        }
        return Outcome.scored(
            checks == 0 ? 1 : Double(met) / Double(checks), "\(met) of \(checks) run requirements met",
            findings: findings, measurements: measurements
        ).with(charts: charts)
    }

    enum SteadyState {
        case holds(worstErrorRate: Double?, worstP95: Double?)
        case breaks([String])
        case unknown(String)
    }

    /// Slides a window over the per-second timeline and reports every stretch that breaks a bound.
    func steadyState(_ run: LoadTestRun, window: Int) -> SteadyState {
        let timeline = run.timeline
        guard timeline.count >= window else {
            return .unknown(
                timeline.isEmpty
                    ? "\(run.file) has no per-second data (a summary only), so a steady state cannot be checked"
                    : "\(run.file) covers \(timeline.count) s, shorter than the \(window) s window")
        }
        var worstError: Double?
        var worstP95: Double?
        var broken: [String] = []
        var lastReported = -window
        for start in 0...(timeline.count - window) {
            let slice = timeline[start..<(start + window)]
            let requests = slice.reduce(0) { $0 + $1.requests }
            let failures = slice.reduce(0) { $0 + $1.failures }
            var histogram = CoarseHistogram()
            for second in slice { histogram.add(second.latency) }
            let rate = requests > 0 ? failures / requests : 0
            let p95 = histogram.percentile(95) ?? slice.compactMap(\.reportedP95).max()
            worstError = max(worstError ?? 0, rate)
            if let p95 { worstP95 = max(worstP95 ?? 0, p95) }
            var problems: [String] = []
            if let bound = options.maxErrorRate, rate > bound {
                problems.append(
                    "error rate \((rate * 100).compact(places: 2)) % (bound \((bound * 100).compact(places: 2)) %)")
            }
            if let bound = options.maxP95, let p95, p95 > bound {
                problems.append("p95 \(p95.compact(places: 1)) ms (bound \(bound.compact) ms)")
            }
            if !problems.isEmpty, start >= lastReported + window, broken.count < 5 {
                broken.append("seconds \(start)–\(start + window) of the run: \(problems.joined(separator: ", "))")
                lastReported = start
            }
        }
        return broken.isEmpty ? .holds(worstErrorRate: worstError, worstP95: worstP95) : .breaks(broken)
    }
}
