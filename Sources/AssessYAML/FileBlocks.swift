#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A file read front to back in large blocks, so a reader's memory stays the block size
/// however large the file. A class only to close the descriptor when it is done with.
public final class FileBlocks: @unchecked Sendable {
    private let descriptor: Int32
    public let blockSize: Int

    public init?(path: String, blockSize: Int = 4 << 20) {
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
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

    /// Goes back to the start, so the file can be read again.
    public func rewind() { lseek(descriptor, 0, SEEK_SET) }

    /// The whole file, for formats that are small by nature.
    public func readAll() -> [UInt8] {
        rewind()
        var bytes: [UInt8] = []
        var block = [UInt8](repeating: 0, count: blockSize)
        while true {
            let got = block.withUnsafeMutableBytes { fill($0, keeping: 0) }
            bytes += block.prefix(got)
            if got < block.count { return bytes }
        }
    }

    /// Fills `buffer` (appending after `keeping` bytes already at its start) and returns the
    /// number of bytes now in it; equal to `keeping` at the end of the file.
    public func fill(_ buffer: UnsafeMutableRawBufferPointer, keeping: Int) -> Int {
        var filled = keeping
        while filled < buffer.count {
            let got = read(descriptor, buffer.baseAddress! + filled, buffer.count - filled)
            if got < 0 {
                if errno == EINTR { continue }
                break
            }
            if got == 0 { break }
            filled += got
        }
        return filled
    }
}
