import AssessCore
import AssessFormats
import Foundation

/// The submission's measurements a claim may be checked against, read on first use through
/// the same helpers the load-test, trace, convergence and CDC graders use.
struct ClaimEvidence {
    let job: GradingJob
    let options: ClaimsEvidenceGrader.Options
    var readFindings: [Finding] = []
    private var runs: (after: [LoadTestRun], before: [LoadTestRun])?
    private var traces: LatencyHistogram??
    private var convergence: LatencyHistogram??
    private var captureLag: LatencyHistogram??

    init(job: GradingJob, options: ClaimsEvidenceGrader.Options) {
        self.job = job
        self.options = options
    }

    /// Scripts and documents beside the evidence (`load/peak.js`, a README) are not evidence.
    static let notEvidence = [
        ".js", ".ts", ".py", ".sh", ".go", ".java", ".md", ".yaml", ".yml", ".html", ".png", ".svg",
    ]

    func files(_ globs: [Glob]) -> [SubmissionFile] {
        job.submission.files.filter { path in
            let lower = path.lowercased()
            return globs.contains { $0.matches(path) } && !Self.notEvidence.contains { lower.hasSuffix($0) }
        }.compactMap { try? job.submission.check($0).get() }
    }

    static func isBaseline(_ path: String) -> Bool {
        let lower = path.lowercased()
        return lower.contains("before") || lower.contains("baseline")
    }

    mutating func loadRuns() -> (after: [LoadTestRun], before: [LoadTestRun]) {
        if let runs { return runs }
        var sub = job
        sub.files = files(options.loadTests)
        sub.format = "auto"
        let evidence = sub.evidence(LoadTestReader.self)
        let read = evidence.models
        // The load-test criteria judge the files; here an unreadable one only leaves claims unsupported.
        readFindings += evidence.findings.map { Finding(.warning, $0.message, at: $0.location, hint: $0.hint) }
        let split = (read.filter { !Self.isBaseline($0.file) }, read.filter { Self.isBaseline($0.file) })
        runs = split
        return split
    }

    mutating func traceDurations() async throws -> LatencyHistogram? {
        if let traces { return traces }
        var sub = job
        sub.files = files(options.traces)
        sub.format = "auto"
        var histogram: LatencyHistogram?
        if !sub.files.isEmpty {
            let evidence = try await sub.traceEvidence()
            var durations = LatencyHistogram()
            for trace in evidence.forest.traces { durations.record(milliseconds: milliseconds(trace.durationNanos)) }
            histogram = durations.isEmpty ? nil : durations
        }
        traces = .some(histogram)
        return histogram
    }

    mutating func convergenceTimes() -> LatencyHistogram? {
        if let convergence { return convergence }
        var sub = job
        sub.files = files(options.convergence)
        let writeLogs = sub.files.filter { options.convergenceWrites.matches($0.path) }.map(\.path)
        let reader = ReplicaLogReader(
            options: ReplicaLogOptions(fields: options.convergenceFields, writeLogs: writeLogs, examples: 0))
        var histogram: LatencyHistogram?
        if let analysis = sub.evidence(reader).models.first, !analysis.writes.isEmpty, !analysis.replicas.isEmpty {
            let times = analysis.finish(examples: 0).convergence
            histogram = times.isEmpty ? nil : times
        }
        convergence = .some(histogram)
        return histogram
    }

    /// Capture lag as `cdc.events` measures it, from the same reading of the same streams.
    mutating func captureLags() -> LatencyHistogram? {
        if let captureLag { return captureLag }
        var sub = job
        sub.files = files(options.cdc)
        let lags = sub.evidence(ChangeCaptureReader.self).models.first?.analysis.lag
        let histogram = lags.flatMap { $0.isEmpty ? nil : $0 }
        captureLag = .some(histogram)
        return histogram
    }

    /// A histogram's figure for a statistic (ms).
    static func figure(_ histogram: LatencyHistogram, _ statistic: Threshold.Statistic) -> Double? {
        switch statistic {
        case .avg: return histogram.mean
        case .max: return histogram.max
        case .min: return histogram.min
        default: return statistic.percentile.flatMap { histogram.percentile($0) }
        }
    }

    /// The median of the runs' figures, with the run it came from.
    static func median(_ runs: [LoadTestRun], _ figure: (LoadTestRun) -> Double?) -> (Double, LoadTestRun)? {
        let values = runs.compactMap { run in figure(run).map { ($0, run) } }.sorted { $0.0 < $1.0 }
        return values.isEmpty ? nil : values[values.count / 2]
    }

    mutating func verdict(_ claim: NumericClaim) async -> ClaimsEvidenceGrader.Verdict {
        let statistic = claim.statistic ?? .percentile(99)
        let threshold = Threshold(statistic, claim.comparison, claim.value)
        /// An inclusive bound holds for a measurement that rounds to it at the precision the
        /// claim was written with ("14.5 % of calls failed" against 14.539 %); a strict one is strict.
        func judge(_ value: Double, _ source: String, _ threshold: Threshold) -> ClaimsEvidenceGrader.Verdict {
            var widened = threshold
            switch threshold.comparison {
            case .lessOrEqual: widened.limit += claim.resolution
            case .greaterOrEqual: widened.limit -= claim.resolution
            default: break
            }
            return widened.holds(value) ? .holds(value, source) : .contradicted(value, source)
        }
        switch claim.quantity {
        case .latency:
            let runs = loadRuns().after
            if !runs.isEmpty {
                let found = Self.median(runs) {
                    if case .value(let v, _) = $0.figure(MetricSelector(name: "http_req_duration"), statistic) {
                        return v
                    }
                    return nil
                }
                guard let found else {
                    return .unsupported("the load tests do not record \(statistic) of http_req_duration")
                }
                return judge(found.0, found.1.file, threshold)
            }
            if let durations = try? await traceDurations(), let value = Self.figure(durations, statistic) {
                return judge(value, "the trace durations (\(durations.count.formatted()) traces)", threshold)
            }
            return .unsupported("no load test or trace measures request latency")
        case .convergence:
            guard let times = convergenceTimes(), let value = Self.figure(times, statistic) else {
                return .unsupported("no convergence log (writes and replica reads) measures it")
            }
            return judge(value, "the convergence logs (\(times.count.formatted()) writes)", threshold)
        case .captureLag:
            guard let lags = captureLags(), let value = Self.figure(lags, statistic) else {
                return .unsupported("no Debezium change stream with ts_ms measures capture lag")
            }
            return judge(value, "the change stream (\(lags.count.formatted()) changes)", threshold)
        case .availability, .errorRate:
            let runs = loadRuns().after
            let found = Self.median(runs) {
                if case .value(let v, _) = $0.figure(MetricSelector(name: "http_req_failed"), .rate) { return v }
                return nil
            }
            guard let found else { return .unsupported("no load test records failed requests") }
            let measured = claim.quantity == .availability ? 1 - found.0 : found.0
            return judge(measured, found.1.file, Threshold(.rate, claim.comparison, claim.value))
        case .throughput, .eventThroughput:
            // Events per second are a stream's rate: Kafka's perf tools measure it, an HTTP load test does not.
            let streams: Set<LoadTool> = [.kafkaProducer, .kafkaConsumer]
            let runs = loadRuns().after.filter { streams.contains($0.tool) == (claim.quantity == .eventThroughput) }
            guard let found = Self.median(runs, { $0.throughput }) else {
                return .unsupported(
                    claim.quantity == .eventThroughput
                        ? "no event-stream throughput measured (kafka-producer-perf-test or kafka-consumer-perf-test output)"
                        : "no load test records throughput")
            }
            return judge(found.0, found.1.file, Threshold(.rate, claim.comparison, claim.value))
        case .speedup, .latencySpeedup:
            let (after, before) = loadRuns()
            let figure: (LoadTestRun) -> Double? =
                claim.quantity == .speedup
                ? { $0.throughput }
                : {
                    if case .value(let v, _) = $0.figure(MetricSelector(name: "http_req_duration"), .avg) { return v }
                    return nil
                }
            guard let old = Self.median(before, figure), let new = Self.median(after, figure), old.0 > 0, new.0 > 0
            else {
                return .unsupported("no baseline run (a path naming 'before' or 'baseline') and run after to compare")
            }
            let ratio = claim.quantity == .speedup ? new.0 / old.0 : old.0 / new.0
            return judge(
                ratio, "\(new.1.file) against \(old.1.file)", Threshold(.value, claim.comparison, claim.value))
        }
    }
}
