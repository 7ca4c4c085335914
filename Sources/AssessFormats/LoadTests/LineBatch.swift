import Foundation
import Synchronization

/// How one line of a streamed log becomes a record: what `LineBatch` runs on two threads at
/// once, so it holds nothing that changes (its working buffer is `Scratch`, one per thread).
protocol LineParser: Sendable {
    associatedtype Output: Sendable
    associatedtype Scratch
    func makeScratch() -> Scratch
    /// Whether a line is blank to this format (passed over before it is gathered).
    func isBlank(_ line: UnsafeRawBufferPointer) -> Bool
    /// The line's record or problem; nil for a line that holds neither. The line is followed
    /// by at least `LineBatch.padding` readable bytes (what they hold is not the line's).
    func parse(_ line: UnsafeRawBufferPointer, number: Int, unterminated: Bool, scratch: inout Scratch) -> Output?
}

/// Lines of a stream gathered a megabyte at a time and parsed together on both cores, while the
/// batch before is handed on in file order. Parsing is most of a stream's cost and what follows
/// (delivery checks, convergence) needs the records in order, so the lines are split and the
/// records are not: the batch is cut into small shares that this thread and one other take one
/// at a time, and this thread first delivers the batch before, so neither core waits for the
/// other's half. A batch holds at most one megabyte past one line, and a line is at most
/// `LoadTestSource.maxLineBytes`; the records of two batches are held at once (the one being
/// delivered and the one being parsed). So memory stays bounded whatever the file's size.
struct LineBatch {
    struct Line {
        var start: Int
        var end: Int
        var number: Int
        var unterminated: Bool
    }

    /// Bytes gathered before the batch is parsed.
    static let capacity = 1 << 20
    /// Readable bytes after every line a parser is handed (spaces past the batch's last line),
    /// so a parser may read a line in blocks, as simdjson does, without copying it.
    static let padding = 64
    /// Below this many bytes a batch is not worth a second core.
    static let smallestSplit = 128 << 10
    /// About the bytes of one share: small enough that the thread that started late (after
    /// delivering) still finds shares left, large enough that taking one costs nothing.
    static let shareBytes = 64 << 10

    private(set) var bytes: [UInt8] = []
    private(set) var lines: [Line] = []

    var isFull: Bool { bytes.count >= Self.capacity }

    mutating func add(_ line: UnsafeRawBufferPointer, number: Int, unterminated: Bool) {
        if bytes.capacity < Self.capacity { bytes.reserveCapacity(Self.capacity + (64 << 10) + Self.padding) }
        let start = bytes.count
        bytes.append(contentsOf: line)
        lines.append(Line(start: start, end: bytes.count, number: number, unterminated: unterminated))
    }

    /// Parses the gathered lines, share by share in file order, and empties the batch: each
    /// share's records in reverse order, for `handOn` to take from the end. `meanwhile` runs
    /// on this thread while another parses (the batch before being delivered); then this
    /// thread parses too.
    mutating func parse<Parser: LineParser>(_ parser: Parser, meanwhile: () -> Void) -> [[Parser.Output]] {
        defer {
            bytes.removeAll(keepingCapacity: true)
            lines.removeAll(keepingCapacity: true)
        }
        guard !lines.isEmpty else {
            meanwhile()
            return []
        }
        // Shares of about `shareBytes`, each starting at a line.
        var bounds = [0]
        if bytes.count >= Self.smallestSplit {
            let count = max(2, bytes.count / Self.shareBytes)
            for share in 1..<count {
                let split = Self.firstLine(in: lines, startingAtOrAfter: bytes.count * share / count)
                if split > bounds.last!, split < lines.count { bounds.append(split) }
            }
        }
        bounds.append(lines.count)
        let shares = bounds.count - 1
        var results = [[Parser.Output]](repeating: [], count: shares)
        bytes.append(contentsOf: repeatElement(0x20, count: Self.padding))
        bytes.withUnsafeBytes { buffer in
            results.withUnsafeMutableBufferPointer { out in
                // Each share's slot is written by the one thread that took it, and read after
                // both are done.
                nonisolated(unsafe) let out = out
                nonisolated(unsafe) let buffer = buffer
                let lines = lines
                let bounds = bounds
                let next = ShareCounter()
                let helper = HelperGate()
                @Sendable func work() {
                    var scratch = parser.makeScratch()
                    while let share = next.take(below: shares) {
                        var parsed: [Parser.Output] = []
                        parsed.reserveCapacity(bounds[share + 1] - bounds[share])
                        for line in lines[bounds[share]..<bounds[share + 1]] {
                            let slice = UnsafeRawBufferPointer(rebasing: buffer[line.start..<line.end])
                            if let output = parser.parse(
                                slice, number: line.number, unterminated: line.unterminated, scratch: &scratch)
                            {
                                parsed.append(output)
                            }
                        }
                        // Last first: the records are handed on by `popLast`, which moves each
                        // one out of the array instead of copying it (a retain and a release
                        // of each of its strings and arrays per record).
                        parsed.reverse()
                        out[share] = parsed
                    }
                }
                if shares == 1 {
                    meanwhile()
                    work()
                } else {
                    // The other thread comes from the global queue, which may be the pool this
                    // thread's own task runs in: when that pool is busy the helper may not start
                    // for a while, and this thread then parses every share itself. It waits for
                    // the helper only if the helper did start (and so may hold a share); one
                    // that starts after the gate closed returns at once, touching nothing.
                    let other = DispatchGroup()
                    DispatchQueue.global().async(group: other) {
                        if helper.enter() { work() }
                    }
                    meanwhile()
                    work()
                    if !helper.close() { other.wait() }
                }
            }
        }
        return results
    }

    /// Streams `source` through `parser` a batch at a time, each batch parsed while the one
    /// before is handed to `deliver` (in file order, on this thread). Lines the parser finds
    /// blank are passed over. Returns the numbers of lines over `LoadTestSource.maxLineBytes`.
    static func stream<Parser: LineParser>(
        _ source: LoadTestSource, through parser: Parser, _ deliver: (Parser.Output) -> Void
    ) -> [Int] {
        var batch = LineBatch()
        var parsed: [[Parser.Output]] = []
        /// Hands on and empties shares held nowhere else, each in reverse order: every record
        /// is moved out, never copied.
        func handOn(_ shares: inout [[Parser.Output]]) {
            for share in shares.indices {
                while let output = shares[share].popLast() { deliver(output) }
            }
        }
        /// The batch before is taken out of `parsed` (so it is the only reference) and handed on
        /// while this one is parsed.
        func parseAndHandOn() {
            var before = parsed
            parsed = []
            parsed = batch.parse(parser) { handOn(&before) }
        }
        let overlong = source.forEachLine { line, number, unterminated in
            guard !parser.isBlank(line) else { return true }
            batch.add(line, number: number, unterminated: unterminated)
            if batch.isFull { parseAndHandOn() }
            return true
        }
        parseAndHandOn()
        handOn(&parsed)
        return overlong
    }

    /// The index of the first line that starts at `offset` or later (lines are in order).
    private static func firstLine(in lines: [Line], startingAtOrAfter offset: Int) -> Int {
        var low = 0
        var high = lines.count
        while low < high {
            let middle = (low + high) / 2
            if lines[middle].start >= offset { high = middle } else { low = middle + 1 }
        }
        return low
    }
}

/// Whether the helper thread started before the caller finished: entered (it may hold a share,
/// so the caller waits for it) or closed (it never will).
private final class HelperGate: Sendable {
    private let state = Atomic<Int>(0)  // 0 open, 1 entered, 2 closed

    /// The helper's side: true if it may work.
    func enter() -> Bool { state.compareExchange(expected: 0, desired: 1, ordering: .acquiringAndReleasing).exchanged }

    /// The caller's side, after its own work: true if the helper never entered (no wait needed).
    func close() -> Bool { state.compareExchange(expected: 0, desired: 2, ordering: .acquiringAndReleasing).exchanged }
}

/// The next share to parse, taken by whichever thread is free.
private final class ShareCounter: Sendable {
    private let next = Atomic<Int>(0)

    func take(below count: Int) -> Int? {
        let share = next.wrappingAdd(1, ordering: .relaxed).oldValue
        return share < count ? share : nil
    }
}
