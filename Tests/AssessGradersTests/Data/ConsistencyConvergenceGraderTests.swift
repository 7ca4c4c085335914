import AssessCore
import AssessGraders
import AssessTestSupport
import Foundation
import Testing

@Suite struct ConsistencyConvergenceGraderTests {
    let options =
        "{ fields: { key: key, version: version, replica: replica, time: ts, kind: event }, thresholds: [\"p(99)<100\"], last_writer_wins: true }"

    @Test func passesWhenEveryWriteShowsEverywhereInTime() async throws {
        let log = """
            {"event":"write","key":"cart:1","version":1,"ts":1714550400000}
            {"event":"read","key":"cart:1","version":1,"replica":"r1","ts":1714550400010}
            {"event":"read","key":"cart:1","version":1,"replica":"r2","ts":1714550400030}
            {"event":"write","key":"cart:1","version":2,"ts":1714550401000}
            {"event":"read","key":"cart:1","version":2,"replica":"r2","ts":1714550401050}
            {"event":"read","key":"cart:1","version":2,"replica":"r1","ts":1714550401020}

            """
        let r = try await gradeSingle(grader: "consistency.convergence", with: options, files: ["replicas.jsonl": log])
        #expect(r.status == .passed, "\(r.findings)")
        #expect(r.measurements.contains { $0.name == "convergence p(99)" && $0.unit == "ms" && abs($0.value - 50) < 1 })
    }

    @Test func namesStaleReadsUnconvergedWritesAndTheLosingKey() async throws {
        let log = """
            event,key,version,replica,ts
            write,cart:1,1,,1714550400000
            read,cart:1,1,r1,1714550400010
            read,cart:1,1,r2,1714550400020
            write,cart:1,2,,1714550401000
            read,cart:1,2,r1,1714550401010
            read,cart:1,1,r1,1714550401020
            read,cart:1,1,r2,1714550401030

            """
        let r = try await gradeSingle(grader: "consistency.convergence", with: options, files: ["replicas.csv": log])
        #expect(r.status == .partial)
        #expect(
            r.findings.contains {
                $0.message.contains("stale read: key cart:1 on r1: read version 1 after version 2")
                    && $0.location?.line == 7
            })
        #expect(
            r.findings.contains {
                $0.message.contains("never converged: key cart:1 version 2 never showed on r2")
                    && $0.location?.line == 5
            })
        #expect(r.findings.contains { $0.message.contains("key cart:1 on r2 ends at version 1") })
    }

    @Test func aMalformedLineIsNamedAndNoReadsIsAnError() async throws {
        let r = try await gradeSingle(
            grader: "consistency.convergence", with: options,
            files: [
                "replicas.jsonl":
                    "{\"event\":\"write\",\"key\":\"k\",\"version\":1,\"ts\":1714550400000}\n{\"event\":\"re"
            ])
        #expect(r.status == .error)
        #expect(r.findings.contains { $0.location?.line == 2 })
    }
}
