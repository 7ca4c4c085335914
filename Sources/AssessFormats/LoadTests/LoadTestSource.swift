public import AssessYAML
import Foundation

/// The bytes of one load-test file, from memory (tests, small files) or streamed from disk
/// in blocks (a multi-gigabyte k6 log), with one way to walk its lines.
public struct LoadTestSource: Sendable {
    enum Storage: Sendable {
        case memory([UInt8])
        case blocks(FileBlocks)
    }

    public let file: String
    let storage: Storage

    public init(file: String, bytes: [UInt8]) {
        self.file = file
        storage = .memory(bytes)
    }

    public init(file: String, text: String) { self.init(file: file, bytes: Array(text.utf8)) }

    public init(file: String, blocks: FileBlocks) {
        self.file = file
        storage = .blocks(blocks)
    }

    /// An evidence file line by line: streamed in blocks from disk, or walked in memory when
    /// the file is held there (a test's text), so the streaming readers read both alike.
    public init(_ file: EvidenceFile) throws(ReadFailure) {
        if let held = file.held {
            self.init(file: file.path, bytes: Array(held))
        } else {
            self.init(file: file.path, blocks: try file.blocks())
        }
    }

    /// Up to `limit` bytes from the start, as text, for format detection.
    public func head(_ limit: Int = 64 << 10) -> String {
        switch storage {
        case .memory(let bytes): return String(decoding: bytes.prefix(limit), as: UTF8.self)
        case .blocks(let blocks):
            var buffer = [UInt8](repeating: 0, count: limit)
            let count = buffer.withUnsafeMutableBytes { blocks.peek($0) }
            return String(decoding: buffer.prefix(count), as: UTF8.self)
        }
    }

    /// The whole file as text, for formats that are small by nature (summaries, reports).
    public func text() -> String {
        switch storage {
        case .memory(let bytes): return String(decoding: bytes, as: UTF8.self)
        case .blocks(let blocks): return String(decoding: blocks.readAll(), as: UTF8.self)
        }
    }

    /// Longest line handed to a reader. Lines are streamed so a file of any size is read in
    /// the memory of one block, but only if a line is bounded: a 1 GB file without a newline
    /// would otherwise be gathered whole. No record of a load tool, CDC stream or event log
    /// comes near this.
    public static let maxLineBytes = 16 << 20

    /// Calls `body` with each line (without its `\n` or `\r\n`) and its 1-based number; the
    /// second argument of `body` is true for a last line with no newline after it (a file cut
    /// mid-record, when the format ends every record with one). Stops early when `body`
    /// returns false, or when the task it runs in is cancelled. A line longer than
    /// `maxLineBytes` is skipped (it keeps its number) and its number returned, for the reader
    /// to report.
    @discardableResult
    public func forEachLine(
        maxLineBytes: Int = LoadTestSource.maxLineBytes, _ body: (UnsafeRawBufferPointer, Int, Bool) -> Bool
    ) -> [Int] {
        var lineNumber = 0
        var overlong: [Int] = []
        func deliver(_ line: UnsafeRawBufferPointer, unterminated: Bool) -> Bool {
            lineNumber += 1
            // A criterion whose time ran out is cancelled: the read stops within a few thousand
            // lines and gives its thread back, rather than reading gigabytes for nobody.
            if lineNumber & 0xFFF == 0, Task.isCancelled { return false }
            if line.count > maxLineBytes {
                overlong.append(lineNumber)
                return true
            }
            return body(line, lineNumber, unterminated)
        }
        func scan(_ chunk: UnsafeRawBufferPointer, final: Bool) -> (consumed: Int, stop: Bool) {
            guard let base = chunk.baseAddress else { return (0, false) }
            var start = 0
            while start < chunk.count {
                guard let hit = memchr(base + start, 0x0A, chunk.count - start) else {
                    if final {
                        var end = chunk.count
                        if end > start, chunk[end - 1] == 0x0D { end -= 1 }
                        _ = deliver(UnsafeRawBufferPointer(rebasing: chunk[start..<end]), unterminated: true)
                        return (chunk.count, false)
                    }
                    return (start, false)
                }
                let newline = UnsafeRawPointer(hit) - base
                var end = newline
                if end > start, chunk[end - 1] == 0x0D { end -= 1 }
                if !deliver(UnsafeRawBufferPointer(rebasing: chunk[start..<end]), unterminated: false) {
                    return (newline + 1, true)
                }
                start = newline + 1
            }
            return (start, false)
        }
        switch storage {
        case .memory(let bytes):
            bytes.withUnsafeBytes { _ = scan($0, final: true) }
        case .blocks(let blocks):
            var buffer = UnsafeMutableRawBufferPointer.allocate(
                byteCount: min(blocks.blockSize, max(maxLineBytes, 64)), alignment: 64)
            defer { buffer.deallocate() }
            var offset = 0
            var kept = 0
            var skipping = false  // inside a line over the cap, waiting for its newline
            while true {
                let filled = blocks.fill(buffer, keeping: kept, at: &offset)
                let atEnd = filled < buffer.count
                var from = 0
                if skipping {
                    guard let hit = memchr(buffer.baseAddress!, 0x0A, filled) else {
                        if atEnd { return overlong }
                        kept = 0
                        continue
                    }
                    from = UnsafeRawPointer(hit) - UnsafeRawPointer(buffer.baseAddress!) + 1
                    skipping = false
                }
                let (scanned, stop) = scan(UnsafeRawBufferPointer(rebasing: buffer[from..<filled]), final: atEnd)
                if stop || atEnd { return overlong }
                let consumed = from + scanned
                kept = filled - consumed
                if consumed == 0 {
                    if buffer.count >= maxLineBytes {
                        // One line over the cap: counted, reported, and skipped to its newline.
                        lineNumber += 1
                        overlong.append(lineNumber)
                        skipping = true
                        kept = 0
                    } else {
                        // One line longer than the buffer: grow it.
                        let bigger = UnsafeMutableRawBufferPointer.allocate(
                            byteCount: min(buffer.count * 2, maxLineBytes), alignment: 64)
                        bigger.copyMemory(from: UnsafeRawBufferPointer(buffer))
                        buffer.deallocate()
                        buffer = bigger
                    }
                } else if kept > 0 {
                    memmove(buffer.baseAddress!, buffer.baseAddress! + consumed, kept)
                }
            }
        }
        return overlong
    }

    /// The message a reader gives for the lines `forEachLine` skipped as too long.
    public static func overlongMessage(_ lines: [Int]) -> String? {
        guard let first = lines.first else { return nil }
        let more = lines.count > 1 ? " (and \(lines.count - 1) more)" : ""
        return "line \(first)\(more) is longer than \(maxLineBytes >> 20) MiB; not read"
    }
}

/// A file that cannot be read as the format it was taken for, with the place it went wrong.
public struct LoadTestReadError: Error, Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int
    public var message: String

    public init(file: String, line: Int = 1, column: Int = 1, _ message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    public var location: SourceLocation { SourceLocation(file: file, line: line, column: column) }
    public var description: String { "\(file):\(line):\(column): error: \(message)" }
}

/// One file format a load tool writes: how to recognise it from its first bytes, and how
/// to read it into a `LoadTestRun`.
public protocol LoadTestFormat: Sendable {
    /// What the format is, for messages (`k6 --out json`).
    static var name: String { get }
    /// Whether a file whose first bytes are `head` (and whose name is `fileName`) is in this
    /// format. Content decides; the name only breaks ties between look-alike CSVs.
    static func recognizes(head: String, fileName: String) -> Bool
    static func read(_ source: LoadTestSource, options: LoadTestReadOptions) throws(LoadTestReadError) -> LoadTestRun
}
