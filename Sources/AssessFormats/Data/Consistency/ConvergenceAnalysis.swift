import Foundation

/// Replication judged from a write log and replica read logs: how long each write took to be
/// visible on every replica, which never got there, which reads went back to an older
/// version, and — for last-writer-wins — which keys settled on something other than the latest
/// write. Fed one record at a time; memory grows with writes and reads per key, since a read
/// may be logged before the write it reflects.
public struct ConvergenceAnalysis: Sendable {
    public struct Write: Sendable, Hashable {
        public var key: String
        public var version: Int64
        /// Seconds since the epoch.
        public var time: Double
        public var line: Int
        public var file: String
    }

    public struct Read: Sendable, Hashable {
        public var version: Int64
        public var time: Double
        public var line: Int
        public var file: String
    }

    public struct Finding: Sendable, Hashable {
        public var message: String
        public var file: String
        public var line: Int
    }

    public private(set) var writes: [Write] = []
    /// key → replica → reads.
    var reads: [String: [String: [Read]]] = [:]
    public private(set) var replicas: Set<String> = []

    public init() {}

    public mutating func write(key: String, version: Int64, time: Double, line: Int, file: String) {
        writes.append(Write(key: key, version: version, time: time, line: line, file: file))
    }

    public mutating func read(key: String, replica: String, version: Int64, time: Double, line: Int, file: String) {
        replicas.insert(replica)
        reads[key, default: [:]][replica, default: []].append(
            Read(version: version, time: time, line: line, file: file))
    }

    public struct Result: Sendable {
        /// Milliseconds from each converged write to its visibility on the last replica.
        public var convergence = LatencyHistogram()
        public var converged = 0
        public var neverConverged: [Finding] = []
        public var neverConvergedCount = 0
        public var staleReads: [Finding] = []
        public var staleReadCount = 0
        public var divergentKeys: [Finding] = []
    }

    /// One replica's reads of one key in time order, with the highest version read from each
    /// read onwards, so "when did this replica first show version v" is a binary search and a
    /// short walk, and "never" is known at once.
    struct History {
        var reads: [Read]
        var laterHighest: [Int64]

        init(_ sorted: [Read]) {
            reads = sorted
            laterHighest = sorted.map(\.version)
            for index in laterHighest.indices.dropLast().reversed() {
                laterHighest[index] = max(laterHighest[index], laterHighest[index + 1])
            }
        }

        /// The first read at or after `time` showing `version` or a later one.
        func firstShowing(_ version: Int64, after time: Double) -> Read? {
            var low = 0
            var high = reads.count
            while low < high {
                let middle = (low + high) / 2
                if reads[middle].time < time { low = middle + 1 } else { high = middle }
            }
            guard low < reads.count, laterHighest[low] >= version else { return nil }
            return reads[low...].first { $0.version >= version }
        }
    }

    /// Judges everything read; at most `examples` findings of each kind are kept. The cost is
    /// the sort of each replica's reads; a replica that lags or never catches up (the failing
    /// labs) costs no more than one that keeps up.
    public func finish(examples: Int) -> Result {
        var result = Result()
        var histories: [String: [String: History]] = [:]
        for (key, byReplica) in reads {
            for (replica, list) in byReplica {
                let sorted = list.sorted { ($0.time, $0.line) < ($1.time, $1.line) }
                histories[key, default: [:]][replica] = History(sorted)
                var highest: Read?
                for read in sorted {
                    if let top = highest, read.version < top.version {
                        result.staleReadCount += 1
                        if result.staleReads.count < examples {
                            result.staleReads.append(
                                Finding(
                                    message:
                                        "key \(key) on \(replica): read version \(read.version) after version \(top.version) (line \(top.line))",
                                    file: read.file, line: read.line))
                        }
                    }
                    if highest == nil || read.version > highest!.version { highest = read }
                }
            }
        }
        let replicaList = replicas.sorted()
        // The highest version written of each key: a write below it was overtaken.
        var highestWritten: [String: Int64] = [:]
        for write in writes {
            highestWritten[write.key] = max(highestWritten[write.key] ?? write.version, write.version)
        }
        var latest: [String: Write] = [:]
        for write in writes {
            if let top = latest[write.key], top.version >= write.version { continue }
            latest[write.key] = write
            // The first time each replica shows this version or a later one.
            var slowest = 0.0
            var missing: [String] = []
            let byReplica = histories[write.key]
            for replica in replicaList {
                guard let seen = byReplica?[replica]?.firstShowing(write.version, after: write.time) else {
                    missing.append(replica)
                    continue
                }
                slowest = max(slowest, seen.time - write.time)
            }
            if missing.isEmpty {
                result.converged += 1
                result.convergence.record(milliseconds: slowest * 1000)
            } else {
                // A write overtaken by a later one for the key may never show by itself.
                if highestWritten[write.key]! > write.version { continue }
                result.neverConvergedCount += 1
                if result.neverConverged.count < examples {
                    result.neverConverged.append(
                        Finding(
                            message:
                                "key \(write.key) version \(write.version) never showed on \(missing.joined(separator: ", "))",
                            file: write.file, line: write.line))
                }
            }
        }
        for (key, write) in latest.sorted(by: { $0.key < $1.key }) {
            for replica in replicaList {
                guard let last = histories[key]?[replica]?.reads.last, last.version != write.version else { continue }
                if result.divergentKeys.count < examples {
                    result.divergentKeys.append(
                        Finding(
                            message:
                                "key \(key) on \(replica) ends at version \(last.version), not the latest write \(write.version) (line \(write.line))",
                            file: last.file, line: last.line))
                }
            }
        }
        return result
    }
}
