#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A file read front to back in large blocks, so a reader's memory stays the block size
/// however large the file. A class only to close the descriptor when it is done with. Every
/// read is positioned (`pread`) at an offset the reader keeps, so the descriptor has no shared
/// position and two readers of one file cannot move each other's place: Sendable as it stands.
public final class FileBlocks: Sendable {
    private let descriptor: Int32
    public let blockSize: Int

    public init?(path: String, blockSize: Int = 4 << 20) {
        #if canImport(Glibc)
            let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        #else
            let fd = Darwin.open(path, O_RDONLY | O_CLOEXEC)
        #endif
        guard fd >= 0 else { return nil }
        descriptor = fd
        self.blockSize = blockSize
    }

    deinit { close(descriptor) }

    /// Reads into `buffer` from the start of the file without moving on; returns the bytes read.
    public func peek(_ buffer: UnsafeMutableRawBufferPointer) -> Int {
        let got = pread(descriptor, buffer.baseAddress!, buffer.count, 0)
        return max(0, got)
    }

    /// The file's size in bytes when it was asked (nil if the system cannot say), for
    /// readers that size their output by it.
    public var size: Int? {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return nil }
        return Int(info.st_size)
    }

    /// The whole file, for formats that are small by nature.
    public func readAll() -> [UInt8] {
        var bytes: [UInt8] = []
        var block = [UInt8](repeating: 0, count: blockSize)
        var offset = 0
        while true {
            let got = block.withUnsafeMutableBytes { fill($0, keeping: 0, at: &offset) }
            bytes += block.prefix(got)
            if got < block.count { return bytes }
        }
    }

    /// Fills `buffer` (appending after `keeping` bytes already at its start) from the file at
    /// `offset`, moves `offset` past what was read, and returns the number of bytes now in the
    /// buffer; equal to `keeping` at the end of the file.
    public func fill(_ buffer: UnsafeMutableRawBufferPointer, keeping: Int, at offset: inout Int) -> Int {
        var filled = keeping
        while filled < buffer.count {
            let got = pread(descriptor, buffer.baseAddress! + filled, buffer.count - filled, off_t(offset))
            if got < 0 {
                if errno == EINTR { continue }
                break
            }
            if got == 0 { break }
            filled += got
            offset += got
        }
        return filled
    }
}
