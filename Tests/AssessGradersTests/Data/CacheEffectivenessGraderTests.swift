import AssessCore
import AssessGraders
import AssessTestSupport
import Foundation
import Testing

/// Real `INFO all` replies of Redis 7.0.15 (see Tests/AssessFormatsTests/Data/Fixtures/README.md).
func redisReply(_ name: String) throws -> String {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("AssessFormatsTests/Data/Fixtures/\(name)")
    return try String(contentsOf: url, encoding: .utf8)
}

@Suite struct CacheEffectivenessGraderTests {
    @Test func judgesTheIntervalBetweenTwoRealSnapshots() async throws {
        let files = [
            "redis/before.txt": try redisReply("redis-info-all-before.txt"),
            "redis/after.txt": try redisReply("redis-info-all-after.txt"),
        ]
        let r = try await gradeSingle(
            grader: "cache.effectiveness", with: "{ hit_ratio: { min: 0.95 }, commands: { get: [\"avg<1\"] } }",
            files: files)
        #expect(r.status == .passed, "\(r.findings)")
        let ratio = try #require(r.measurements.first { $0.name.hasPrefix("hit ratio") })
        #expect(ratio.name == "hit ratio (over the interval)")
        #expect(ratio.value == 0.955)
        #expect(ratio.unit == "ratio")
        #expect(ratio.limit == "at least 0.95")
        #expect(r.measurements.contains { $0.name == "GET latency avg" && $0.unit == "ms" })
    }

    @Test func evictionsInTheIntervalFailTheirBound() async throws {
        let files = [
            "before.txt": try redisReply("redis-info-all-before.txt"),
            "after.txt": try redisReply("redis-info-all-after.txt"),
        ]
        let r = try await gradeSingle(
            grader: "cache.effectiveness", with: "{ hit_ratio: { min: 0.9 }, evicted_keys: { max: 0 } }", files: files)
        #expect(r.status == .partial)
        #expect(r.findings.contains { $0.message.contains("evicted keys (over the interval) is 2219 keys") })
    }

    @Test func oneSnapshotIsJudgedOverTheServersLife() async throws {
        let r = try await gradeSingle(
            grader: "cache.effectiveness", with: "{ hit_ratio: { min: 0.95 } }",
            files: ["info.txt": try redisReply("redis-info-all-after.txt")])
        #expect(r.status == .failed)
        #expect(r.measurements.first?.name == "hit ratio (since start)")
    }

    @Test func aPercentileTheServerDoesNotTrackIsNamed() async throws {
        let r = try await gradeSingle(
            grader: "cache.effectiveness", with: "{ commands: { get: [\"p(95)<1\", \"p(99)<1\"] } }",
            files: ["info.txt": try redisReply("redis-info-all-after.txt")])
        #expect(r.status == .partial)
        #expect(r.findings.contains { $0.message.contains("no p(95) latency for GET") })
    }

    @Test func aFileThatIsNotInfoIsAnError() async throws {
        let r = try await gradeSingle(
            grader: "cache.effectiveness", with: "{ hit_ratio: { min: 0.9 } }", files: ["info.txt": "hello\n"])
        #expect(r.status == .error)
    }
}
