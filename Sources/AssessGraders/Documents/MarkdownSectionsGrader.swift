public import AssessCore
import AssessFormats

/// The document has the sections a reviewer looks for, in order if asked, each long enough.
public struct MarkdownSectionsGrader: Grader {
    public struct Options: Sendable, Hashable {
        var sections: [Required]
        var ordered: Bool

        struct Required: Sendable, Hashable {
            var names: SectionNames
            var minWords: Int
        }
    }

    public static let description = GraderDescription(
        kind: "markdown.sections",
        summary:
            "Required sections, found by heading (case, punctuation, numbering and plurals ignored; synonyms allowed; a heading in the learner's own words counts when it holds the name's words in order, at most two words apart, as 'API and Versioning Strategy' for 'API Strategy', or is the name without a generic qualifier, as 'Migration' for 'Migration Strategy'; the closest heading wins and the finding names it), optionally in order and with a minimum word count (prose, tables and diagram labels). Each section earns its share: full when found and long enough, half when too short or out of order.",
        options: [
            OptionDescription(
                "sections", .structure("list of names, synonym lists or {name, min_words}"),
                "The sections, e.g. `[Context, [Decision, Decision Outcome], { name: Consequences, min_words: 30 }]`."),
            OptionDescription(
                "min_words", .integer, default: "0",
                "Fewest words a section needs (its sub-sections count), unless it sets its own."),
            OptionDescription("ordered", .boolean, default: "false", "The sections must appear in the order listed."),
        ],
        examples: [
            GraderExample(
                "An ADR-style design with every section",
                with: "{ sections: [Context, Decision, Consequences], ordered: true }",
                paths: ["design.md"],
                files: [
                    "design.md":
                        "# Use Kafka\n## Context\nOrders need events.\n## Decision\nWe use Kafka.\n## Consequences\nWe run a cluster.\n"
                ],
                .passes),
            GraderExample(
                "Consequences missing", with: "{ sections: [Context, Decision, Consequences] }", paths: ["design.md"],
                files: ["design.md": "# Use Kafka\n## Context\nOrders need events.\n## Decision\nWe use Kafka.\n"],
                .fails),
        ])

    public let options: Options

    public init(options: Options) {
        self.options = options
    }

    public static func options(from reader: MappingReader) -> Options? {
        let defaultWords = reader.declaredInt("min_words")
        var sections: [Options.Required] = []
        if let list = reader.require("sections") {
            for entry in list.sequence ?? [list] {
                if entry.mapping != nil {
                    guard
                        let sub = MappingReader(
                            entry, keys: ["name", "min_words"], context: "a section", log: reader.log),
                        let names = SectionNames.read("name", from: sub, required: true)
                    else { continue }
                    sections.append(.init(names: names, minWords: sub.int("min_words") ?? defaultWords))
                } else if let names = entry.expectStrings(for: "sections", log: reader.log), !names.isEmpty {
                    sections.append(.init(names: SectionNames(names: names), minWords: defaultWords))
                }
            }
            if sections.isEmpty { reader.log.error(at: list.location, "'sections' needs at least one section") }
        }
        return Options(sections: sections, ordered: reader.declaredBool("ordered"))
    }

    public func grade(_ job: GradingJob) async throws -> Outcome { judge(try job.markdownDocuments()) }

    /// The verdict on documents already read (a test builds them in Swift).
    func judge(_ documents: [MarkdownDocument]) -> Outcome {
        var credit = 0.0
        var findings: [Finding] = []
        var missing: [String] = []
        var lastLine = (file: "", line: 0)
        for wanted in options.sections {
            guard let section = wanted.names.find(in: documents) else {
                missing.append(wanted.names.names[0])
                findings.append(documentFinding(documents, "no section \(wanted.names)"))
                continue
            }
            var share = 1.0
            // Counting reads the section's diagrams through the Mermaid parser: once, not per use.
            let words = section.wordCount
            if words < wanted.minWords {
                share = 0.5
                findings.append(
                    .error(
                        "section '\(section.title)' has \(plural(words, "word")); it needs at least \(wanted.minWords)",
                        at: section.location))
            }
            if options.ordered {
                let here = (file: section.location.file, line: section.location.line)
                if here.file == lastLine.file && here.line < lastLine.line {
                    share = min(share, 0.5)
                    findings.append(
                        .error(
                            "section '\(section.title)' comes before a section listed ahead of it; expected order: \(options.sections.map { $0.names.names[0] }.joined(separator: ", "))",
                            at: section.location))
                }
                lastLine = here
            }
            if share == 1 {
                findings.append(
                    .info(
                        wanted.names.taken(section).map { "section \($0)" } ?? "section '\(section.title)'",
                        at: section.location))
            }
            credit += share
        }
        let total = options.sections.count
        let summary =
            missing.isEmpty
            ? "\(total - findings.filter { $0.severity == .error }.count) of \(plural(total, "section")) complete"
            : "missing \(missing.map { "'\($0)'" }.joined(separator: ", "))"
        return .scored(
            credit / Double(total), summary, findings: findings,
            measurements: [MeasuredValue("sections found", Double(total - missing.count), limit: ">= \(total)")])
    }
}
