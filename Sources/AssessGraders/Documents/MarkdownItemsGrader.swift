public import AssessCore
import AssessFormats

/// A section lists the right number of things: "identify 8-12 bounded contexts".
public struct MarkdownItemsGrader: Grader {
    public struct Options: Sendable, Hashable {
        var section: SectionNames
        var count: CountRange
        var kind: ItemKind
    }

    public static let description = GraderDescription(
        kind: "markdown.items",
        summary:
            "Counts what a section lists — its list items (top level), its sub-headings or its table rows — against `count`. Partial credit: n/min below the range, max/n above it. Findings name every item counted and where.",
        options: [
            OptionDescription("section", .names, "The section whose items are counted."),
            OptionDescription("count", .range, "How many items pass, e.g. `{ min: 8, max: 12 }`."),
            OptionDescription(
                "kind", .choice(["auto", "list", "headings", "rows"]), default: "auto",
                "What counts as an item; `auto` takes list items, else sub-headings, else table rows."),
        ],
        examples: [
            GraderExample(
                "Three contexts listed, three wanted",
                with: "{ section: [Bounded Contexts, Contexts], count: { min: 3 } }",
                paths: ["design.md"],
                files: [
                    "design.md":
                        "## Bounded Contexts\n- **Ordering**: checkout\n- **Payments**: capture\n- **Catalog**: products\n"
                ],
                .passes),
            GraderExample(
                "Two contexts as sub-headings, eight wanted",
                with: "{ section: Bounded Contexts, count: { min: 8, max: 12 } }",
                paths: ["design.md"],
                files: ["design.md": "## Bounded Contexts\n### Ordering\nCheckout.\n### Payments\nCapture.\n"],
                .fails),
        ])

    public let options: Options

    public init(options: Options) {
        self.options = options
    }

    public static func options(from reader: MappingReader) -> Options? {
        let section = SectionNames.read("section", from: reader, required: true)
        let count = CountRange.read("count", from: reader)
        if reader.node("count") == nil { _ = reader.require("count") }
        var kind = ItemKind.auto
        if let text = reader.string("kind") {
            if let parsed = ItemKind(rawValue: text) {
                kind = parsed
            } else {
                reader.log.error(
                    at: reader.node("kind")?.location,
                    "'kind' is one of auto, list, headings, rows; found '\(text)'\(Suggestion.didYouMean(text, in: ItemKind.allCases.map(\.rawValue)))"
                )
            }
        }
        guard let section, let count else { return nil }
        return Options(section: section, count: count, kind: kind)
    }

    public func grade(_ job: GradingJob) async throws -> Outcome { judge(try job.markdownDocuments()) }

    /// The verdict on documents already read (a test builds them in Swift).
    func judge(_ documents: [MarkdownDocument]) -> Outcome {
        guard let section = options.section.find(in: documents) else {
            return .failed(
                "no section \(options.section)",
                findings: [documentFinding(documents, "no section \(options.section) to count items in")])
        }
        let (kind, items) = section.items(options.kind)
        let n = Double(items.count)
        let score = options.count.score(n)
        var findings = items.map { Finding.info("\(kind.noun) '\($0.name)'", at: $0.location) }
        if score < 1 {
            findings.insert(
                .error(
                    "counted \(plural(items.count, kind.noun)) in section '\(section.title)'; needs \(options.count)",
                    at: section.location), at: 0)
        }
        return .scored(
            score, "\(plural(items.count, kind.noun)) in '\(section.title)' (needs \(options.count))",
            findings: findings,
            measurements: [MeasuredValue("items", n, limit: options.count.description)])
    }
}
