import AssessCore
import AssessFormats
import AssessGraders
import AssessTestSupport
import Testing

/// Every example in every grader's description is graded here, so the documentation
/// `assess graders --markdown` prints is known to be true.
@Suite struct GraderExamplesTests {
    static let cases: [(String, GraderExample)] = builtInGraders.flatMap { grader in
        grader.description.examples.map { (grader.kind, $0) }
    }

    @Test func everyGraderHasAPassingAndAFailingExample() {
        for grader in builtInGraders {
            let expectations = Set(grader.description.examples.map(\.expectation))
            #expect(expectations == [.passes, .fails], "\(grader.kind)")
        }
    }

    @Test(arguments: cases)
    func exampleGradesAsDocumented(_ kind: String, _ example: GraderExample) async throws {
        let result = try await gradeSingle(
            grader: kind, with: example.with, paths: example.paths.isEmpty ? ["**"] : example.paths,
            files: example.files, reviews: example.reviews)
        switch example.expectation {
        case .passes: #expect(result.status == .passed, "\(kind): \(example.title): \(result.summary)")
        case .fails:
            #expect(
                result.status == .failed || result.status == .partial, "\(kind): \(example.title): \(result.summary)")
        }
    }

    @Test func docsGradersMarkdownIsUpToDate() throws {
        let committed = try String(contentsOfFile: repositoryRoot + "/docs/graders.md", encoding: .utf8)
        #expect(
            committed == GraderDocumentation.markdown(.builtIn) + FormatRegistry.builtIn.markdown,
            "run `make docs` to regenerate docs/graders.md")
    }

    @Test func everyGraderAcceptsAnEmptyWithWhenItsOptionsAllHaveDefaults() throws {
        for grader in builtInGraders {
            let required = grader.description.options.filter { $0.defaultValue == nil }
            let loads = (try? grader.options(from: nil)) != nil
            if grader.kind == "manual" || required.isEmpty == false {
                continue
            }
            #expect(loads, "\(grader.kind) has defaults for every option but rejects an empty 'with'")
        }
        #expect((try? FileExistsGrader.options(from: nil)) != nil)
        #expect((try? ManualGrader.options(from: nil)) != nil)
        #expect((try? TextMatchesGrader.options(from: nil)) == nil)  // 'pattern' has no default
    }
}
