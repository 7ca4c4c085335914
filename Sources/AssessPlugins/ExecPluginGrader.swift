public import AssessCore
import Foundation

/// A grader that is any program: the request goes to its stdin as JSON, the response comes
/// back on its stdout (`assess.plugin/v1`). It runs without a shell, in the submission's
/// folder, with a reduced environment, in its own process group that is killed at its limit.
public struct ExecPluginGrader: Grader {
    public struct Options: Sendable, Hashable {
        public var name: String
        /// argv, paths already resolved against the rubric's folder.
        public var arguments: [String]
        public var options: JSONValue
        public var timeout: Duration?
        public var maxOutputBytes: Int
    }

    public static let description = GraderDescription(
        kind: "plugin.exec",
        summary:
            "A program declared under the rubric's `plugins:` (`exec: [python3, plugins/check.py]`) and used as `grader: plugin:NAME`; it reads an assess.plugin/v1 request on stdin and answers on stdout (docs/plugins.md).",
        needsInput: false, options: [], examples: [])

    public let options: Options

    public init(options: Options) {
        self.options = options
    }

    /// Plugin graders are made by `PluginRunner`, which knows the rubric's folder.
    public static func options(from reader: MappingReader) -> Options? { nil }

    public static func options(from node: YAMLNode?, files: RubricFiles) throws(RubricError) -> Options {
        throw RubricError([
            .error(at: node?.location, "exec plugins are declared under 'plugins:' and used as 'plugin:NAME'")
        ])
    }

    /// The environment a plugin sees: enough to find interpreters, nothing of the caller's.
    static func environment(root: String) -> [String: String] {
        [
            "PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8", "HOME": root,
            "ASSESS_PLUGIN_PROTOCOL": PluginProtocol.version,
        ]
    }

    public func grade(_ job: GradingJob) async throws -> Outcome {
        let request = PluginProtocol.gradeRequest(job, options: options.options, root: job.submission.canonicalRoot)
        let limit = job.pluginLimit(options.timeout)
        let process = ChildProcess(
            arguments: options.arguments, workingDirectory: job.submission.canonicalRoot,
            environment: Self.environment(root: job.submission.canonicalRoot), timeout: limit,
            maxOutputBytes: options.maxOutputBytes)
        let result = await process.run(input: PluginProtocol.encode(request))
        return Self.outcome(result, plugin: options.name, limit: limit, cap: options.maxOutputBytes)
    }

    static func outcome(_ result: ChildProcess.Result, plugin: String, limit: Duration, cap: Int) -> Outcome {
        let tail = result.stderrTail.trimmingCharacters(in: .whitespacesAndNewlines)
        let stderrFinding = tail.isEmpty ? [] : [Finding.info("plugin stderr: \(tail)")]
        switch result.ending {
        case .exited(0):
            var outcome = PluginProtocol.outcome(from: result.stdout, plugin: plugin)
            if outcome.status == .error { outcome.findings += stderrFinding }
            return outcome
        case .exited(let status):
            return .error("grader error: plugin '\(plugin)' exited with status \(status)", findings: stderrFinding)
        case .signalled(let signal):
            return .error("grader error: plugin '\(plugin)' was killed by signal \(signal)", findings: stderrFinding)
        case .timedOut:
            return .error(
                "grader error: plugin '\(plugin)' did not answer within \(Self.text(limit)); its process group was killed",
                findings: stderrFinding)
        case .outputTooLarge:
            return .error(
                "grader error: plugin '\(plugin)' wrote more than \(cap) bytes to stdout; it was stopped",
                findings: stderrFinding)
        case .couldNotStart(let why):
            return .error("grader error: plugin '\(plugin)': \(why)")
        }
    }

    static func text(_ duration: Duration) -> String { duration.shortText }
}
