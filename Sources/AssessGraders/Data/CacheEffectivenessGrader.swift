public import AssessCore
import AssessFormats
import Foundation

/// A cache judged from Redis's own counters: the share of lookups it answered, the keys it
/// had to evict, and how long commands took. With two snapshots (before and after a run) the
/// figures are those of the run, not of the server's whole life.
public struct CacheEffectivenessGrader: Grader {
    public struct Options: Sendable {
        var hitRatio: CountRange?
        var evictedKeys: CountRange?
        var commands: [(name: String, thresholds: [Threshold])]
        var before: Glob?
    }

    public static let description = GraderDescription(
        kind: "cache.effectiveness",
        summary:
            "Reads Redis INFO output (all sections, CRLF or LF) — one snapshot, or two taken before and after a run — and checks the hit ratio keyspace_hits / (hits + misses) over the interval, evicted keys, and command latency (latencystats percentiles, or avg from commandstats over the interval) against the rubric's bounds. Each figure is reported with its unit and limit.",
        options: [
            OptionDescription("hit_ratio", .range, "Bounds on the hit ratio, a fraction: { min: 0.9 }."),
            OptionDescription(
                "evicted_keys", .range, "Bounds on keys evicted (over the interval with two snapshots): { max: 0 }."),
            OptionDescription(
                "commands", .structure("mapping"),
                "Latency thresholds in ms per command: { get: [\"p(99)<1\", \"avg<0.2\"] }. p(N) reads latency_percentiles_usec_<cmd> (Redis ≥ 7, since start); avg reads cmdstat_<cmd> over the interval."
            ),
            OptionDescription(
                "before", .glob,
                "The snapshot taken before the run, among the input's files; without it, of two snapshots the one with fewer commands processed."
            ),
        ],
        examples: [
            GraderExample(
                "the interval's hit ratio is 95 % with no eviction",
                with: "{ hit_ratio: { min: 0.9 }, evicted_keys: { max: 0 } }", paths: ["*.txt"],
                files: [
                    "before.txt": RedisExamples.info(hits: 1_000, misses: 1_000, evicted: 0, commands: 5_000),
                    "after.txt": RedisExamples.info(hits: 10_500, misses: 1_500, evicted: 0, commands: 20_000),
                ], .passes),
            GraderExample(
                "a cache that misses half its lookups and evicts",
                with: "{ hit_ratio: { min: 0.9 }, evicted_keys: { max: 0 } }", paths: ["info.txt"],
                files: ["info.txt": RedisExamples.info(hits: 500, misses: 500, evicted: 42, commands: 2_000)], .fails),
        ])

    public let options: Options

    public init(options: Options) { self.options = options }

    public static func options(from reader: MappingReader) -> Options? {
        var commands: [(String, [Threshold])] = []
        if let node = reader.node("commands") {
            if let entries = node.mapping {
                let names = entries.compactMap { $0.key.string }
                for name in names {
                    guard let sub = MappingReader(node, keys: names, context: "'commands'", log: reader.log)
                    else { continue }
                    commands.append((name.lowercased(), LatencyThresholds.read(name, from: sub)))
                }
            } else {
                reader.log.error(
                    at: node.location, "'commands' maps command names to thresholds: { get: [\"p(99)<1\"] }")
            }
        }
        return Options(
            hitRatio: CountRange.read("hit_ratio", from: reader),
            evictedKeys: CountRange.read("evicted_keys", from: reader), commands: commands,
            before: reader.string("before").map(Glob.init))
    }

    public func grade(_ job: GradingJob) async throws -> Outcome {
        var findings: [Finding] = []
        var snapshots: [(file: String, info: RedisInfo)] = []
        for file in job.files {
            let text: String
            do { text = try job.text(file) } catch {
                findings.append(.error(error.description, at: SourceLocation(file: file.path, line: 1, column: 1)))
                continue
            }
            guard RedisInfo.recognizes(text) else {
                findings.append(
                    .error(
                        "\(file.path) is not Redis INFO output", at: SourceLocation(file: file.path, line: 1, column: 1)
                    ))
                continue
            }
            let info = RedisInfo(text: text)
            for bad in info.unreadable.prefix(3) {
                findings.append(
                    Finding(
                        .warning, "not a field:value line: '\(bad.text.prefix(60))'",
                        at: SourceLocation(file: file.path, line: bad.line, column: 1)))
            }
            snapshots.append((file.path, info))
        }
        guard !snapshots.isEmpty else { return .error("no Redis INFO snapshot could be read", findings: findings) }
        if snapshots.count > 2 {
            findings.append(Finding(.warning, "\(snapshots.count) snapshots given; the first and last are compared"))
        }
        var interval: RedisInterval?
        if snapshots.count >= 2 {
            var ordered = snapshots.sorted {
                ($0.info.number("total_commands_processed") ?? 0) < ($1.info.number("total_commands_processed") ?? 0)
            }
            if let before = options.before, let index = ordered.firstIndex(where: { before.matches($0.file) }) {
                let first = ordered.remove(at: index)
                ordered.insert(first, at: 0)
            }
            let candidate = RedisInterval(before: ordered[0].info, after: ordered[ordered.count - 1].info)
            if candidate.countersReset {
                findings.append(
                    .error(
                        "the counters went down between \(ordered[0].file) and \(ordered[ordered.count - 1].file): the server restarted or its stats were reset, so the interval cannot be measured"
                    ))
            } else {
                interval = candidate
            }
        }
        let latest = snapshots.max {
            ($0.info.number("total_commands_processed") ?? 0) < ($1.info.number("total_commands_processed") ?? 0)
        }!.info
        let scope = interval == nil ? "since start" : "over the interval"
        var measurements: [MeasuredValue] = []
        var checks = 0
        var met = 0.0
        func judge(_ name: String, _ value: Double?, _ range: CountRange?, unit: String, missing: String) {
            guard let range else {
                if let value { measurements.append(MeasuredValue(name, value, unit: unit)) }
                return
            }
            checks += 1
            guard let value else {
                findings.append(.error(missing))
                return
            }
            measurements.append(MeasuredValue(name, value, unit: unit, limit: range.description))
            if range.contains(value) {
                met += 1
            } else {
                findings.append(.error("\(name) is \(value.compact(places: 4)) \(unit), outside \(range)"))
            }
        }
        let hitRatio = interval.map { $0.hitRatio } ?? latest.hitRatio
        judge(
            "hit ratio (\(scope))", hitRatio, options.hitRatio, unit: "ratio",
            missing: "no hit ratio: keyspace_hits and keyspace_misses are missing or both zero \(scope)")
        if let interval {
            if let hits = interval.hits { measurements.append(MeasuredValue("keyspace hits (interval)", hits)) }
            if let misses = interval.misses { measurements.append(MeasuredValue("keyspace misses (interval)", misses)) }
        }
        let evicted = interval.map { $0.delta("evicted_keys") } ?? latest.evictedKeys
        judge(
            "evicted keys (\(scope))", evicted, options.evictedKeys, unit: "keys", missing: "INFO has no evicted_keys")
        for (command, thresholds) in options.commands {
            for threshold in thresholds {
                checks += 1
                var value: Double?
                var source = ""
                if let p = threshold.statistic.percentile {
                    value = latest.latencyPercentiles[command]?[p].map { $0 / 1000 }
                    source = "latency_percentiles_usec_\(command) (since start)"
                } else if threshold.statistic == .avg {
                    if let interval, let stats = interval.command(command) {
                        value = stats.usecPerCall.map { $0 / 1000 }
                    } else {
                        value = latest.commands[command]?.usecPerCall.map { $0 / 1000 }
                    }
                    source = "cmdstat_\(command) (\(scope))"
                }
                guard let value else {
                    findings.append(
                        .error(
                            "no \(threshold.statistic) latency for \(command.uppercased()): INFO has no \(source.isEmpty ? "such figure" : source) (use INFO all, and latency-tracking for percentiles)"
                        ))
                    continue
                }
                let judged = threshold.judge(
                    value, measured: "\(command.uppercased()) latency", subject: "\(command.uppercased()) latency",
                    places: 3)
                measurements.append(judged.measurement)
                if let finding = judged.finding { findings.append(finding) } else { met += 1 }
            }
        }
        if checks == 0 {
            return .passed(
                "\(snapshots.count) Redis snapshot(s) read; no bound to check", findings: findings,
                measurements: measurements)
        }
        return .scored(
            met / Double(checks), "\(Int(met)) of \(checks) cache checks met \(scope)", findings: findings,
            measurements: measurements)
    }
}

/// INFO replies for the grader's own examples, in the layout of Redis 7.2's `genRedisInfoString`.
enum RedisExamples {
    static func info(hits: Int, misses: Int, evicted: Int, commands: Int) -> String {
        [
            "# Server", "redis_version:7.2.6", "uptime_in_seconds:\(commands / 10)", "", "# Stats",
            "total_commands_processed:\(commands)", "expired_keys:0", "evicted_keys:\(evicted)",
            "keyspace_hits:\(hits)", "keyspace_misses:\(misses)", "", "# Keyspace",
            "db0:keys=120,expires=120,avg_ttl=58000",
            "",
        ].joined(separator: "\r\n")
    }
}
