public import AssessCore
import AssessFormats

/// A folder of architecture decision records in Michael Nygard's shape (Status, Context,
/// Decision, Consequences sections) or MADR's (status in front matter or a `Status:` line,
/// "Context and Problem Statement", "Decision Outcome"): enough of them, each complete, each
/// with a status from the allowed set, numbered without gaps.
public struct ADRGrader: Grader {
    public struct Options: Sendable, Hashable {
        var minCount: Int
        var sections: [SectionNames]
        var statuses: [String]
        var numbering: Bool
    }

    static let defaultSections = [
        SectionNames(names: ["Context", "Context and Problem Statement"]),
        SectionNames(names: ["Decision", "Decision Outcome"]),
        SectionNames(names: ["Consequences", "Positive Consequences", "Pros and Cons of the Options"]),
    ]
    static let defaultStatuses = ["proposed", "accepted", "rejected", "deprecated", "superseded"]

    public static let description = GraderDescription(
        kind: "adr",
        summary:
            "Architecture decision records (the input's files, one per decision; Nygard or MADR): at least `min_count`, each with the required sections and a status from `statuses` (a Status section, a `Status:` line or front-matter `status:`), file names numbered without gaps or repeats (`0001-…`). Score: the mean of the count, the records' completeness and the numbering.",
        options: [
            OptionDescription("min_count", .integer, default: "1", "Fewest records."),
            OptionDescription(
                "sections", .list(.names),
                default:
                    "[[Context, Context and Problem Statement], [Decision, Decision Outcome], [Consequences, Positive Consequences, Pros and Cons of the Options]]",
                "Sections every record needs."),
            OptionDescription(
                "statuses", .list(.string), default: "[proposed, accepted, rejected, deprecated, superseded]",
                "Allowed statuses (the status's first word, any case)."),
            OptionDescription(
                "numbering", .boolean, default: "true",
                "File names start with a number; numbers run without gaps or repeats."),
        ],
        examples: [
            GraderExample(
                "Two complete Nygard records", with: "{ min_count: 2 }", paths: ["adr/*.md"],
                files: [
                    "adr/0001-record-decisions.md":
                        "# 1. Record decisions\n## Status\nAccepted\n## Context\nWe need memory.\n## Decision\nWe keep ADRs.\n## Consequences\nMore writing.\n",
                    "adr/0002-use-kafka.md":
                        "---\nstatus: accepted\n---\n# Use Kafka\n## Context and Problem Statement\nEvents.\n## Decision Outcome\nKafka.\n### Consequences\nA cluster to run.\n",
                ], .passes),
            GraderExample(
                "A gap in the numbers and a record without a decision", with: "{ min_count: 2 }", paths: ["adr/*.md"],
                files: [
                    "adr/0001-record-decisions.md":
                        "# 1. Record decisions\n## Status\nAccepted\n## Context\nMemory.\n## Decision\nADRs.\n## Consequences\nWriting.\n",
                    "adr/0003-use-kafka.md": "# 3. Use Kafka\n## Status\nMaybe\n## Context\nEvents.\n",
                ], .fails),
        ])

    public let options: Options

    public init(options: Options) {
        self.options = options
    }

    public static func options(from reader: MappingReader) -> Options? {
        var sections = defaultSections
        if let list = reader.node("sections") {
            sections = (list.sequence ?? [list]).compactMap { entry in
                entry.expectStrings(for: "sections", log: reader.log).map { SectionNames(names: $0) }
            }
        }
        let minCount = reader.declaredInt("min_count")
        if minCount < 1 {
            reader.log.error(at: reader.node("min_count")?.location, "'min_count' must be at least 1")
        }
        return Options(
            minCount: minCount, sections: sections,
            statuses: (reader.strings("statuses") ?? defaultStatuses).map { $0.lowercased() },
            numbering: reader.declaredBool("numbering"))
    }

    public func grade(_ job: GradingJob) async throws -> Outcome {
        judge(try job.markdownDocuments())
    }

    /// Each record's sections and status, the number of records, and (when asked) their numbering.
    func judge(_ documents: [MarkdownDocument]) -> Outcome {
        var findings: [Finding] = []
        var recordScores: [Double] = []
        for document in documents {
            var parts = 0
            for wanted in options.sections {
                if document.sections(named: wanted.names).isEmpty {
                    findings.append(
                        .error(
                            "'\(document.file)' has no section \(wanted)",
                            at: SourceLocation(file: document.file, line: 1, column: 1)))
                } else {
                    parts += 1
                }
            }
            let status = Self.status(of: document)
            var statusOK = false
            if let status {
                let word = status.text.lowercased().split(whereSeparator: { !$0.isLetter }).first.map(String.init) ?? ""
                statusOK = options.statuses.contains(word)
                if !statusOK {
                    findings.append(
                        .error(
                            "status '\(status.text)' is not one of \(options.statuses.joined(separator: ", "))",
                            at: status.location))
                }
            } else {
                findings.append(
                    .error(
                        "'\(document.file)' has no status (a Status section, a 'Status:' line or front-matter 'status:')",
                        at: SourceLocation(file: document.file, line: 1, column: 1)))
            }
            recordScores.append((Double(parts) + (statusOK ? 1 : 0)) / Double(options.sections.count + 1))
        }
        let countScore = min(1, Double(documents.count) / Double(options.minCount))
        if documents.count < options.minCount {
            findings.insert(
                .error(
                    "found \(plural(documents.count, "decision record")); needs at least \(options.minCount)",
                    at: documents.first.map { SourceLocation(file: $0.file, line: 1, column: 1) }), at: 0)
        }
        var parts = [countScore, recordScores.isEmpty ? 0 : recordScores.reduce(0, +) / Double(recordScores.count)]
        if options.numbering {
            let (score, problems) = Self.numbering(documents.map(\.file))
            parts.append(score)
            findings += problems
        }
        let complete = recordScores.filter { $0 >= 1 }.count
        return .scored(
            parts.reduce(0, +) / Double(parts.count),
            "\(plural(documents.count, "decision record")), \(complete) complete",
            findings: findings,
            measurements: [MeasuredValue("records", Double(documents.count), limit: ">= \(options.minCount)")])
    }

    /// The status as written, and where: front matter, a Status section, or a `Status:` line.
    static func status(of document: MarkdownDocument) -> MarkdownText? {
        if let node = document.frontMatter?["status"], let text = node.string {
            return MarkdownText(text: text, location: node.location)
        }
        if let section = document.sections(named: ["Status"]).first {
            return section.blocks.flatMap(\.textUnits).first
        }
        for unit in document.textUnits {
            let text = unit.text.trimmingCharacters(in: .whitespaces)
            for prefix in ["Status:", "status:", "Status :"] where text.hasPrefix(prefix) {
                return MarkdownText(
                    text: String(text.dropFirst(prefix.count)).trimmingCharacters(in: .whitespaces),
                    location: unit.location)
            }
        }
        return nil
    }

    /// Whether the files' leading numbers run without gaps or repeats.
    static func numbering(_ files: [String]) -> (Double, [Finding]) {
        var numbers: [(Int, String)] = []
        var findings: [Finding] = []
        for file in files {
            let name = file.split(separator: "/").last.map(String.init) ?? file
            let digits = name.prefix { $0.isNumber }
            if let number = Int(digits) {
                numbers.append((number, file))
            } else {
                findings.append(
                    .error(
                        "'\(name)' does not start with its number (e.g. 0001-\(name))",
                        at: SourceLocation(file: file, line: 1, column: 1)))
            }
        }
        numbers.sort { $0.0 < $1.0 }
        var expected = numbers.first.map { $0.0 == 0 ? 0 : 1 } ?? 1
        for (number, file) in numbers {
            if number < expected {
                findings.append(
                    .error("number \(number) is used twice", at: SourceLocation(file: file, line: 1, column: 1)))
            } else if number > expected {
                let missing = expected == number - 1 ? "\(expected)" : "\(expected)…\(number - 1)"
                findings.append(
                    .error(
                        "numbering skips \(missing) before \(number)",
                        at: SourceLocation(file: file, line: 1, column: 1)))
            }
            expected = number + 1
        }
        let problems = findings.count
        return (files.isEmpty ? 0 : Double(max(0, files.count - problems)) / Double(files.count), findings)
    }
}
