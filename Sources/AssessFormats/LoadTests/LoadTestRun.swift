/// One run of a load tool, whatever tool wrote it, in k6's vocabulary: metrics named as k6
/// names them (`http_req_duration` in ms, `http_req_failed` as a rate, `http_reqs` as a
/// counter), so one threshold syntax judges every tool. `docs/graders.md` lists how each
/// tool's fields map onto these names.
public struct LoadTestRun: Sendable {
    /// The file the run was read from (relative to the submission).
    public var file: String
    public var tool: LoadTool
    public var toolVersion: String?
    /// Wall-clock start, seconds since the epoch, when the tool recorded it.
    public var start: Double?
    /// Length of the measured run in seconds (after any warm-up trim).
    public var duration: Double?
    /// Highest concurrency reached (k6 VUs, Locust users, wrk connections, JMeter threads).
    public var concurrency: Double?
    /// Metrics by k6 name, including sub-metrics the caller asked for (`http_req_duration{name:/orders}`).
    public var metrics: [String: LoadMetric]
    /// Per-endpoint breakdown by URL, request name or sampler label.
    public var endpoints: [String: EndpointStats]
    /// Response status codes with counts (`200`, `503`, or a tool's text for non-HTTP failures).
    public var statusCodes: [String: Int]
    /// Error messages with counts.
    public var errors: [String: Int]
    /// One entry per second of the run, for charts and steady-state checks; empty when the
    /// tool wrote only a summary.
    public var timeline: [TimelineSecond]
    /// Records the reader skipped (malformed lines), each with its place; the rest was read.
    public var problems: [ReadProblem]
    /// Whether the file ended mid-record (a run cut short or a truncated copy).
    public var truncated: Bool

    public init(file: String, tool: LoadTool) {
        self.file = file
        self.tool = tool
        metrics = [:]
        endpoints = [:]
        statusCodes = [:]
        errors = [:]
        timeline = []
        problems = []
        truncated = false
    }

    /// The metric a selector names: the exact entry, or for `{name:…}` on a tool without tags
    /// the endpoint of that name.
    public func metric(_ selector: MetricSelector) -> LoadMetric? {
        if let metric = metrics[selector.description] { return metric }
        if selector.tags.count == 1, selector.tags[0].key == "name" || selector.tags[0].key == "url",
            let endpoint = endpoints[selector.tags[0].value]
        {
            return endpoint.metric(selector.name)
        }
        return nil
    }

    /// A figure for a threshold: the value, or why the run cannot give it.
    public func figure(_ selector: MetricSelector, _ statistic: Threshold.Statistic) -> LoadFigure {
        guard let metric = metric(selector) else {
            let known = metrics.keys.sorted().prefix(8).joined(separator: ", ")
            return .missing("\(tool.displayName) output in \(file) has no '\(selector)' (it has \(known))")
        }
        return metric.figure(statistic, duration: duration, name: selector.description, tool: tool)
    }

    /// Requests in the run (`http_reqs` count), when known.
    public var requestCount: Double? { metrics["http_reqs"]?.count }
    /// Failed requests, when known.
    public var failureCount: Double? { metrics["http_req_failed"].flatMap { $0.kind == .rate ? $0.nonZero : nil } }
    /// Requests per second over the run.
    public var throughput: Double? {
        if let rate = metrics["http_reqs"]?.reported["rate"] { return rate }
        guard let count = requestCount, let duration, duration > 0 else { return nil }
        return count / duration
    }
}

/// The tools whose output Assess reads.
public enum LoadTool: String, Sendable, Hashable, CaseIterable, Codable {
    case k6, gatling, jmeter, locust, wrk, wrk2, ab, vegeta, hey, kafkaProducer = "kafka-producer-perf-test"
    case kafkaConsumer = "kafka-consumer-perf-test"

    public var displayName: String {
        switch self {
        case .k6: return "k6"
        case .gatling: return "Gatling"
        case .jmeter: return "JMeter"
        case .locust: return "Locust"
        case .wrk: return "wrk"
        case .wrk2: return "wrk2"
        case .ab: return "ApacheBench"
        case .vegeta: return "vegeta"
        case .hey: return "hey"
        case .kafkaProducer: return "kafka-producer-perf-test"
        case .kafkaConsumer: return "kafka-consumer-perf-test"
        }
    }
}

/// One metric of a run. A trend with raw samples has a histogram; a tool that wrote only a
/// summary leaves the figures it reported in `reported`, and nothing is made up beyond them.
public struct LoadMetric: Sendable {
    public enum Kind: String, Sendable, Hashable {
        case counter, gauge, rate, trend
    }

    public var kind: Kind
    /// Raw samples of a trend (ms for time metrics).
    public var samples: LatencyHistogram?
    /// Figures as the tool printed them, by k6 statistic name: `p(95)`, `avg`, `med`, `min`,
    /// `max`, `count`, `rate`, `value`.
    public var reported: [String: Double]
    /// Counter: the sum; rate: samples seen; trend: samples seen.
    public var count: Double
    /// Rate: samples that were non-zero (for `http_req_failed`, the failed requests).
    public var nonZero: Double
    /// Gauge: the last, lowest and highest value.
    public var last: Double?
    public var lowest: Double?
    public var highest: Double?

    public init(_ kind: Kind, reported: [String: Double] = [:]) {
        self.kind = kind
        self.reported = reported
        self.samples = kind == .trend ? LatencyHistogram() : nil
        count = 0
        nonZero = 0
    }

    /// A trend known only from the figures a tool reported.
    public static func reportedTrend(_ reported: [String: Double], count: Double? = nil) -> LoadMetric {
        var metric = LoadMetric(.trend, reported: reported)
        metric.samples = nil
        metric.count = count ?? reported["count"] ?? 0
        return metric
    }

    public mutating func add(_ value: Double) {
        switch kind {
        case .trend:
            samples?.record(milliseconds: value)
            count += 1
        case .counter:
            count += value
        case .rate:
            count += 1
            if value != 0 { nonZero += 1 }
        case .gauge:
            last = value
            lowest = Swift.min(lowest ?? value, value)
            highest = Swift.max(highest ?? value, value)
            count += 1
        }
    }

    public mutating func merge(_ other: LoadMetric) {
        if let theirs = other.samples {
            if samples == nil { samples = LatencyHistogram() }
            samples?.add(theirs)
        }
        count += other.count
        nonZero += other.nonZero
        if let value = other.last { last = value }
        if let value = other.lowest { lowest = Swift.min(lowest ?? value, value) }
        if let value = other.highest { highest = Swift.max(highest ?? value, value) }
        for (key, value) in other.reported where reported[key] == nil { reported[key] = value }
    }

    /// Samples behind the figure: raw samples when there are any, else the count reported.
    public var sampleCount: Int {
        if let samples, !samples.isEmpty { return samples.count }
        return Int(reported["count"] ?? count)
    }

    /// Whether percentiles come from raw samples (exact within histogram precision) or from
    /// what the tool printed.
    public var hasRawSamples: Bool { samples.map { !$0.isEmpty } ?? false }

    public func figure(_ statistic: Threshold.Statistic, duration: Double?, name: String, tool: LoadTool) -> LoadFigure
    {
        if let samples, !samples.isEmpty, kind == .trend {
            let value: Double?
            switch statistic {
            case .percentile(let p): value = samples.percentile(p)
            case .med: value = samples.percentile(50)
            case .avg: value = samples.mean
            case .min: value = samples.min
            case .max: value = samples.max
            case .count: value = Double(samples.count)
            case .rate, .value: value = nil
            }
            if let value { return .value(value, source: .samples) }
            return .missing("'\(statistic)' does not apply to the trend \(name)")
        }
        let key = statistic.description
        if let value = reported[key] { return .value(value, source: .reported) }
        if case .percentile(let p) = statistic, p == 50, let value = reported["med"] {
            return .value(value, source: .reported)
        }
        if statistic == .med, let value = reported["p(50)"] { return .value(value, source: .reported) }
        switch (kind, statistic) {
        case (.rate, .rate) where count > 0: return .value(nonZero / count, source: .samples)
        case (.rate, .count) where count > 0: return .value(nonZero, source: .samples)
        case (.counter, .count) where count > 0 || reported.isEmpty: return .value(count, source: .samples)
        case (.counter, .rate):
            if let duration, duration > 0 { return .value(count / duration, source: .samples) }
        case (.gauge, .value): if let last { return .value(last, source: .samples) }
        case (.gauge, .min): if let lowest { return .value(lowest, source: .samples) }
        case (.gauge, .max): if let highest { return .value(highest, source: .samples) }
        default: break
        }
        let available = reported.keys.sorted().joined(separator: ", ")
        return .missing(
            "\(tool.displayName) reported \(available.isEmpty ? "no figures" : available) for \(name), not \(statistic)"
        )
    }
}

/// A figure looked up for a threshold.
public enum LoadFigure: Sendable, Hashable {
    public enum Source: String, Sendable, Hashable {
        /// Computed here from raw samples or counts.
        case samples
        /// Taken from what the tool printed.
        case reported
    }
    case value(Double, source: Source)
    case missing(String)
}

/// Requests, failures and latency for one endpoint.
public struct EndpointStats: Sendable {
    public var requests: Double = 0
    public var failures: Double = 0
    public var latency: LoadMetric = LoadMetric(.trend)

    public init() {}

    public mutating func record(latency milliseconds: Double?, failed: Bool) {
        requests += 1
        if failed { failures += 1 }
        if let milliseconds { latency.add(milliseconds) }
    }

    /// The endpoint's view of a k6 metric.
    public func metric(_ name: String) -> LoadMetric? {
        switch name {
        case "http_req_duration": return latency
        case "http_reqs":
            var metric = LoadMetric(.counter)
            metric.count = requests
            return metric
        case "http_req_failed":
            var metric = LoadMetric(.rate)
            metric.count = requests
            metric.nonZero = failures
            return metric
        default: return nil
        }
    }
}

/// One second of a run: what was sent, what failed, and how long it took.
public struct TimelineSecond: Sendable {
    /// Seconds from the run's start.
    public var second: Int
    public var requests: Double = 0
    public var failures: Double = 0
    public var latency: CoarseHistogram = CoarseHistogram()
    /// A p95 the tool itself reported for this interval (Locust history), when there are no samples.
    public var reportedP95: Double?

    public init(second: Int) { self.second = second }

    public var p95: Double? { latency.percentile(95) ?? reportedP95 }
}
