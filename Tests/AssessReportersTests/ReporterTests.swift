import AssessCore
import AssessGraders
import AssessReporters
import AssessTestSupport
import Foundation
import Testing

@Suite struct ReporterTests {
    func sampleReport(reviews: Bool = false) async throws -> Report {
        let rubric = try RubricLoader(registry: .builtIn).load(file: repositoryRoot + "/Rubrics/quickstart.yaml")
        let submission = try Submission(path: repositoryRoot + "/Submissions/quickstart-fail")
        return await Engine().grade(submission, against: rubric)
    }

    @Test func jsonIsVersionedSortedAndByteIdenticalAcrossRuns() async throws {
        let first = JSONReporter().render(try await sampleReport())
        let second = JSONReporter().render(try await sampleReport())
        #expect(first == second)
        let object = try #require(try JSONSerialization.jsonObject(with: first) as? [String: Any])
        #expect(object["schema"] as? String == "assess.report/v1")
        #expect(object["verdict"] as? String == "failed")
        let text = String(decoding: first, as: UTF8.self)
        #expect(text.firstRange(of: "\"band\"") == nil)  // absent fields are left out, not null
        #expect(text.contains("\"criteria\" : ["))
        #expect(text.range(of: "\"criteria\"")!.lowerBound < text.range(of: "\"failedGates\"")!.lowerBound)
    }

    @Test func jsonRoundTripsIntoTheSameReport() async throws {
        let report = try await sampleReport()
        let decoded = try JSONDecoder().decode(Report.self, from: JSONReporter().render(report))
        #expect(decoded == report)
    }

    @Test func terminalShowsEachCriterionFindingsHintsAndTheVerdict() async throws {
        let report = try await sampleReport()
        let text = String(decoding: TerminalReporter(color: false, width: 1_000).render(report), as: UTF8.self)
        #expect(!text.contains("\u{1B}["))
        #expect(text.contains(" ✘      0/15  p95 latency under 100 ms at target load [latency-p95] (required)\n"))
        #expect(
            text.contains(
                "\n              results/summary.json:10:16: error: $.metrics.http_req_duration['p(95)'] is 142.3, above the maximum 100\n"
            ))
        #expect(text.contains("\n              hint: Run k6 with --summary-export=results/summary.json"))
        #expect(text.contains(" …      -/15  Boundaries are cohesive and loosely coupled [boundaries-judgement]\n"))
        #expect(text.contains("Score 17.5% (17.5/100 points; pass mark 85%) · attainable 17.5…32.5% · FAILED"))
        #expect(text.contains("Required criteria not passed: design-document, latency-p95"))
    }

    /// Titles used to be cut at 44 characters ("…justifies the…"): now each is whole, with its
    /// id, and every line fits the width.
    @Test func terminalWrapsToTheWidthAndNeverCuts() async throws {
        var report = try await sampleReport()
        report.criteria[0].title =
            "The design document justifies the chosen service boundaries against the team structure and the data ownership"
        for width in [40, 60, 100] {
            let text = String(decoding: TerminalReporter(color: false, width: width).render(report), as: UTF8.self)
            let lines = text.split(separator: "\n")
            #expect(lines.allSatisfy { $0.count <= width }, "width \(width)")
            let flat = lines.map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
            #expect(flat.contains(report.criteria[0].title + " [\(report.criteria[0].id)]"))
            #expect(!flat.contains("…justifies"))
            for criterion in report.criteria { #expect(flat.contains("[\(criterion.id)]")) }
        }
    }

    @Test func terminalColoursOnlyWhenAsked() async throws {
        let text = String(decoding: TerminalReporter(color: true).render(try await sampleReport()), as: UTF8.self)
        #expect(text.contains("\u{1B}[31m✘\u{1B}[0m"))
    }

    @Test func learnerViewLeavesHiddenCriteriaOut() async throws {
        var report = try await sampleReport()
        report.criteria[0].visibility = .hidden
        #expect(report.learnerView.criteria.count == report.criteria.count - 1)
        #expect(report.learnerView.score == report.score)
    }

    @Test func catalogueFindsEveryFormat() {
        #expect(
            ReporterCatalogue.identifiers == [
                "terminal", "json", "markdown", "html", "junit", "sarif", "github", "gradescope", "codequality",
            ])
        #expect(ReporterCatalogue.reporter(for: "json", options: ReporterOptions()) is JSONReporter)
        #expect(ReporterCatalogue.reporter(for: "xml", options: ReporterOptions()) == nil)
    }
}
