public import AssessYAML
import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Test counts, recounted from test cases or as a producer's attributes declare them.
public struct TestCounts: Sendable, Hashable {
    public var tests = 0
    public var failures = 0
    public var errors = 0
    public var skipped = 0

    public init(tests: Int = 0, failures: Int = 0, errors: Int = 0, skipped: Int = 0) {
        (self.tests, self.failures, self.errors, self.skipped) = (tests, failures, errors, skipped)
    }

    public var passed: Int { tests - failures - errors - skipped }

    public static func + (a: TestCounts, b: TestCounts) -> TestCounts {
        TestCounts(
            tests: a.tests + b.tests, failures: a.failures + b.failures, errors: a.errors + b.errors,
            skipped: a.skipped + b.skipped)
    }
}

public struct JUnitCase: Sendable, Hashable {
    public enum Result: Sendable, Hashable {
        case passed
        case failed(message: String)
        case error(message: String)
        case skipped(message: String)
    }

    public var name: String
    public var classname: String
    /// Seconds, as JUnit writes it.
    public var time: Double?
    public var result: Result
    public var location: SourceLocation
}

public struct JUnitSuite: Sendable, Hashable {
    public var name: String
    public var properties: [String: String]
    public var cases: [JUnitCase]
    /// What the suite's own attributes claim (missing attributes read as nil).
    public var declared: (tests: Int?, failures: Int?, errors: Int?, skipped: Int?)
    public var location: SourceLocation

    public var counts: TestCounts {
        cases.reduce(into: TestCounts()) { counts, test in
            counts.tests += 1
            switch test.result {
            case .passed: break
            case .failed: counts.failures += 1
            case .error: counts.errors += 1
            case .skipped: counts.skipped += 1
            }
        }
    }

    public static func == (a: JUnitSuite, b: JUnitSuite) -> Bool {
        a.name == b.name && a.cases == b.cases && a.location == b.location && a.properties == b.properties
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(name)
        hasher.combine(location)
    }
}

/// A JUnit XML report as the common producers write it (Maven Surefire, pytest, jest-junit,
/// go-junit-report, `swift test --xunit-output`): a `<testsuites>` root or a bare
/// `<testsuite>`, suites possibly nested, each test case passed unless it holds a `failure`,
/// `error` or `skipped` element. Counts are recounted from the cases, since producers leave
/// attributes out (XCTest writes no `skipped`) or get them wrong.
public struct JUnitReport: Sendable {
    public var file: String
    public var suites: [JUnitSuite]
    /// XML errors and unexpected roots, with line and column; cases read before an error are kept.
    public var problems: [Diagnostic]

    public var counts: TestCounts { suites.reduce(TestCounts()) { $0 + $1.counts } }
    public var cases: [JUnitCase] { suites.flatMap(\.cases) }

    /// A report already made (a test's, built in Swift).
    public init(file: String, suites: [JUnitSuite], problems: [Diagnostic] = []) {
        self.file = file
        self.suites = suites
        self.problems = problems
    }

    public init(data: Data, file: String) {
        let delegate = JUnitParserDelegate(file: file)
        let parser = XMLParser(data: data)
        parser.delegate = delegate
        parser.shouldResolveExternalEntities = false
        if !parser.parse() {
            let message = XMLErrorText.describe(parser.parserError)
            delegate.problems.append(
                .error(
                    at: SourceLocation(
                        file: file, line: max(parser.lineNumber, 1), column: max(parser.columnNumber, 1)),
                    "malformed XML: \(message)"))
            delegate.closeAll()
        } else if let open = delegate.openElements.last {
            // FoundationXML accepts a document cut short: an element still open at the end says so.
            let lines = data.reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
            delegate.problems.append(
                .error(
                    at: SourceLocation(file: file, line: lines, column: 1),
                    "malformed XML: the file ends inside <\(open)> (cut short?)"))
            delegate.closeAll()
        }
        if !delegate.sawRoot, delegate.problems.isEmpty {
            delegate.problems.append(
                .error(at: SourceLocation(file: file, line: 1, column: 1), "not a JUnit report: no <testsuite> element")
            )
        }
        self.file = file
        self.suites = delegate.suites
        self.problems = delegate.problems
    }
}

private final class JUnitParserDelegate: NSObject, XMLParserDelegate {
    let file: String
    var suites: [JUnitSuite] = []
    var problems: [Diagnostic] = []
    var sawRoot = false
    /// Elements opened and not yet closed, innermost last.
    var openElements: [String] = []
    /// Suites being read, innermost last.
    var open: [JUnitSuite] = []
    var currentCase: JUnitCase?
    var resultText: String?
    var resultMessage: String?

    init(file: String) {
        self.file = file
    }

    func location(_ parser: XMLParser) -> SourceLocation {
        SourceLocation(file: file, line: max(parser.lineNumber, 1), column: max(parser.columnNumber, 1))
    }

    func parser(
        _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        openElements.append(name)
        switch name {
        case "testsuites":
            sawRoot = true
        case "testsuite":
            sawRoot = true
            open.append(
                JUnitSuite(
                    name: attributes["name"] ?? "", properties: [:], cases: [],
                    declared: (
                        attributes["tests"].flatMap(Int.init), attributes["failures"].flatMap(Int.init),
                        attributes["errors"].flatMap(Int.init), attributes["skipped"].flatMap(Int.init)
                    ), location: location(parser)))
        case "property":
            if let key = attributes["name"], !open.isEmpty {
                open[open.count - 1].properties[key] = attributes["value"]
            }
        case "testcase":
            currentCase = JUnitCase(
                name: attributes["name"] ?? "", classname: attributes["classname"] ?? "",
                time: attributes["time"].flatMap(Double.init), result: .passed, location: location(parser))
        case "failure", "error", "skipped":
            guard currentCase != nil else { return }
            resultText = ""
            resultMessage = attributes["message"]
            let message = attributes["message"] ?? ""
            switch name {
            case "failure": currentCase?.result = .failed(message: message)
            case "error": currentCase?.result = .error(message: message)
            default: currentCase?.result = .skipped(message: message)
            }
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        resultText? += string
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        _ = openElements.popLast()
        switch name {
        case "failure", "error", "skipped":
            // jest-junit writes the failure only as text: its first line is the message.
            if resultMessage?.isEmpty ?? true, let text = resultText, let first = text.lines.first(where: { !$0.isEmpty }) {
                let message = first.trimmingCharacters(in: .whitespaces)
                switch currentCase?.result {
                case .failed: currentCase?.result = .failed(message: message)
                case .error: currentCase?.result = .error(message: message)
                case .skipped: currentCase?.result = .skipped(message: message)
                default: break
                }
            }
            resultText = nil
            resultMessage = nil
        case "testcase":
            if let test = currentCase {
                if open.isEmpty {
                    open.append(
                        JUnitSuite(
                            name: "", properties: [:], cases: [], declared: (nil, nil, nil, nil),
                            location: test.location))
                }
                open[open.count - 1].cases.append(test)
            }
            currentCase = nil
        case "testsuite":
            if let suite = open.popLast() { suites.append(suite) }
        default: break
        }
    }

    /// After an XML error: keep what was read.
    func closeAll() {
        if let test = currentCase, !open.isEmpty { open[open.count - 1].cases.append(test) }
        currentCase = nil
        while let suite = open.popLast() { suites.append(suite) }
    }
}
