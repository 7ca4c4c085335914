import AssessCore
import AssessGraders
import AssessTestSupport
import Foundation
import Testing

@Suite struct RubricLoaderTests {
    static let fixtures = repositoryRoot + "/Tests/AssessCoreTests/Fixtures/rubrics"
    let loader = RubricLoader(registry: .builtIn)

    /// `# expect: FILE:LINE:COL: error: message` lines at the end of a fixture.
    static func expectations(in file: String) throws -> [String] {
        try String(contentsOfFile: fixtures + "/" + file, encoding: .utf8)
            .split(separator: "\n").filter { $0.hasPrefix("# expect: ") }.map {
                String($0.dropFirst("# expect: ".count))
            }
    }

    /// Diagnostics with the fixtures folder stripped from every path, however it was spelt.
    static func normalized(_ error: RubricError) -> [String] {
        error.diagnostics.filter { $0.severity == .error }.map {
            $0.description.replacingOccurrences(of: #"[^ ]*Fixtures/rubrics/"#, with: "", options: .regularExpression)
        }
    }

    @Test(arguments: ["many-mistakes.yaml", "cycle-a.yaml", "syntax-error.yaml", "missing-extends.yaml"])
    func fixtureGivesExactlyItsExpectedErrorsInOneRun(_ file: String) throws {
        let expected = try Self.expectations(in: file)
        #expect(!expected.isEmpty)
        let error = try #require(throws: RubricError.self) { try loader.load(file: Self.fixtures + "/" + file) }
        #expect(Self.normalized(error) == expected)
    }

    @Test func errorsPrintTheSourceLineWithACaret() throws {
        let error = try #require(throws: RubricError.self) {
            try loader.load(file: Self.fixtures + "/many-mistakes.yaml")
        }
        #expect(
            error.description.contains(
                """
                many-mistakes.yaml:11:13: error: unknown grader 'text.match'; did you mean 'text.matches'?
                        grader: text.match
                                ^
                """))
    }

    @Test func quickstartRubricLoadsWithItsExtendedCriteriaLast() throws {
        let rubric = try loader.load(file: repositoryRoot + "/Rubrics/quickstart.yaml")
        #expect(rubric.id == "quickstart-service-design")
        #expect(rubric.pass == 85)
        #expect(rubric.bands == [Band(name: "distinction", minimum: 95)])
        #expect(rubric.criteria.first?.id == "design-document")
        #expect(rubric.criteria.last?.id == "no-placeholders")
        #expect(rubric.warnings.isEmpty)
        #expect(rubric.sha256.count == 64)
    }

    @Test func defaultsAndShorthands() throws {
        let rubric = try loader.load(
            text: """
                rubric: tiny
                pass: 50
                timeout: 5s
                inputs:
                  notes: notes.md
                criteria:
                  - { id: a, grader: file.exists, input: notes, hint: h }
                  - { id: b, grader: manual, timeout: 250ms, hint: h, visibility: hidden, required: true }
                """, file: "tiny.yaml")
        #expect(rubric.inputs[0].paths == ["notes.md"])
        #expect(rubric.inputs[0].required)
        #expect(rubric.criteria[0].weight == 1)
        #expect(rubric.criteria[0].title == "a")
        #expect(rubric.criteria[0].timeout == .seconds(5))
        #expect(rubric.criteria[1].timeout == .milliseconds(250))
        #expect(rubric.criteria[1].visibility == .hidden)
        #expect(rubric.criteria[1].required)
    }

    @Test func lintWarnsAboutUncoveredObjectivesAndMissingHints() throws {
        let rubric = try loader.load(
            text: """
                rubric: warn
                pass: 50
                objectives:
                  - { id: covered, text: A }
                  - { id: forgotten, text: B }
                criteria:
                  - { id: a, grader: manual, covers: [covered] }
                """, file: "warn.yaml")
        #expect(
            rubric.warnings.map(\.description) == [
                "warn.yaml:5:5: warning: objective 'forgotten' is not covered by any criterion",
                "warn.yaml:7:5: warning: criterion 'a' has no 'hint' to tell a learner what to do",
            ])
    }

    @Test func aRubricThatIsAnAliasBombIsRefused() throws {
        var text = "x0: &a0 [x, x, x, x, x, x, x, x, x]\n"
        for level in 1...9 {
            text += "x\(level): &a\(level) [\(Array(repeating: "*a\(level - 1)", count: 9).joined(separator: ", "))]\n"
        }
        let error = try #require(throws: RubricError.self) { try loader.load(text: text, file: "bomb.yaml") }
        #expect(error.diagnostics.count == 1)
        #expect(error.diagnostics[0].message.contains("alias expansion limit"))
    }

    @Test func infiniteOrAbsurdTimeoutsAreRubricErrorsNotCrashes() throws {
        let error = try #require(throws: RubricError.self) {
            try loader.load(
                text:
                    "rubric: t\npass: 50\ntimeout: .inf\ncriteria:\n  - { id: a, grader: manual, timeout: 1e300s, hint: h }\n",
                file: "t.yaml")
        }
        #expect(
            error.diagnostics.map(\.description) == [
                "t.yaml:3:10: error: expected a duration like '30s', '500ms' or '2m' (at most a day) for 'timeout', found '.inf'",
                "t.yaml:5:39: error: expected a duration like '30s', '500ms' or '2m' (at most a day) for 'timeout', found '1e300s'",
            ])
    }

    @Test func anEmptyCriteriaListIsAnError() throws {
        let error = try #require(throws: RubricError.self) {
            try loader.load(text: "rubric: none\npass: 50\ncriteria: []\n", file: "none.yaml")
        }
        #expect(
            error.diagnostics.map(\.description) == ["none.yaml:3:11: error: a rubric needs at least one criterion"])
    }
}
