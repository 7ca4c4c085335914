public import AssessCore
import Foundation

/// `assess.plugin/v1`: what Assess sends a plugin and what it expects back, as JSON. The
/// schemas are in docs/plugins.md. A problem with the *submission* is a normal response (a
/// low score and findings); a problem with the *plugin* is a non-zero exit or an `error`.
public enum PluginProtocol {
    public static let version = "assess.plugin/v1"

    public struct Request: Codable, Sendable, Hashable {
        public var `protocol`: String = PluginProtocol.version
        /// `grade`, or `describe` (check these options; grade nothing).
        public var kind: String
        public var criterion: Criterion
        /// The criterion's `with:` block as JSON.
        public var options: JSONValue
        public var submission: Submission?
        public var inputs: [Input]

        public struct Criterion: Codable, Sendable, Hashable {
            public var id: String
            public var title: String
            public var weight: Double

            init(_ info: CriterionInfo) {
                id = info.id
                title = info.title
                weight = info.weight
            }
        }

        public struct Submission: Codable, Sendable, Hashable {
            /// Absolute path (for exec plugins) or the guest path (`/submission` for wasm).
            public var root: String
            public var name: String
        }

        public struct Input: Codable, Sendable, Hashable {
            /// Relative to the submission root.
            public var path: String
        }
    }

    public struct Response: Codable, Sendable, Hashable {
        public var `protocol`: String?
        public var score: Double?
        public var summary: String?
        /// `inconclusive` when the evidence is too thin for a verdict.
        public var status: String?
        public var findings: [Finding]?
        public var measurements: [Measurement]?
        /// Set when the plugin itself failed: the criterion becomes `error`, not `failed`.
        public var error: String?
        /// For `describe`: what is wrong with the options, one message each.
        public var optionErrors: [String]?

        public struct Finding: Codable, Sendable, Hashable {
            public var severity: String?
            public var message: String
            public var file: String?
            public var line: Int?
            public var column: Int?
            public var hint: String?
        }

        public struct Measurement: Codable, Sendable, Hashable {
            public var name: String
            public var value: Double
            public var unit: String?
            public var limit: String?
        }
    }

    /// A `grade` request for `job`, with the submission's root as the plugin will see it.
    static func gradeRequest(_ job: GradingJob, options: JSONValue, root: String) -> Request {
        Request(
            kind: "grade", criterion: .init(job.criterion), options: options,
            submission: .init(root: root, name: job.submission.name), inputs: job.files.map { .init(path: $0.path) })
    }

    static func encode(_ request: Request) -> Data {
        StableJSON.encode(request, pretty: false)
    }

    /// The outcome a response stands for, or why it is unusable.
    static func outcome(from data: Data, plugin: String) -> Outcome {
        let response: Response
        do {
            response = try JSONDecoder().decode(Response.self, from: data)
        } catch {
            let head = String(decoding: data.prefix(80), as: UTF8.self).replacingOccurrences(of: "\n", with: "⏎")
            return .error(
                "grader error: plugin '\(plugin)' did not answer with assess.plugin/v1 JSON (it wrote \(data.count) bytes starting '\(head)')"
            )
        }
        if let error = response.error { return .error("grader error: plugin '\(plugin)' reported: \(error)") }
        if let version = response.protocol, version != PluginProtocol.version {
            return .error("grader error: plugin '\(plugin)' speaks \(version), not \(PluginProtocol.version)")
        }
        guard let score = response.score, score.isFinite, (0...1).contains(score) else {
            return .error("grader error: plugin '\(plugin)' gave no score in 0…1")
        }
        let findings = (response.findings ?? []).map { finding -> AssessCore.Finding in
            let severity = AssessCore.Finding.Severity(rawValue: finding.severity ?? "error") ?? .error
            let location = finding.file.map {
                SourceLocation(file: $0, line: max(1, finding.line ?? 1), column: max(1, finding.column ?? 1))
            }
            return AssessCore.Finding(severity, finding.message, at: location, hint: finding.hint)
        }
        let measurements = (response.measurements ?? []).map {
            MeasuredValue($0.name, $0.value, unit: $0.unit, limit: $0.limit)
        }
        let summary = response.summary ?? "plugin '\(plugin)' scored \(Int((score * 100).rounded()))%"
        if response.status == "inconclusive" { return .inconclusive(summary, findings: findings) }
        return .scored(score, summary, findings: findings, measurements: measurements)
    }
}

/// Any JSON value: a criterion's `with:` block handed to a plugin as it was written.
public indirect enum JSONValue: Codable, Sendable, Hashable {
    case null, bool(Bool), number(Double), string(String), array([JSONValue]), object([String: JSONValue])

    public init(_ node: YAMLNode?) {
        guard let node else {
            self = .object([:])
            return
        }
        self = JSONValue(node.plainValue)
    }

    init(_ value: PlainValue) {
        switch value {
        case .null: self = .null
        case .bool(let b): self = .bool(b)
        case .int(let i): self = .number(Double(i))
        case .double(let d): self = .number(d)
        case .string(let s): self = .string(s)
        case .array(let a): self = .array(a.map(JSONValue.init))
        case .object(let pairs):
            self = .object(Dictionary(pairs.map { ($0.0, JSONValue($0.1)) }, uniquingKeysWith: { $1 }))
        }
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let b = try? container.decode(Bool.self) {
            self = .bool(b)
        } else if let d = try? container.decode(Double.self) {
            self = .number(d)
        } else if let s = try? container.decode(String.self) {
            self = .string(s)
        } else if let a = try? container.decode([JSONValue].self) {
            self = .array(a)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let b): try container.encode(b)
        case .number(let d):
            if d.rounded() == d, abs(d) < 1e15 { try container.encode(Int(d)) } else { try container.encode(d) }
        case .string(let s): try container.encode(s)
        case .array(let a): try container.encode(a)
        case .object(let o): try container.encode(o)
        }
    }
}

extension GradingJob {
    /// A plugin's own time limit: its `timeout`, ending a little before the engine's limit so
    /// that the plugin's message (with its stderr tail) is the one the report shows.
    func pluginLimit(_ timeout: Duration?) -> Duration {
        let engineLimit = self.timeout - .milliseconds(100)
        return min(timeout ?? engineLimit, engineLimit)
    }
}
