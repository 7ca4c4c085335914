import AssessYAML
import Foundation

/// Load-test outputs as evidence: every tool format of `LoadTestFormats`, one file at a time,
/// recognised from its content. The files one tool writes for one run (Locust's `--csv` set, a
/// Gatling report folder) are joined by `LoadTestFileSet`; this reader is the single-file case.
public struct LoadTestReader: EvidenceReader {
    public static let formats: [EvidenceFormat] = {
        let each = LoadTestFormats.all.map { format in
            EvidenceFormat(id: format.id, summary: format.name, recognizes: { recognizes(format, $0, $1) })
        }
        // A tool's name stands for any of its outputs (`format: k6`), `loadtest` for any tool's.
        var tools: [String] = []
        for format in LoadTestFormats.all where !tools.contains(toolName(format)) { tools.append(toolName(format)) }
        let families = tools.map { tool in
            EvidenceFormat(
                id: tool, summary: "Any \(tool) output above",
                recognizes: { head, path in
                    LoadTestFormats.all.contains { toolName($0) == tool && recognizes($0, head, path) }
                })
        }
        let any = EvidenceFormat(
            id: "loadtest", summary: "Any load-test output above, each file recognised from its content",
            recognizes: { head, path in LoadTestFormats.all.contains { recognizes($0, head, path) } })
        return each + families + [any]
    }()

    private static func toolName(_ format: any LoadTestFormat.Type) -> String { format.tool }

    private static func recognizes(_ format: any LoadTestFormat.Type, _ head: [UInt8], _ path: String) -> Bool {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        return format.recognizes(head: String(decoding: head, as: UTF8.self), fileName: name)
    }

    public var options: LoadTestReadOptions

    public init() { self.init(options: LoadTestReadOptions()) }

    public init(options: LoadTestReadOptions) { self.options = options }

    /// The run the file records, with the records skipped as warnings; a file in no known
    /// load-test format, or one that cannot be read, yields no run.
    public func read(_ file: EvidenceFile) throws(ReadFailure) -> Reading<LoadTestRun> {
        let source = LoadTestSource(file: file.path, blocks: try file.blocks())
        do throws(LoadTestReadError) {
            let run = try LoadTestFormats.read(source, options: options)
            let problems = run.problems.map {
                ReadProblem.warning(
                    $0.message, at: SourceLocation(file: $0.file ?? run.file, line: $0.line, column: $0.column))
            }
            return Reading(run, problems: problems)
        } catch {
            throw ReadFailure(.error(error.message, at: error.location))
        }
    }
}

extension LoadTestFormat {
    /// The format's name in a rubric's `format:` (`k6-json`, `locust-stats-csv`): its type name
    /// in kebab case, so adding a format adds its id.
    public static var id: String {
        // `_typeName`, not `String(describing:)`: describing a metatype looks up three protocol
        // conformances of a type never described before, a scan of every conformance in the
        // binary each, a fifth of a short process for the two dozen formats.
        let name = _typeName(Self.self, qualified: false)
        var id = ""
        var previousLower = false
        for (index, character) in name.enumerated() {
            let next = name.index(name.startIndex, offsetBy: index + 1, limitedBy: name.endIndex)
            let nextLower = next.map { $0 < name.endIndex && name[$0].isLowercase } ?? false
            if character.isUppercase, index > 0, previousLower || nextLower { id += "-" }
            id += character.lowercased()
            previousLower = character.isLowercase || character.isNumber
        }
        // JMeter is one word to its users.
        return id.replacingOccurrences(of: "j-meter", with: "jmeter")
    }

    /// The tool that writes the format (`k6`, `locust`, `apache-bench`), for `format: k6`.
    public static var tool: String {
        let parts = id.split(separator: "-")
        return parts.count > 1 && parts[0] == "apache" ? parts[0...1].joined(separator: "-") : String(parts[0])
    }
}
