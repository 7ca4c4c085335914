import AssessCore
import AssessGraders
import Testing

@Suite struct RubricCoverageTests {
    static let rubric = """
        rubric: coverage
        title: Coverage example
        pass: 90
        inputs: { design: design.md }
        objectives:
          - { id: contexts, text: Identify bounded contexts }
          - { id: saga, text: Implement a saga }
          - { id: cohesion, text: Cohesive boundaries }
          - { id: consensus, text: Consensus when needed }
        criteria:
          - { id: sections, grader: file.exists, input: design, weight: 10, covers: [contexts, saga], hint: h }
          - { id: saga-log, grader: file.exists, input: design, weight: 30, required: true, covers: saga, hint: h }
          - id: review
            description: Cohesion needs a reviewer's judgement of the domain.
            grader: manual
            weight: 20
            covers: [cohesion]
            hint: h
          - { id: links, grader: file.exists, input: design, weight: 40, hint: h }

        """

    @Test func eachObjectiveListsItsCriteriaWeightAndShare() throws {
        let rubric = try RubricLoader(registry: .builtIn).load(text: Self.rubric, file: "coverage.yaml")
        let coverage = RubricCoverage(rubric)
        #expect(coverage.totalWeight == 100)
        #expect(coverage.entries.map(\.objective.id) == ["contexts", "saga", "cohesion", "consensus"])
        #expect(coverage.entries.map(\.weight) == [10, 40, 20, 0])
        #expect(coverage.entries[1].share == 40)
        #expect(coverage.entries[1].assessments.map(\.criterion) == ["sections", "saga-log"])
        #expect(coverage.entries[1].assessments[1].required)
        #expect(coverage.entries[2].reviewerOnly)
        #expect(coverage.entries[2].assessments[0].reason == "Cohesion needs a reviewer's judgement of the domain.")
        #expect(!coverage.entries[1].reviewerOnly)
        #expect(coverage.uncovered.map(\.id) == ["consensus"])
        #expect(coverage.uncovering == ["links"])
        // The loader warns about the objective nobody covers.
        #expect(rubric.warnings.map(\.message) == ["objective 'consensus' is not covered by any criterion"])
    }

    @Test func theTextNamesWhatIsUncoveredAndWhyAReviewerJudges() throws {
        let rubric = try RubricLoader(registry: .builtIn).load(text: Self.rubric, file: "coverage.yaml")
        let text = RubricCoverage(rubric).text()
        #expect(text.hasPrefix("coverage: Coverage example (pass mark 90%)\n4 objectives, 3 covered\n"))
        #expect(
            text.contains(
                "saga: Implement a saga\n  40% of the weight (40 of 100)\n  - sections (weight 10, automated)\n  - saga-log (weight 30, required, automated)\n"
            ))
        #expect(
            text.contains(
                "cohesion: Cohesive boundaries\n  20% of the weight (20 of 100), judged by a reviewer only\n  - review (weight 20, reviewer)\n      why a reviewer: Cohesion needs a reviewer's judgement of the domain.\n"
            ))
        #expect(text.contains("consensus: Consensus when needed\n  NOT COVERED: no criterion assesses it\n"))
        #expect(text.hasSuffix("criteria that cover no objective: links\n"))
        let table = RubricCoverage(rubric).markdown()
        #expect(table.contains("| Cohesive boundaries (`cohesion`) | `review` (reviewer) | 20% |"))
    }

    @Test func aCoversIdThatIsNotDeclaredIsAnError() throws {
        let text = Self.rubric.replacingOccurrences(of: "covers: saga,", with: "covers: sagas,")
        #expect(throws: RubricError.self) {
            try RubricLoader(registry: .builtIn).load(text: text, file: "coverage.yaml")
        }
        do {
            _ = try RubricLoader(registry: .builtIn).load(text: text, file: "coverage.yaml")
        } catch {
            #expect(error.description.contains("coverage.yaml:12:93: error: criterion covers unknown objective"))
            #expect(error.description.contains("criterion covers unknown objective 'sagas'; did you mean 'saga'?"))
        }
    }
}
