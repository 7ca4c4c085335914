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

    /// Calls `body` with each line (without its `\n` or `\r\n`) and its 1-based number; the
    /// second argument of `body` is true for a last line with no newline after it (a file cut
    /// mid-record, when the format ends every record with one). Stops early when `body`
    /// returns false.
    public func forEachLine(_ body: (UnsafeRawBufferPointer, Int, Bool) -> Bool) {
        var lineNumber = 0
        func scan(_ chunk: UnsafeRawBufferPointer, final: Bool) -> (consumed: Int, stop: Bool) {
            guard let base = chunk.baseAddress else { return (0, false) }
            var start = 0
            while start < chunk.count {
                guard let hit = memchr(base + start, 0x0A, chunk.count - start) else {
                    if final {
                        lineNumber += 1
                        var end = chunk.count
                        if end > start, chunk[end - 1] == 0x0D { end -= 1 }
                        _ = body(UnsafeRawBufferPointer(rebasing: chunk[start..<end]), lineNumber, true)
                        return (chunk.count, false)
                    }
                    return (start, false)
                }
                let newline = UnsafeRawPointer(hit) - base
                var end = newline
                if end > start, chunk[end - 1] == 0x0D { end -= 1 }
                lineNumber += 1
                if !body(UnsafeRawBufferPointer(rebasing: chunk[start..<end]), lineNumber, false) {
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
            var buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: blocks.blockSize, alignment: 64)
            defer { buffer.deallocate() }
            blocks.rewind()
            var kept = 0
            while true {
                let filled = blocks.fill(buffer, keeping: kept)
                let atEnd = filled < buffer.count
                let (consumed, stop) = scan(UnsafeRawBufferPointer(rebasing: buffer[0..<filled]), final: atEnd)
                if stop || atEnd { return }
                kept = filled - consumed
                if consumed == 0 {
                    // One line longer than the buffer: grow it.
                    let bigger = UnsafeMutableRawBufferPointer.allocate(byteCount: buffer.count * 2, alignment: 64)
                    bigger.copyMemory(from: UnsafeRawBufferPointer(buffer))
                    buffer.deallocate()
                    buffer = bigger
                } else if kept > 0 {
                    memmove(buffer.baseAddress!, buffer.baseAddress! + consumed, kept)
                }
            }
        }
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
