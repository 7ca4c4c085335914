/// The files one tool wrote for one run, handed in together, so they are read as that one run
/// rather than as several runs or as files that are "not a load-test output":
/// - Locust's `--csv PREFIX` files, `PREFIX_stats.csv`, `PREFIX_stats_history.csv`,
///   `PREFIX_failures.csv` and `PREFIX_exceptions.csv` (the last two often header-only);
/// - Gatling's report folder (`js/stats.json`, `js/global_stats.json`, `simulation.log`, the
///   HTML pages, `js/` and `style/` beside them; another file in the folder stays on its own);
/// - JMeter's JTL with the HTML dashboard made from it (`report/statistics.json`, in the JTL's
///   folder or one below it).
/// Sets are found from the paths alone, as the tools name their files; every member is still
/// read by its content. A file in no set is a set of one.
public struct LoadTestFileSet: Sendable, Hashable {
    public enum Layout: String, Sendable, Hashable {
        case single
        case locustCSV = "Locust --csv files"
        case gatlingReport = "Gatling report folder"
        case jmeterDashboard = "JMeter results with dashboard"
    }

    public var layout: Layout
    /// Every member, in path order.
    public var files: [String]

    public init(layout: Layout, files: [String]) {
        self.layout = layout
        self.files = files.sorted()
    }

    /// The suffixes Locust's `--csv PREFIX` gives its files, longest first.
    static let locustSuffixes = ["_stats_history.csv", "_exceptions.csv", "_failures.csv", "_stats.csv"]

    /// The paths grouped into sets, ordered by their first member.
    public static func group(_ paths: [String]) -> [LoadTestFileSet] {
        var remaining = paths.sorted()
        var sets: [LoadTestFileSet] = []
        func take(_ belongs: (String) -> Bool) -> [String] {
            let taken = remaining.filter(belongs)
            remaining.removeAll(where: belongs)
            return taken
        }
        // Gatling: a folder that holds js/stats.json or js/global_stats.json.
        let gatlingFolders = Set(
            remaining.compactMap { path -> String? in
                for tail in ["/js/stats.json", "/js/global_stats.json"] where path.hasSuffix(tail) {
                    return String(path.dropLast(tail.count))
                }
                return nil
            })
        for folder in gatlingFolders.sorted() {
            // What Gatling writes there: the log, the HTML pages, js/ and style/.
            let members = take { path in
                under(folder, path)
                    && (path == folder + "/simulation.log" || path.hasSuffix(".html") || under(folder + "/js", path)
                        || under(folder + "/style", path))
            }
            if !members.isEmpty { sets.append(LoadTestFileSet(layout: .gatlingReport, files: members)) }
        }
        // JMeter: a dashboard folder (statistics.json) and the one JTL beside it or above it.
        let dashboards = remaining.filter { name($0) == "statistics.json" }.map(folder)
        for dashboard in dashboards.sorted() {
            var members = take { dashboard.isEmpty ? $0 == "statistics.json" : under(dashboard, $0) }
            let parent = folder(dashboard)
            let jtls = remaining.filter { path in
                let place = folder(path)
                return (place == dashboard || place == parent) && (path.hasSuffix(".jtl") || path.hasSuffix(".csv"))
                    && !locustSuffixes.contains { path.hasSuffix($0) }
            }
            if jtls.count == 1 { members += take { $0 == jtls[0] } }
            sets.append(LoadTestFileSet(layout: .jmeterDashboard, files: members))
        }
        // Locust: files of one folder sharing a --csv prefix.
        var locust: [String: [String]] = [:]
        for path in remaining {
            if let suffix = locustSuffixes.first(where: { path.hasSuffix($0) }) {
                locust[String(path.dropLast(suffix.count)), default: []].append(path)
            }
        }
        for (_, members) in locust {
            _ = take { members.contains($0) }
            sets.append(LoadTestFileSet(layout: .locustCSV, files: members))
        }
        sets += remaining.map { LoadTestFileSet(layout: .single, files: [$0]) }
        return sets.sorted { $0.files[0] < $1.files[0] }
    }

    static func name(_ path: String) -> String { path.split(separator: "/").last.map(String.init) ?? path }

    static func folder(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[..<slash])
    }

    static func under(_ folder: String, _ path: String) -> Bool { path.hasPrefix(folder + "/") }

    /// Reads the set as one run. `open` gives a member's bytes. The run is named after the
    /// member that gives its figures; what the other members add (Locust's timeline, users,
    /// failure and exception messages) is merged in, and a member that cannot be read becomes
    /// a problem of the run at its place rather than a run of its own.
    public func read(
        options: LoadTestReadOptions, open: (String) throws(LoadTestReadError) -> LoadTestSource
    ) throws(LoadTestReadError) -> LoadTestRun {
        switch layout {
        case .single: return try LoadTestFormats.read(open(files[0]), options: options)
        case .locustCSV: return try readLocust(options: options, open: open)
        case .gatlingReport:
            let log = files.first { Self.name($0) == "simulation.log" }
            let stats = files.first { $0.hasSuffix("js/stats.json") }
            let global = files.first { $0.hasSuffix("js/global_stats.json") }
            return try first([log, stats, global].compactMap { $0 }, options: options, open: open)
        case .jmeterDashboard:
            let statistics = files.first { Self.name($0) == "statistics.json" }
            let jtl = files.first { $0.hasSuffix(".jtl") || $0.hasSuffix(".csv") }
            var run = try first([jtl, statistics].compactMap { $0 }, options: options, open: open)
            if run.file == jtl, let statistics, options.warmUp == 0,
                let dashboard = try? LoadTestFormats.read(open(statistics), options: options),
                let counted = dashboard.requestCount, let read = run.requestCount, counted != read
            {
                run.problems.append(
                    .skipped(
                        "the dashboard counts \(Int(counted)) samples, the JTL \(Int(read)): were they made from the same run?",
                        file: statistics, line: 1))
            }
            return run
        }
    }

    /// The run of the first candidate that reads; the errors of those that did not are kept as
    /// problems when one does, and the first is thrown when none does.
    private func first(
        _ candidates: [String], options: LoadTestReadOptions, open: (String) throws(LoadTestReadError) -> LoadTestSource
    ) throws(LoadTestReadError) -> LoadTestRun {
        var errors: [LoadTestReadError] = []
        for candidate in candidates {
            do throws(LoadTestReadError) {
                var run = try LoadTestFormats.read(open(candidate), options: options)
                run.problems += errors.map {
                    .skipped($0.message + "; read \(run.file) instead", file: $0.file, line: $0.line, column: $0.column)
                }
                return run
            } catch {
                errors.append(error)
            }
        }
        throw errors.first ?? LoadTestReadError(file: files[0], "the \(layout.rawValue) hold no statistics Assess reads")
    }

    /// Locust: the figures from `_stats.csv` (else the history), the timeline, start and users
    /// from `_stats_history.csv`, the messages of `_failures.csv` and `_exceptions.csv`.
    private func readLocust(
        options: LoadTestReadOptions, open: (String) throws(LoadTestReadError) -> LoadTestSource
    ) throws(LoadTestReadError) -> LoadTestRun {
        var parts: [String: LoadTestRun] = [:]
        var problems: [ReadProblem] = []
        var firstError: LoadTestReadError?
        for file in files {
            guard let suffix = Self.locustSuffixes.first(where: { file.hasSuffix($0) }) else { continue }
            do throws(LoadTestReadError) {
                parts[suffix] = try LoadTestFormats.read(open(file), options: options)
            } catch {
                firstError = firstError ?? error
                problems.append(.skipped(error.message, file: error.file, line: error.line, column: error.column))
            }
        }
        let order = ["_stats.csv", "_stats_history.csv", "_failures.csv", "_exceptions.csv"]
        guard let primary = order.first(where: { parts[$0] != nil }), var run = parts[primary] else {
            throw firstError ?? LoadTestReadError(file: files[0], "no file of the Locust run could be read")
        }
        for suffix in order where suffix != primary {
            guard let part = parts[suffix] else { continue }
            if suffix == "_stats_history.csv" {
                run.timeline = part.timeline
                run.start = run.start ?? part.start
                if let users = part.metrics["vus"] { run.metrics["vus"] = users }
                if let users = part.concurrency { run.concurrency = max(run.concurrency ?? 0, users) }
            } else {
                for (message, count) in part.errors { run.errors[message, default: 0] += count }
            }
            run.problems += part.problems
            if part.truncated {
                run.problems.append(.skipped("the file ends mid-record (cut short?)", file: part.file, line: 1))
            }
        }
        run.problems += problems
        return run
    }
}
