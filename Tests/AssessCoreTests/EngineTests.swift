import AssessCore
import AssessGraders
import AssessTestSupport
import Foundation
import Testing

/// A grader that never answers in time: it sleeps, ignoring cancellation.
struct StuckGrader: Grader {
    static let description = GraderDescription(
        kind: "test.stuck", summary: "Sleeps for a long time.", needsInput: false, options: [], examples: [])
    init(options: Void) {}
    static func options(from reader: MappingReader) -> Void? { () }
    func grade(_ job: GradingJob) async throws -> Outcome {
        // Ignores cancellation: only the engine's own timer can end the criterion. Long enough that
        // the timer wins even when other suites keep the cooperative pool busy.
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(20)) }
        return .passed("too late")
    }
}

/// A grader that throws.
struct ThrowingGrader: Grader {
    struct Broken: Error, CustomStringConvertible { var description: String { "the parser blew up" } }
    static let description = GraderDescription(
        kind: "test.throws", summary: "Throws.", needsInput: false, options: [], examples: [])
    init(options: Void) {}
    static func options(from reader: MappingReader) -> Void? { () }
    func grade(_ job: GradingJob) async throws -> Outcome { throw Broken() }
}

@Suite struct EngineTests {
    let registry = GraderRegistry.builtIn.adding([StuckGrader.self, ThrowingGrader.self])

    func rubric(_ criteria: String, inputs: String = "  notes: { paths: [notes.md] }\n") throws -> Rubric {
        try RubricLoader(registry: registry).load(
            text: "rubric: t\npass: 50\ninputs:\n\(inputs)criteria:\n\(criteria)", file: "t.yaml")
    }

    @Test func aGraderThatOverrunsItsLimitIsAnErrorAndTheRestIsGraded() async throws {
        let tree = try TemporaryTree(["notes.md": "hello"])
        let loaded = try rubric(
            """
              - { id: stuck, grader: test.stuck, timeout: 200ms, hint: h }
              - { id: present, grader: file.exists, input: notes, hint: h }
              - { id: thrower, grader: test.throws, hint: h }
            """)
        let report = await Engine(concurrency: 2).grade(try Submission(path: tree.path), against: loaded)
        #expect(report.criteria.map(\.id) == ["stuck", "present", "thrower"])
        #expect(report.criteria[0].status == .error)
        #expect(
            report.criteria[0].summary
                == "grader 'test.stuck' did not finish within its time limit of 200ms; not graded")
        #expect(report.criteria[1].status == .passed)
        #expect(report.criteria[2].status == .error)
        #expect(report.criteria[2].summary == "grader 'test.throws' failed: the parser blew up")
        #expect(report.score.percent == 33.33)
    }

    @Test func aMissingRequiredInputFailsWithThePathsTried() async throws {
        let tree = try TemporaryTree(["other.md": "x"])
        let loaded = try rubric(
            "  - { id: notes, grader: file.exists, input: notes, hint: Write notes.md }\n",
            inputs: "  notes: { paths: [notes.md, docs/notes.md] }\n")
        let report = await Engine().grade(try Submission(path: tree.path), against: loaded)
        #expect(report.criteria[0].status == .failed)
        #expect(
            report.criteria[0].findings.map(\.message) == [
                "no file for input 'notes': tried 'notes.md', 'docs/notes.md'"
            ])
        #expect(report.criteria[0].findings[0].hint == "Write notes.md")
    }

    @Test func aMissingOptionalInputSkipsItsCriteriaAndLeavesTheDenominator() async throws {
        let tree = try TemporaryTree(["notes.md": "x"])
        let loaded = try rubric(
            """
              - { id: notes, grader: file.exists, input: notes, hint: h }
              - { id: extra, grader: file.exists, input: extra, weight: 3, hint: h }
            """, inputs: "  notes: notes.md\n  extra: { paths: [extra.md], required: false }\n")
        let report = await Engine().grade(try Submission(path: tree.path), against: loaded)
        #expect(report.criteria[1].status == .skipped)
        #expect(report.score.possible == 1)
        #expect(report.score.percent == 100)
        #expect(report.verdict == .passed)
    }

    @Test func aSymlinkOutsideIsReportedOnItsCriterionAndTheRestGraded() async throws {
        let outside = try TemporaryTree(["secret.md": "TODO"])
        let tree = try TemporaryTree(["notes.md": "fine"])
        try tree.symlink("leak.md", to: outside.subpath("secret.md"))
        let loaded = try rubric(
            """
              - { id: all, grader: text.matches, input: docs, with: { pattern: TODO, min: 0, max: 0 }, hint: h }
              - { id: notes, grader: file.exists, input: notes, hint: h }
            """, inputs: "  notes: notes.md\n  docs: { paths: ['*.md'], many: true }\n")
        let report = await Engine().grade(try Submission(path: tree.path), against: loaded)
        #expect(report.criteria[0].status == .passed)  // the secret's TODO was never read
        #expect(
            report.criteria[0].findings.contains {
                $0.message == "'leak.md' leads outside the submission; refused and not read"
            })
        #expect(report.criteria[1].status == .passed)
        #expect(report.submission.files.map(\.path) == ["notes.md"])
    }

    @Test func theReportCarriesDigestsOfTheGradedFiles() async throws {
        let tree = try TemporaryTree(["notes.md": "abc"])
        let loaded = try rubric("  - { id: notes, grader: file.exists, input: notes, hint: h }\n")
        let report = await Engine().grade(try Submission(path: tree.path), against: loaded)
        #expect(
            report.submission.files == [
                FileDigest(
                    path: "notes.md", bytes: 3,
                    sha256: "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
            ])
        #expect(report.rubric.sha256 == loaded.sha256)
    }
}
