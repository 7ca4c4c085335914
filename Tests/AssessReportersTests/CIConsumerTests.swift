import AssessCore
import AssessGraders
import AssessReporters
import AssessTestSupport
import Foundation
import FoundationXML
import Testing

/// Each CI or LMS output checked by the rules its consumer documents: GitHub's annotation
/// limits, GitLab's Code Quality fields and its JUnit reading, Gradescope's results.json.
@Suite struct CIConsumerTests {
    static func paths(_ sample: String, _ rubric: Rubric) -> ReportPaths {
        ReportPaths(rubric: rubric, submission: repositoryRoot + "/" + sample, base: repositoryRoot)
    }

    // MARK: GitHub Actions

    @Test func annotationsAreCappedAtTenOfEachKindMostImportantFirst() async throws {
        // phase4-operations/fail printed 57 unordered annotations; GitHub shows 10 errors per step.
        let sample = "Submissions/phase4-operations/fail"
        let (report, rubric) = try await ShippedSamples.grade(sample)
        let reporter = GitHubAnnotationsReporter(options: ReporterOptions(paths: Self.paths(sample, rubric)))
        let lines = String(decoding: reporter.render(report), as: UTF8.self).split(separator: "\n")
        let errors = lines.filter { $0.hasPrefix("::error ") }
        let warnings = lines.filter { $0.hasPrefix("::warning ") }
        let all = Shortfall.all(in: report, paths: Self.paths(sample, rubric))
        #expect(all.count > 20)
        #expect(errors.count == min(10, all.filter { $0.severity == .error }.count))
        #expect(warnings.count <= 10)
        // The most important first: failed required criteria, then the most points lost.
        let shown = reporter.annotated(report)
        for (a, b) in zip(shown.filter { $0.severity == .error }, shown.filter { $0.severity == .error }.dropFirst()) {
            #expect(a.importance >= b.importance)
        }
        if let gate = report.criteria.first(where: { $0.required && $0.status == .failed }) {
            #expect(shown.first?.criterion.id == gate.id || shown.first?.criterion.required == true)
        }
        // Every annotation names a file from the repository root.
        for line in errors + warnings { #expect(line.contains("file=Submissions/") || line.contains("file=Rubrics/")) }
        #expect(lines.last?.hasPrefix("::notice ") == true)
        #expect(lines.last?.contains("more findings in the step summary") == true)
        // The step summary holds every finding, marking which were annotated.
        let summary = reporter.stepSummary(report)
        let rows = summary.split(separator: "\n").filter { $0.hasPrefix("| error") || $0.hasPrefix("| warning") }
        #expect(rows.count == all.count)
        #expect(rows.filter { $0.hasSuffix("| yes |") }.count == errors.count + warnings.count)
    }

    // MARK: GitLab

    @Test func codeQualityHasGitLabsFieldsAndAPlaceForEveryIssue() async throws {
        let sample = "Submissions/capstone-fintech/fail"
        let (report, rubric) = try await ShippedSamples.grade(sample)
        let data = CodeQualityReporter(options: ReporterOptions(paths: Self.paths(sample, rubric))).render(report)
        let issues = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        #expect(!issues.isEmpty)
        var fingerprints = Set<String>()
        for issue in issues {
            #expect((issue["description"] as? String ?? "").isEmpty == false)
            #expect((issue["check_name"] as? String ?? "").isEmpty == false)
            #expect(["info", "minor", "major", "critical", "blocker"].contains(issue["severity"] as? String ?? ""))
            #expect(fingerprints.insert(issue["fingerprint"] as? String ?? "").inserted)
            let location = try #require(issue["location"] as? [String: Any])
            let path = try #require(location["path"] as? String)
            #expect(!path.hasPrefix("/"))
            #expect(FileManager.default.fileExists(atPath: repositoryRoot + "/" + path), "\(path)")
            #expect(((location["lines"] as? [String: Any])?["begin"] as? Int ?? 0) >= 1)
        }
        #expect(issues.contains { $0["severity"] as? String == "blocker" } == !report.failedGates.isEmpty)
    }

    /// Read as GitLab's JUnit parser reads it: `testsuites/testsuite/testcase`, the status from a
    /// `failure`, `error` or `skipped` child, the time as a number.
    @Test func junitReadsAsGitLabReadsIt() async throws {
        let (report, _) = try await ShippedSamples.grade("Submissions/phase4-operations/fail")
        let document = try XMLDocument(data: JUnitReporter().render(report))
        let cases = try document.nodes(forXPath: "/testsuites/testsuite/testcase").compactMap { $0 as? XMLElement }
        #expect(cases.count == report.criteria.count)
        for (element, criterion) in zip(cases, report.criteria) {
            let status: String
            if !element.elements(forName: "failure").isEmpty {
                status = "failed"
            } else if !element.elements(forName: "error").isEmpty {
                status = "error"
            } else if !element.elements(forName: "skipped").isEmpty {
                status = "skipped"
            } else {
                status = "success"
            }
            let expected: String
            switch criterion.status {
            case .passed: expected = "success"
            case .error: expected = "error"
            case .skipped, .pending: expected = "skipped"
            default: expected = "failed"
            }
            #expect(status == expected, "\(criterion.id)")
            #expect(element.attribute(forName: "name")?.stringValue?.hasPrefix(criterion.id + ": ") == true)
            #expect(Double(element.attribute(forName: "time")?.stringValue ?? "x") != nil)
            #expect((element.attribute(forName: "classname")?.stringValue ?? "").isEmpty == false)
        }
    }

    // MARK: Gradescope

    @Test func gradescopeScalesToTheAssignmentAndLeavesPendingReviewsUnjudged() async throws {
        let (report, _) = try await ShippedSamples.grade("Submissions/phase1-pass")
        #expect(report.verdict == .provisional)
        for points in [100.0, 40] {
            let data = GradescopeReporter(options: ReporterOptions(gradescopePoints: points)).render(report)
            let results = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            let tests = try #require(results["tests"] as? [[String: Any]])
            #expect(tests.allSatisfy { $0["max_score"] is Double || $0["max_score"] is Int })
            let maxTotal = tests.compactMap { ($0["max_score"] as? NSNumber)?.doubleValue }.reduce(0, +)
            #expect(abs(maxTotal - points) < 0.01, "max_score adds up to \(maxTotal)")
            let score = try #require((results["score"] as? NSNumber)?.doubleValue)
            #expect(abs(score - report.score.percent / 100 * points) < 0.01)
            let earned = tests.compactMap { ($0["score"] as? NSNumber)?.doubleValue }.reduce(0, +)
            #expect(abs(earned - score) < 0.05)
            for (test, criterion) in zip(tests, report.criteria) where criterion.status == .pending {
                // Neither passed nor failed: a learner sees no red failure while a reviewer has yet to score it.
                #expect(test["status"] == nil)
                #expect(test["score"] == nil)
                #expect((test["name"] as? String)?.contains("awaiting a reviewer") == true)
                #expect(test["visibility"] as? String == criterion.visibility.rawValue)
            }
        }
    }
}
