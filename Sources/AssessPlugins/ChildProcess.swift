import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Runs a program without a shell, in its own process group, with a reduced environment:
/// writes `input` to its stdin, reads stdout up to a cap and the tail of stderr, and kills the
/// whole group at the deadline or when stdout overflows. Runs on its own thread, so a
/// plugin that hangs never holds one of Swift's cooperative threads.
struct ChildProcess: Sendable {
    var arguments: [String]
    var workingDirectory: String
    var environment: [String: String]
    var timeout: Duration
    var maxOutputBytes: Int

    enum Ending: Sendable, Equatable {
        case exited(Int32)
        case signalled(Int32)
        case timedOut
        case outputTooLarge
        case couldNotStart(String)
    }

    struct Result: Sendable {
        var ending: Ending
        var stdout: Data
        /// The last few hundred bytes of stderr, for the report.
        var stderrTail: String
    }

    /// glibc's `pipe2`, which the Swift Glibc module does not import either.
    typealias Pipe2 = @convention(c) (UnsafeMutablePointer<Int32>, Int32) -> Int32
    static let pipe2Function: Pipe2? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "pipe2") else { return nil }
        return unsafeBitCast(symbol, to: Pipe2.self)
    }()

    func pipe2(_ fds: inout [Int32], _ flags: Int32) -> Int32 {
        guard let function = Self.pipe2Function else { return -1 }
        return fds.withUnsafeMutableBufferPointer { function($0.baseAddress!, flags) }
    }

    /// glibc's `posix_spawn_file_actions_addchdir_np` (2.29+), a GNU extension the Swift Glibc
    /// module does not import; looked up once by name.
    typealias AddChdir =
        @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32
    static let addChdir: AddChdir? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addchdir_np") else {
            return nil
        }
        return unsafeBitCast(symbol, to: AddChdir.self)
    }()

    func run(input: Data) async -> Result {
        await withCheckedContinuation { continuation in
            let thread = Thread {
                // A plugin that never reads its stdin must not kill assess with SIGPIPE: the
                // signal is blocked on this thread (the writes here fail with EPIPE instead),
                // which holds for a library caller that has not ignored it process-wide.
                var pipeSignal = sigset_t()
                sigemptyset(&pipeSignal)
                sigaddset(&pipeSignal, SIGPIPE)
                pthread_sigmask(SIG_BLOCK, &pipeSignal, nil)
                continuation.resume(returning: runBlocking(input: input))
            }
            thread.stackSize = 1 << 20
            thread.start()
        }
    }

    func runBlocking(input: Data) -> Result {
        var stdinPipe: [Int32] = [0, 0]
        var stdoutPipe: [Int32] = [0, 0]
        var stderrPipe: [Int32] = [0, 0]
        // Close-on-exec from the start, so a plugin spawned on another thread at the same moment
        // does not inherit these pipes and hold them open (the `adddup2`s below clear the flag on
        // the child's own 0, 1 and 2).
        guard pipe2(&stdinPipe, O_CLOEXEC) == 0 else {
            return Result(ending: .couldNotStart("cannot make pipes"), stdout: Data(), stderrTail: "")
        }
        guard pipe2(&stdoutPipe, O_CLOEXEC) == 0 else {
            stdinPipe.forEach { close($0) }
            return Result(ending: .couldNotStart("cannot make pipes"), stdout: Data(), stderrTail: "")
        }
        guard pipe2(&stderrPipe, O_CLOEXEC) == 0 else {
            (stdinPipe + stdoutPipe).forEach { close($0) }
            return Result(ending: .couldNotStart("cannot make pipes"), stdout: Data(), stderrTail: "")
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, stdinPipe[0], 0)
        posix_spawn_file_actions_adddup2(&actions, stdoutPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, stderrPipe[1], 2)
        for fd in stdinPipe + stdoutPipe + stderrPipe { posix_spawn_file_actions_addclose(&actions, fd) }
        guard let addChdir = Self.addChdir, addChdir(&actions, workingDirectory) == 0 else {
            [stdinPipe, stdoutPipe, stderrPipe].flatMap { $0 }.forEach { close($0) }
            return Result(
                ending: .couldNotStart("cannot set the working directory (glibc 2.29 or later is needed)"),
                stdout: Data(), stderrTail: "")
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(
            &attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        posix_spawnattr_setpgroup(&attributes, 0)
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGPIPE)
        posix_spawnattr_setsigdefault(&attributes, &defaults)

        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let spawned = posix_spawnp(&pid, arguments[0], &actions, &attributes, argv, envp)
        close(stdinPipe[0])
        close(stdoutPipe[1])
        close(stderrPipe[1])
        guard spawned == 0 else {
            [stdinPipe[1], stdoutPipe[0], stderrPipe[0]].forEach { close($0) }
            return Result(
                ending: .couldNotStart("cannot run '\(arguments[0])': \(String(cString: strerror(spawned)))"),
                stdout: Data(), stderrTail: "")
        }
        for fd in [stdinPipe[1], stdoutPipe[0], stderrPipe[0]] {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        }

        let deadline = ContinuousClock.now + timeout
        var stdout = Data()
        var stderr = Data()
        var written = 0
        var inputOpen = true
        var outOpen = true
        var errOpen = true
        var ending: Ending?
        var exitStatus: Int32?
        var family = ProcessFamily(root: pid)
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        if input.isEmpty {
            close(stdinPipe[1])
            inputOpen = false
        }
        /// Reads what one pipe holds now (at most `maxReads` blocks, so a child that keeps
        /// writing cannot hold the read); false once the pipe is closed or stdout is over its cap.
        func drain(_ fd: Int32, maxReads: Int = 64) -> Bool {
            for _ in 0..<maxReads {
                let count = read(fd, &buffer, buffer.count)
                if count < 0 && (errno == EAGAIN || errno == EINTR) { return true }
                if count <= 0 {
                    close(fd)
                    if fd == stdoutPipe[0] { outOpen = false } else { errOpen = false }
                    return false
                }
                if fd == stdoutPipe[0] {
                    stdout.append(buffer, count: count)
                    if stdout.count > maxOutputBytes {
                        ending = .outputTooLarge
                        return false
                    }
                } else {
                    // Only the tail of stderr is shown, so only a bounded tail is kept.
                    stderr.append(buffer, count: count)
                    if stderr.count > 64 * 1024 { stderr = stderr.suffix(4096) }
                }
                if count < buffer.count { return true }
            }
            return true
        }
        while ending == nil {
            // The plugin's own exit ends the run even when a child it started still holds
            // stdout or stderr open: what it wrote before exiting is read, nothing more waited for.
            if exitStatus == nil {
                var status: Int32 = 0
                if waitpid(pid, &status, WNOHANG) == pid { exitStatus = status }
            }
            if exitStatus != nil {
                if outOpen { _ = drain(stdoutPipe[0]) }
                if errOpen, ending == nil { _ = drain(stderrPipe[0]) }
                break
            }
            let remaining = deadline - ContinuousClock.now
            if remaining <= .zero {
                ending = .timedOut
                break
            }
            family.update()
            var fds: [pollfd] = []
            if inputOpen { fds.append(pollfd(fd: stdinPipe[1], events: Int16(POLLOUT), revents: 0)) }
            if outOpen { fds.append(pollfd(fd: stdoutPipe[0], events: Int16(POLLIN), revents: 0)) }
            if errOpen { fds.append(pollfd(fd: stderrPipe[0], events: Int16(POLLIN), revents: 0)) }
            let (seconds, attoseconds) = remaining.components
            let milliseconds = Int32(min(Int64(Int32.max), seconds * 1000 + attoseconds / 1_000_000_000_000_000 + 1))
            // Short waits: with its pipes closed (or held by a child) the plugin's exit and the
            // deadline are noticed by the `waitpid` above, not by the pipes.
            let ready = poll(&fds, nfds_t(fds.count), min(milliseconds, 50))
            if ready < 0, errno != EINTR { break }
            for item in fds where item.revents != 0 && ending == nil {
                if item.fd == stdinPipe[1] {
                    // SIGPIPE is blocked on this thread: a plugin that closed its stdin makes
                    // this write fail with EPIPE instead of killing assess.
                    let count = input.withUnsafeBytes { raw in
                        write(item.fd, raw.baseAddress! + written, input.count - written)
                    }
                    if count > 0 { written += count }
                    if count < 0 && errno != EAGAIN || written >= input.count {
                        close(stdinPipe[1])
                        inputOpen = false
                    }
                } else if (item.fd == stdoutPipe[0] && outOpen) || (item.fd == stderrPipe[0] && errOpen) {
                    _ = drain(item.fd)
                }
            }
        }
        if exitStatus == nil {
            family.update()
            kill(-pid, SIGKILL)  // the whole group: children the plugin started die too
        }
        if inputOpen { close(stdinPipe[1]) }
        if outOpen { close(stdoutPipe[0]) }
        if errOpen { close(stderrPipe[0]) }
        var status: Int32 = exitStatus ?? 0
        if exitStatus == nil {
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        }
        kill(-pid, SIGKILL)  // anything the plugin left running in its group
        family.killAll()  // and what left the group (`setsid`, `setpgid`), as far as it was seen
        let tail = String(decoding: stderr.suffix(600), as: UTF8.self)
        if let ending { return Result(ending: ending, stdout: stdout, stderrTail: tail) }
        let exited = status & 0x7f == 0
        return Result(
            ending: exited ? .exited((status >> 8) & 0xff) : .signalled(status & 0x7f), stdout: stdout, stderrTail: tail
        )
    }
}
