import Foundation

/// Replication judged from a write log and replica read logs: how long each write took to be
/// visible on every replica, which never got there, which reads went back to an older
/// version, and — for last-writer-wins — which keys settled on something other than the latest
/// write. Fed one record at a time; memory grows with writes and reads, since a read may be
/// logged before the write it reflects, so each read is kept in 40 bytes (key, replica and file
/// as numbers) in one flat list rather than in lists per key and replica.
public struct ConvergenceAnalysis: Sendable {
    public struct Write: Sendable, Hashable {
        public var key: String
        public var version: Int64
        /// Seconds since the epoch.
        public var time: Double
        public var line: Int
        public var file: String
    }

    /// One replica read; key, replica and file are numbered in `keys`, `replicaNames`, `files`.
    struct Read: Sendable, Hashable {
        var key: Int32
        var replica: Int32
        var version: Int64
        var time: Double
        var line: Int
        var file: Int
    }

    public struct Finding: Sendable, Hashable {
        public var message: String
        public var file: String
        public var line: Int
    }

    public private(set) var writes: [Write] = []
    /// Each write's key, numbered as the reads' keys are.
    var writeKeys: [Int32] = []
    var reads: [Read] = []
    var keyNumbers: [String: Int32] = [:]
    var keys: [String] = []
    var replicaNumbers: [String: Int32] = [:]
    var replicaNames: [String] = []
    var files: [String] = []

    public var replicas: Set<String> { Set(replicaNames) }

    public init() {}

    public mutating func write(key: String, version: Int64, time: Double, line: Int, file: String) {
        writes.append(Write(key: key, version: version, time: time, line: line, file: file))
        writeKeys.append(Self.number(key, in: &keyNumbers, &keys))
    }

    public mutating func read(key: String, replica: String, version: Int64, time: Double, line: Int, file: String) {
        let keyNumber = Self.number(key, in: &keyNumbers, &keys)
        // Replicas are few: a look along their names costs less than hashing one.
        let replicaNumber: Int32
        if replicaNames.count <= 8, let found = replicaNames.firstIndex(of: replica) {
            replicaNumber = Int32(found)
        } else {
            replicaNumber = Self.number(replica, in: &replicaNumbers, &replicaNames)
        }
        if files.last != file { files.append(file) }
        reads.append(
            Read(
                key: keyNumber, replica: replicaNumber, version: version, time: time, line: line,
                file: files.count - 1))
    }

    /// A name's number, given on first sight. Static: a method of `self` taking its own
    /// dictionary inout would copy the dictionary for each read.
    static func number(_ name: String, in numbers: inout [String: Int32], _ names: inout [String]) -> Int32 {
        if let known = numbers[name] { return known }
        let next = Int32(names.count)
        numbers[name] = next
        names.append(name)
        return next
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

    /// The reads sorted by key, replica, time and line (as positions in `reads`), each key and
    /// replica's run of them, and the highest version read from each read to the end of its
    /// run — so "when did this replica first show version v" is a binary search and a short
    /// walk, and "never" is known at once.
    ///
    /// The sort is a counting sort by key (keys are numbered densely), then a sort of each key's
    /// reads by replica, time and line only where the log did not already have them in that
    /// order (a log written as it happened has): linear in the reads for the usual log, where a
    /// comparison sort of a million reads through their positions was a third of the grading.
    struct Histories {
        /// One key and replica's reads: `order[range]`.
        struct Run {
            var key: Int32
            var replica: Int32
            var range: Range<Int>
        }

        let reads: [Read]
        var order: [Int32]
        var laterHighest: [Int64]
        /// Every run, in the order of `order`.
        var runs: [Run] = []
        /// Key k's runs are `runs[keyRuns[k]..<keyRuns[k + 1]]`, by replica.
        var keyRuns: [Int]

        init(_ reads: [Read], keys: Int) {
            self.reads = reads
            var starts = [Int](repeating: 0, count: keys + 1)
            for read in reads { starts[Int(read.key) + 1] += 1 }
            for key in 0..<keys { starts[key + 1] += starts[key] }
            var next = starts
            var order = [Int32](repeating: 0, count: reads.count)
            for index in reads.indices {
                let key = Int(reads[index].key)
                order[next[key]] = Int32(index)
                next[key] += 1
            }
            // Ties keep the log's order, as a stable sort of the whole would.
            func before(_ a: Int32, _ b: Int32) -> Bool {
                let x = reads[Int(a)]
                let y = reads[Int(b)]
                return (x.replica, x.time, x.line) < (y.replica, y.time, y.line)
            }
            for key in 0..<keys where starts[key + 1] - starts[key] > 1 {
                let range = starts[key]..<starts[key + 1]
                var ordered = true
                for index in range.dropFirst() where !before(order[index - 1], order[index]) {
                    let (x, y) = (reads[Int(order[index - 1])], reads[Int(order[index])])
                    // Equal places (two files, same line and time) keep their order; anything
                    // else out of order, or a time that does not compare, needs the sort.
                    if (x.replica, x.time, x.line) != (y.replica, y.time, y.line) || x.time.isNaN {
                        ordered = false
                        break
                    }
                }
                if !ordered { order[range].sort(by: before) }
            }
            self.order = order
            laterHighest = order.map { reads[Int($0)].version }
            keyRuns = [Int](repeating: 0, count: keys + 1)
            var start = 0
            while start < order.count {
                let first = reads[Int(order[start])]
                var end = start + 1
                while end < order.count, reads[Int(order[end])].key == first.key,
                    reads[Int(order[end])].replica == first.replica
                {
                    end += 1
                }
                for index in stride(from: end - 2, through: start, by: -1) {
                    laterHighest[index] = max(laterHighest[index], laterHighest[index + 1])
                }
                runs.append(Run(key: first.key, replica: first.replica, range: start..<end))
                keyRuns[Int(first.key) + 1] = runs.count
                start = end
            }
            // Keys without reads (none: every key is numbered by a read) start where the last ended.
            for key in 0..<keys where keyRuns[key + 1] < keyRuns[key] { keyRuns[key + 1] = keyRuns[key] }
        }

        func run(_ key: Int32, _ replica: Int) -> Range<Int>? {
            var low = keyRuns[Int(key)]
            var high = keyRuns[Int(key) + 1]
            while low < high {
                let middle = (low + high) / 2
                if Int(runs[middle].replica) < replica { low = middle + 1 } else { high = middle }
            }
            guard low < keyRuns[Int(key) + 1], Int(runs[low].replica) == replica else { return nil }
            return runs[low].range
        }

        subscript(_ index: Int) -> Read { reads[Int(order[index])] }

        /// The first read of the run at or after `time` showing `version` or a later one.
        func firstShowing(_ run: Range<Int>, _ version: Int64, after time: Double) -> Read? {
            var low = run.lowerBound
            var high = run.upperBound
            while low < high {
                let middle = (low + high) / 2
                if self[middle].time < time { low = middle + 1 } else { high = middle }
            }
            guard low < run.upperBound, laterHighest[low] >= version else { return nil }
            for index in low..<run.upperBound where self[index].version >= version { return self[index] }
            return nil
        }
    }

    /// Judges everything read; at most `examples` findings of each kind are kept. The cost is
    /// one sort of the reads; a replica that lags or never catches up (the failing labs) costs
    /// no more than one that keeps up.
    public func finish(examples: Int) -> Result {
        var result = Result()
        let histories = Histories(reads, keys: keys.count)
        // Stale reads: within each key and replica's reads in time order, a version below the
        // highest read before it.
        for run in histories.runs {
            var highest: Read?
            for index in run.range {
                let read = histories[index]
                if let top = highest, read.version < top.version {
                    result.staleReadCount += 1
                    if result.staleReads.count < examples {
                        result.staleReads.append(
                            Finding(
                                message:
                                    "key \(keys[Int(read.key)]) on \(replicaNames[Int(read.replica)]): read version \(read.version) after version \(top.version) (line \(top.line))",
                                file: files[read.file], line: read.line))
                    }
                }
                if highest == nil || read.version > highest!.version { highest = read }
            }
        }
        // Replicas in name order, for messages; each with its number.
        let replicaList = replicaNames.enumerated().sorted { $0.element < $1.element }
        // The highest version written of each key: a write below it was overtaken.
        // Per key number; a key only written has a number too, and no reads.
        var highestWritten = [Int64?](repeating: nil, count: keys.count)
        for (index, write) in writes.enumerated() {
            let key = Int(writeKeys[index])
            highestWritten[key] = max(highestWritten[key] ?? write.version, write.version)
        }
        // The latest write of each key so far, as its index in `writes`.
        var latest = [Int?](repeating: nil, count: keys.count)
        for (index, write) in writes.enumerated() {
            let key = writeKeys[index]
            if let top = latest[Int(key)], writes[top].version >= write.version { continue }
            latest[Int(key)] = index
            // The first time each replica shows this version or a later one.
            var slowest = 0.0
            var missing: [String] = []
            for (number, replica) in replicaList {
                guard let run = histories.run(key, number),
                    let seen = histories.firstShowing(run, write.version, after: write.time)
                else {
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
                if highestWritten[Int(key)]! > write.version { continue }
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
        let written = latest.indices.filter { latest[$0] != nil }.sorted { keys[$0] < keys[$1] }
        for number in written {
            let key = keys[number]
            let write = writes[latest[number]!]
            for (replicaNumber, replica) in replicaList {
                guard let run = histories.run(Int32(number), replicaNumber) else { continue }
                let last = histories[run.upperBound - 1]
                guard last.version != write.version else { continue }
                if result.divergentKeys.count < examples {
                    result.divergentKeys.append(
                        Finding(
                            message:
                                "key \(key) on \(replica) ends at version \(last.version), not the latest write \(write.version) (line \(write.line))",
                            file: files[last.file], line: last.line))
                }
            }
        }
        return result
    }
}
