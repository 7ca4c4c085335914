public import AssessYAML
public import Foundation

/// One file of a hand-in as a reader sees it: a path, and the only ways to its bytes, which the
/// grading side supplies already fenced (confined to the submission, capped in size). A reader
/// never opens a path itself, so no format can read outside what the rubric let in.
public struct EvidenceFile: Sendable {
    /// The path relative to the submission root, as findings name it.
    public let path: String
    /// The format the rubric's input declares (`auto` when it names none).
    public let declaredFormat: String
    private let loadBytes: @Sendable () throws(ReadFailure) -> Data
    private let openBlocks: @Sendable () throws(ReadFailure) -> FileBlocks
    /// The bytes of a file held in memory (a test's text), which has no blocks to stream.
    let held: Data?

    public init(
        path: String, declaredFormat: String = "auto",
        bytes: @escaping @Sendable () throws(ReadFailure) -> Data,
        blocks: @escaping @Sendable () throws(ReadFailure) -> FileBlocks
    ) {
        self.path = path
        self.declaredFormat = declaredFormat
        self.loadBytes = bytes
        self.openBlocks = blocks
        self.held = nil
    }

    /// A file held in memory, for tests and for text already read.
    public init(path: String, declaredFormat: String = "auto", contents: String) {
        let data = Data(contents.utf8)
        self.path = path
        self.declaredFormat = declaredFormat
        self.loadBytes = { data }
        self.openBlocks = { () throws(ReadFailure) -> FileBlocks in
            throw ReadFailure(
                .error("cannot be streamed from memory", at: SourceLocation(file: path, line: 1, column: 1)))
        }
        self.held = data
    }

    /// The whole file (within the input's size cap).
    public func bytes() throws(ReadFailure) -> Data { try loadBytes() }

    /// The whole file as UTF-8 text (invalid sequences replaced).
    public func text() throws(ReadFailure) -> String { String(decoding: try loadBytes(), as: UTF8.self) }

    /// The file streamed in blocks, for exports too large to hold.
    public func blocks() throws(ReadFailure) -> FileBlocks { try openBlocks() }

    /// The file's first line, for problems about the file as a whole.
    public var start: SourceLocation { SourceLocation(file: path, line: 1, column: 1) }
}
