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

    public static func options(from node: YAMLNode?) throws(RubricError) -> Options {
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

    /// Runs the module over `files` (the criterion's input; only these are copied in).
    static func run(_ options: Options, input: Data, submission: Submission, files: [SubmissionFile]) -> Outcome {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("assess-wasm-\(UUID().uuidString)")
            .path
        try? FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let paths = (stdin: scratch + "/stdin", stdout: scratch + "/stdout", stderr: scratch + "/stderr")
        FileManager.default.createFile(atPath: paths.stdin, contents: input)
        FileManager.default.createFile(atPath: paths.stdout, contents: nil)
        FileManager.default.createFile(atPath: paths.stderr, contents: nil)
        let stdin = open(paths.stdin, O_RDONLY)
        let stdout = open(paths.stdout, O_WRONLY)
        let stderr = open(paths.stderr, O_WRONLY)
        defer { [stdin, stdout, stderr].forEach { if $0 >= 0 { close($0) } } }

        let exitCode: UInt32
        do {
            let fileSystem = try MemoryFileSystem()
            for relative in submission.files {
                guard case .success(let file) = submission.check(relative), let data = try? submission.read(file) else {
                    continue
                }
                try fileSystem.addFile(at: guestRoot + "/" + relative, content: data)
            }
            let wasi = try WASIBridgeToHost(
                args: [options.name], environment: [:],
                fileSystem: .memory(fileSystem).withStdio(stdin: stdin, stdout: stdout, stderr: stderr)
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
            let text = "\(error)"
            if text.lowercased().contains("fuel") {
                return .error(
                    "grader error: plugin '\(options.name)' ran out of its budget of \(options.fuel) operations (an endless loop?); it was stopped"
                )
            }
            return .error(
                "grader error: plugin '\(options.name)' trapped: \(text)", findings: stderrFinding(paths.stderr))
        }
        let output = (try? Data(contentsOf: URL(fileURLWithPath: paths.stdout))) ?? Data()
        if output.count > options.maxOutputBytes {
            return .error(
                "grader error: plugin '\(options.name)' wrote more than \(options.maxOutputBytes) bytes to stdout")
        }
        guard exitCode == 0 else {
            return .error(
                "grader error: plugin '\(options.name)' exited with status \(exitCode)",
                findings: stderrFinding(paths.stderr))
        }
        var outcome = PluginProtocol.outcome(from: output, plugin: options.name)
        if outcome.status == .error { outcome.findings += stderrFinding(paths.stderr) }
        return outcome
    }

    /// A `.wat` module is compiled in-process, so a text plugin needs no toolchain.
    static func moduleBytes(_ path: String) throws -> [UInt8] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        if path.hasSuffix(".wat") { return try wat2wasm(String(decoding: data, as: UTF8.self)) }
        return Array(data)
    }

    static func stderrFinding(_ path: String) -> [Finding] {
        let tail = String(
            decoding: ((try? Data(contentsOf: URL(fileURLWithPath: path))) ?? Data()).suffix(600), as: UTF8.self
        )
        .trimmingCharacters(in: .whitespacesAndNewlines)
        return tail.isEmpty ? [] : [.info("plugin stderr: \(tail)")]
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
