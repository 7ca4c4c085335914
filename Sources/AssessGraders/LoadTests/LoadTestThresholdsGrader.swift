public import AssessCore
import AssessFormats
import Foundation

/// k6's thresholds, verbatim, on the output of any load tool Assess reads: the rubric writes
/// `http_req_duration: ["p(95)<100"]` and the grader finds that figure in a k6 log, a JMeter
/// JTL, a Locust CSV or a wrk report. A figure the file cannot give is a finding, never a
/// guess; a figure from too few samples is inconclusive rather than a verdict.
public struct LoadTestThresholdsGrader: Grader {
    public struct Options: Sendable {
        var thresholds: [MetricThreshold]
        /// Fraction of the limit over which a missed threshold still earns falling credit.
        var tolerance: Double
        var warmUp: Double
        /// Samples a percentile needs; nil = enough for ten samples beyond it (1,000 for p(99)).
        var minSamples: Int?
        /// Largest spread between runs, (max − min) / median, before the figure is doubted.
        var maxSpread: Double?
    }

    public static let description = GraderDescription(
        kind: "loadtest.thresholds",
        summary:
            "Checks k6-style thresholds (p(95)<100, rate<0.001, count>1000) on load-test output of k6, Gatling, JMeter, Locust, wrk/wrk2, ab, vegeta, hey or Kafka's perf tools, read by content. Each figure is reported with unit and limit; a figure the tool did not record is a finding, and one from too few samples (or runs that disagree) is inconclusive.",
        options: [
            OptionDescription(
                "thresholds", .map(.list(.form("k6 threshold such as p(95)<100"))),
                "As k6's options.thresholds: { http_req_duration: [\"p(95)<100\"], \"http_req_duration{name:/orders}\": [\"p(99)<250\"], http_req_failed: [\"rate<0.001\"] }."
            ),
            OptionDescription(
                "tolerance", .number, default: "0",
                "Partial credit for a miss: credit falls from 1 to 0 as the figure moves this fraction of the limit beyond it (0.5 = 50 %); 0 fails a miss outright, as k6 does."
            ),
            OptionDescription(
                "warm_up", .duration, default: "0",
                "Leave out samples from the first this-many seconds (per-request formats)."),
            OptionDescription(
                "min_samples", .integer, default: "10 beyond the percentile",
                "Samples a percentile needs before it can pass or fail; by default enough for ten beyond it (200 for p(95), 1,000 for p(99))."
            ),
            OptionDescription(
                "max_spread", .number,
                "With several runs, the largest (max − min) / median of a figure across them; beyond it the verdict is inconclusive. The median run's figure is judged."
            ),
        ],
        examples: [
            GraderExample(
                "Phase 4: p95 under 100 ms and 99.9 % of requests succeed (k6 summary export)",
                with: "{ thresholds: { http_req_duration: [\"p(95)<100\"], http_req_failed: [\"rate<0.001\"] } }",
                paths: ["load/summary.json"],
                files: [
                    "load/summary.json":
                        #"{"root_group": {"name": "", "groups": {}, "checks": {}}, "metrics": {"http_req_duration": {"avg": 41.2, "min": 3.1, "med": 38.0, "max": 180.4, "p(90)": 71.9, "p(95)": 87.5}, "http_req_failed": {"passes": 0, "fails": 12000, "value": 0}, "http_reqs": {"count": 12000, "rate": 199.8}}}"#
                ], .passes),
            GraderExample(
                "JMeter results: p95 is 300 ms against a 100 ms limit",
                with: "{ thresholds: { http_req_duration: [\"p(95)<100\"] }, min_samples: 1 }", paths: ["results.jtl"],
                files: [
                    "results.jtl":
                        "timeStamp,elapsed,label,responseCode,responseMessage,threadName,dataType,success,failureMessage,bytes,sentBytes,grpThreads,allThreads,URL,Latency,IdleTime,Connect\n"
                        + (0..<20).map {
                            "17145504000\($0 + 10),\($0 < 18 ? 40 : 300),GET orders,200,OK,Users 1-1,text,true,,120,80,1,1,http://127.0.0.1/orders,\($0 < 18 ? 39 : 299),0,1\n"
                        }.joined()
                ], .fails),
        ])

    public let options: Options

    public init(options: Options) { self.options = options }

    public static func options(from reader: MappingReader) -> Options? {
        let thresholds = MetricThreshold.read("thresholds", from: reader, required: true)
        let tolerance = reader.declaredDouble("tolerance")
        if tolerance < 0 {
            reader.log.error(at: reader.node("tolerance")?.location, "'tolerance' cannot be negative")
        }
        let minSamples = reader.int("min_samples")
        guard let thresholds else { return nil }
        if thresholds.isEmpty {
            reader.log.error(at: reader.node("thresholds")?.location, "'thresholds' names no threshold")
        }
        return Options(
            thresholds: thresholds, tolerance: tolerance, warmUp: DurationText.read("warm_up", from: reader) ?? 0,
            minSamples: minSamples, maxSpread: reader.double("max_spread"))
    }

    public func grade(_ job: GradingJob) async throws -> Outcome {
        let readOptions = LoadTestReadOptions(
            warmUp: options.warmUp, selectors: options.thresholds.map(\.selector),
            metrics: Set(options.thresholds.map(\.selector.name)))
        let read = job.evidence(LoadTestReader(options: readOptions))
        return judge(read.models, readFindings: read.findings)
    }

    /// The verdict on runs already read (a test builds them in Swift): `readFindings` are what
    /// the reader met in the files.
    func judge(_ runs: [LoadTestRun], readFindings: [Finding]) -> Outcome {
        guard !runs.isEmpty else {
            return .error("no load-test output could be read", findings: readFindings)
        }
        var findings = readFindings
        var measurements: [MeasuredValue] = []
        var credit = 0.0
        var doubts: [String] = []
        var misses = 0
        for item in options.thresholds {
            let figures = runs.map { ($0, $0.figure(item.selector, item.threshold.statistic)) }
            var values: [(LoadTestRun, Double)] = []
            for (run, figure) in figures {
                switch figure {
                case .value(let value, _): values.append((run, value))
                case .missing(let reason):
                    findings.append(
                        .error(
                            "'\(item.threshold)' on \(item.selector) cannot be judged: \(reason)",
                            at: SourceLocation(file: run.file, line: 1, column: 1),
                            hint:
                                "hand in output that records \(item.threshold.statistic) for \(item.selector) (raw samples, e.g. k6 --out json or a JMeter JTL, give every percentile)"
                        ))
                }
            }
            guard values.count == runs.count else {
                misses += 1
                continue
            }
            let sorted = values.map(\.1).sorted()
            let value = sorted[sorted.count / 2]
            let run = values.first { $0.1 == value }!.0
            measurements.append(MeasuredValue(item.label, value, unit: item.unit, limit: item.limit))
            if let reason = insufficient(item, run: run) {
                doubts.append(reason)
                findings.append(
                    .info(
                        "'\(item.threshold)' on \(item.selector): \(reason)",
                        at: SourceLocation(file: run.file, line: 1, column: 1)))
                continue
            }
            if let maxSpread = options.maxSpread, sorted.count > 1, value != 0 {
                let spread = (sorted.last! - sorted.first!) / abs(value)
                if spread > maxSpread {
                    let reason =
                        "\(item.label) varies by \(Int(saturating: (spread * 100).rounded())) % across \(sorted.count) runs (\(sorted.map { $0.compact(places: 2) }.joined(separator: ", "))), more than the \(Int(saturating: (maxSpread * 100).rounded())) % allowed"
                    doubts.append(reason)
                    findings.append(.info(reason))
                    continue
                }
            }
            let earned = item.threshold.credit(value, tolerance: options.tolerance)
            credit += earned
            if earned < 1 {
                misses += 1
                findings.append(
                    .error(
                        "\(item.label) is \(item.display(value)); the threshold is '\(item.threshold)'",
                        at: SourceLocation(file: run.file, line: 1, column: 1), location: item.location))
            }
        }
        let total = Double(options.thresholds.count)
        let charts = runs.first?.charts ?? []
        if !doubts.isEmpty, misses == 0 {
            var outcome = Outcome.inconclusive(doubts.joined(separator: "; "), findings: findings)
            outcome.measurements = measurements
            return outcome.with(charts: charts)
        }
        let met = options.thresholds.count - misses - doubts.count
        return Outcome.scored(
            credit / total,
            "\(met) of \(options.thresholds.count) threshold\(options.thresholds.count == 1 ? "" : "s") met across \(runs.count) run\(runs.count == 1 ? "" : "s")",
            findings: findings, measurements: measurements
        ).with(charts: charts)
    }

    /// Why a figure rests on too few samples, if it does.
    func insufficient(_ item: MetricThreshold, run: LoadTestRun) -> String? {
        guard let p = item.threshold.statistic.percentile, p > 0, let metric = run.metric(item.selector) else {
            return nil
        }
        let needed = options.minSamples ?? Int(saturating: (10 / max(1e-9, 1 - p / 100)).rounded(.up))
        var have = metric.sampleCount
        if have == 0, !metric.hasRawSamples, item.selector.name.hasPrefix("http_req") {
            have = Int(run.requestCount ?? 0)
        }
        // A summary that states no count cannot be doubted on that ground.
        guard have > 0, have < needed else { return nil }
        return "\(have.formatted()) samples, at least \(needed.formatted()) needed for \(item.threshold.statistic)"
    }
}

extension Finding {
    /// A finding about a file that also points at the rubric line that set the limit.
    static func error(_ message: String, at location: SourceLocation?, location rubric: SourceLocation?) -> Finding {
        Finding(.error, message, at: location, hint: rubric.map { "the limit is set at \($0)" })
    }
}
