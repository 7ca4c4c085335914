public import AssessCore
import AssessFormats
import Foundation

/// The document discusses the concepts a reviewer expects, however the learner words them.
public struct MarkdownConceptsGrader: Grader {
    public struct Options: Sendable, Hashable {
        var concepts: [Concept]
        var section: SectionNames?
        var min: Int?

        struct Concept: Sendable, Hashable {
            var name: String
            var patterns: [Pattern]
            /// The synonyms as the rubric writes them, for the brief.
            var synonyms: [String] = []
        }
    }

    public static let description = GraderDescription(
        kind: "markdown.concepts",
        summary:
            "Required concepts, each a list of synonyms (matched as whole words, any case) or `/regexes/`, searched in the prose, table cells and diagram labels (Mermaid node, edge and group text) of the document or of one section; a phrase's last word may be inflected ('fallback' finds 'fallbacks'), a hyphen may be a space or nothing ('anti-corruption' finds 'anticorruption'), and British and American spellings are one. Score: the share of concepts covered (or of `min`). Findings say where each concept was found and which are missing.",
        options: [
            OptionDescription(
                "concepts", .map(.names),
                "E.g. `{ saga: [saga, compensating transaction], outbox: ['/transactional outbox|outbox pattern/'] }`."),
            OptionDescription(
                "section", .names, "Search only this section (and its sub-sections)."),
            OptionDescription("min", .integer, "Concepts needed for full marks (default: all of them)."),
        ],
        examples: [
            GraderExample(
                "Consistency patterns named",
                with: "concepts: { saga: [saga, sagas], outbox: [outbox], idempotency: [idempotent, idempotency] }",
                paths: ["design.md"],
                files: [
                    "design.md":
                        "# Consistency\nCheckout runs as a saga. Events leave through an outbox; consumers are idempotent.\n"
                ], .passes),
            GraderExample(
                "Only one of three concepts",
                with: "concepts: { saga: [saga], outbox: [outbox], idempotency: [idempotent] }",
                paths: ["design.md"],
                files: ["design.md": "# Consistency\nWe use two-phase commit everywhere.\nA saga maybe later.\n"],
                .fails),
        ])

    public let options: Options

    public init(options: Options) {
        self.options = options
    }

    public static func options(from reader: MappingReader) -> Options? {
        var concepts: [Options.Concept] = []
        if let map = reader.require("concepts") {
            if let pairs = map.mapping {
                for pair in pairs {
                    guard let name = pair.key.string,
                        let synonyms = pair.value.expectStrings(for: name, log: reader.log)
                    else { continue }
                    var patterns: [Pattern] = []
                    for synonym in synonyms {
                        do {
                            patterns.append(try Pattern.synonym(synonym))
                        } catch {
                            reader.log.error(
                                at: pair.value.location,
                                "'\(synonym)' is not a valid regular expression for concept '\(name)'")
                        }
                    }
                    if synonyms.isEmpty {
                        reader.log.error(at: pair.value.location, "concept '\(name)' needs at least one synonym")
                    }
                    concepts.append(.init(name: name, patterns: patterns, synonyms: synonyms))
                }
            } else {
                reader.log.error(
                    at: map.location,
                    "expected a mapping of concept names to synonyms for 'concepts', found \(map.found)")
            }
        }
        let min = reader.int("min")
        if let min, min < 1 || min > concepts.count {
            reader.log.error(
                at: reader.node("min")?.location,
                "'min' must be between 1 and the number of concepts (\(concepts.count))")
        }
        return Options(concepts: concepts, section: SectionNames.read("section", from: reader), min: min)
    }

    public func grade(_ job: GradingJob) async throws -> Outcome {
        judge(try job.markdownDocuments())
    }

    /// Which of the concepts the documents (or the named section) mention.
    func judge(_ documents: [MarkdownDocument]) -> Outcome {
        var units: [MarkdownText]
        var findings: [Finding] = []
        if let section = options.section {
            let sections = documents.flatMap { $0.sections(named: section.names) }
            units = sections.flatMap(\.textUnitsWithDiagrams)
            if units.isEmpty {
                return .failed(
                    "no section \(section)",
                    findings: [documentFinding(documents, "no section \(section) to look for concepts in")])
            }
            for taken in sections {
                if let note = section.taken(taken) { findings.append(.info(note, at: taken.location)) }
            }
        } else {
            units = documents.flatMap(\.textUnitsWithDiagrams)
        }
        var missing: [String] = []
        let texts = units.map { SearchText($0.text) }
        for concept in options.concepts {
            let hit = units.indices.first { index in concept.patterns.contains { $0.firstMatch(in: texts[index]) } }
                .map { units[$0].location }
            if let hit {
                findings.append(.info("concept '\(concept.name)' found", at: hit))
            } else {
                missing.append(concept.name)
            }
        }
        let covered = options.concepts.count - missing.count
        let needed = options.min ?? options.concepts.count
        let place = options.section.map { " in section \($0)" } ?? ""
        if !missing.isEmpty {
            findings.insert(
                documentFinding(
                    documents,
                    "missing concept\(missing.count == 1 ? "" : "s")\(place): \(missing.joined(separator: ", "))"),
                at: 0)
            if let section = options.section, let found = section.find(in: documents) {
                findings[0].location = found.location
            }
        }
        return .scored(
            min(1, Double(covered) / Double(needed)),
            "\(covered) of \(options.concepts.count) concepts covered\(place)",
            findings: findings, measurements: [MeasuredValue("concepts", Double(covered), limit: ">= \(needed)")])
    }

}
