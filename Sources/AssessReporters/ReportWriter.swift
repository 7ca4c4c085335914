public import Foundation

/// Writes rendered reports where `--output` says: standard output (`nil` or `-`), or a file.
/// A regular file (or a new one) is replaced atomically, so a reader never sees half a
/// report; anything else that already exists there — a device such as `/dev/null`, a FIFO, a
/// symbolic link — is written through and never renamed over, so running as root never turns
/// `/dev/null` into a file or a link into a copy. Every failure names where it was writing.
public enum ReportWriter {
    /// What `--output` calls standard output.
    public static let standardOutputName = "-"

    public static func write(_ data: Data, to path: String?) throws(ReportWriteError) {
        guard let path, path != standardOutputName else {
            do {
                try FileHandle.standardOutput.write(contentsOf: data)
            } catch {
                throw ReportWriteError(path: standardOutputName, reason: reason(error))
            }
            return
        }
        var status = stat()
        if lstat(path, &status) == 0, (status.st_mode & S_IFMT) != S_IFREG {
            try writeThrough(data, to: path)
            return
        }
        let url = URL(fileURLWithPath: path)
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: url, options: .atomic)
        } catch {
            throw ReportWriteError(path: path, reason: reason(error))
        }
    }

    /// Opens what is there (following a link) and writes into it, truncating a regular target.
    static func writeThrough(_ data: Data, to path: String) throws(ReportWriteError) {
        let descriptor = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC)
        guard descriptor >= 0 else { throw ReportWriteError(path: path, reason: String(cString: strerror(errno))) }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        do {
            try handle.write(contentsOf: data)
            try handle.close()
        } catch {
            throw ReportWriteError(path: path, reason: reason(error))
        }
    }

    /// The system's words for why (`No space left on device`), not Foundation's wrapper.
    static func reason(_ error: any Error) -> String {
        let ns = error as NSError
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        if ns.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(ns.code))) }
        return ns.localizedDescription
    }
}
