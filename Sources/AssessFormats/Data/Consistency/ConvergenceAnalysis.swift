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
    /// Whether `reads` are in `sortReads`' order.
    private(set) var readsSorted = true
    /// Keys and replicas numbered; a reader hashes names with their seeds as it parses.
    private(set) var keyNumbers = NameNumbers()
    private(set) var replicaNumbers = NameNumbers()
    var files: [String] = []

    var keys: [String] { keyNumbers.names }
    var replicaNames: [String] { replicaNumbers.names }
    public var replicas: Set<String> { Set(replicaNames) }

    public init() {}

    public mutating func write(key: String, version: Int64, time: Double, line: Int, file: String) {
        write(
            key: key, hash: NameNumbers.hash(key, seed: keyNumbers.seed), version: version, time: time, line: line,
            file: file)
    }

    /// A write whose key `hash` was made with `keyNumbers.seed`.
    mutating func write(key: String, hash: UInt64, version: Int64, time: Double, line: Int, file: String) {
        writes.append(Write(key: key, version: version, time: time, line: line, file: file))
        writeKeys.append(keyNumbers.number(key, hash: hash))
    }

    public mutating func read(key: String, replica: String, version: Int64, time: Double, line: Int, file: String) {
        read(
            key: key, hash: NameNumbers.hash(key, seed: keyNumbers.seed), replica: replica,
            replicaHash: NameNumbers.hash(replica, seed: replicaNumbers.seed), version: version, time: time,
            line: line, file: file)
    }

    /// A read whose key and replica hashes were made with `keyNumbers.seed` and
    /// `replicaNumbers.seed`.
    mutating func read(
        key: String, hash: UInt64, replica: String, replicaHash: UInt64, version: Int64, time: Double, line: Int,
        file: String
    ) {
        let keyNumber = keyNumbers.number(key, hash: hash)
        let replicaNumber = replicaNumbers.number(replica, hash: replicaHash)
        if files.last != file { files.append(file) }
        readsSorted = false
        reads.append(
            Read(
                key: keyNumber, replica: replicaNumber, version: version, time: time, line: line,
                file: files.count - 1))
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

    /// Puts the reads in key, replica, time and line order, in place, once everything is read
    /// (a later read undoes it). `finish` needs them so; sorted here, the analysis holds them
    /// once, and every pass of `finish` walks them in memory order rather than through a list
    /// of positions, one cache miss per read per pass.
    ///
    /// The order comes from two counting sorts, by replica and by key (both numbered densely),
    /// then a sort of each key and replica's reads by time and line only where the log did not
    /// already have them in that order (a log written as it happened has): linear in the reads
    /// for the usual log. Ties keep the log's order, as a stable sort of the whole would.
    public mutating func sortReads() {
        guard !readsSorted else { return }
        let order = Self.sortedOrder(reads, keys: keys.count, replicas: replicaNames.count)
        // Each cycle of the permutation moved along once: a read is copied twice at most.
        var placed = [Bool](repeating: false, count: reads.count)
        for start in reads.indices where !placed[start] {
            let first = reads[start]
            var at = start
            while true {
                placed[at] = true
                let from = Int(order[at])
                if from == start {
                    reads[at] = first
                    break
                }
                reads[at] = reads[from]
                at = from
            }
        }
        readsSorted = true
    }

    /// The positions of the reads in key, replica, time and line order.
    static func sortedOrder(_ reads: [Read], keys: Int, replicas: Int) -> [Int32] {
        var byReplica = [Int32](repeating: 0, count: reads.count)
        var starts = [Int](repeating: 0, count: replicas + 1)
        for read in reads { starts[Int(read.replica) + 1] += 1 }
        for replica in 0..<replicas { starts[replica + 1] += starts[replica] }
        for index in reads.indices {
            let replica = Int(reads[index].replica)
            byReplica[starts[replica]] = Int32(index)
            starts[replica] += 1
        }
        var order = [Int32](repeating: 0, count: reads.count)
        starts = [Int](repeating: 0, count: keys + 1)
        for read in reads { starts[Int(read.key) + 1] += 1 }
        for key in 0..<keys { starts[key + 1] += starts[key] }
        for index in byReplica {
            let key = Int(reads[Int(index)].key)
            order[starts[key]] = index
            starts[key] += 1
        }
        func before(_ a: Int32, _ b: Int32) -> Bool {
            let x = reads[Int(a)]
            let y = reads[Int(b)]
            return (x.time, x.line) < (y.time, y.line)
        }
        var start = 0
        while start < order.count {
            let first = reads[Int(order[start])]
            var end = start + 1
            var ordered = true
            while end < order.count, reads[Int(order[end])].key == first.key,
                reads[Int(order[end])].replica == first.replica
            {
                if ordered, !before(order[end - 1], order[end]) {
                    let (x, y) = (reads[Int(order[end - 1])], reads[Int(order[end])])
                    // Equal places (two files, same line and time) keep their order; anything
                    // else out of order, or a time that does not compare, needs the sort.
                    if (x.time, x.line) != (y.time, y.line) || x.time.isNaN { ordered = false }
                }
                end += 1
            }
            if !ordered { order[start..<end].sort(by: before) }
            start = end
        }
        return order
    }

    /// The reads (sorted by `sortReads`), each key and replica's run of them, and the highest
    /// version read from each read to the end of its run — so "when did this replica first
    /// show version v" is a binary search and a short walk, and "never" is known at once.
    struct Histories {
        /// One key and replica's reads: `reads[range]`.
        struct Run {
            var key: Int32
            var replica: Int32
            var range: Range<Int>
        }

        let reads: [Read]
        var laterHighest: [Int64]
        /// Every run, in the order of `reads`.
        var runs: [Run] = []
        /// Key k's runs are `runs[keyRuns[k]..<keyRuns[k + 1]]`, by replica.
        var keyRuns: [Int]

        init(sorted reads: [Read], keys: Int) {
            self.reads = reads
            keyRuns = [Int](repeating: 0, count: keys + 1)
            laterHighest = reads.map(\.version)
            var start = 0
            while start < reads.count {
                let first = reads[start]
                var end = start + 1
                while end < reads.count, reads[end].key == first.key, reads[end].replica == first.replica { end += 1 }
                for index in stride(from: end - 2, through: start, by: -1) {
                    laterHighest[index] = max(laterHighest[index], laterHighest[index + 1])
                }
                runs.append(Run(key: first.key, replica: first.replica, range: start..<end))
                keyRuns[Int(first.key) + 1] = runs.count
                start = end
            }
            // Keys without reads (only written) start where the last ended.
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

        subscript(_ index: Int) -> Read { reads[index] }

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
    /// one sort of the reads (none when `sortReads` has run); a replica that lags or never
    /// catches up (the failing labs) costs no more than one that keeps up.
    public func finish(examples: Int) -> Result {
        var result = Result()
        let keys = keys
        let replicaNames = replicaNames
        // Sorted already when a reader called `sortReads`; otherwise a sorted copy.
        var sorted = self
        sorted.sortReads()
        let histories = Histories(sorted: sorted.reads, keys: keys.count)
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
