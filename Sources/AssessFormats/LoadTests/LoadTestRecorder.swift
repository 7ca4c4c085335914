import AssessYAML
/// What a reader should keep beyond the defaults: tag-filtered sub-metrics the rubric's
/// thresholds name, and a warm-up to leave out.
public struct LoadTestReadOptions: Sendable, Hashable {
    /// Seconds from the first sample whose samples are dropped (a warm-up the rubric trims).
    public var warmUp: Double
    /// Sub-metrics to keep (`http_req_duration{name:/orders}`); plain names are always kept.
    public var selectors: [MetricSelector]
    /// Distinct endpoints tracked one by one; the rest are pooled as `(other)`.
    public var endpointLimit: Int
    /// Metrics to keep from formats that write many (k6 writes about 13 points per request);
    /// nil keeps all. The request metrics and `vus` are always kept.
    public var metrics: Set<String>?

    public static let requestMetrics: Set<String> = ["http_reqs", "http_req_failed", "http_req_duration", "vus"]

    public init(
        warmUp: Double = 0, selectors: [MetricSelector] = [], endpointLimit: Int = 500, metrics: Set<String>? = nil
    ) {
        self.warmUp = warmUp
        self.selectors = selectors.filter { !$0.tags.isEmpty }
        self.endpointLimit = endpointLimit
        self.metrics = metrics.map { $0.union(Self.requestMetrics).union(selectors.map(\.name)) }
    }

    /// Whether a metric of this name should be kept.
    public func keeps(_ name: String) -> Bool { metrics?.contains(name) ?? true }
}

/// Builds a `LoadTestRun` from a stream of requests (per-request formats) or of k6 metric
/// points, in memory that grows with the run's length in seconds and its endpoints, never
/// with its request count. Metrics, endpoints and status codes live in arrays reached through
/// small caches, so the per-record cost is a few comparisons rather than hashing.
public struct LoadTestRecorder: Sendable {
    public private(set) var run: LoadTestRun
    public let options: LoadTestReadOptions
    private var firstTime: Double?
    private var lastTime: Double?
    private var seconds: [TimelineSecond] = []
    private var dropped = 0
    private var metricSlots: [(name: String, metric: LoadMetric, selectors: [MetricSelector])] = []
    private var metricIndex: [String: Int] = [:]
    private var endpointSlots: [(name: String, stats: EndpointStats)] = []
    private var endpointIndex: [String: Int] = [:]
    private var lastEndpoint: (name: String, slot: Int)?
    private var statusSlots: [(code: String, count: Int)] = []
    private var lastStatus: (code: String, slot: Int)?
    private let requestSlots: (reqs: Int, failed: Int, duration: Int)

    public init(file: String, tool: LoadTool, options: LoadTestReadOptions = LoadTestReadOptions()) {
        run = LoadTestRun(file: file, tool: tool)
        self.options = options
        requestSlots = (0, 1, 2)
        _ = slot(forMetric: "http_reqs", kind: .counter)
        _ = slot(forMetric: "http_req_failed", kind: .rate)
        _ = slot(forMetric: "http_req_duration", kind: .trend)
    }

    public mutating func problem(line: Int, column: Int = 1, _ message: String) {
        if run.problems.count < 1000 {
            run.problems.append(.skipped(message, file: run.file, line: line, column: column))
        }
    }

    public mutating func markTruncated() { run.truncated = true }

    public mutating func setVersion(_ version: String?) { if let version { run.toolVersion = version } }

    public mutating func setConcurrency(_ value: Double) { run.concurrency = Swift.max(run.concurrency ?? 0, value) }

    /// Sets the run's start (epoch seconds, or 0 for tools whose times are offsets from the
    /// start) before any request, for formats whose rows are not in time order (ab's `-g`
    /// file is sorted by latency, Gatling writes a request when it ends): warm-up and timeline
    /// seconds then count from the true start, not from the first row read.
    public mutating func setOrigin(_ time: Double) {
        guard time.isFinite else { return }
        firstTime = Swift.min(firstTime ?? time, time)
    }

    /// The slot of a metric, made on first use; readers keep it to skip the lookup.
    public mutating func slot(forMetric name: String, kind: LoadMetric.Kind) -> Int {
        if let index = metricIndex[name] { return index }
        metricSlots.append((name, LoadMetric(kind), options.selectors.filter { $0.name == name }))
        metricIndex[name] = metricSlots.count - 1
        return metricSlots.count - 1
    }

    /// Where a sample at `time` (epoch seconds) goes: nil without a time, -1 in the warm-up,
    /// else its second from the (trimmed) start.
    @inline(__always) private mutating func keep(_ time: Double?) -> Int? {
        guard let time, time.isFinite else { return nil }
        if let first = firstTime {
            if time < first { firstTime = time }
        } else {
            firstTime = time
        }
        let offset = time - firstTime!
        if offset < options.warmUp { return -1 }
        if lastTime == nil || time > lastTime! { lastTime = time }
        // Clamped before converting: a timestamp far past the first (a hostile 1e300) would
        // trap in the conversion; a second past the timeline's week is dropped by `second`.
        return Int(saturating: (offset - options.warmUp).rounded(.down))
    }

    @inline(__always) private mutating func second(_ index: Int) -> Int? {
        guard index >= 0, index < 86_400 * 7 else { return nil }
        while seconds.count <= index { seconds.append(TimelineSecond(second: seconds.count)) }
        return index
    }

    @inline(__always) private mutating func endpointSlot(_ name: String) -> Int {
        if let last = lastEndpoint, last.name == name { return last.slot }
        let slot: Int
        if let index = endpointIndex[name] {
            slot = index
        } else {
            let key = endpointSlots.count < options.endpointLimit ? name : "(other)"
            if let index = endpointIndex[key] {
                slot = index
            } else {
                endpointSlots.append((key, EndpointStats()))
                endpointIndex[key] = endpointSlots.count - 1
                slot = endpointSlots.count - 1
            }
        }
        lastEndpoint = (name, slot)
        return slot
    }

    @inline(__always) private mutating func countStatus(_ code: String, _ count: Int = 1) {
        if let last = lastStatus, last.code == code {
            statusSlots[last.slot].count += count
            return
        }
        let slot =
            statusSlots.firstIndex { $0.code == code }
            ?? {
                statusSlots.append((code, 0))
                return statusSlots.count - 1
            }()
        statusSlots[slot].count += count
        lastStatus = (code, slot)
    }

    /// One request of a per-request format (JMeter, Gatling, vegeta, hey, ab -g).
    public mutating func request(
        time: Double?, latency: Double?, failed: Bool, status: String? = nil, name: String? = nil,
        error: String? = nil
    ) {
        let slot = keep(time)
        if slot == -1 {
            dropped += 1
            return
        }
        metricSlots[requestSlots.reqs].metric.add(1)
        metricSlots[requestSlots.failed].metric.add(failed ? 1 : 0)
        if let latency { metricSlots[requestSlots.duration].metric.add(latency) }
        if !options.selectors.isEmpty {
            let lookup: (String) -> String? = { key in
                switch key {
                case "name", "url", "label": return name
                case "status": return status
                case "expected_response": return failed ? "false" : "true"
                default: return nil
                }
            }
            for selector in options.selectors where selector.matches(lookup) {
                switch selector.name {
                case "http_reqs": add(selector.description, .counter, 1)
                case "http_req_failed": add(selector.description, .rate, failed ? 1 : 0)
                case "http_req_duration": if let latency { add(selector.description, .trend, latency) }
                default: break
                }
            }
        }
        if let status { countStatus(status) }
        if let error, !error.isEmpty { run.errors[error, default: 0] += 1 }
        if let name { endpointSlots[endpointSlot(name)].stats.record(latency: latency, failed: failed) }
        if let slot, let index = second(slot) {
            seconds[index].requests += 1
            if failed { seconds[index].failures += 1 }
            if let latency { seconds[index].latency.record(milliseconds: latency) }
        }
    }

    private mutating func add(_ name: String, _ kind: LoadMetric.Kind, _ value: Double) {
        metricSlots[slot(forMetric: name, kind: kind)].metric.add(value)
    }

    /// One k6 metric point, for a metric slot from `slot(forMetric:kind:)`. `tags` answers a
    /// tag's value for the point.
    public mutating func point(slot metric: Int, time: Double?, value: Double, tags: (String) -> String?) {
        let second = keep(time)
        if second == -1 {
            dropped += 1
            return
        }
        metricSlots[metric].metric.add(value)
        for selector in metricSlots[metric].selectors where selector.matches(tags) {
            add(selector.description, metricSlots[metric].metric.kind, value)
        }
        let index = second.flatMap { self.second($0) }
        switch metric {
        case requestSlots.reqs:
            if let status = tags("status") { countStatus(status) }
            if let error = tags("error") { run.errors[error, default: 0] += 1 }
            if let endpointName = tags("name") { endpointSlots[endpointSlot(endpointName)].stats.requests += value }
            if let index { seconds[index].requests += value }
        case requestSlots.failed:
            if value != 0 {
                if let endpointName = tags("name") { endpointSlots[endpointSlot(endpointName)].stats.failures += 1 }
                if let index { seconds[index].failures += 1 }
            }
        case requestSlots.duration:
            if let endpointName = tags("name") {
                endpointSlots[endpointSlot(endpointName)].stats.latency.add(value)
            }
            if let index { seconds[index].latency.record(milliseconds: value) }
        default:
            if metricSlots[metric].name == "vus" || metricSlots[metric].name == "vus_max" { setConcurrency(value) }
        }
    }

    /// One k6 metric point by name.
    public mutating func point(
        metric name: String, kind: LoadMetric.Kind, time: Double?, value: Double, tags: (String) -> String?
    ) {
        point(slot: slot(forMetric: name, kind: kind), time: time, value: value, tags: tags)
    }

    /// Sets a metric a summary reported outright.
    public mutating func setMetric(_ name: String, _ metric: LoadMetric) {
        let index = slot(forMetric: name, kind: metric.kind)
        metricSlots[index].metric = metric
    }

    public mutating func setEndpoint(_ name: String, _ stats: EndpointStats) {
        endpointSlots[endpointSlot(name)].stats = stats
    }

    public mutating func setDuration(_ seconds: Double?) { if let seconds, seconds > 0 { run.duration = seconds } }

    public mutating func setStart(_ epochSeconds: Double?) { run.start = epochSeconds }

    public mutating func addStatus(_ code: String, count: Int) { countStatus(code, count) }

    public mutating func addError(_ message: String, count: Int) { run.errors[message, default: 0] += count }

    public mutating func setTimeline(_ timeline: [TimelineSecond]) { seconds = timeline }

    /// The run; the duration is the span of kept samples unless the tool said otherwise.
    public func finish(lastSampleLength: Double = 0) -> LoadTestRun {
        var result = run
        for (name, metric, _) in metricSlots {
            // The three request metrics exist from the start; keep them only if something was recorded.
            if metric.count == 0, metric.reported.isEmpty, metric.last == nil,
                LoadTestReadOptions.requestMetrics.contains(name)
            {
                continue
            }
            result.metrics[name] = metric
        }
        for (name, stats) in endpointSlots { result.endpoints[name] = stats }
        for (code, count) in statusSlots { result.statusCodes[code, default: 0] += count }
        if result.duration == nil, let firstTime, let lastTime {
            let span = lastTime - firstTime - options.warmUp + lastSampleLength
            result.duration = span > 0 ? span : nil
        }
        if result.start == nil { result.start = firstTime.map { $0 + options.warmUp } }
        result.timeline = seconds
        return result
    }
}
