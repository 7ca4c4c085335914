import AssessCore
import AssessYAML
import Testing

@testable import AssessFormats
@testable import AssessGraders

/// The Markdown graders judge documents built here in Swift, block by block: no Markdown is
/// written or parsed, so each test says which headings and items make the verdict.
@Suite struct MarkdownJudgingTests {
    static func design(contexts: [String]) -> MarkdownDocument {
        func at(_ line: Int) -> AssessYAML.SourceLocation {
            AssessYAML.SourceLocation(file: "design.md", line: line, column: 1)
        }
        let items = contexts.enumerated().map { index, name in
            MarkdownListItem(text: name, blocks: [], checked: nil, location: at(4 + index), lead: nil)
        }
        let blocks: [MarkdownBlock] = [
            .heading(MarkdownHeading(level: 1, text: "Design", location: at(1))),
            .heading(MarkdownHeading(level: 2, text: "Bounded Contexts", location: at(3))),
            .list(MarkdownList(ordered: false, items: items, location: at(4), endLine: 3 + max(1, items.count))),
        ]
        return MarkdownDocument(file: "design.md", frontMatter: nil, frontMatterProblems: [], blocks: blocks, links: [])
    }

    static let grader = MarkdownItemsGrader(
        options: .init(
            section: SectionNames(names: ["Bounded Contexts"]), count: CountRange(min: 8, max: 12), kind: .auto))

    static func contexts(_ n: Int) -> [String] { (1...n).map { "Context \($0)" } }

    @Test func aCountInRangePasses() {
        let outcome = Self.grader.judge([Self.design(contexts: Self.contexts(9))])
        #expect(outcome.status == .passed, "\(outcome.summary)")
        #expect(outcome.findings.contains { $0.location?.line == 4 }, "every item counted is named where it is")
    }

    @Test func tooFewItemsEarnNOverMin() {
        let outcome = Self.grader.judge([Self.design(contexts: Self.contexts(6))])
        #expect(outcome.status == .partial && outcome.score == 0.75, "\(outcome.summary) \(outcome.score)")
    }

    @Test func aMissingSectionFails() {
        let document = MarkdownDocument(
            file: "design.md", frontMatter: nil, frontMatterProblems: [],
            blocks: [
                .heading(
                    MarkdownHeading(
                        level: 1, text: "Design",
                        location: AssessYAML.SourceLocation(file: "design.md", line: 1, column: 1)))
            ],
            links: [])
        let outcome = Self.grader.judge([document])
        #expect(outcome.status == .failed && outcome.summary.hasPrefix("no section"), "\(outcome.summary)")
    }
}
