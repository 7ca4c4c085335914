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

    @Test func modelsMadeOncePerFileInTheOrderAsked() throws {
        let tree = try TemporaryTree(["a.yaml": "a\n", "b.yaml": "b\n", "c.yaml": "c\n"])
        let submission = try Submission(path: tree.path)
        let files = ["a.yaml", "b.yaml", "c.yaml"].map { SubmissionFile(path: $0, size: 2) }
        let cache = GradingRunCache()
        let made = Counter()
        let first = cache.models("doc", of: files, in: submission) { file in
            _ = made.next()
            return file.path
        }
        let second = cache.models("doc", of: Array(files.reversed()), in: submission) { _ in
            _ = made.next()
            return "again"
        }
        #expect(first == ["a.yaml", "b.yaml", "c.yaml"])
        #expect(second == ["c.yaml", "b.yaml", "a.yaml"])
        #expect(made.value == 3)
        // The per-file model of the same purpose is the same value, whichever way it is asked.
        #expect(cache.model("doc", of: files[1], in: submission) { "other" } == "b.yaml")
        #expect(cache.madeCounts == ["doc a.yaml": 1, "doc b.yaml": 1, "doc c.yaml": 1])
    }

    /// The second criterion to ask reads the document the first is not reading, instead of
    /// waiting for it: the first one's read of `a` only finishes once `b` has been made, which
    /// happens only if the second asker went on to `b` while `a` was busy. Plain threads, as
    /// criteria block on a busy slot.
    @Test func aFileBeingReadIsLeftForLastAndTheNextOneReadMeanwhile() throws {
        let tree = try TemporaryTree(["a.yaml": "a\n", "b.yaml": "b\n"])
        let submission = try Submission(path: tree.path)
        let files = ["a.yaml", "b.yaml"].map { SubmissionFile(path: $0, size: 2) }
        let cache = GradingRunCache()
        let readingA = DispatchSemaphore(value: 0)
        let madeB = DispatchSemaphore(value: 0)
        let finished = DispatchSemaphore(value: 0)
        let record = Record()
        @Sendable func read(_ asker: String) {
            let values = cache.models("doc", of: files, in: submission) { file in
                record.note("\(file.path) made by \(asker)")
                if file.path == "a.yaml" {
                    readingA.signal()
                    if madeB.wait(timeout: .now() + 10) == .timedOut { record.note("a.yaml waited in vain") }
                } else {
                    madeB.signal()
                }
                return file.path + " by " + asker
            }
            record.note("\(asker): \(values.joined(separator: ", "))")
            finished.signal()
        }
        Thread { read("first") }.start()
        readingA.wait()
        Thread { read("second") }.start()
        finished.wait()
        finished.wait()
        #expect(
            record.lines.sorted() == [
                "a.yaml made by first", "b.yaml made by second", "first: a.yaml by first, b.yaml by second",
                "second: a.yaml by first, b.yaml by second",
            ])
    }
}

/// Lines noted from several threads.
final class Record: Sendable {
    private let noted = Mutex<[String]>([])
    func note(_ line: String) { noted.withLock { $0.append(line) } }
    var lines: [String] { noted.withLock { $0 } }
}
