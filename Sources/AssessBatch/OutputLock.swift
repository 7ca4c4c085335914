import Foundation

/// An exclusive lock on a batch's `--out` folder (`OUT/.lock`, `flock`), held for the whole
/// run: two batches writing one folder would share its scratch space and rows and corrupt the
/// gradebook, so the second refuses at once. The kernel drops the lock when the process ends,
/// however it ends, so a killed batch never leaves the folder locked for its resume.
final class OutputLock: Sendable {
    private let descriptor: Int32

    /// Takes the lock, or throws `BatchError.locked` when another process holds it.
    init(folder: String) throws(BatchError) {
        let path = folder + "/.lock"
        let descriptor = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw BatchError("cannot create the lock file '\(path)': \(String(cString: strerror(errno)))")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let reason = errno
            close(descriptor)
            if reason == EWOULDBLOCK {
                throw BatchError(
                    "another assess batch is writing to '\(folder)' (it holds '\(path)'); wait for it to finish or give a different --out",
                    locked: true)
            }
            throw BatchError("cannot lock '\(path)': \(String(cString: strerror(reason)))")
        }
        self.descriptor = descriptor
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
