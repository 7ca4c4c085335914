internal import CMemberWalk
import Foundation

/// One thread's simdjson parser for the envelope walk: a record line that is one plain JSON
/// object is walked on simdjson's structural index (`Sources/CMemberWalk`), which finds every
/// quote and bracket of a line with vector instructions instead of byte by byte. The kept
/// members come back as the same spans the Swift walk records. Any other line goes to the
/// Swift walk: text after the object, an escaped member name, a kept array, anything simdjson
/// refuses, and what it would let through that the Swift walk refuses (a value followed by
/// anything but `,` or `}`, a bare value holding a quote, a backslash in a skipped container).
/// So a problem is still found and named by the Swift walk, at its line and column;
/// `SimdJSONWalkTests` hold the two walks to the same reading, broken lines included.
///
/// Both walks look names up through the one C++ lookup `MemberTree` holds.
///
/// simdjson reads in blocks past a line's end, so it only sees lines followed by
/// `LineBatch.padding` readable bytes, as every line of a `LineBatch` is.
final class SimdJSONWalk {
    private let walker: OpaquePointer
    private let spans: UnsafeMutablePointer<assess_member_span>
    /// More kept members than this (a record repeating its names) go to the Swift walk.
    static let capacity: Int32 = 256
    /// Longer lines go to the Swift walk: simdjson's buffers grow to about six times the
    /// longest line they read, on each parsing thread.
    static let longestLine = 1 << 20

    /// Nil where simdjson would read further past a line than a batch pads it.
    init?() {
        guard assess_member_walk_padding() <= LineBatch.padding else { return nil }
        walker = assess_member_walker_create()
        spans = .allocate(capacity: Int(Self.capacity))
    }

    deinit {
        assess_member_walker_destroy(walker)
        spans.deallocate()
    }

    /// Walks `line` (followed by `LineBatch.padding` readable bytes) into `scratch`; false
    /// where the Swift walk must read it.
    func walk(_ line: UnsafeRawBufferPointer, tree: MemberTree, into scratch: inout EnvelopeWalker.Scratch) -> Bool {
        guard let base = line.baseAddress, line.count <= Self.longestLine else { return false }
        let count = assess_member_walk(
            walker, tree.native, base.assumingMemoryBound(to: UInt8.self), line.count, spans, Self.capacity)
        guard count >= 0 else { return false }
        scratch.clear()
        for index in 0..<Int(count) {
            let span = spans[index]
            // The C++ walk writes kinds 1 to 4 only; anything else would be a bug there, and is
            // read by the Swift walk rather than trusted.
            guard let kind = EnvelopeWalker.Span.Kind(rawValue: UInt8(truncatingIfNeeded: span.kind)) else {
                scratch.clear()
                return false
            }
            scratch.set(Int(span.slot), EnvelopeWalker.Span(kind: kind, start: Int(span.start), end: Int(span.end)))
        }
        return true
    }
}
