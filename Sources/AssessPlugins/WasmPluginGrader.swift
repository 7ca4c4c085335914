public import AssessCore
import Foundation
import WASI
import WAT
@_spi(Fuzzing) import WasmKit
import WasmKitWASI

/// A grader that is a WebAssembly module (WASI preview 1) speaking assess.plugin/v1 over
/// stdin and stdout, run in WasmKit with nothing but the submission: its files are copied
/// into an in-memory file system mounted at `/submission` (the module's only directory; it
/// cannot reach or change the host), the clocks stand still and randomness is seeded (the
/// same submission always gives the same result), memory is capped, and a fuel budget stops
/// a module that never returns.
public struct WasmPluginGrader: Grader {
    public struct Options: Sendable, Hashable {
        public var name: String
        /// Absolute path of the `.wasm` (or `.wat`) module.
        public var module: String
        public var options: JSONValue
        public var timeout: Duration?
        /// Roughly one unit per WebAssembly operator.
        public var fuel: UInt64 = 2_000_000_000
        public var maxMemoryBytes: Int = 256 << 20
        public var maxOutputBytes: Int = 4 << 20
    }

    public static let description = GraderDescription(
        kind: "plugin.wasm",
        summary:
            "A WASI module declared under the rubric's `plugins:` (`wasm: plugins/check.wasm`) and used as `grader: plugin:NAME`; it reads an assess.plugin/v1 request on stdin and answers on stdout, with the submission at `/submission` (docs/plugins.md).",
        needsInput: false, options: [], examples: [])

    public let options: Options

    public init(options: Options) {
        self.options = options
    }

    public static func options(from reader: MappingReader) -> Options? { nil }

    public static func options(from node: YAMLNode?, files: RubricFiles) throws(RubricError) -> Options {
        throw RubricError([
            .error(at: node?.location, "wasm plugins are declared under 'plugins:' and used as 'plugin:NAME'")
        ])
    }

    static let guestRoot = "/submission"

    public func grade(_ job: GradingJob) async throws -> Outcome {
        let request = PluginProtocol.gradeRequest(job, options: options.options, root: Self.guestRoot)
        let input = PluginProtocol.encode(request)
        let submission = job.submission
        let options = self.options
        let limit = job.pluginLimit(options.timeout)
        // WasmKit runs synchronously; give it a thread of its own, off the cooperative pool, and
        // answer at the wall-clock limit. A module still running then is stopped by its fuel.
        return await withCheckedContinuation { continuation in
            let once = FirstAnswer<Outcome>(continuation)
            let files = job.files
            let thread = Thread { once.answer(Self.run(options, input: input, submission: submission, files: files)) }
            thread.stackSize = 8 << 20
            thread.start()
            let timer = Task {
                try? await Task.sleep(for: limit)
                guard !Task.isCancelled else { return }
                once.answer(
                    .error(
                        "grader error: plugin '\(options.name)' did not answer within \(ExecPluginGrader.text(limit)); it was stopped"
                    ))
            }
            once.onAnswer { timer.cancel() }
        }
    }

    /// Most bytes of submission files copied into the module's memory file system when the
    /// criterion names no input (the whole submission is offered then): 600 MB of unrelated
    /// files must not cost 1.2 GB for every wasm criterion.
    static let maxCopiedBytes = 64 << 20

    /// Runs the module over `files` (the criterion's input; only these are copied in, or the
    /// whole submission up to `maxCopiedBytes` when the criterion has no input).
    static func run(_ options: Options, input: Data, submission: Submission, files: [SubmissionFile]) -> Outcome {
        // The module's writes to a closed stdout must fail with EPIPE, not kill assess: SIGPIPE
        // is blocked on this thread for the run, and one left pending is taken before the
        // thread's mask is put back (unblocked, it would be delivered then).
        var pipeSignal = sigset_t()
        sigemptyset(&pipeSignal)
        sigaddset(&pipeSignal, SIGPIPE)
        var previousMask = sigset_t()
        pthread_sigmask(SIG_BLOCK, &pipeSignal, &previousMask)
        defer {
            var pending = sigset_t()
            sigpending(&pending)
            if sigismember(&pending, SIGPIPE) == 1 {
                var now = timespec()
                _ = sigtimedwait(&pipeSignal, nil, &now)
            }
            pthread_sigmask(SIG_SETMASK, &previousMask, nil)
        }
        // stdin is a file unlinked as soon as it is open: nothing is left on disk whenever
        // (or however) the run ends. stdout and stderr are pipes read while the module runs.
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("assess-wasm-\(UUID().uuidString)")
            .path
        try? FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: scratch + "/stdin", contents: input)
        let stdin = open(scratch + "/stdin", O_RDONLY | O_CLOEXEC)
        try? FileManager.default.removeItem(atPath: scratch)
        defer { if stdin >= 0 { close(stdin) } }
        guard let stdout = PipeCollector(limit: options.maxOutputBytes, mode: .head) else {
            return .error("grader error: plugin '\(options.name)': cannot make pipes")
        }
        guard let stderr = PipeCollector(limit: 600, mode: .tail) else {
            _ = stdout.finish()
            return .error("grader error: plugin '\(options.name)': cannot make pipes")
        }
        let exitCode: UInt32
        var copied = 0
        var left: [String] = []
        do {
            let fileSystem = try MemoryFileSystem()
            let offered = files.isEmpty ? submission.files : files.map(\.path)
            for relative in offered {
                guard case .success(let file) = submission.check(relative) else { continue }
                guard copied + file.size <= maxCopiedBytes else {
                    left.append(relative)
                    continue
                }
                guard let data = try? submission.read(file) else { continue }
                copied += data.count
                try fileSystem.addFile(at: guestRoot + "/" + relative, content: data)
            }
            let wasi = try WASIBridgeToHost(
                args: [options.name], environment: [:],
                fileSystem: .memory(fileSystem).withStdio(
                    stdin: stdin, stdout: stdout.writeEnd, stderr: stderr.writeEnd
                )
                .withPreopens([.init(guestPath: guestRoot, hostPath: guestRoot)]),
                wallClock: StillWallClock(), monotonicClock: StillMonotonicClock(), randomGenerator: SeededRandom())
            let bytes = try Self.moduleBytes(options.module)
            let module = try parseWasm(bytes: bytes)
            // The bridge must be closed before it is released; `runAndClose` does both.
            exitCode = try wasi.runAndClose { wasi in
                let engine = Engine(configuration: EngineConfiguration(fuelMetering: true))
                let store = Store(engine: engine)
                store.fuel = Fuel(remaining: options.fuel)
                store.resourceLimiter = MemoryCap(bytes: options.maxMemoryBytes)
                var imports = Imports()
                wasi.link(to: &imports, store: store)
                let instance = try module.instantiate(store: store, imports: imports)
                return try wasi.start(instance)
            }
        } catch {
            let errorTail = stderr.finish().data
            if stdout.finish().overflowed {
                return .error(
                    "grader error: plugin '\(options.name)' wrote more than \(options.maxOutputBytes) bytes to stdout; it was stopped"
                )
            }
            let text = "\(error)"
            if text.lowercased().contains("fuel") {
                return .error(
                    "grader error: plugin '\(options.name)' ran out of its budget of \(options.fuel) operations (an endless loop?); it was stopped"
                )
            }
            return .error(
                "grader error: plugin '\(options.name)' trapped: \(trapSummary(text))",
                findings: stderrFinding(errorTail))
        }
        let (output, overflowed) = stdout.finish()
        let errorTail = stderr.finish().data
        if overflowed {
            return .error(
                "grader error: plugin '\(options.name)' wrote more than \(options.maxOutputBytes) bytes to stdout; it was stopped"
            )
        }
        guard exitCode == 0 else {
            return .error(
                "grader error: plugin '\(options.name)' exited with status \(exitCode)",
                findings: stderrFinding(errorTail))
        }
        var outcome = PluginProtocol.outcome(from: output, plugin: options.name)
        if outcome.status == .error { outcome.findings += stderrFinding(errorTail) }
        if !left.isEmpty {
            outcome.findings.append(
                .info(
                    "\(left.count) submission files past the \(maxCopiedBytes >> 20) MiB the plugin is offered were not copied in (first: '\(left[0])')"
                ))
        }
        return outcome
    }

    /// A trap as a report can show it: WasmKit's description may carry a host backtrace with
    /// ASLR addresses (359 KB, different on every run). The first line is kept, addresses
    /// are masked, and the length is capped, so the same module gives the same report.
    static func trapSummary(_ text: String) -> String {
        let first = text.split(separator: "\n", omittingEmptySubsequences: true).first.map(String.init) ?? text
        let masked = first.replacingOccurrences(of: "0x[0-9a-fA-F]+", with: "0x…", options: .regularExpression)
        return masked.count > 300 ? String(masked.prefix(297)) + "..." : masked
    }

    /// A `.wat` module is compiled in-process, so a text plugin needs no toolchain.
    static func moduleBytes(_ path: String) throws -> [UInt8] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        if path.hasSuffix(".wat") { return try wat2wasm(String(decoding: data, as: UTF8.self)) }
        return Array(data)
    }

    static func stderrFinding(_ tail: Data) -> [Finding] {
        let text = String(decoding: tail, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? [] : [.info("plugin stderr: \(text)")]
    }
}

/// No clock unless asked: time stands still at the epoch, so a module's output cannot depend on when it ran.
struct StillWallClock: WallClock {
    func now() throws -> WallClock.Duration { (seconds: 0, nanoseconds: 0) }
    func resolution() throws -> WallClock.Duration { (seconds: 1, nanoseconds: 0) }
}

struct StillMonotonicClock: MonotonicClock {
    func now() throws -> MonotonicClock.Instant { 0 }
    func resolution() throws -> MonotonicClock.Duration { 1_000_000_000 }
}

/// The same "random" bytes every run (SplitMix64 from a fixed seed).
struct SeededRandom: RandomBufferGenerator, RandomNumberGenerator {
    var state: UInt64 = 0x5EED
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Refuses memory growth past a cap.
final class MemoryCap: ResourceLimiter {
    let bytes: Int
    init(bytes: Int) { self.bytes = bytes }
    func limitMemoryGrowth(to desired: Int) throws -> Bool { desired <= bytes }
    func limitTableGrowth(to desired: Int) throws -> Bool { desired <= 1_000_000 }
}
