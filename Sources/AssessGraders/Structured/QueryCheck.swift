import AssessCore
import AssessFormats
import Foundation

/// The given/then check shared by `json.query` and `yaml.query` (Spectral's model): a path
/// selects nodes, then `exists`, `count`, `equals`, `matches`, `min` and `max` judge them.
/// Findings point at the selected node's line, or at the deepest part of the path that exists.
struct QueryCheck: Sendable, Hashable {
    var path: NodeQuery
    var exists: Bool
    var count: CountRange?
    var equals: PlainValue?
    var matches: Pattern?
    var min: Double?
    var max: Double?

    static let options: [OptionDescription] = [
        OptionDescription(
            "path", .path, "JSONPath subset selecting nodes: `$.a.b`, `['p(95)']`, `[0]`, `[*]`, `..key`."),
        OptionDescription(
            "exists", .boolean, default: "true",
            "Whether the path must select something (`false`: must select nothing)."),
        OptionDescription("count", .range, "How many nodes the path must select."),
        OptionDescription("equals", .any, "Every selected node equals this value."),
        OptionDescription("matches", .regex, "Every selected scalar matches this regular expression."),
        OptionDescription("min", .number, "Every selected node is a number at least this."),
        OptionDescription("max", .number, "Every selected node is a number at most this."),
    ]

    static func read(_ reader: MappingReader) -> QueryCheck? {
        let pathText = reader.string("path", required: true)
        var query: NodeQuery?
        if let pathText {
            do {
                query = try NodeQuery(pathText)
            } catch {
                var location = reader.node("path")?.location
                if let node = reader.node("path"), case .scalar(_, let style) = node.content,
                    style == .plain || style == .singleQuoted || style == .doubleQuoted
                {
                    location?.column += error.offset + (style == .plain ? 0 : 1)
                }
                reader.log.error(at: location, error.description)
            }
        }
        let check = QueryCheck(
            path: query ?? (try! NodeQuery("$")), exists: reader.declaredBool("exists"),
            count: CountRange.read("count", from: reader), equals: reader.node("equals")?.plainValue,
            matches: Pattern.read("matches", from: reader), min: reader.double("min"), max: reader.double("max"))
        if !check.exists, check.count != nil || check.hasValueChecks {
            reader.log.error(
                at: reader.node("exists")?.location,
                "'exists: false' cannot be combined with checks on the selected values")
        }
        return query == nil ? nil : check
    }

    var hasValueChecks: Bool { equals != nil || matches != nil || min != nil || max != nil }

    /// Judges one parsed document; returns its score and evidence.
    func evaluate(_ root: YAMLNode, file: String) -> (
        score: Double, summary: String, findings: [Finding], measurements: [MeasuredValue]
    ) {
        let nodes = path.select(in: root)
        if !exists {
            if nodes.isEmpty { return (1, "nothing at \(path) in '\(file)', as required", [], []) }
            return (
                0, "\(path) is present in '\(file)' but must not be",
                nodes.map { .error("\(path) must not be present", at: $0.location) }, []
            )
        }
        if nodes.isEmpty && (count?.contains(0) != true) {
            let (place, at) = deepestPrefix(in: root)
            return (
                0, "nothing at \(path) in '\(file)'",
                [.error("nothing at \(path); the path stops matching after \(place)", at: at)], []
            )
        }
        var parts: [Double] = []
        var findings: [Finding] = []
        var measurements: [MeasuredValue] = []
        if let count {
            let n = Double(nodes.count)
            if count.contains(n) {
                parts.append(1)
            } else {
                parts.append(count.score(n))
                findings.append(
                    .error(
                        "\(path) selects \(nodes.count) node\(nodes.count == 1 ? "" : "s"); needs \(count)",
                        at: nodes.first?.location ?? root.location))
            }
            measurements.append(MeasuredValue("count \(path)", n, limit: count.description))
        }
        if hasValueChecks, !nodes.isEmpty {
            var good = 0
            for node in nodes {
                if let problem = problem(with: node) {
                    findings.append(.error("\(path) \(problem)", at: node.location))
                } else {
                    good += 1
                }
            }
            parts.append(Double(good) / Double(nodes.count))
            if nodes.count == 1, let value = Self.number(nodes[0]) {
                measurements.append(MeasuredValue(path.text, value, limit: limitText))
            }
        }
        let score = parts.isEmpty ? 1 : parts.reduce(0, +) / Double(parts.count)
        let first = nodes.first.map { Self.number($0).map(\.compact) ?? $0.plainValue.brief } ?? "nothing"
        let summary =
            nodes.count == 1 ? "\(path) is \(first) in '\(file)'" : "\(path) selects \(nodes.count) nodes in '\(file)'"
        return (score, summary, findings, measurements)
    }

    var limitText: String? {
        switch (min, max) {
        case let (lo?, hi?): return "\(lo.compact)…\(hi.compact)"
        case let (lo?, nil): return ">= \(lo.compact)"
        case let (nil, hi?): return "<= \(hi.compact)"
        default: return nil
        }
    }

    /// Why `node` fails the value checks, or nil.
    private func problem(with node: YAMLNode) -> String? {
        let value = node.plainValue
        if let equals, value != equals { return "is \(value.brief), expected \(equals.brief)" }
        if let matches {
            guard let text = node.scalarText else {
                return "is \(node.kindDescription), expected text matching /\(matches.source)/"
            }
            if !matches.firstMatch(in: text) { return "is '\(text)', which does not match /\(matches.source)/" }
        }
        if min != nil || max != nil {
            guard let number = Self.number(node) else { return "is \(value.brief), expected a number" }
            if let min, number < min { return "is \(number.compact), below the minimum \(min.compact)" }
            if let max, number > max { return "is \(number.compact), above the maximum \(max.compact)" }
        }
        return nil
    }

    /// A number, also when written as a string (int64 values in protobuf JSON are strings).
    static func number(_ node: YAMLNode) -> Double? {
        if let value = node.double, value.isFinite { return value }
        if let text = node.string, let value = Double(text.trimmingCharacters(in: .whitespaces)), value.isFinite {
            return value
        }
        return nil
    }

    /// The longest leading part of the path that still selects something, and where.
    private func deepestPrefix(in root: YAMLNode) -> (String, SourceLocation) {
        for length in stride(from: path.steps.count - 1, through: 0, by: -1) {
            let prefix = path.prefix(length)
            if let node = prefix.select(in: root).first { return (length == 0 ? "$" : prefix.text, node.location) }
        }
        return ("$", root.location)
    }
}

/// The options of the query graders (the check itself stays internal to this module).
public struct QueryCheckOptions: Sendable, Hashable {
    let check: QueryCheck
}

/// A grader that runs a `QueryCheck` over documents of one format: `json.query`, `yaml.query`.
/// Each supplies its description, its format's name and its parser; reading options and
/// grading are shared here.
protocol QueryGrader: Grader where Options == QueryCheckOptions {
    associatedtype Reader: EvidenceReader where Reader.Model == YAMLNode
    var options: QueryCheckOptions { get }
    /// The format's name in messages (`JSON`).
    static var format: String { get }
}

extension QueryGrader {
    public static func options(from reader: MappingReader) -> QueryCheckOptions? {
        QueryCheck.read(reader).map(QueryCheckOptions.init)
    }

    /// Reads each file (once per run, through the format's reader), evaluates the check on it,
    /// and averages the scores; a file that does not parse scores 0 with the parser's findings.
    public func grade(_ job: GradingJob) async throws -> Outcome {
        var scores: [Double] = []
        var findings: [Finding] = []
        var measurements: [MeasuredValue] = []
        var summaries: [String] = []
        for file in job.files {
            do throws(ReadFailure) {
                let root = try job.reading(Reader.self, of: file).model
                let result = options.check.evaluate(root, file: file.path)
                scores.append(result.score)
                findings += result.findings
                measurements += result.measurements
                summaries.append(result.summary)
            } catch {
                scores.append(0)
                summaries.append("'\(file.path)' is not valid \(Self.format)")
                findings += error.problems.map {
                    Finding(.error, "not valid \(Self.format): \($0.message)", at: $0.location)
                }
            }
        }
        let score = scores.isEmpty ? 0 : scores.reduce(0, +) / Double(scores.count)
        let summary = summaries.count == 1 ? summaries[0] : "\(summaries.count) files; \(summaries.first ?? "")"
        return .scored(score, summary, findings: findings, measurements: measurements)
    }
}
