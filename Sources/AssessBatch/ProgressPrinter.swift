import Foundation

/// Progress on standard error, never standard output (which may carry JSON): a redrawn bar
/// with rate and ETA on a terminal, a plain line every few seconds in a CI log.
public final class ProgressPrinter: @unchecked Sendable {
    private let lock = NSLock()
    private let start = Date()
    private var lastLine = Date.distantPast
    private let isTerminal: Bool
    private let interval: TimeInterval

    /// @unchecked Sendable: every mutable field is touched only under `lock`.
    public init(isTerminal: Bool = isatty(STDERR_FILENO) == 1, interval: TimeInterval = 5) {
        self.isTerminal = isTerminal
        self.interval = interval
    }

    public func update(done: Int, total: Int) {
        lock.lock()
        defer { lock.unlock() }
        let elapsed = Date().timeIntervalSince(start)
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        let eta = rate > 0 ? Double(total - done) / rate : 0
        let stats = String(format: "%d/%d  %.1f/s  ETA %.0fs", done, total, rate, eta)
        if isTerminal {
            let width = 30
            let filled = total == 0 ? width : width * done / total
            let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
            FileHandle.standardError.write(Data("\r\(bar) \(stats)\(done == total ? "\n" : "")".utf8))
        } else if done == total || Date().timeIntervalSince(lastLine) >= interval {
            lastLine = Date()
            FileHandle.standardError.write(Data("graded \(stats)\n".utf8))
        }
    }
}
