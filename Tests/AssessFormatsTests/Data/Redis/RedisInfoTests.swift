import AssessFormats
import AssessTestSupport
import Foundation
import Testing

/// Real `INFO all` replies of Redis 7.0.15, made as `Data/Fixtures/README.md` says.
func redisFixture(_ name: String) throws -> String {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/\(name)")
    return try String(contentsOf: url, encoding: .utf8)
}

@Suite struct RedisInfoTests {
    @Test func readsARealCRLFReplyIntoTypedValues() throws {
        let text = try redisFixture("redis-info-all-after.txt")
        #expect(text.contains("\r\n"))
        let info = RedisInfo(text: text)
        #expect(info.fields["redis_version"] == "7.0.15")
        #expect(info.keyspaceHits == 2160)
        #expect(info.keyspaceMisses == 140)
        #expect(info.sections["keyspace_hits"] == "Stats")
        #expect(info.commands["get"]?.calls == 2300)
        #expect(info.latencyPercentiles["get"]?[99] != nil)
        #expect(info.keyspace["db0"]?.keys ?? 0 > 0)
        #expect(info.unreadable.isEmpty)
    }

    @Test func twoSnapshotsGiveTheIntervalsHitRatioNotTheLifetimes() throws {
        let before = RedisInfo(text: try redisFixture("redis-info-all-before.txt"))
        let after = RedisInfo(text: try redisFixture("redis-info-all-after.txt"))
        let interval = RedisInterval(before: before, after: after)
        #expect(interval.hits == 1910)
        #expect(interval.misses == 90)
        #expect(interval.hitRatio == 1910.0 / 2000)
        #expect(after.hitRatio == 2160.0 / 2300)
        #expect(!interval.countersReset)
        #expect(interval.command("get")?.calls == 2000)
    }

    @Test func aRestartBetweenSnapshotsIsNoticed() throws {
        let after = RedisInfo(text: "# Server\nuptime_in_seconds:3\n# Stats\ntotal_commands_processed:10\n")
        let before = RedisInfo(text: "# Server\nuptime_in_seconds:300\n# Stats\ntotal_commands_processed:900\n")
        #expect(RedisInterval(before: before, after: after).countersReset)
    }

    @Test func aGarbledLineIsKeptWithItsNumber() {
        let info = RedisInfo(text: "# Stats\nkeyspace_hits:5\nthis is not info\nkeyspace_misses:5\n")
        #expect(info.hitRatio == 0.5)
        #expect(info.unreadable.first?.line == 3)
    }

    @Test(.enabled(if: sharedCorpus != nil, "needs ../shared/corpus"))
    func readsTheCorpusReplies() throws {
        let dir = (try sharedCorpusPath("public/redis/"))
        let modern = RedisInfo(
            text: try String(
                contentsOfFile: dir + "info-everything_redis-7.4.0_redis-exporter-test.extracted.txt", encoding: .utf8))
        #expect(modern.keyspaceHits == 99_218_277)
        #expect(modern.commands["get"]?.usecPerCall == 10.51)
        #expect(modern.errors["ERR"] == 228)
        let old = RedisInfo(
            text: try String(contentsOfFile: dir + "info-default_redis-4.0.2_nri-redis.txt", encoding: .utf8))
        #expect(old.keyspace["db0"]?.averageTTL == 7853)
        #expect(old.hitRatio == nil)
    }
}
