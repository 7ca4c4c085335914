import AssessYAML
import Foundation
import Testing

/// `FileBlocks` read both ways over one file: filled a block at a time, and walked a mapped
/// window at a time (the digest of a large file), which must hand over the same bytes, in
/// order, with nothing left out at the windows' seams.
@Suite struct FileBlocksTests {
    static func file(_ bytes: [UInt8]) throws -> String {
        let path = NSTemporaryDirectory() + "assess-fileblocks-\(UUID().uuidString)"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Three and a half pages of bytes that repeat only every 251, so a window handed over twice
    /// or out of place shows.
    static let page = Int(sysconf(Int32(_SC_PAGESIZE)))
    static let bytes = (0..<(page * 7 / 2)).map { UInt8($0 % 251) }

    @Test func mappedWindowsHandOverTheWholeFileInOrder() throws {
        let path = try Self.file(Self.bytes)
        defer { unlink(path) }
        let blocks = try #require(FileBlocks(path: path))
        var seen: [UInt8] = []
        var windows = 0
        var offset = 0
        blocks.forEachMappedWindow(from: &offset, window: Self.page) {
            seen += $0
            windows += 1
        }
        #expect(offset == Self.bytes.count)
        #expect(windows == 4)
        #expect(seen == Self.bytes)
    }

    @Test func aWalkFromAPageGoesOnFromThereAndAnyOtherPlaceIsLeftToFill() throws {
        let path = try Self.file(Self.bytes)
        defer { unlink(path) }
        let blocks = try #require(FileBlocks(path: path))
        var seen: [UInt8] = []
        var offset = Self.page
        blocks.forEachMappedWindow(from: &offset) { seen += $0 }
        #expect(seen == Array(Self.bytes[Self.page...]))
        #expect(offset == Self.bytes.count)

        // Mapping starts only at a page; from elsewhere nothing is handed over and the caller
        // reads the rest with `fill`.
        var odd = 100
        blocks.forEachMappedWindow(from: &odd) { _ in Issue.record("no window from an unaligned offset") }
        #expect(odd == 100)
        var buffer = [UInt8](repeating: 0, count: Self.bytes.count)
        let got = buffer.withUnsafeMutableBytes { blocks.fill($0, keeping: 0, at: &odd) }
        #expect(Array(buffer.prefix(got)) == Array(Self.bytes[100...]))
    }

    @Test func anEmptyFileHasNoWindow() throws {
        let path = try Self.file([])
        defer { unlink(path) }
        let blocks = try #require(FileBlocks(path: path))
        var offset = 0
        blocks.forEachMappedWindow(from: &offset) { _ in Issue.record("an empty file has no window") }
        #expect(offset == 0)
    }
}
