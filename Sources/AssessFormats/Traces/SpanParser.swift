import AssessYAML
import Foundation

/// What the three readers share while they walk a file: the scanner, the file's lines (for
/// locations), one copy of each repeated string, and the spans and problems found so far.
/// Each format adds its own walk in an extension (OTLPJSONReader.swift, …).
struct SpanParser {
    let file: String
    var scanner: JSONScanner
    var lines: LineCounter
    var interner: StringInterner
    var attributeLists = AttributeListCache()
    var spans: [Span] = []
    var problems: [ReadProblem] = []
    /// Problems past this many are counted, not kept: a broken exporter repeats itself.
    static let problemLimit = 200
    var droppedProblems = 0

    init(
        file: String, base: UnsafePointer<UInt8>, start: Int = 0, end: Int, firstLine: Int = 1,
        interner: StringInterner = StringInterner()
    ) {
        self.file = file
        self.scanner = JSONScanner(base, start: start, end: end)
        self.lines = LineCounter(base, end: end, firstLine: firstLine)
        self.interner = interner
    }

    /// Moves on to the next block of a file read in blocks, keeping the spans, problems and
    /// caches: the block's first byte is on line `firstLine`.
    mutating func rebase(_ base: UnsafePointer<UInt8>, end: Int, firstLine: Int) {
        scanner = JSONScanner(base, start: 0, end: end)
        lines = LineCounter(base, end: end, firstLine: firstLine)
    }

    /// Takes over the spans and problems another parser read from the stretch of the file
    /// that follows this one's, leaving it empty (its buffers kept) for the next block.
    mutating func absorb(_ other: inout SpanParser) {
        // Moved, not copied: `append(contentsOf:)` retained each span's strings and arrays,
        // and emptying `other` released them again. Reversed in place, then taken from the
        // end, each span is moved out of one array into the other.
        spans.reserveCapacity(spans.count + other.spans.count)
        other.spans.reverse()
        while let span = other.spans.popLast() { spans.append(span) }
        for found in other.problems {
            if problems.count < Self.problemLimit { problems.append(found) } else { droppedProblems += 1 }
        }
        droppedProblems += other.droppedProblems
        other.problems.removeAll(keepingCapacity: true)
        other.droppedProblems = 0
    }

    mutating func location(_ offset: Int) -> SourceLocation {
        let (line, column) = lines.position(of: offset)
        return SourceLocation(file: file, line: line, column: column)
    }

    mutating func problem(_ message: String, at offset: Int) {
        guard problems.count < Self.problemLimit else {
            droppedProblems += 1
            return
        }
        problems.append(ReadProblem.warning(message, at: location(offset)))
    }

    mutating func string(_ raw: RawBytes) -> String { interner.string(raw) }

    /// Reads top-level JSON values one after another until the input ends: one document, or
    /// JSON lines (one export request per line). After a syntax error, JSON lines go on at the
    /// next line; a single document stops, keeping the spans read before the error.
    mutating func documents(jsonLines: Bool, _ readOne: (inout SpanParser) throws(JSONScanError) -> Void) {
        while scanner.peek() != nil {
            let start = scanner.pos
            do throws(JSONScanError) {
                try readOne(&self)
                if jsonLines {
                    // Only blanks may follow the value on its line.
                    while scanner.pos < scanner.end,
                        scanner.base[scanner.pos] == 0x20 || scanner.base[scanner.pos] == 0x09
                            || scanner.base[scanner.pos] == 0x0D
                    {
                        scanner.pos += 1
                    }
                    if scanner.pos < scanner.end, scanner.base[scanner.pos] != 0x0A {
                        throw scanner.fail(
                            "more text after the JSON value on this line: \(scanner.found(at: scanner.pos))")
                    }
                }
            } catch {
                problem("not valid JSON: \(error.message)", at: error.offset)
                guard jsonLines else { return }
                var next = max(error.offset, start)
                while next < scanner.end, scanner.base[next] != 0x0A { next += 1 }
                scanner.pos = next
            }
        }
    }

    /// A trace id, or nil with a problem at `offset`.
    mutating func traceID(_ raw: RawBytes?, _ key: String, at offset: Int) -> TraceID? {
        guard let raw else {
            problem("span has no '\(key)'; skipped", at: offset)
            return nil
        }
        guard let id = TraceIDText.traceID(raw), !id.isZero else {
            problem(
                "span has an invalid '\(key)' '\(JSONScanner.decode(raw))' (expected 32 hex digits); skipped",
                at: offset)
            return nil
        }
        return id
    }

    mutating func spanID(_ raw: RawBytes?, _ key: String, at offset: Int) -> SpanID? {
        guard let raw else {
            problem("span has no '\(key)'; skipped", at: offset)
            return nil
        }
        guard let id = TraceIDText.spanID(raw), id.value != 0 else {
            problem(
                "span has an invalid '\(key)' '\(JSONScanner.decode(raw))' (expected 16 hex digits); skipped",
                at: offset)
            return nil
        }
        return id
    }

    /// A parent id: nil for none (absent, empty, all zeros); a bad one is a problem but the span is kept.
    mutating func parentID(_ raw: RawBytes?, at offset: Int) -> SpanID? {
        guard let raw, raw.count > 0 else { return nil }
        guard let id = TraceIDText.spanID(raw) else {
            problem("span has an invalid parent id '\(JSONScanner.decode(raw))'; read as a root", at: offset)
            return nil
        }
        return id.value == 0 ? nil : id
    }

    /// Microseconds (Jaeger, Zipkin) to nanoseconds.
    static func nanos(micros: Int64) -> Int64 {
        let (value, overflow) = micros.multipliedReportingOverflow(by: 1000)
        return overflow ? (micros < 0 ? .min : .max) : value
    }

    /// Checks the times of a finished span.
    mutating func checkTimes(_ span: Span, at offset: Int) {
        if span.endNanos < span.startNanos {
            problem("span \(span.spanID) '\(span.name)' ends before it starts; its duration is read as 0", at: offset)
        }
    }
}

/// Attribute lists an exporter writes again and again word for word (every Redis `GET`, every
/// health check): the text at the reader's position is compared with lists seen before for
/// the same span name and opening bytes, and on a match the list is taken as it was read then
/// (spans share one array) instead of being parsed again. A match needs no scan for the list's
/// end: a complete, checked array is the same value wherever its bytes recur. Set-associative
/// and bounded, so a file of all-different lists costs a short hash and a miss per span.
struct AttributeListCache {
    static let sets = 1 << 10
    static let ways = 4
    /// How many opening bytes pick the set.
    static let prefix = 64
    /// Longer lists are parsed every time (and not kept).
    static let longest = 2048
    private var keys = [UInt64](repeating: 0, count: sets * ways)
    private var texts = [[UInt8]](repeating: [], count: sets * ways)
    private var lists = [[SpanAttribute]](repeating: [], count: sets * ways)
    private var victims = [Int](repeating: 0, count: sets)

    /// The key for the list starting at `start` (`available` bytes readable from there) of a
    /// span whose name hashed to `context`; never zero (zero marks an empty way).
    static func key(_ start: UnsafePointer<UInt8>, available: Int, context: UInt64) -> UInt64 {
        (StringInterner.hash(start, min(prefix, available)) ^ context) | 1
    }

    /// The list whose text starts at `start`, and that text's length, when it was seen before.
    func find(_ key: UInt64, _ start: UnsafePointer<UInt8>, available: Int) -> ([SpanAttribute], Int)? {
        let set = Int(truncatingIfNeeded: key >> 17) & (Self.sets - 1)
        for way in set * Self.ways..<(set + 1) * Self.ways where keys[way] == key {
            let count = texts[way].withUnsafeBufferPointer { text -> Int? in
                text.count <= available && memcmp(text.baseAddress!, start, text.count) == 0 ? text.count : nil
            }
            if let count { return (lists[way], count) }
        }
        return nil
    }

    mutating func store(_ key: UInt64, _ start: UnsafePointer<UInt8>, _ count: Int, _ list: [SpanAttribute]) {
        let set = Int(truncatingIfNeeded: key >> 17) & (Self.sets - 1)
        let way = set * Self.ways + victims[set]
        victims[set] = (victims[set] + 1) % Self.ways
        keys[way] = key
        texts[way].removeAll(keepingCapacity: true)
        texts[way].append(contentsOf: UnsafeBufferPointer(start: start, count: count))
        lists[way] = list
    }
}
