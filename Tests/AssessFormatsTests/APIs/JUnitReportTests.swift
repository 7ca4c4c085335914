import AssessFormats
import AssessTestSupport
import Foundation
import Testing

@Suite struct JUnitReportTests {
    /// Written by hand to Maven Surefire's report schema (surefire-test-report-3.0.xsd): a bare
    /// `<testsuite>` root, `failure` with `message` and `type`, `skipped` with a message.
    static let surefire = """
        <?xml version="1.0" encoding="UTF-8"?>
        <testsuite xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" name="com.example.orders.PriceTest" time="0.052" tests="4" errors="1" skipped="1" failures="1">
          <properties>
            <property name="java.version" value="21.0.2"/>
          </properties>
          <testcase name="sums" classname="com.example.orders.PriceTest" time="0.004"/>
          <testcase name="rounds" classname="com.example.orders.PriceTest" time="0.011">
            <failure message="expected: &lt;3&gt; but was: &lt;2&gt;" type="org.opentest4j.AssertionFailedError">org.opentest4j.AssertionFailedError: expected: &lt;3&gt; but was: &lt;2&gt;
            at com.example.orders.PriceTest.rounds(PriceTest.java:21)</failure>
          </testcase>
          <testcase name="discounts" classname="com.example.orders.PriceTest" time="0.001">
            <error message="boom" type="java.lang.IllegalStateException">java.lang.IllegalStateException: boom</error>
          </testcase>
          <testcase name="taxes" classname="com.example.orders.PriceTest" time="0">
            <skipped message="not yet"/>
          </testcase>
        </testsuite>
        """

    /// Written by hand to go-junit-report v2's output (its README and testdata): `<testsuites>`
    /// with totals, one suite per package with a `go.version` property.
    static let goJUnitReport = """
        <?xml version="1.0" encoding="UTF-8"?>
        <testsuites tests="3" failures="1">
        \t<testsuite name="example.com/orders" tests="3" failures="1" errors="0" id="0" hostname="ci" skipped="1" time="0.012" timestamp="2026-01-05T10:00:00Z">
        \t\t<properties>
        \t\t\t<property name="go.version" value="go1.22.1 linux/amd64"></property>
        \t\t</properties>
        \t\t<testcase name="TestTotal" classname="example.com/orders" time="0.000"></testcase>
        \t\t<testcase name="TestRefund" classname="example.com/orders" time="0.010">
        \t\t\t<failure message="Failed" type="">orders_test.go:14: refund: got 0, want 5</failure>
        \t\t</testcase>
        \t\t<testcase name="TestLater" classname="example.com/orders" time="0.000">
        \t\t\t<skipped message="orders_test.go:20: needs a database"></skipped>
        \t\t</testcase>
        \t</testsuite>
        </testsuites>
        """

    static func declared(_ report: JUnitReport) -> TestCounts {
        report.suites.reduce(TestCounts()) {
            $0
                + TestCounts(
                    tests: $1.declared.tests ?? 0, failures: $1.declared.failures ?? 0,
                    errors: $1.declared.errors ?? 0, skipped: $1.declared.skipped ?? 0)
        }
    }

    @Test func surefireCountsMatchItsSummary() {
        let report = JUnitReport(data: Data(Self.surefire.utf8), file: "TEST-PriceTest.xml")
        #expect(report.problems.isEmpty)
        #expect(report.counts == TestCounts(tests: 4, failures: 1, errors: 1, skipped: 1))
        #expect(report.counts == Self.declared(report))
        #expect(report.suites[0].properties["java.version"] == "21.0.2")
        #expect(report.cases[1].result == .failed(message: "expected: <3> but was: <2>"))
        #expect(report.cases[1].location.line == 7)
    }

    @Test func goJUnitReportCountsMatchItsSummary() {
        let report = JUnitReport(data: Data(Self.goJUnitReport.utf8), file: "report.xml")
        #expect(report.counts == TestCounts(tests: 3, failures: 1, errors: 0, skipped: 1))
        #expect(report.counts == Self.declared(report))
    }

    @Test(.enabled(if: sharedCorpus != nil, "needs ../shared/corpus"))
    func jestJUnitCountsMatchItsSummaryAndTakesTheMessageFromTheText() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: (try sharedCorpusPath("public/junit/jest-junit.xml"))))
        let report = JUnitReport(data: data, file: "jest-junit.xml")
        #expect(report.problems.isEmpty)
        // The root says tests="6" failures="4"; the suites 4/3 and 2/1 with one skipped.
        #expect(report.counts == TestCounts(tests: 6, failures: 4, errors: 0, skipped: 1))
        #expect(report.counts == Self.declared(report))
        #expect(report.cases[1].result == .failed(message: "Error: expect(received).toBeTruthy()"))
    }

    @Test(.enabled(if: sharedCorpus != nil, "needs ../shared/corpus"))
    func swiftXUnitCountsMatchItsSummary() throws {
        let data = try Data(
            contentsOf: URL(fileURLWithPath: (try sharedCorpusPath("public/junit/swift-test-xunit.xml"))))
        let report = JUnitReport(data: data, file: "swift-test-xunit.xml")
        // XCTest writes no `skipped`: its skipped test reads as passed, as the summary says.
        #expect(report.counts == TestCounts(tests: 3, failures: 1, errors: 0, skipped: 0))
        #expect(report.counts == Self.declared(report))
    }

    @Test(.enabled(if: sharedCorpus != nil, "needs ../shared/corpus"))
    func pytestCountsItsTestCases() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: (try sharedCorpusPath("public/junit/pytest-junit.xml"))))
        let report = JUnitReport(data: data, file: "pytest-junit.xml")
        let declared = Self.declared(report)
        // Failures and skips agree with pytest's summary; its `tests="15"` also counts the
        // subtests of `test_with_subtests`, which the XML holds no test case for.
        #expect(report.counts.failures == declared.failures)
        #expect(report.counts.skipped == declared.skipped)
        #expect(report.counts.errors == declared.errors)
        #expect(report.counts.tests == 10)
        #expect(report.suites[0].properties["custom_prop"] == "custom_val")
    }

    @Test func malformedXMLKeepsWhatWasReadAndSaysWhere() {
        let cut = String(Self.surefire.prefix(700))
        let report = JUnitReport(data: Data(cut.utf8), file: "cut.xml")
        #expect(report.problems.count == 1)
        #expect(report.problems.first?.location?.file == "cut.xml")
        #expect((report.problems.first?.location?.line ?? 0) >= 6)
        #expect(report.counts.tests >= 1)
    }

    @Test func anotherXMLIsNotAReport() {
        let report = JUnitReport(data: Data("<project><name>x</name></project>".utf8), file: "pom.xml")
        #expect(report.problems.map(\.message) == ["not a JUnit report: no <testsuite> element"])
    }
}
