public import AssessCore
import AssessFormats
import Foundation

/// Requests are fast end to end, and the time goes where the design says it should: k6-style
/// thresholds on end-to-end durations (per root operation) and on each service's self time,
/// with the critical path of the slowest traces as evidence.
public struct TraceLatencyGrader: Grader {
    public struct Options: Sendable, Hashable {
        var thresholds: [Threshold]
        var operations: [Named]
        var selfTime: [Named]
        var tolerance: Double
        var slowest: Int
        var minTraces: Int
    }

    /// Thresholds for one root operation or one service.
    struct Named: Sendable, Hashable {
        var name: String
        var thresholds: [Threshold]
        var location: SourceLocation
    }

    public static let description = GraderDescription(
        kind: "trace.latency",
        summary:
            "Measures each trace's end-to-end duration (its root span; the whole trace when it has no single root), per root operation, and each service's self time per trace (span time not covered by child spans), and checks k6 threshold expressions on them in milliseconds (`p(99)<500`, `avg<200`, `max<1000`). Reports the critical path of the slowest traces and draws the slowest as a waterfall. Score: the mean credit of the thresholds (see `tolerance`)."
            + traceInputNote,
        options: [
            OptionDescription(
                "thresholds", .list(.form("k6 threshold such as p(95)<100")),
                "On the end-to-end duration of every trace, in ms. At least one of `thresholds`, `operations` and `self_time` is needed."
            ),
            OptionDescription(
                "operations", .structure("mapping of root operation to thresholds"), default: "{}",
                "Per root operation, named `GET /checkout` or `gateway GET /checkout` (service, then span name)."),
            OptionDescription(
                "self_time", .structure("mapping of service to thresholds"), default: "{}",
                "On each service's self time per trace, in ms: the time its spans spend outside their children."),
            OptionDescription(
                "tolerance", .number, default: "0",
                "Partial credit: a value this fraction beyond its limit still earns some (0.5 = 50 %); 0 means pass or fail."
            ),
            OptionDescription(
                "slowest", .integer, default: "3", "How many of the slowest traces' critical paths to report."),
            OptionDescription("min_traces", .integer, default: "1", "Fewer traces than this is inconclusive."),
        ],
        examples: [
            GraderExample(
                "checkout p99 under 500 ms",
                with: "{ thresholds: ['p(99)<500'], operations: { 'GET /checkout': ['p(95)<200'] } }",
                paths: ["traces/*.jsonl"], files: ["traces/export.jsonl": TraceExamples.whole], .passes),
            GraderExample(
                "orders spends 67 ms of its own time; 20 allowed", with: "{ self_time: { orders: ['p(95)<20'] } }",
                paths: ["traces/*.jsonl"], files: ["traces/export.jsonl": TraceExamples.whole], .fails),
        ])

    public let options: Options

    public init(options: Options) {
        self.options = options
    }

    public static func options(from reader: MappingReader) -> Options? {
        let thresholds =
            reader.node("thresholds").map { readThresholds($0, key: "thresholds", log: reader.log).map(\.threshold) }
            ?? []
        let operations = (readThresholdMap("operations", from: reader) ?? []).map {
            Named(name: $0.name, thresholds: $0.thresholds.map(\.threshold), location: $0.location)
        }
        let selfTime = (readThresholdMap("self_time", from: reader) ?? []).map {
            Named(name: $0.name, thresholds: $0.thresholds.map(\.threshold), location: $0.location)
        }
        if thresholds.isEmpty, operations.isEmpty, selfTime.isEmpty {
            reader.log.error(
                at: reader.node.location,
                "'trace.latency' needs thresholds in 'thresholds', 'operations' or 'self_time'")
        }
        for named in operations + selfTime {
            for threshold in named.thresholds where threshold.statistic == .rate || threshold.statistic == .value {
                reader.log.error(
                    at: named.location,
                    "'\(threshold)' does not apply to durations; use p(N), avg, med, min, max or count")
            }
        }
        return Options(
            thresholds: thresholds, operations: operations, selfTime: selfTime,
            tolerance: max(0, reader.declaredDouble("tolerance")), slowest: max(0, reader.declaredInt("slowest")),
            minTraces: reader.declaredInt("min_traces"))
    }

    public func grade(_ job: GradingJob) async throws -> Outcome { judge(try await job.traceEvidence()) }

    /// The verdict on traces already read and assembled (a test builds the forest in Swift).
    func judge(_ evidence: TraceEvidence) -> Outcome {
        if let empty = evidence.emptyOutcome { return empty }
        let forest = evidence.forest
        let spans = forest.spans
        if forest.traces.count < options.minTraces {
            return .inconclusive(
                "only \(plural(forest.traces.count, "trace")); at least \(options.minTraces) needed to judge latency",
                findings: evidence.findings)
        }
        // End-to-end durations, all and per root operation; self time per service per trace.
        var all = LatencyHistogram()
        var byOperation: [String: LatencyHistogram] = [:]
        var operationOrder: [String] = []
        // Self time per service by the forest's service numbers (no name hashed per span).
        var selfByServiceIndex = [LatencyHistogram?](repeating: nil, count: forest.serviceNames.count)
        var ends: [(trace: Int, nanos: Int64)] = []
        ends.reserveCapacity(forest.traces.count)
        var perTrace = [Int64](repeating: 0, count: forest.serviceNames.count)
        var touched: [Int32] = []
        for (index, trace) in forest.traces.enumerated() {
            let top = forest.top(of: trace)
            let nanos = trace.isWhole ? top.map { spans[$0].durationNanos } ?? trace.durationNanos : trace.durationNanos
            ends.append((index, nanos))
            all.record(milliseconds: milliseconds(nanos))
            if let top {
                let operation = "\(spans[top].service) \(spans[top].name)"
                if byOperation[operation] == nil { operationOrder.append(operation) }
                byOperation[operation, default: LatencyHistogram()].record(milliseconds: milliseconds(nanos))
            }
            for member in forest.spans(of: trace) where forest.depths[Int(member)] >= 0 {
                let service = forest.serviceIndex[Int(member)]
                if !touched.contains(service) { touched.append(service) }
                perTrace[Int(service)] += forest.selfNanos(of: Int(member))
            }
            for service in touched {
                let nanos = perTrace[Int(service)]
                if selfByServiceIndex[Int(service)] == nil { selfByServiceIndex[Int(service)] = LatencyHistogram() }
                selfByServiceIndex[Int(service)]!.record(milliseconds: milliseconds(nanos))
                perTrace[Int(service)] = 0
            }
            touched.removeAll(keepingCapacity: true)
        }
        var selfByService: [String: LatencyHistogram] = [:]
        for (service, histogram) in selfByServiceIndex.enumerated() {
            if let histogram { selfByService[forest.serviceNames[service]] = histogram }
        }
        var credits: [Double] = []
        var findings: [Finding] = []
        var measurements: [MeasuredValue] = []
        func judge(_ thresholds: [Threshold], _ histogram: LatencyHistogram, _ what: String, at: SourceLocation?) {
            for threshold in thresholds {
                guard let value = threshold.measure(histogram) else {
                    credits.append(0)
                    findings.append(.error("\(what): nothing measured for \(threshold)", at: at))
                    continue
                }
                let credit = threshold.credit(value, tolerance: options.tolerance)
                credits.append(credit)
                measurements.append(
                    MeasuredValue(
                        "\(what) \(threshold.statistic)", value, unit: threshold.statistic == .count ? nil : "ms",
                        limit: "\(threshold.comparison.rawValue) \(threshold.limit.compact)"))
                if credit < 1 {
                    findings.append(
                        .error(
                            "\(what): \(threshold.statistic) is \(value.compact(places: 2))\(threshold.statistic == .count ? "" : " ms"), breaking \(threshold)",
                            at: at))
                }
            }
        }
        judge(options.thresholds, all, "end-to-end duration", at: nil)
        for named in options.operations {
            let match = operationOrder.first {
                $0 == named.name || $0.hasSuffix(" " + named.name)
                    || $0.caseInsensitiveCompare(named.name) == .orderedSame
            }
            guard let match, let histogram = byOperation[match] else {
                credits += named.thresholds.map { _ in 0 }
                findings.append(
                    .error(
                        "no trace has the root operation '\(named.name)' (root operations: \(operationOrder.prefix(8).joined(separator: ", ")))\(Suggestion.didYouMean(named.name, in: operationOrder))",
                        at: named.location))
                continue
            }
            judge(named.thresholds, histogram, "'\(match)'", at: nil)
        }
        for named in options.selfTime {
            let service = selfByService.keys.first { $0.caseInsensitiveCompare(named.name) == .orderedSame }
            guard let service, let histogram = selfByService[service] else {
                credits += named.thresholds.map { _ in 0 }
                findings.append(
                    .error(
                        "no span of service '\(named.name)'\(ServiceNames(known: selfByService.keys.sorted()).missingHint(named.name))",
                        at: named.location))
                continue
            }
            judge(named.thresholds, histogram, "\(service) self time", at: nil)
        }
        // Percentiles per root operation and self time per service, for the report.
        for operation in operationOrder.prefix(20) {
            let histogram = byOperation[operation]!
            findings.append(
                .info(
                    "\(operation): \(plural(histogram.count, "trace")), p50 \(histogram.percentile(50)!.compact(places: 2)) ms, p95 \(histogram.percentile(95)!.compact(places: 2)) ms, p99 \(histogram.percentile(99)!.compact(places: 2)) ms"
                ))
        }
        for (service, histogram) in selfByService.sorted(by: { $0.key < $1.key }).prefix(30) {
            findings.append(
                .info(
                    "\(service) self time per trace: p50 \(histogram.percentile(50)!.compact(places: 2)) ms, p95 \(histogram.percentile(95)!.compact(places: 2)) ms"
                ))
        }
        // Critical paths of the slowest traces.
        ends.sort { $0.nanos > $1.nanos }
        for (traceIndex, nanos) in ends.prefix(options.slowest) {
            let trace = forest.traces[traceIndex]
            guard let top = forest.top(of: trace) else { continue }
            let path = forest.criticalPath(from: top)
            let steps = path.prefix(8).map { "\(spans[$0.span].service) '\(spans[$0.span].name)' \(msText($0.nanos))" }
            findings.append(
                .info(
                    "slow \(forest.label(trace)), \(msText(nanos)); critical path: \(steps.joined(separator: " → "))\(path.count > 8 ? " …" : "")",
                    at: spans[top].location))
        }
        for percentile in [50.0, 95, 99] {
            if let value = all.percentile(percentile) {
                measurements.append(MeasuredValue("end-to-end p(\(percentile.compact))", value, unit: "ms"))
            }
        }
        let score = credits.isEmpty ? 1 : credits.reduce(0, +) / Double(credits.count)
        let met = credits.filter { $0 >= 1 }.count
        var outcome = Outcome.scored(
            score,
            "\(met) of \(plural(credits.count, "threshold")) met over \(plural(forest.traces.count, "trace")); end-to-end p99 \(all.percentile(99).map { $0.compact(places: 2) } ?? "?") ms",
            findings: findings + evidence.findings, measurements: measurements)
        if let slowest = ends.first {
            outcome.charts.append(forest.waterfall(forest.traces[slowest.trace], title: "The slowest trace"))
        }
        outcome.charts.append(
            Chart(
                kind: .series, title: "End-to-end duration percentiles", unit: "ms",
                points: [50.0, 75, 90, 95, 99, 99.9].compactMap { p in
                    all.percentile(p).map { Chart.Point("p\(p.compact)", $0) }
                }))
        if let graph = forest.serviceGraphChart() { outcome.charts.append(graph) }
        return outcome
    }
}
