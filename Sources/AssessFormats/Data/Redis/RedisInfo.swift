import Foundation

/// One `INFO` reply of a Redis server, as `redis-cli INFO [all|everything]` prints it: `# Section`
/// headers, `field:value` lines (CRLF from the server, LF once pasted), with the nested lists
/// of commandstats, latencystats, errorstats and keyspace read into typed values. Unknown
/// fields are kept as text, as the INFO docs ask clients to tolerate them.
public struct RedisInfo: Sendable, Hashable {
    /// Per-command figures from `cmdstat_<name>:calls=…,usec=…,usec_per_call=…`.
    public struct CommandStats: Sendable, Hashable {
        public var calls: Double
        public var usec: Double
        public var usecPerCall: Double?
        public var rejectedCalls: Double?
        public var failedCalls: Double?
    }

    /// Per-database figures from `db<N>:keys=…,expires=…,avg_ttl=…`.
    public struct Keyspace: Sendable, Hashable {
        public var keys: Double
        public var expires: Double
        public var averageTTL: Double?
    }

    /// Every field by name, values as written.
    public var fields: [String: String] = [:]
    /// Which section each field came from.
    public var sections: [String: String] = [:]
    public var commands: [String: CommandStats] = [:]
    /// `latency_percentiles_usec_<cmd>:p50=…,p99=…,p99.9=…`, in microseconds as written.
    public var latencyPercentiles: [String: [Double: Double]] = [:]
    public var errors: [String: Double] = [:]
    public var keyspace: [String: Keyspace] = [:]
    /// Lines that are not `field:value` nor a section header, with their line numbers.
    public var unreadable: [(line: Int, text: String)] = []

    public init() {}

    public static func == (lhs: RedisInfo, rhs: RedisInfo) -> Bool {
        lhs.fields == rhs.fields && lhs.commands == rhs.commands && lhs.latencyPercentiles == rhs.latencyPercentiles
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(fields) }

    /// Whether `text` looks like INFO output: a `# Server`/`# Stats`-style header or known fields.
    public static func recognizes(_ text: String) -> Bool {
        let head = text.prefix(4096)
        return head.contains("# Server") || head.contains("# Stats") || head.contains("redis_version:")
            || head.contains("keyspace_hits:")
    }

    /// Reads one INFO reply; unreadable lines are kept in `unreadable`, never fatal.
    public init(text: String) {
        var section = ""
        // "\r\n" is one Character in Swift: split on either ending.
        let lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
        for (index, raw) in lines.enumerated() {
            var line = Substring(raw)
            if line.hasSuffix("\r") { line = line.dropLast() }
            if line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            if line.hasPrefix("#") {
                section = line.dropFirst().trimmingCharacters(in: .whitespaces)
                continue
            }
            guard let colon = line.firstIndex(of: ":") else {
                unreadable.append((index + 1, String(line)))
                continue
            }
            let name = String(line[..<colon])
            let value = String(line[line.index(after: colon)...])
            fields[name] = value
            sections[name] = section
            if name.hasPrefix("cmdstat_") {
                let pairs = Self.pairs(value)
                commands[String(name.dropFirst("cmdstat_".count))] = CommandStats(
                    calls: pairs["calls"] ?? 0, usec: pairs["usec"] ?? 0, usecPerCall: pairs["usec_per_call"],
                    rejectedCalls: pairs["rejected_calls"], failedCalls: pairs["failed_calls"])
            } else if name.hasPrefix("latency_percentiles_usec_") {
                var percentiles: [Double: Double] = [:]
                for (key, number) in Self.pairs(value) where key.hasPrefix("p") {
                    if let p = Double(key.dropFirst()) { percentiles[p] = number }
                }
                latencyPercentiles[String(name.dropFirst("latency_percentiles_usec_".count))] = percentiles
            } else if name.hasPrefix("errorstat_") {
                errors[String(name.dropFirst("errorstat_".count))] = Self.pairs(value)["count"] ?? 0
            } else if section.lowercased() == "keyspace" || (name.hasPrefix("db") && Int(name.dropFirst(2)) != nil) {
                let pairs = Self.pairs(value)
                keyspace[name] = Keyspace(
                    keys: pairs["keys"] ?? 0, expires: pairs["expires"] ?? 0, averageTTL: pairs["avg_ttl"])
            }
        }
    }

    /// `k=v,k=v` with numeric values.
    static func pairs(_ text: String) -> [String: Double] {
        var result: [String: Double] = [:]
        for pair in text.split(separator: ",") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            if parts.count == 2, let number = Double(parts[1]) { result[String(parts[0])] = number }
        }
        return result
    }

    /// A field as a number: integers, `%.2f` floats, `98.32%` percentages.
    public func number(_ name: String) -> Double? {
        guard var text = fields[name]?.trimmingCharacters(in: .whitespaces) else { return nil }
        if text.hasSuffix("%") { text.removeLast() }
        return Double(text)
    }

    public var keyspaceHits: Double? { number("keyspace_hits") }
    public var keyspaceMisses: Double? { number("keyspace_misses") }
    public var evictedKeys: Double? { number("evicted_keys") }
    public var expiredKeys: Double? { number("expired_keys") }
    public var uptime: Double? { number("uptime_in_seconds") }

    /// `hits / (hits + misses)` over the server's lifetime (or since `CONFIG RESETSTAT`).
    public var hitRatio: Double? { RedisInterval.ratio(hits: keyspaceHits, misses: keyspaceMisses) }
}

/// What happened between two INFO snapshots of one server: counters are cumulative since
/// start, so only their difference describes the run between the snapshots.
public struct RedisInterval: Sendable, Hashable {
    public var before: RedisInfo
    public var after: RedisInfo

    public init(before: RedisInfo, after: RedisInfo) {
        self.before = before
        self.after = after
    }

    /// Whether the server restarted (or stats were reset) in between: counters went down.
    public var countersReset: Bool {
        if let a = after.uptime, let b = before.uptime, a < b { return true }
        if let a = after.number("total_commands_processed"), let b = before.number("total_commands_processed"), a < b {
            return true
        }
        return false
    }

    public func delta(_ field: String) -> Double? {
        guard let a = after.number(field), let b = before.number(field) else { return nil }
        return a - b
    }

    public var hits: Double? { delta("keyspace_hits") }
    public var misses: Double? { delta("keyspace_misses") }
    public var hitRatio: Double? { Self.ratio(hits: hits, misses: misses) }

    /// Calls and time per call of one command over the interval.
    public func command(_ name: String) -> (calls: Double, usecPerCall: Double?)? {
        guard let a = after.commands[name] else { return nil }
        let b = before.commands[name] ?? RedisInfo.CommandStats(calls: 0, usec: 0)
        let calls = a.calls - b.calls
        return (calls, calls > 0 ? (a.usec - b.usec) / calls : nil)
    }

    static func ratio(hits: Double?, misses: Double?) -> Double? {
        guard let hits, let misses, hits + misses > 0 else { return nil }
        return hits / (hits + misses)
    }
}
