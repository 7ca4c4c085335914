/// JUnit XML test reports (Surefire, Gradle, pytest, Jest's junit reporter, go-junit-report).
public struct JUnitReader: EvidenceReader {
    public static let formats = [
        EvidenceFormat(
            id: "junit", summary: "JUnit XML test reports (testsuites/testsuite/testcase)", refines: ["xml"],
            recognizes: { head, path in
                let text = String(decoding: head.prefix(2048), as: UTF8.self)
                return path.lowercased().hasSuffix(".xml")
                    && (text.contains("<testsuite") || text.contains("<testsuites"))
            })
    ]

    public init() {}

    /// The suites and cases; XML errors come back as problems, with the cases read before them kept.
    public func read(_ file: EvidenceFile) throws(ReadFailure) -> Reading<JUnitReport> {
        let report = JUnitReport(data: try file.bytes(), file: file.path)
        return Reading(report, problems: report.problems.map(ReadProblem.init))
    }
}
