/// What a reader should keep beyond the defaults: tag-filtered sub-metrics the rubric's
/// thresholds name, and a warm-up to leave out.
public struct LoadTestReadOptions: Sendable, Hashable {
    /// Seconds from the first sample whose samples are dropped (a warm-up the rubric trims).
    public var warmUp: Double
    /// Sub-metrics to keep (`http_req_duration{name:/orders}`); plain names are always kept.
    public var selectors: [MetricSelector]
    /// Distinct endpoints tracked one by one; the rest are pooled as `(other)`.
    public var endpointLimit: Int

    public init(warmUp: Double = 0, selectors: [MetricSelector] = [], endpointLimit: Int = 500) {
        self.warmUp = warmUp
        self.selectors = selectors.filter { !$0.tags.isEmpty }
        self.endpointLimit = endpointLimit
    }
}

/// Builds a `LoadTestRun` from a stream of requests (per-request formats) or of k6 metric
/// points, in memory that grows with the run's length in seconds and its endpoints, never
/// with its request count.
public struct LoadTestRecorder: Sendable {
    public private(set) var run: LoadTestRun
    public let options: LoadTestReadOptions
    private var firstTime: Double?
    private var lastTime: Double?
    private var seconds: [TimelineSecond] = []
    private var dropped = 0

    public init(file: String, tool: LoadTool, options: LoadTestReadOptions = LoadTestReadOptions()) {
        run = LoadTestRun(file: file, tool: tool)
        self.options = options
    }

    public mutating func problem(line: Int, column: Int = 1, _ message: String) {
        if run.problems.count < 1000 { run.problems.append(LoadTestProblem(line: line, column: column, message)) }
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

    /// Whether a sample at `time` (epoch seconds) falls in the warm-up; also tracks the run's span.
    private mutating func keep(_ time: Double?) -> Int? {
        guard let time else { return nil }
        let first = firstTime ?? time
        if firstTime == nil || time < first { firstTime = Swift.min(first, time) }
        if time - (firstTime ?? time) < options.warmUp {
            return -1
        }
        lastTime = Swift.max(lastTime ?? time, time)
        return Int((time - (firstTime ?? time) - options.warmUp).rounded(.down))
    }

    private mutating func second(_ index: Int) -> Int? {
        guard index >= 0, index < 86_400 * 7 else { return nil }
        while seconds.count <= index { seconds.append(TimelineSecond(second: seconds.count)) }
        return index
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
        add("http_reqs", .counter, 1)
        add("http_req_failed", .rate, failed ? 1 : 0)
        if let latency { add("http_req_duration", .trend, latency) }
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
        if let status { run.statusCodes[status, default: 0] += 1 }
        if let error, !error.isEmpty { run.errors[error, default: 0] += 1 }
        if let name { endpoint(name) { $0.record(latency: latency, failed: failed) } }
        if let slot, let index = second(slot) {
            seconds[index].requests += 1
            if failed { seconds[index].failures += 1 }
            if let latency { seconds[index].latency.record(milliseconds: latency) }
        }
    }

    private mutating func endpoint(_ name: String, _ body: (inout EndpointStats) -> Void) {
        let key = run.endpoints[name] != nil || run.endpoints.count < options.endpointLimit ? name : "(other)"
        body(&run.endpoints[key, default: EndpointStats()])
    }

    private mutating func add(_ name: String, _ kind: LoadMetric.Kind, _ value: Double) {
        run.metrics[name, default: LoadMetric(kind)].add(value)
    }

    /// One k6 metric point. `tags` answers a tag's value for the point.
    public mutating func point(
        metric name: String, kind: LoadMetric.Kind, time: Double?, value: Double, tags: (String) -> String?
    ) {
        let slot = keep(time)
        if slot == -1 {
            dropped += 1
            return
        }
        add(name, kind, value)
        for selector in options.selectors where selector.name == name && selector.matches(tags) {
            add(selector.description, kind, value)
        }
        let index = slot.flatMap { second($0) }
        switch name {
        case "http_reqs":
            if let status = tags("status") { run.statusCodes[status, default: 0] += 1 }
            if let error = tags("error") { run.errors[error, default: 0] += 1 }
            if let endpointName = tags("name") { endpoint(endpointName) { $0.requests += value } }
            if let index { seconds[index].requests += value }
        case "http_req_failed":
            if value != 0 {
                if let endpointName = tags("name") { endpoint(endpointName) { $0.failures += 1 } }
                if let index { seconds[index].failures += 1 }
            }
        case "http_req_duration":
            if let endpointName = tags("name") { endpoint(endpointName) { $0.latency.add(value) } }
            if let index { seconds[index].latency.record(milliseconds: value) }
        case "vus", "vus_max":
            setConcurrency(value)
        default: break
        }
    }

    /// Sets a metric a summary reported outright.
    public mutating func setMetric(_ name: String, _ metric: LoadMetric) { run.metrics[name] = metric }

    public mutating func setEndpoint(_ name: String, _ stats: EndpointStats) { run.endpoints[name] = stats }

    public mutating func setDuration(_ seconds: Double?) { if let seconds, seconds > 0 { run.duration = seconds } }

    public mutating func setStart(_ epochSeconds: Double?) { run.start = epochSeconds }

    public mutating func addStatus(_ code: String, count: Int) { run.statusCodes[code, default: 0] += count }

    public mutating func addError(_ message: String, count: Int) { run.errors[message, default: 0] += count }

    public mutating func setTimeline(_ timeline: [TimelineSecond]) { seconds = timeline }

    /// The run; the duration is the span of kept samples unless the tool said otherwise.
    public func finish(lastSampleLength: Double = 0) -> LoadTestRun {
        var result = run
        if result.duration == nil, let firstTime, let lastTime {
            let span = lastTime - firstTime - options.warmUp + lastSampleLength
            result.duration = span > 0 ? span : nil
        }
        if result.start == nil { result.start = firstTime.map { $0 + options.warmUp } }
        result.timeline = seconds
        return result
    }
}
