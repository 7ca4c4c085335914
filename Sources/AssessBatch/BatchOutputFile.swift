import AssessReporters
import Foundation

/// A file of a batch's output folder (a report, a row) replaced in one step: written in full
/// under a staging name, then renamed over the old one, so a reader, or a run resumed after a
/// crash or `kill -9`, sees the old file or the new one and never half of either.
///
/// Unlike `Data.write(options: .atomic)`, nothing is synced to the disk file by file: those two
/// `fsync`s per submission (about 4 ms each on the development machine) were most of the wall
/// time a cohort took beyond its CPU time. What a power cut can still leave, a row whose report
/// never reached the disk, the resumed run grades again: `BatchRunner.row(for:)` reuses a row
/// only when every report it needs is there with content.
enum BatchOutputFile {
    /// Writes `data` to `path` through a staging file in `staging` (a folder on the same file
    /// system). A link, device or FIFO already at `path` is written through instead, never
    /// renamed over, as `ReportWriter` does for `--output`.
    static func replace(_ path: String, with data: Data, staging: String) throws(ReportWriteError) {
        var status = stat()
        if lstat(path, &status) == 0, (status.st_mode & S_IFMT) != S_IFREG {
            try ReportWriter.write(data, to: path)
            return
        }
        let name = path.split(separator: "/").last.map(String.init) ?? "file"
        let temporary = staging + "/" + name + "." + UUID().uuidString
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else { throw ReportWriteError(path: path, reason: String(cString: strerror(errno))) }
        var failure: Int32 = 0
        data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
            var offset = 0
            while offset < bytes.count {
                let written = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                offset += written
            }
        }
        if close(descriptor) != 0, failure == 0 { failure = errno }
        if failure == 0, rename(temporary, path) != 0 {
            // `reports/` or `rows/` linked onto another file system: no rename reaches it, so
            // the file is written there the way `ReportWriter` writes one.
            if errno == EXDEV {
                unlink(temporary)
                try ReportWriter.write(data, to: path)
                return
            }
            failure = errno
        }
        guard failure == 0 else {
            unlink(temporary)
            throw ReportWriteError(path: path, reason: String(cString: strerror(failure)))
        }
    }
}
