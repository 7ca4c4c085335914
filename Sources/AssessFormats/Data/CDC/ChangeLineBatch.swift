import Foundation
import Synchronization

/// Lines of a change stream gathered a megabyte at a time and parsed together on both cores,
/// while the batch before is handed on in file order. Parsing is most of a stream's cost and
/// the delivery checks that follow need the events in order, so the lines are split and the
/// events are not: the batch is cut into small shares that this thread and one other take one
/// at a time, and this thread first delivers the batch before, so neither core waits for the
/// other's half. A batch holds at most one megabyte past one line, and a line is at most
/// `LoadTestSource.maxLineBytes`, so memory stays bounded whatever the file's size.
struct ChangeLineBatch {
    struct Line {
        var start: Int
        var end: Int
        var number: Int
        var unterminated: Bool
    }

    enum Parsed: Sendable {
        case event(ChangeEvent)
        case problem(ReadProblem)
    }

    /// Bytes gathered before the batch is parsed.
    static let capacity = 1 << 20
    /// Below this many bytes a batch is not worth a second core.
    static let smallestSplit = 128 << 10
    /// About the bytes of one share: small enough that the thread that started late (after
    /// delivering) still finds shares left, large enough that taking one costs nothing.
    static let shareBytes = 64 << 10

    private(set) var bytes: [UInt8] = []
    private(set) var lines: [Line] = []

    var isFull: Bool { bytes.count >= Self.capacity }

    mutating func add(_ line: UnsafeRawBufferPointer, number: Int, unterminated: Bool) {
        if bytes.capacity < Self.capacity { bytes.reserveCapacity(Self.capacity + (64 << 10)) }
        let start = bytes.count
        bytes.append(contentsOf: line)
        lines.append(Line(start: start, end: bytes.count, number: number, unterminated: unterminated))
    }

    /// Hands `parsed` on in order: problems to `problem`, events to `body`.
    static func deliver(_ parsed: [[Parsed]], problem: (ReadProblem) -> Void, _ body: (ChangeEvent) -> Void) {
        for share in parsed {
            for item in share {
                switch item {
                case .event(let event): body(event)
                case .problem(let found): problem(found)
                }
            }
        }
    }

    /// Parses the gathered lines into events and problems, share by share in file order, and
    /// empties the batch. `meanwhile` runs on this thread while another parses (the batch
    /// before being delivered); then this thread parses too.
    mutating func parse(_ walker: EnvelopeWalker, meanwhile: () -> Void) -> [[Parsed]] {
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
        var results = [[Parsed]](repeating: [], count: shares)
        bytes.withUnsafeBytes { buffer in
            results.withUnsafeMutableBufferPointer { out in
                // Each share's slot is written by the one thread that took it, and read after
                // both are done.
                nonisolated(unsafe) let out = out
                nonisolated(unsafe) let buffer = buffer
                let lines = lines
                let bounds = bounds
                let next = ShareCounter()
                @Sendable func work() {
                    var scratch = EnvelopeWalker.Scratch(slots: walker.slotCount)
                    while let share = next.take(below: shares) {
                        var parsed: [Parsed] = []
                        parsed.reserveCapacity(bounds[share + 1] - bounds[share])
                        for line in lines[bounds[share]..<bounds[share + 1]] {
                            let slice = UnsafeRawBufferPointer(rebasing: buffer[line.start..<line.end])
                            do throws(JSONLineScanner.SyntaxError) {
                                if let event = try walker.record(slice, line: line.number, scratch: &scratch) {
                                    parsed.append(.event(event))
                                }
                            } catch {
                                let message =
                                    line.unterminated
                                    ? "the last line is cut short: \(error.message)"
                                    : "not a change event: \(error.message)"
                                parsed.append(.problem(ReadProblem(line: line.number, column: error.column, message)))
                            }
                        }
                        out[share] = parsed
                    }
                }
                if shares == 1 {
                    meanwhile()
                    work()
                } else {
                    let other = DispatchGroup()
                    DispatchQueue.global().async(group: other) { work() }
                    meanwhile()
                    work()
                    other.wait()
                }
            }
        }
        return results
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

/// The next share to parse, taken by whichever thread is free.
private final class ShareCounter: Sendable {
    private let next = Atomic<Int>(0)

    func take(below count: Int) -> Int? {
        let share = next.wrappingAdd(1, ordering: .relaxed).oldValue
        return share < count ? share : nil
    }
}
