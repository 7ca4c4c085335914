public import AssessCore
import AssessFormats
import Foundation

/// Before and after: "10× read throughput" or "p95 halved" judged as ratios between two runs
/// of the input, each read by content whatever tool wrote it.
public struct LoadTestCompareGrader: Grader {
    struct RatioCheck: Sendable, Hashable {
        var selector: MetricSelector
        var statistic: Threshold.Statistic
        var minRatio: Double?
        var maxRatio: Double?
        var location: SourceLocation

        var label: String { "\(selector) \(statistic) after ÷ before" }
    }

    public struct Options: Sendable {
        var before: Glob
        var after: Glob
        var checks: [RatioCheck]
        var warmUp: Double
    }

    public static let description = GraderDescription(
        kind: "loadtest.compare",
        summary:
            "Compares two load-test runs of the input (before and after a change, picked by path) with ratio checks on any metric: after throughput ≥ 10 × before, after p95 ≤ 0.5 × before.",
        options: [
            OptionDescription("before", .glob, "The run before the change, among the input's files."),
            OptionDescription("after", .glob, "The run after the change."),
            OptionDescription(
                "checks", .structure("list of { metric, stat, min_ratio, max_ratio }"),
                "Each: a k6 metric (with an optional tag filter), a statistic as k6 writes it (`rate`, `p(95)`, `avg`, `count`), and the bounds on after ÷ before."
            ),
            OptionDescription(
                "warm_up", .duration, default: "0", "Leave out the first this-many seconds of both runs."),
        ],
        examples: [
            GraderExample(
                "Phase 3 CQRS lab: 10x read throughput, p95 at least halved",
                with:
                    "{ before: \"**/before.json\", after: \"**/after.json\", checks: [{ metric: http_reqs, stat: rate, min_ratio: 10 }, { metric: http_req_duration, stat: \"p(95)\", max_ratio: 0.5 }] }",
                paths: ["bench/*.json"],
                files: [
                    "bench/before.json":
                        #"{"metrics": {"http_reqs": {"count": 12000, "rate": 200}, "http_req_duration": {"avg": 80, "med": 75, "max": 400, "min": 5, "p(90)": 140, "p(95)": 180}}}"#,
                    "bench/after.json":
                        #"{"metrics": {"http_reqs": {"count": 150000, "rate": 2500}, "http_req_duration": {"avg": 9, "med": 8, "max": 90, "min": 1, "p(90)": 14, "p(95)": 21}}}"#,
                ], .passes),
            GraderExample(
                "throughput only tripled",
                with:
                    "{ before: \"**/before.json\", after: \"**/after.json\", checks: [{ metric: http_reqs, stat: rate, min_ratio: 10 }] }",
                paths: ["bench/*.json"],
                files: [
                    "bench/before.json": #"{"metrics": {"http_reqs": {"count": 12000, "rate": 200}}}"#,
                    "bench/after.json": #"{"metrics": {"http_reqs": {"count": 36000, "rate": 600}}}"#,
                ], .fails),
        ])

    public let options: Options

    public init(options: Options) { self.options = options }

    public static func options(from reader: MappingReader) -> Options? {
        let before = reader.string("before", required: true).map(Glob.init)
        let after = reader.string("after", required: true).map(Glob.init)
        var checks: [RatioCheck] = []
        if let list = reader.require("checks") {
            for item in list.sequence ?? [] {
                guard
                    let sub = MappingReader(
                        item, keys: ["metric", "stat", "min_ratio", "max_ratio"], context: "a check of 'checks'",
                        log: reader.log)
                else { continue }
                guard let metric = sub.string("metric", required: true),
                    let stat = sub.string("stat", required: true)
                else { continue }
                do throws(ThresholdSyntaxError) {
                    let selector = try MetricSelector(parsing: metric)
                    let statistic = try Threshold(parsing: "\(stat)>0").statistic
                    let check = RatioCheck(
                        selector: selector, statistic: statistic, minRatio: sub.double("min_ratio"),
                        maxRatio: sub.double("max_ratio"), location: item.location)
                    if check.minRatio == nil, check.maxRatio == nil {
                        reader.log.error(at: item.location, "a check needs 'min_ratio' or 'max_ratio'")
                    }
                    checks.append(check)
                } catch {
                    reader.log.error(at: item.location, error.description)
                }
            }
            if list.sequence == nil {
                reader.log.error(at: list.location, "expected a list of checks for 'checks'")
            }
        }
        guard let before, let after else { return nil }
        return Options(
            before: before, after: after, checks: checks, warmUp: DurationText.read("warm_up", from: reader) ?? 0)
    }

    public func grade(_ job: GradingJob) async throws -> Outcome {
        let readOptions = LoadTestReadOptions(
            warmUp: options.warmUp, selectors: options.checks.map(\.selector),
            metrics: Set(options.checks.map(\.selector.name)))
        let read = job.evidence(LoadTestReader(options: readOptions))
        return judge(read.models, readFindings: read.findings, input: job.files.map(\.path))
    }

    /// The ratio checks between the before and the after run among runs already read (a test
    /// builds them in Swift): `readFindings` are what the reader met in the files, `input` the
    /// paths the runs were picked from.
    func judge(_ runs: [LoadTestRun], readFindings: [Finding], input: [String]) -> Outcome {
        let before = runs.first { options.before.matches($0.file) }
        let after = runs.first { options.after.matches($0.file) }
        guard let before, let after else {
            let missing = [
                before == nil ? "before (\(options.before.description))" : nil,
                after == nil ? "after (\(options.after.description))" : nil,
            ]
            .compactMap { $0 }.joined(separator: " and ")
            return .failed(
                "no readable \(missing) run among \(input.joined(separator: ", "))",
                findings: readFindings)
        }
        var findings = readFindings
        var measurements: [MeasuredValue] = []
        var met = 0
        for check in options.checks {
            guard case .value(let old, _) = before.figure(check.selector, check.statistic) else {
                findings.append(
                    .error(
                        "the before run (\(before.file)) has no \(check.selector) \(check.statistic)",
                        at: SourceLocation(file: before.file, line: 1, column: 1)))
                continue
            }
            guard case .value(let new, _) = after.figure(check.selector, check.statistic) else {
                findings.append(
                    .error(
                        "the after run (\(after.file)) has no \(check.selector) \(check.statistic)",
                        at: SourceLocation(file: after.file, line: 1, column: 1)))
                continue
            }
            guard old != 0 else {
                findings.append(
                    .error(
                        "\(check.selector) \(check.statistic) is 0 before the change; no ratio can be taken",
                        at: SourceLocation(file: before.file, line: 1, column: 1)))
                continue
            }
            let ratio = new / old
            let limit = [check.minRatio.map { ">= \($0.compact)" }, check.maxRatio.map { "<= \($0.compact)" }]
                .compactMap { $0 }.joined(separator: ", ")
            measurements.append(MeasuredValue(check.label, ratio, unit: "×", limit: limit))
            let holds = (check.minRatio.map { ratio >= $0 } ?? true) && (check.maxRatio.map { ratio <= $0 } ?? true)
            if holds {
                met += 1
            } else {
                findings.append(
                    .error(
                        "\(check.selector) \(check.statistic) went from \(old.compact(places: 2)) to \(new.compact(places: 2)) (× \(ratio.compact(places: 2))); required \(limit)",
                        at: SourceLocation(file: after.file, line: 1, column: 1), location: check.location))
            }
        }
        return .scored(
            options.checks.isEmpty ? 1 : Double(met) / Double(options.checks.count),
            "\(met) of \(options.checks.count) before/after checks met (\(before.file) → \(after.file))",
            findings: findings, measurements: measurements)
    }
}
