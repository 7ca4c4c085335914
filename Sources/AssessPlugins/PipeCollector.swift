import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// One end of a pipe handed to a wasm module as its stdout or stderr, read on a thread of
/// its own while the module runs, so its limit holds *during* the run: stdout is cut at
/// `limit` bytes (the read end is closed, and the module's next write fails with EPIPE),
/// stderr keeps only its last `limit` bytes. A file in a scratch folder, checked after the
/// run, let a module write 1 GiB (or fill a tmpfs) before anyone looked.
///
/// A class because the reading thread and the caller share it; its state is guarded by
/// `lock` (`@unchecked Sendable`).
final class PipeCollector: @unchecked Sendable {
    enum Mode {
        /// Keep the first `limit` bytes; more ends the read and marks the output as overflowed.
        case head
        /// Keep the last `limit` bytes; never stop reading.
        case tail
    }

    /// The end the module writes to; `finish()` closes it.
    let writeEnd: Int32
    private let readEnd: Int32
    private let limit: Int
    private let mode: Mode
    private let lock = NSLock()
    private let done = DispatchSemaphore(value: 0)
    private var collected = Data()
    private var overflowed = false
    private var finished = false

    init?(limit: Int, mode: Mode) {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { return nil }
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        readEnd = fds[0]
        writeEnd = fds[1]
        self.limit = limit
        self.mode = mode
        let thread = Thread { [self] in readUntilDone() }
        thread.stackSize = 256 << 10
        thread.start()
    }

    private func readUntilDone() {
        var buffer = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            let got = read(readEnd, &buffer, buffer.count)
            if got < 0, errno == EINTR { continue }
            if got <= 0 { break }
            lock.lock()
            collected.append(buffer, count: got)
            var stop = false
            switch mode {
            case .head:
                if collected.count > limit {
                    overflowed = true
                    collected = collected.prefix(limit)
                    stop = true
                }
            case .tail:
                if collected.count > 2 * limit { collected = collected.suffix(limit) }
            }
            lock.unlock()
            if stop { break }
        }
        close(readEnd)
        done.signal()
    }

    /// Closes the module's end, waits for the reader to drain the pipe, and gives what it kept.
    func finish() -> (data: Data, overflowed: Bool) {
        lock.lock()
        let first = !finished
        finished = true
        lock.unlock()
        if first {
            close(writeEnd)
            done.wait()
        }
        lock.lock()
        defer { lock.unlock() }
        return (mode == .tail ? Data(collected.suffix(limit)) : collected, overflowed)
    }
}
