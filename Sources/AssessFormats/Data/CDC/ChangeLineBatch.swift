import Foundation

/// Lines of a change stream gathered a megabyte at a time and parsed together, one half on each
/// core, then handed on in file order: parsing is most of a stream's cost, and the delivery
/// checks that follow need the events in order, so the lines are split and the events are not.
/// A batch holds at most one megabyte past one line, and a line is at most
/// `LoadTestSource.maxLineBytes`, so memory stays bounded whatever the file's size.
struct ChangeLineBatch {
    struct Line {
        var start: Int
        var end: Int
        var number: Int
        var unterminated: Bool
    }

    enum Parsed {
        case event(ChangeEvent)
        case problem(ReadProblem)
    }

    /// Bytes gathered before the batch is parsed.
    static let capacity = 1 << 20
    /// Below this many bytes a batch is not worth a second core.
    static let smallestSplit = 128 << 10

    private(set) var bytes: [UInt8] = []
    private(set) var lines: [Line] = []

    var isFull: Bool { bytes.count >= Self.capacity }

    mutating func add(_ line: UnsafeRawBufferPointer, number: Int, unterminated: Bool) {
        if bytes.capacity < Self.capacity { bytes.reserveCapacity(Self.capacity + (64 << 10)) }
        let start = bytes.count
        bytes.append(contentsOf: line)
        lines.append(Line(start: start, end: bytes.count, number: number, unterminated: unterminated))
    }

    /// Parses the gathered lines and calls `problem` and `body` in file order; the batch is empty after.
    mutating func flush(
        _ walker: EnvelopeWalker, problem: (ReadProblem) -> Void, _ body: (ChangeEvent) -> Void
    ) {
        guard !lines.isEmpty else { return }
        // Two shares split at the line that starts nearest the middle of the bytes.
        var ranges = [0..<lines.count]
        if bytes.count >= Self.smallestSplit {
            let middle = bytes.count / 2
            let split = Self.firstLine(in: lines, startingAtOrAfter: middle)
            if split > 0, split < lines.count { ranges = [0..<split, split..<lines.count] }
        }
        var results = [[Parsed]](repeating: [], count: ranges.count)
        bytes.withUnsafeBytes { buffer in
            results.withUnsafeMutableBufferPointer { out in
                nonisolated(unsafe) let out = out
                nonisolated(unsafe) let buffer = buffer
                let lines = lines
                let shares = ranges
                @Sendable func parse(_ share: Int) {
                    var scratch = EnvelopeWalker.Scratch(slots: walker.slotCount)
                    var parsed: [Parsed] = []
                    parsed.reserveCapacity(shares[share].count)
                    for line in lines[shares[share]] {
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
                if shares.count == 1 {
                    parse(0)
                } else {
                    DispatchQueue.concurrentPerform(iterations: shares.count) { parse($0) }
                }
            }
        }
        for share in results {
            for item in share {
                switch item {
                case .event(let event): body(event)
                case .problem(let found): problem(found)
                }
            }
        }
        bytes.removeAll(keepingCapacity: true)
        lines.removeAll(keepingCapacity: true)
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
