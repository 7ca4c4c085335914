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

    /// The options a run is read with: a warm-up trimmed or sub-metrics kept make another run.
    public var variant: String {
        let selectors = options.selectors.map(\.description).joined(separator: ",")
        let metrics = options.metrics.map { $0.sorted().joined(separator: ",") } ?? "all"
        return
            "warm-up \(options.warmUp); selectors \(selectors); endpoints \(options.endpointLimit); metrics \(metrics)"
    }

    /// The files one tool wrote for one run together (`LoadTestFileSet`), every other file alone.
    public static func group(_ paths: [String]) -> [[String]] { LoadTestFileSet.group(paths).map(\.files) }

    /// The run one file records.
    public func read(_ file: EvidenceFile) throws(ReadFailure) -> Reading<LoadTestRun> { try read([file]) }

    /// The run a set of files records (one file, or the set `group` formed), with the records
    /// skipped as warnings; files in no known load-test format, or that cannot be read, yield
    /// no run.
    public func read(_ files: [EvidenceFile]) throws(ReadFailure) -> Reading<LoadTestRun> {
        let byPath = Dictionary(files.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        let set = LoadTestFileSet.group(files.map(\.path))[0]
        do throws(LoadTestReadError) {
            let run = try set.read(options: options) { path throws(LoadTestReadError) in
                do throws(ReadFailure) {
                    guard let file = byPath[path] else { throw ReadFailure(.error("is not in the set", at: nil)) }
                    return LoadTestSource(file: path, blocks: try file.blocks())
                } catch {
                    throw LoadTestReadError(file: path, error.problems.first?.message ?? "cannot be read")
                }
            }
            return Reading(run, problems: Self.problems(of: run))
        } catch {
            throw ReadFailure(.error(error.message, at: error.location))
        }
    }

    /// What the run's readers met, as a person reads it: the first five records skipped, with
    /// their places, how many more there were, and a file cut short mid-record.
    static func problems(of run: LoadTestRun) -> [ReadProblem] {
        var problems = run.problems.prefix(5).map {
            ReadProblem.warning("skipped a malformed record: \($0.message)", at: $0.location)
        }
        if run.problems.count > 5 {
            let more = run.problems.count - 5
            problems.append(.warning("\(more) more malformed records skipped in \(run.file)", at: nil))
        }
        if run.truncated {
            problems.append(
                .warning(
                    "\(run.file) ends mid-record (cut short?); its complete records were read",
                    at: SourceLocation(file: run.file, line: 1, column: 1)))
        }
        return problems
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
