import Foundation
import Synchronization

/// What one grading run's criteria may share: a value worked out from the same files once
/// (a million spans parsed and assembled), handed to every criterion that asks with the same
/// key. The engine makes one per run, so nothing outlives the run; the key names the files with
/// their sizes and modification times, so a file that changes is read again. Criteria graded at
/// the same time wait for the one computation instead of each starting their own.
///
/// It knows no grader kinds: the key says what the value is (`purpose`) and what it came from.
public final class GradingRunCache: Sendable {
    /// What a value was made from: its purpose (`traces`), a variant (a declared format), and
    /// each file with the size and modification time it had when asked.
    public struct Key: Sendable, Hashable {
        public var purpose: String
        public var variant: String
        public var root: String
        public var files: [FileStamp]

        /// `purpose[variant] file, file`, for counts and messages.
        var name: String {
            "\(purpose)\(variant.isEmpty ? "" : "[\(variant)]") \(files.map(\.path).joined(separator: ", "))"
        }

        public init(purpose: String, variant: String = "", root: String, files: [FileStamp]) {
            self.purpose = purpose
            self.variant = variant
            self.root = root
            self.files = files
        }
    }

    /// A file as it stood: path, size, and modification time in nanoseconds since the epoch.
    public struct FileStamp: Sendable, Hashable {
        public var path: String
        public var size: Int
        public var modified: Int64

        public init(path: String, size: Int, modified: Int64) {
            self.path = path
            self.size = size
            self.modified = modified
        }
    }

    private struct State {
        var entries: [Key: Task<any Sendable, any Error>] = [:]
        /// Oldest first, for eviction.
        var order: [Key] = []
        var computed = 0
        /// One slot per file and purpose, for models read from a single file (a Markdown
        /// document, an OpenAPI description): small, so kept for the whole run.
        var slots: [Key: Slot] = [:]
        /// How many times each value was made, by purpose and files, for the parse-count tests.
        var made: [String: Int] = [:]
    }

    /// Where one per-file value is made and kept. Its own lock is held while the value is
    /// made, so criteria asking at the same time wait for the one parse instead of each
    /// starting their own.
    private final class Slot: Sendable {
        let value = Mutex<(any Sendable)?>(nil)
    }

    /// How many values are kept; the oldest goes first. A run grades a handful of inputs, so
    /// this only guards against a rubric with many inputs holding every parsed file at once.
    public let capacity: Int
    private let state = Mutex(State())

    public init(capacity: Int = 4) { self.capacity = max(1, capacity) }

    /// How many values were computed (not found): for tests.
    public var computedCount: Int { state.withLock { $0.computed } }

    /// How many times each value was made, named by its purpose and files (`markdown
    /// design.md: 1`): what a test asserts to prove each file of a run is parsed once, whatever
    /// the number of criteria that read it.
    public var madeCounts: [String: Int] { state.withLock { $0.made } }

    /// The model `make` builds from one file, made once per run and shared by every criterion
    /// that reads the same file for the same purpose. Synchronous, for readers that are: the
    /// caller waits on the slot's lock while another criterion makes the value. The key is the
    /// file as it stands now (size and modification time), so a file that changes is read again.
    /// A `make` that throws is not kept.
    public func model<Value: Sendable, Failure: Error>(
        _ purpose: String, of file: SubmissionFile, in submission: Submission,
        _ make: () throws(Failure) -> Value
    ) throws(Failure) -> Value {
        try model(purpose, of: [file], in: submission, make)
    }

    /// The model `make` builds from a set of files read as one (an input's manifests and rule
    /// files), made once per run for the same files as they stand now.
    public func model<Value: Sendable, Failure: Error>(
        _ purpose: String, of files: [SubmissionFile], in submission: Submission,
        _ make: () throws(Failure) -> Value
    ) throws(Failure) -> Value {
        let key = Self.key(purpose: purpose, files: files, in: submission)
        return try slot(for: key).value.withLock { (stored: inout (any Sendable)?) throws(Failure) -> Value in
            try fill(&stored, key: key, make)
        }
    }

    /// The model `make` builds from each of `files` (one per file), each made once per run as
    /// `model(_:of:in:_:)` makes it, in the order of `files`. A file whose model another
    /// criterion is making at that moment is left for last: two criteria reading the same three
    /// OpenAPI documents at once read different ones side by side, where one would otherwise
    /// hold a thread waiting for each document the other reads.
    public func models<Value: Sendable, Failure: Error>(
        _ purpose: String, of files: [SubmissionFile], in submission: Submission,
        _ make: (SubmissionFile) throws(Failure) -> Value
    ) throws(Failure) -> [Value] {
        var values = [Value?](repeating: nil, count: files.count)
        var busy: [(index: Int, key: Key, slot: Slot)] = []
        for (index, file) in files.enumerated() {
            let key = Self.key(purpose: purpose, files: [file], in: submission)
            let slot = slot(for: key)
            let value = try slot.value.withLockIfAvailable {
                (stored: inout (any Sendable)?) throws(Failure) -> Value in
                try fill(&stored, key: key) { () throws(Failure) in try make(file) }
            }
            if let value { values[index] = value } else { busy.append((index, key, slot)) }
        }
        for (index, key, slot) in busy {
            values[index] = try slot.value.withLock { (stored: inout (any Sendable)?) throws(Failure) -> Value in
                try fill(&stored, key: key) { () throws(Failure) in try make(files[index]) }
            }
        }
        return values.map { $0! }
    }

    /// The slot kept for `key`, made on first asking.
    private func slot(for key: Key) -> Slot {
        state.withLock { state -> Slot in
            if let known = state.slots[key] { return known }
            let made = Slot()
            state.slots[key] = made
            return made
        }
    }

    /// The value in a slot (its lock held by the caller): the one kept, else `make`'s, kept and
    /// counted. A `make` that throws leaves the slot empty.
    private func fill<Value: Sendable, Failure: Error>(
        _ stored: inout (any Sendable)?, key: Key, _ make: () throws(Failure) -> Value
    ) throws(Failure) -> Value {
        if let known = stored as? Value { return known }
        let value = try make()
        stored = value
        state.withLock { $0.made[key.name, default: 0] += 1 }
        return value
    }

    /// The value for `key`: the one already made or being made, else `make`'s, kept for the
    /// next asker. A `make` that throws is not kept, so the next asker tries again.
    public func value<Value: Sendable>(
        for key: Key, _ make: @escaping @Sendable () async throws -> Value
    ) async throws -> Value {
        let task = state.withLock { state -> Task<any Sendable, any Error> in
            if let known = state.entries[key] { return known }
            let made = Task<any Sendable, any Error> { try await make() }
            state.entries[key] = made
            state.order.append(key)
            state.computed += 1
            state.made[key.name, default: 0] += 1
            while state.order.count > capacity { state.entries[state.order.removeFirst()] = nil }
            return made
        }
        do {
            guard let value = try await task.value as? Value else {
                throw GradingRunCacheError(message: "the cached value for '\(key.purpose)' is not a \(Value.self)")
            }
            return value
        } catch {
            state.withLock { state in
                if state.entries[key] == task {
                    state.entries[key] = nil
                    state.order.removeAll { $0 == key }
                }
            }
            throw error
        }
    }

    /// The key for `files` of `submission` as they stand now (size and modification time read
    /// from the file system; a file that cannot be looked at is stamped with zeros).
    public static func key(
        purpose: String, variant: String = "", files: [SubmissionFile], in submission: Submission
    ) -> Key {
        let stamps = files.map { file -> FileStamp in
            var info = stat()
            guard stat(submission.canonicalRoot + "/" + file.path, &info) == 0 else {
                return FileStamp(path: file.path, size: 0, modified: 0)
            }
            #if canImport(Darwin)
                let time = info.st_mtimespec
            #else
                let time = info.st_mtim
            #endif
            let modified = Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec)
            return FileStamp(path: file.path, size: Int(info.st_size), modified: modified)
        }
        return Key(purpose: purpose, variant: variant, root: submission.canonicalRoot, files: stamps)
    }
}

/// The cache held a value of another type under the key asked for (two purposes sharing a name).
struct GradingRunCacheError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
