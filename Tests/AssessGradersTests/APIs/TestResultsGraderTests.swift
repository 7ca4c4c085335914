import AssessCore
import AssessGraders
import AssessTestSupport
import Foundation
import Testing

/// Reports written by hand to the common JUnit XML subset (testmoapp/junitxml) and read from the
/// corpus (dorny/test-reporter's fixtures of jest-junit, pytest and XCTest).
@Suite struct TestResultsGraderTests {
    static func report(_ suite: String, passing: Int, failing: Int = 0, properties: String = "") -> String {
        var cases = (0..<passing).map { "<testcase classname=\"\(suite)\" name=\"ok\($0)\" time=\"0.01\"/>" }
        cases += (0..<failing).map {
            "<testcase classname=\"\(suite)\" name=\"bad\($0)\"><failure message=\"expected 1, got 2\"/></testcase>"
        }
        return """
            <testsuite name="\(suite)" tests="\(passing + failing)" failures="\(failing)">
            \(properties)
            \(cases.joined(separator: "\n"))
            </testsuite>
            """
    }

    @Test func aStrategyWithEveryCategoryPasses() async throws {
        let r = try await gradeSingle(
            grader: "tests.results", with: "{ min_tests: 10, categories: { unit: 6, integration: 2, contract: 1 } }",
            files: [
                "reports/unit.xml": Self.report("orders.unit.PriceTest", passing: 6),
                "reports/it.xml": Self.report(
                    "orders.RepositoryIT", passing: 3,
                    properties: "<properties><property name=\"category\" value=\"integration\"/></properties>"),
                "reports/contract.xml": Self.report("orders.contract.PactVerification", passing: 1),
            ])
        #expect(r.status == .passed, "\(r.findings)")
        #expect(r.measurements.first { $0.name == "integration tests" }?.value == 3)
    }

    @Test func failuresAreListedWithTheirMessagesAndLines() async throws {
        let r = try await gradeSingle(
            grader: "tests.results", with: "{ min_tests: 4 }",
            files: ["junit.xml": Self.report("orders", passing: 3, failing: 1)])
        #expect(r.status == .partial)
        #expect(r.score == 0.875)
        #expect(r.findings.map(\.description) == ["junit.xml:6:41: error: orders.bad0 failed: expected 1, got 2"])
    }

    @Test func aMultiLineAssertionReadsAsItsFirstLine() async throws {
        // The shape pytest 9 writes for a failed assert (message="assert 500 == 201&#10; +  where ...").
        let report = """
            <?xml version="1.0" encoding="utf-8"?><testsuites name="pytest tests"><testsuite name="pytest" errors="0" failures="1" skipped="0" tests="1" time="0.01"><testcase classname="tests.test_api" name="test_create" time="0.010"><failure message="assert 500 == 201&#10; +  where 500 = &lt;Response [500]&gt;.status_code">def test_create():
            &gt;       assert response.status_code == 201</failure></testcase></testsuite></testsuites>
            """
        let r = try await gradeSingle(grader: "tests.results", with: "{}", files: ["junit.xml": report])
        #expect(r.findings.map(\.message) == ["tests.test_api.test_create failed: assert 500 == 201 …"])
    }

    @Test func aMissingCategoryIsPartial() async throws {
        let r = try await gradeSingle(
            grader: "tests.results", with: "{ categories: { unit: 2, chaos: 1 } }",
            files: ["unit.xml": Self.report("orders.unit", passing: 2)])
        #expect(r.status == .partial)
        #expect(r.findings.map(\.message) == ["0 chaos tests; at least 1 wanted"])
    }

    @Test func noReportFails() async throws {
        let r = try await gradeSingle(grader: "tests.results", with: "{}", files: ["notes.md": "# tests\n"])
        #expect(r.status == .failed)
    }

    @Test func aMalformedReportIsLocatedAndTheOthersCount() async throws {
        let r = try await gradeSingle(
            grader: "tests.results", with: "{ min_tests: 2 }",
            files: [
                "a.xml": Self.report("orders.unit", passing: 2),
                "b.xml": "<testsuite name=\"x\">\n<testcase name=\"y\">\n</testsuite>\n",
            ])
        #expect(r.status == .partial, "\(r.findings)")
        #expect(r.findings.first?.location?.file == "b.xml")
        #expect(r.findings.first?.message.hasPrefix("malformed XML") == true)
    }

    @Test(.enabled(if: sharedCorpus != nil, "needs ../shared/corpus"))
    func theCorpusReportsTogether() async throws {
        var files: [String: String] = [:]
        for name in ["jest-junit.xml", "pytest-junit.xml", "swift-test-xunit.xml"] {
            files["reports/\(name)"] = try String(
                contentsOfFile: (try sharedCorpusPath("public/junit/")) + name, encoding: .utf8)
        }
        let r = try await gradeSingle(
            grader: "tests.results", with: "{ min_tests: 19, min_pass_rate: 0.5 }", files: files)
        #expect(r.measurements.first { $0.name == "tests" }?.value == 19)
        #expect(r.measurements.first { $0.name == "failed" }?.value == 7)
        #expect(r.measurements.first { $0.name == "skipped" }?.value == 3)
        #expect(r.status == .passed, "\(r.summary)")
    }
}
