import AssessCore
import AssessGraders
import AssessYAML
import Testing

/// An input's `format:` is checked against the registry's formats when the rubric loads.
@Suite struct RubricLoaderFormatTests {
    let rubric = """
        rubric: t
        title: T
        pass: 80
        inputs:
          design: { paths: [a.md], format: %@ }
        criteria:
          - { id: a, title: A, weight: 1, input: design, grader: file.exists, hint: Hand in a.md. }
        """

    func load(_ format: String, formats: [String]) throws(RubricError) -> Rubric {
        let loader = RubricLoader(registry: GraderRegistry(GraderRegistry.builtIn.graders, formats: formats))
        return try loader.load(text: rubric.replacingOccurrences(of: "%@", with: format), file: "r.yaml")
    }

    @Test func aMisspeltFormatIsARubricErrorWithADidYouMean() {
        #expect {
            _ = try load("markdwn", formats: ["auto", "markdown", "json"])
        } throws: { error in
            "\(error)".contains("r.yaml:5:36: error: unknown format 'markdwn'; did you mean 'markdown'?")
        }
    }

    @Test func anUnknownFormatListsTheKnownOnes() {
        #expect {
            _ = try load("word", formats: ["auto", "markdown", "json"])
        } throws: { error in
            "\(error)".contains("unknown format 'word'; expected one of auto, markdown, json")
        }
    }

    @Test func aKnownFormatLoads() throws {
        #expect(try load("markdown", formats: ["auto", "markdown"]).inputs.first?.format == "markdown")
    }
}
