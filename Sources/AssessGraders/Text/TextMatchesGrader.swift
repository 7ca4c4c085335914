public import AssessCore
import Foundation

/// A regular expression occurs in the input's text often enough (and not too often).
public struct TextMatchesGrader: Grader {
    public struct Options: Sendable, Hashable {
        var pattern: Pattern
        public var min: Int
        public var max: Int?
        public var ignoreCase: Bool
    }

    public static let description = GraderDescription(
        kind: "text.matches",
        summary:
            "Counts matches of a regular expression across the input's files (`^` and `$` match at each line) and checks the count against `min` and `max`. Partial credit below `min`.",
        options: [
            OptionDescription("pattern", .regex, "The regular expression (ICU syntax) to look for."),
            OptionDescription("min", .integer, default: "1", "Fewest matches that pass."),
            OptionDescription("max", .integer, "Most matches that pass (no upper limit when absent)."),
            OptionDescription("ignore_case", .boolean, default: "false", "Match letters regardless of case."),
        ],
        examples: [
            GraderExample(
                "A Strangler Fig migration is named", with: "{ pattern: '(?i)strangler fig' }", paths: ["design.md"],
                files: ["design.md": "# Migration\n\nWe route traffic with the Strangler Fig pattern.\n"], .passes),
            GraderExample(
                "Eight bounded contexts are listed but three are", with: "{ pattern: '^- \\*\\*', min: 8 }",
                paths: ["design.md"],
                files: ["design.md": "## Bounded Contexts\n- **Orders**\n- **Payments**\n- **Catalog**\n"], .fails),
        ])

    public let options: Options

    public init(options: Options) {
        self.options = options
    }

    public static func options(from reader: MappingReader) -> Options? {
        let ignoreCase = reader.declaredBool("ignore_case")
        let pattern = Pattern.read("pattern", from: reader, required: true, ignoreCase: ignoreCase)
        let min = reader.declaredInt("min")
        let max = reader.int("max")
        if min < 0 { reader.log.error(at: reader.node("min")?.location, "'min' cannot be negative") }
        if let max, max < min {
            reader.log.error(at: reader.node("max")?.location, "'max' (\(max)) is below 'min' (\(min))")
        }
        return pattern.map { Options(pattern: $0, min: min, max: max, ignoreCase: ignoreCase) }
    }

    /// Matches shown as findings, at most; the count covers them all.
    static let shownMatches = 10

    static func matchCount(_ count: Int) -> String { "\(count) match\(count == 1 ? "" : "es")" }

    public func grade(_ job: GradingJob) async throws -> Outcome {
        let deadline = ContinuousClock.now + job.timeout
        let files = Dictionary(job.files.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        return try judge(job.files.map(\.path), until: deadline) { path in
            try files[path].flatMap { String(validatingUTF8Data: try job.read($0)) }
        }
    }

    /// The pattern's matches in each file's text (read one file at a time through `text`; nil
    /// for a file that is not UTF-8, which is named and not searched) against the count wanted;
    /// the search stops at `deadline`.
    func judge(_ paths: [String], until deadline: ContinuousClock.Instant, text textOf: (String) throws -> String?)
        throws -> Outcome
    {
        var found: [(location: SourceLocation, text: String)] = []
        var findings: [Finding] = []
        var unreadable = 0
        for path in paths {
            guard let text = try textOf(path) else {
                unreadable += 1
                findings.append(.about(path, "'\(path)' is not UTF-8 text; it was not searched"))
                continue
            }
            let lines = LineIndex(text)
            let utf16 = text.utf16
            found += try options.pattern.matches(text, deadline: deadline).map { range in
                let start = utf16.index(utf16.startIndex, offsetBy: range.location)
                let end = utf16.index(start, offsetBy: range.length)
                let matched = String(text[start..<end]).lines.first { !$0.isEmpty }.map(String.init) ?? ""
                return (lines.location(ofUTF16Offset: range.location, file: path), matched)
            }
            try Task.checkCancellation()
        }
        let count = found.count
        let wanted = CountRange(min: Double(options.min), max: options.max.map(Double.init))
        let shown = "/\(options.pattern.source)/"
        let score: Double
        if count < options.min {
            score = Double(count) / Double(options.min)
            let scope = paths.count == 1 ? "'\(paths[0])'" : plural(paths.count, "file")
            findings.append(
                Finding(
                    .error, "found \(Self.matchCount(count)) of \(shown) in \(scope); needs \(wanted)",
                    at: paths.first.map { SourceLocation(file: $0, line: 1, column: 1) }))
        } else if let max = options.max, count > max {
            score = Double(max) / Double(count)
            for match in found.dropFirst(max).prefix(Self.shownMatches) {
                findings.append(
                    .error("'\(match.text.trimmed)' matches \(shown); at most \(max) allowed", at: match.location))
            }
        } else {
            score = 1
        }
        if score == 1 {
            for match in found.prefix(Self.shownMatches) {
                findings.append(.info("'\(match.text.trimmed)' matches \(shown)", at: match.location))
            }
        }
        if unreadable == paths.count, !paths.isEmpty {
            return .failed("no readable text in the input", findings: findings)
        }
        let summary = "\(Self.matchCount(count)) of \(shown) (needs \(wanted))"
        return .scored(
            score, summary, findings: findings,
            measurements: [MeasuredValue("matches", Double(count), limit: wanted.description)])
    }
}

extension String {
    /// At most one line of 60 characters, for quoting a match in a finding.
    var trimmed: String {
        let line = trimmingCharacters(in: .whitespaces)
        return line.count > 60 ? line.prefix(57) + "..." : line
    }

    /// Nil for bytes that are not UTF-8 or that hold NUL (a binary file).
    init?(validatingUTF8Data data: Data) {
        guard !data.contains(0), let text = String(data: data, encoding: .utf8) else { return nil }
        self = text
    }
}
