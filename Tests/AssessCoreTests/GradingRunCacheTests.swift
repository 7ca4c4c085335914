import AssessCore
import AssessTestSupport
import Foundation
import Synchronization
import Testing

/// Counts how often a cached value is really made.
final class Counter: Sendable {
    private let count = Mutex(0)
    func next() -> Int {
        count.withLock {
            $0 += 1; return $0
        }
    }
    var value: Int { count.withLock { $0 } }
}

@Suite struct GradingRunCacheTests {
    @Test func theSameFilesAskedTwiceAreWorkedOutOnce() async throws {
        let tree = try TemporaryTree(["traces/a.jsonl": "one\n"])
        let submission = try Submission(path: tree.path)
        let files = [SubmissionFile(path: "traces/a.jsonl", size: 4)]
        let cache = GradingRunCache()
        let made = Counter()
        let key = GradingRunCache.key(purpose: "test", files: files, in: submission)
        let first = try await cache.value(for: key) { made.next() }
        let second = try await cache.value(for: GradingRunCache.key(purpose: "test", files: files, in: submission)) {
            made.next()
        }
        #expect(first == 1 && second == 1)
        #expect(made.value == 1 && cache.computedCount == 1)
        // Another purpose or variant over the same files is another value.
        _ = try await cache.value(
            for: GradingRunCache.key(purpose: "test", variant: "otlp", files: files, in: submission)
        ) {
            made.next()
        }
        #expect(made.value == 2)
    }

    @Test func criteriaAskingAtTheSameTimeShareOneComputation() async throws {
        let cache = GradingRunCache()
        let made = Counter()
        let key = GradingRunCache.Key(purpose: "test", root: "/r", files: [])
        let values = await withTaskGroup(of: Int.self) { group in
            for _ in 0..<6 {
                group.addTask {
                    (try? await cache.value(for: key) { () async -> Int in
                        try? await Task.sleep(for: .milliseconds(50))
                        return made.next()
                    }) ?? -1
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(values == Array(repeating: 1, count: 6))
        #expect(made.value == 1)
    }

    @Test func aFileThatChangesIsReadAgain() async throws {
        let tree = try TemporaryTree(["a.jsonl": "one\n"])
        let submission = try Submission(path: tree.path)
        let files = [SubmissionFile(path: "a.jsonl", size: 4)]
        let cache = GradingRunCache()
        let before = GradingRunCache.key(purpose: "test", files: files, in: submission)
        _ = try await cache.value(for: before) { "one" }
        // Same size, new modification time: still a change.
        _ = try tree.write("a.jsonl", "two\n")
        let later = Date(timeIntervalSinceNow: 5)
        try FileManager.default.setAttributes([.modificationDate: later], ofItemAtPath: tree.subpath("a.jsonl"))
        let touched = GradingRunCache.key(purpose: "test", files: files, in: submission)
        #expect(touched != before)
        #expect(try await cache.value(for: touched) { "two" } == "two")
        // Another size.
        _ = try tree.write("a.jsonl", "three\n")
        let grown = GradingRunCache.key(purpose: "test", files: files, in: submission)
        #expect(grown.files[0].size == 6 && grown != touched)
        #expect(try await cache.value(for: grown) { "three" } == "three")
        #expect(cache.computedCount == 3)
    }

    @Test func theOldestValueMakesRoomAndAFailureIsNotKept() async throws {
        let cache = GradingRunCache(capacity: 2)
        let made = Counter()
        func key(_ name: String) -> GradingRunCache.Key { .init(purpose: name, root: "/r", files: []) }
        for name in ["a", "b", "c", "a"] { _ = try await cache.value(for: key(name)) { made.next() } }
        #expect(made.value == 4)  // "a" was dropped for "c", so it was made again
        _ = try await cache.value(for: key("c")) { made.next() }
        #expect(made.value == 4)  // "c" is still kept

        struct Broken: Error {}
        await #expect(throws: Broken.self) {
            _ = try await cache.value(for: key("x")) { () throws -> Int in throw Broken() }
        }
        #expect(try await cache.value(for: key("x")) { 7 } == 7)
    }
}
