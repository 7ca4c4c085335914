import AssessFormats
import Foundation
import Testing

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
}
