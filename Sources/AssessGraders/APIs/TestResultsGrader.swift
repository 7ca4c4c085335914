public import AssessCore
import AssessFormats
import Foundation

/// The hand-in's test reports show a real test suite that passes: enough tests, a pass rate,
/// and the categories of a testing strategy (unit, integration, contract, chaos).
public struct TestResultsGrader: Grader {
    public struct Options: Sendable, Hashable {
        var minTests: Int
        var minPassRate: Double
        var categories: [Category]
    }

    struct Category: Sendable, Hashable {
        var name: String
        var min: Int
    }

    public static let description = GraderDescription(
        kind: "tests.results",
        summary:
            "Reads JUnit XML reports (Surefire, pytest, jest-junit, go-junit-report, `swift test --xunit-output`), recounting tests, failures, errors and skips from the test cases. Checks `min_tests`, `min_pass_rate` (passed / run, skips excluded) and a minimum per category; a test is in a category when its suite name, class name, report path or a suite property (`category`, `type`, `layer`) contains the category's name. Score: the mean of the checks, each n/min. Every failure is listed with its message and line.",
        options: [
            OptionDescription("min_tests", .integer, default: "1", "Tests the reports must hold in all."),
            OptionDescription(
                "min_pass_rate", .fraction, default: "1", "Share of the tests run (not skipped) that must pass."),
            OptionDescription(
                "categories", .map(.integer), default: "{}",
                "Minimum tests per category, e.g. `{ unit: 20, integration: 5, contract: 2 }`."),
        ],
        examples: [
            GraderExample(
                "Four passing tests, unit and integration",
                with: "{ min_tests: 4, categories: { unit: 2, integration: 1 } }", paths: ["reports/*.xml"],
                files: [
                    "reports/TEST-orders.xml": """
                    <testsuites>
                      <testsuite name="orders.unit.PriceTest" tests="3" failures="0" errors="0" skipped="0">
                        <testcase classname="orders.unit.PriceTest" name="sums" time="0.01"/>
                        <testcase classname="orders.unit.PriceTest" name="rounds" time="0.01"/>
                        <testcase classname="orders.unit.PriceTest" name="discounts" time="0.01"/>
                      </testsuite>
                      <testsuite name="orders.integration.RepositoryIT" tests="1" failures="0">
                        <testcase classname="orders.integration.RepositoryIT" name="saves" time="0.4"/>
                      </testsuite>
                    </testsuites>
                    """
                ], .passes),
            GraderExample(
                "One of two tests fails",
                with: "{ min_tests: 2 }", paths: ["reports/*.xml"],
                files: [
                    "reports/junit.xml": """
                    <testsuite name="orders" tests="2" failures="1">
                      <testcase classname="orders" name="sums"/>
                      <testcase classname="orders" name="rounds"><failure message="expected 3, got 2"/></testcase>
                    </testsuite>
                    """
                ], .fails),
        ])

    public let options: Options

    public init(options: Options) {
        self.options = options
    }

    public static func options(from reader: MappingReader) -> Options? {
        var categories: [Category] = []
        if let node = reader.node("categories") {
            if let pairs = node.mapping {
                for pair in pairs {
                    guard let name = pair.key.string, let min = pair.value.int, min >= 0 else {
                        reader.log.error(at: pair.value.location, "'categories' maps a name to a number of tests")
                        continue
                    }
                    categories.append(Category(name: name, min: min))
                }
            } else {
                reader.log.error(at: node.location, "'categories' is a mapping, e.g. { unit: 20, integration: 5 }")
            }
        }
        let rate = reader.declaredDouble("min_pass_rate")
        if !(0...1).contains(rate) {
            reader.log.error(at: reader.node("min_pass_rate")?.location, "'min_pass_rate' is between 0 and 1")
        }
        return Options(minTests: reader.declaredInt("min_tests"), minPassRate: rate, categories: categories)
    }

    public func grade(_ job: GradingJob) async throws -> Outcome {
        let evidence = job.evidence(
            JUnitReader.self, files: job.files.filter { $0.path.lowercased().hasSuffix(".xml") })
        return judge(evidence.models, readFindings: evidence.findings)
    }

    /// The verdict on reports already read (a test builds them in Swift).
    func judge(_ reports: [JUnitReport], readFindings: [Finding]) -> Outcome {
        var findings = readFindings
        let readable = reports.filter { !$0.suites.isEmpty }
        guard !readable.isEmpty else {
            return .failed(
                "no JUnit test report in the input", findings: findings + [.error("no readable JUnit XML report")])
        }
        let counts = readable.reduce(TestCounts()) { $0 + $1.counts }
        let run = counts.tests - counts.skipped
        let rate = run > 0 ? Double(counts.passed) / Double(run) : 0
        var parts: [Double] = []
        parts.append(options.minTests > 0 ? min(1, Double(counts.tests) / Double(options.minTests)) : 1)
        if counts.tests < options.minTests {
            findings.append(.error("\(counts.tests) tests; at least \(options.minTests) wanted"))
        }
        parts.append(options.minPassRate > 0 ? min(1, rate / options.minPassRate) : 1)
        for report in readable {
            for suite in report.suites {
                let recount = suite.counts
                if let declared = suite.declared.tests, declared != recount.tests {
                    findings.append(
                        Finding(
                            .warning,
                            "suite '\(suite.name)' declares \(declared) tests but holds \(recount.tests) test cases; the test cases are counted",
                            at: suite.location))
                }
                for test in suite.cases {
                    switch test.result {
                    case .failed(let message), .error(let message):
                        // An assertion message may run over lines (pytest's "+ where ..."): the
                        // first line reads as the finding, the file:line leads to the rest.
                        let lines = message.split(whereSeparator: \.isNewline).map {
                            $0.trimmingCharacters(in: .whitespaces)
                        }
                        let first = lines.first { !$0.isEmpty } ?? ""
                        findings.append(
                            .error(
                                "\(test.classname.isEmpty ? "" : test.classname + ".")\(test.name) failed\(first.isEmpty ? "" : ": \(first)")\(lines.count > 1 ? " …" : "")",
                                at: test.location))
                    default: break
                    }
                }
            }
        }
        var measurements = [
            MeasuredValue("tests", Double(counts.tests), limit: ">= \(options.minTests)"),
            MeasuredValue("passed", Double(counts.passed)),
            MeasuredValue("failed", Double(counts.failures + counts.errors)),
            MeasuredValue("skipped", Double(counts.skipped)),
            MeasuredValue("pass rate", rate, limit: ">= \(options.minPassRate.compact)"),
        ]
        for category in options.categories {
            let n = readable.reduce(0) { total, report in
                total
                    + report.suites.reduce(0) { sum, suite in
                        sum
                            + suite.cases.filter { Self.belongs($0, suite: suite, report: report, to: category.name) }
                            .count
                    }
            }
            parts.append(category.min > 0 ? min(1, Double(n) / Double(category.min)) : 1)
            measurements.append(MeasuredValue("\(category.name) tests", Double(n), limit: ">= \(category.min)"))
            if n < category.min {
                findings.append(.error("\(n) \(category.name) tests; at least \(category.min) wanted"))
            }
        }
        var score = parts.reduce(0, +) / Double(parts.count)
        // A report cut short or broken counts as one more part judged, and failed.
        let malformed = reports.filter { $0.problems.contains { $0.message.hasPrefix("malformed XML") } }.count
        if malformed > 0 {
            score *= Double(parts.count) / Double(parts.count + malformed)
        }
        return .scored(
            score,
            "\(counts.tests) tests: \(counts.passed) passed, \(counts.failures + counts.errors) failed, \(counts.skipped) skipped (pass rate \((rate * 100).compact(places: 1))%)",
            findings: findings, measurements: measurements)
    }

    static func belongs(_ test: JUnitCase, suite: JUnitSuite, report: JUnitReport, to category: String) -> Bool {
        let needle = category.lowercased()
        let labels =
            [suite.name, test.classname, report.file]
            + ["category", "type", "layer", "kind"].compactMap { suite.properties[$0] }
        return labels.contains { $0.lowercased().contains(needle) }
    }
}
