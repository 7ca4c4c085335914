import AssessCore
import AssessYAML
import Testing

@testable import AssessFormats
@testable import AssessGraders

/// `tests.results` judges JUnit reports built here in Swift, case by case: no XML is written
/// or parsed, so each test says which cases make the verdict.
@Suite struct TestResultsJudgingTests {
    static func report(passing: Int, failing: Int = 0, classname: String = "orders.ContractTest") -> JUnitReport {
        var cases: [JUnitCase] = []
        for index in 0..<(passing + failing) {
            cases.append(
                JUnitCase(
                    name: "case\(index)", classname: classname, time: 0.1,
                    result: index < passing ? .passed : .failed(message: "expected 201, got 500\nat line 12"),
                    location: AssessYAML.SourceLocation(file: "reports/junit.xml", line: 3 + index, column: 5)))
        }
        let suite = JUnitSuite(
            name: "contract", properties: [:], cases: cases, declared: (passing + failing, failing, 0, 0),
            location: AssessYAML.SourceLocation(file: "reports/junit.xml", line: 2, column: 3))
        return JUnitReport(file: "reports/junit.xml", suites: [suite])
    }

    static let grader = TestResultsGrader(options: .init(minTests: 10, minPassRate: 1, categories: []))

    @Test func enoughPassingTestsPass() {
        let outcome = Self.grader.judge([Self.report(passing: 12)], readFindings: [])
        #expect(outcome.status == .passed, "\(outcome.summary) \(outcome.findings)")
        #expect(outcome.measurements.first { $0.name == "tests" }?.value == 12)
    }

    @Test func aFailingCaseIsAFindingAtItsLineWithTheMessagesFirstLine() {
        let outcome = Self.grader.judge([Self.report(passing: 9, failing: 1)], readFindings: [])
        #expect(outcome.status == .partial, "\(outcome.summary) \(outcome.score)")
        let finding = outcome.findings.first { $0.severity == .error }
        #expect(finding?.message == "orders.ContractTest.case9 failed: expected 201, got 500 …")
        #expect(finding?.location == AssessYAML.SourceLocation(file: "reports/junit.xml", line: 12, column: 5))
    }

    @Test func tooFewTestsEarnTheirShare() {
        let outcome = Self.grader.judge([Self.report(passing: 5)], readFindings: [])
        #expect(outcome.status == .partial && outcome.score == 0.75, "\(outcome.summary) \(outcome.score)")
        #expect(outcome.findings.map(\.message).contains("5 tests; at least 10 wanted"))
    }

    @Test func noReportFails() {
        let outcome = Self.grader.judge([JUnitReport(file: "reports/junit.xml", suites: [])], readFindings: [])
        #expect(outcome.status == .failed && outcome.summary == "no JUnit test report in the input")
    }
}
