import AssessTestSupport
import Foundation
import Testing

@testable import AssessFormats

/// What `finish` judges, on the cases its search must get right: a replica stuck on an old
/// version (the failing lab: every latest write never converges), a write first shown by a
/// later version, a read stamped before the write (clock skew) that must not count, and a
/// stale read after it.
@Suite struct ConvergenceAnalysisTests {
    @Test func aStuckReplicaALateOneAndSkewedClocks() {
        var analysis = ConvergenceAnalysis()
        var line = 0
        func write(_ key: String, _ version: Int64, _ time: Double) {
            line += 1
            analysis.write(key: key, version: version, time: time, line: line, file: "log")
        }
        func read(_ key: String, _ replica: String, _ version: Int64, _ time: Double) {
            line += 1
            analysis.read(key: key, replica: replica, version: version, time: time, line: line, file: "log")
        }
        // 300 keys: r1 shows both versions, r2 only the first.
        for index in 1...300 {
            let key = "k" + String(1000 + index).dropFirst()
            let start = Double(index) * 10
            write(key, 1, start)
            read(key, "r1", 1, start + 0.010)
            read(key, "r2", 1, start + 0.020)
            write(key, 2, start + 1)
            read(key, "r1", 2, start + 1.010)
        }
        // r2 never reads version 1 of "late" itself; its read of version 2 shows it.
        write("late", 1, 5000)
        read("late", "r1", 1, 5000.010)
        write("late", 2, 5005)
        read("late", "r1", 2, 5005.010)
        read("late", "r2", 2, 5005.500)
        // r1's first read of "skew" is stamped before the write; r2 then goes back to version 2.
        write("skew", 3, 6000)
        read("skew", "r1", 3, 5999.995)
        read("skew", "r2", 3, 6000.010)
        read("skew", "r2", 2, 6000.020)
        read("skew", "r1", 3, 6000.030)

        let result = analysis.finish(examples: 5)
        #expect(result.converged == 303)
        #expect(result.neverConvergedCount == 300)
        #expect(result.neverConverged.count == 5)
        #expect(result.neverConverged.first?.message == "key k001 version 2 never showed on r2")
        #expect(result.neverConverged.first?.line == 4)
        #expect(result.staleReadCount == 1)
        #expect(result.staleReads.first?.message == "key skew on r2: read version 2 after version 3 (line 1508)")
        #expect(
            result.divergentKeys.map(\.message).first
                == "key k001 on r2 ends at version 1, not the latest write 2 (line 4)")
        #expect(result.divergentKeys.count == 5)
        #expect(result.convergence.count == 303)
        #expect(abs((result.convergence.max ?? 0) - 5500) < 0.01)
        #expect(abs((result.convergence.min ?? 0) - 20) < 0.01)
        // 300 at 20 ms, then 30, 500 and 5500 ms.
        #expect(abs(result.convergence.sumMilliseconds - (300 * 20 + 30 + 500 + 5500)) < 0.1)
    }

    /// A log of reads out of time order, with equal times and two files: what `sortReads`
    /// makes of it is the stable sort by key, replica, time and line (ties in the log's order),
    /// and a read after it is judged as if the sort had never run.
    @Test func sortedReadsAreTheStableSortAndALaterReadUndoesIt() {
        var generator = SplitMix64(seed: 11)
        var analysis = ConvergenceAnalysis()
        var everything = ConvergenceAnalysis()
        var logged: [(key: String, replica: String, version: Int64, time: Double, line: Int, file: String)] = []
        for index in 0..<20_000 {
            let key = "k\(Int.random(in: 0..<300, using: &generator))"
            let replica = ["r1", "r2", "r3", "dc2-a"].randomElement(using: &generator)!
            // Coarse times, so many reads of one key and replica share one.
            let time = Double(Int.random(in: 0..<2_000, using: &generator)) / 10
            let file = index < 12_000 ? "a.jsonl" : "b.jsonl"
            let line = file == "a.jsonl" ? index / 2 : (index - 12_000) / 2
            logged.append((key, replica, Int64.random(in: 1...9, using: &generator), time, line, file))
        }
        for (index, read) in logged.enumerated() {
            if index % 40 == 0 {
                analysis.write(
                    key: read.key, version: read.version, time: read.time - 1, line: read.line, file: read.file)
                everything.write(
                    key: read.key, version: read.version, time: read.time - 1, line: read.line, file: read.file)
            }
            analysis.read(
                key: read.key, replica: read.replica, version: read.version, time: read.time, line: read.line,
                file: read.file)
            everything.read(
                key: read.key, replica: read.replica, version: read.version, time: read.time, line: read.line,
                file: read.file)
            if index == 15_000 { analysis.sortReads() }
        }
        let before = everything.reads
        everything.sortReads()
        let stable = before.enumerated().sorted {
            ($0.element.key, $0.element.replica, $0.element.time, $0.element.line, $0.offset)
                < ($1.element.key, $1.element.replica, $1.element.time, $1.element.line, $1.offset)
        }.map(\.element)
        #expect(everything.reads == stable)
        // Sorted at 15,000 and read on: the same judgement as the log read whole.
        let once = everything.finish(examples: 50)
        let twice = analysis.finish(examples: 50)
        #expect(once.staleReads == twice.staleReads)
        #expect(once.staleReadCount == twice.staleReadCount)
        #expect(once.neverConverged == twice.neverConverged)
        #expect(once.divergentKeys == twice.divergentKeys)
        #expect(once.convergence == twice.convergence)
        #expect(once.staleReadCount > 0)
    }
}
