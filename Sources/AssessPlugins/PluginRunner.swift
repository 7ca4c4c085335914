public import AssessCore
import Crypto
import Foundation

/// The plugin host the command line hands the rubric loader: makes exec (and wasm) plugin
/// graders from a rubric's `plugins:` block, asks them to `describe` their options for lint,
/// and fingerprints their programs for the report.
public struct PluginRunner: PluginHost {
    /// Most a plugin may write to stdout.
    public var maxOutputBytes: Int

    public init(maxOutputBytes: Int = 4 << 20) {
        self.maxOutputBytes = maxOutputBytes
    }

    public func grader(for spec: PluginSpec, options: YAMLNode?, criterion: CriterionInfo) throws(RubricError)
        -> any Grader
    {
        if let exec = spec.exec {
            return ExecPluginGrader(
                options: .init(
                    name: spec.name, arguments: Self.resolve(exec, in: spec.directory), options: JSONValue(options),
                    timeout: spec.timeout, maxOutputBytes: maxOutputBytes))
        }
        if let module = spec.wasm {
            let path = module.hasPrefix("/") ? module : spec.directory + "/" + module
            guard FileManager.default.fileExists(atPath: path) else {
                throw RubricError([
                    .error(
                        at: spec.location,
                        "wasm module '\(module)' of plugin '\(spec.name)' not found (looked for \(path))")
                ])
            }
            // A deterministic budget in place of a wall clock: about 50 million operators per
            // second of the plugin's time limit (20 s when it sets none).
            let seconds =
                Double((spec.timeout ?? .seconds(20)).components.seconds) + Double(
                    (spec.timeout ?? .zero).components.attoseconds) / 1e18
            return WasmPluginGrader(
                options: .init(
                    name: spec.name, module: path, options: JSONValue(options), timeout: spec.timeout,
                    fuel: UInt64(max(1, seconds) * 50_000_000)))
        }
        throw RubricError([.error(at: spec.location, "plugin '\(spec.name)' needs 'exec' or 'wasm'")])
    }

    public func describe(_ spec: PluginSpec, options: YAMLNode?, criterion: CriterionInfo) -> [String] {
        guard let exec = spec.exec else { return [] }
        let request = PluginProtocol.Request(
            kind: "describe", criterion: .init(criterion),
            options: JSONValue(options), submission: nil, inputs: [])
        let process = ChildProcess(
            arguments: Self.resolve(exec, in: spec.directory), workingDirectory: spec.directory,
            environment: ExecPluginGrader.environment(root: spec.directory), timeout: spec.timeout ?? .seconds(10),
            maxOutputBytes: maxOutputBytes)
        let result = process.runBlocking(input: PluginProtocol.encode(request))
        guard result.ending == .exited(0) else {
            return ["its describe call failed (\(result.ending)); \(result.stderrTail.prefix(200))"]
        }
        guard let response = try? JSONDecoder().decode(PluginProtocol.Response.self, from: result.stdout) else {
            return ["its describe call did not answer with assess.plugin/v1 JSON"]
        }
        return (response.optionErrors ?? []) + (response.error.map { [$0] } ?? [])
    }

    public func digest(of spec: PluginSpec) -> PluginDigest? {
        let kind = spec.exec != nil ? "exec" : "wasm"
        let file: String?
        if let exec = spec.exec {
            let resolved = Self.resolve(exec, in: spec.directory)
            // The script an interpreter runs, else the program itself.
            file =
                resolved.dropFirst().first { $0.hasPrefix("/") && FileManager.default.fileExists(atPath: $0) }
                ?? Self.which(resolved[0])
        } else {
            file = spec.wasm.map { $0.hasPrefix("/") ? $0 : spec.directory + "/" + $0 }
        }
        guard let file, let data = FileManager.default.contents(atPath: file) else { return nil }
        return PluginDigest(
            name: spec.name, kind: kind, sha256: SHA256.hash(data: data).hexString)
    }

    /// argv with paths made absolute against the rubric's folder: the program when it has a
    /// slash, and any argument that names a file there.
    static func resolve(_ exec: [String], in directory: String) -> [String] {
        exec.enumerated().map { index, argument in
            if argument.hasPrefix("/") { return argument }
            let candidate = directory + "/" + argument
            if index == 0 { return argument.contains("/") ? candidate : argument }
            return FileManager.default.fileExists(atPath: candidate) ? candidate : argument
        }
    }

    static func which(_ program: String) -> String? {
        if program.hasPrefix("/") { return program }
        return ["/usr/local/bin", "/usr/bin", "/bin"].map { $0 + "/" + program }.first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
    }
}
