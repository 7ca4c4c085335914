import AssessCore
import AssessGraders
import AssessReporters
import AssessTestSupport
import Foundation
import Testing

/// SARIF as GitHub code scanning ingests it: valid against the official OASIS 2.1.0 schema
/// (vendored in `Schemas/`, checked with Python's jsonschema — the test fails, never skips,
/// without it; `make test` installs it), and within the rules GitHub documents for uploads:
/// at least one location per result, URIs that are RFC 3986 references resolving to real
/// files from the repository root, `partialFingerprints`, and the upload limits.
@Suite struct SARIFTests {
    static let schema = repositoryRoot + "/Tests/AssessReportersTests/Schemas/sarif-schema-2.1.0.json"

    /// The three failing samples whose SARIF GitHub rejected (13 results had no location), and one more.
    static let samples = [
        "Submissions/phase1-fail", "Submissions/phase4-operations/fail", "Submissions/capstone-fintech/fail",
        "Submissions/quickstart-fail",
    ]

    static func sarif(_ sample: String) async throws -> (Data, Report) {
        let (report, rubric) = try await ShippedSamples.grade(sample)
        let paths = ReportPaths(rubric: rubric, submission: repositoryRoot + "/" + sample, base: repositoryRoot)
        return (SARIFReporter(options: ReporterOptions(paths: paths)).render(report), report)
    }

    static func results(_ data: Data) throws -> (runs: [[String: Any]], results: [[String: Any]]) {
        let log = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let runs = try #require(log["runs"] as? [[String: Any]])
        return (runs, runs.flatMap { ($0["results"] as? [[String: Any]]) ?? [] })
    }

    @Test(arguments: samples)
    func validatesAgainstTheOfficialSchema(_ sample: String) async throws {
        let (data, _) = try await Self.sarif(sample)
        let tree = try TemporaryTree()
        let file = try tree.write("report.sarif", String(decoding: data, as: UTF8.self))
        let result = try JSONSchemaValidation.validate(schema: Self.schema, files: [file])
        #expect(result.passed, "\(result.output)")
    }

    @Test(arguments: samples)
    func followsGitHubsIngestionRules(_ sample: String) async throws {
        let (data, report) = try await Self.sarif(sample)
        let (runs, results) = try Self.results(data)
        #expect(runs.count <= 20)
        #expect(!results.isEmpty && results.count <= 25_000)
        let rules = ((runs[0]["tool"] as? [String: Any])?["driver"] as? [String: Any])?["rules"] as? [[String: Any]] ?? []
        let ruleIds = rules.compactMap { $0["id"] as? String }
        #expect(ruleIds == report.criteria.map(\.id))
        var fingerprints = Set<String>()
        for result in results {
            let ruleId = try #require(result["ruleId"] as? String)
            #expect(ruleIds.contains(ruleId))
            let index = try #require(result["ruleIndex"] as? Int)
            #expect(ruleIds[index] == ruleId)
            #expect(((result["message"] as? [String: Any])?["text"] as? String ?? "").isEmpty == false)
            // "expected at least one location": GitHub rejects the whole file otherwise.
            let locations = try #require(result["locations"] as? [[String: Any]], "\(ruleId) has no locations")
            #expect((1...1000).contains(locations.count))
            let artifact = try #require(
                (locations[0]["physicalLocation"] as? [String: Any])?["artifactLocation"] as? [String: Any])
            let uri = try #require(artifact["uri"] as? String)
            #expect(artifact["uriBaseId"] as? String == SARIFReporter.baseId)
            #expect(Self.isURIReference(uri), "\(uri)")
            // Relative to the repository root, the URI names a real file of the sample or a rubric.
            let path = try #require(uri.removingPercentEncoding)
            #expect(path.hasPrefix(sample + "/") || path.hasPrefix("Rubrics/"), "\(path)")
            #expect(FileManager.default.fileExists(atPath: repositoryRoot + "/" + path), "\(path)")
            if let region = (locations[0]["physicalLocation"] as? [String: Any])?["region"] as? [String: Any] {
                #expect((region["startLine"] as? Int ?? 0) >= 1)
            }
            let print = try #require((result["partialFingerprints"] as? [String: String])?["assessFinding/v1"])
            #expect(fingerprints.insert(print).inserted, "fingerprint \(print) of \(ruleId) repeats")
        }
        // Every criterion that fell short is a result, with or without findings of its own.
        let fellShort = report.criteria.filter { [.failed, .partial, .error, .inconclusive].contains($0.status) }
        #expect(Set(fellShort.map(\.id)).isSubset(of: Set(results.compactMap { $0["ruleId"] as? String })))
    }

    /// RFC 3986 `relative-ref` with a path only: unreserved, sub-delims, ':', '@', '/' and
    /// %XX escapes; no space, '#', '?' or raw non-ASCII.
    static func isURIReference(_ uri: String) -> Bool {
        let allowed = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=:@/%")
        guard uri.allSatisfy({ allowed.contains($0) }) else { return false }
        var rest = Substring(uri)
        while let percent = rest.firstIndex(of: "%") {
            let hex = rest[rest.index(after: percent)...].prefix(2)
            guard hex.count == 2, hex.allSatisfy(\.isHexDigit) else { return false }
            rest = rest[rest.index(percent, offsetBy: 3)...]
        }
        return true
    }

    @Test func aFileNameWithASpaceAndAHashIsOnePercentEncodedReference() async throws {
        var (report, rubric) = try await ShippedSamples.grade("Submissions/quickstart-fail")
        report.criteria[0].findings = [
            .error("the manifest names no resources", at: SourceLocation(file: "k8s/shop manifest#1.yaml", line: 3, column: 5)),
            .error("ünïcode path", at: SourceLocation(file: "docs/désign.md", line: 1, column: 1)),
        ]
        let paths = ReportPaths(rubric: rubric, submission: repositoryRoot + "/Submissions/quickstart-fail", base: repositoryRoot)
        let (_, results) = try Self.results(SARIFReporter(options: ReporterOptions(paths: paths)).render(report))
        let uris = results.compactMap {
            (((($0["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])?["artifactLocation"])
                as? [String: Any])?["uri"] as? String
        }
        #expect(uris.contains("Submissions/quickstart-fail/k8s/shop%20manifest%231.yaml"))
        #expect(uris.contains("Submissions/quickstart-fail/docs/d%C3%A9sign.md"))
        #expect(uris.allSatisfy(Self.isURIReference))
    }

    @Test(arguments: ["Submissions/phase1-fail", "Submissions/phase4-operations/fail"])
    func aResultWithoutAFileFallsOnTheCriterionsLineInTheRubric(_ sample: String) async throws {
        let (data, report) = try await Self.sarif(sample)
        let (_, results) = try Self.results(data)
        // Criteria that fell short without a finding naming a file land on their rubric line.
        let placed = results.filter { ($0["properties"] as? [String: String])?["place"] == "rubric" }
        #expect(placed.isEmpty == false)
        #expect(report.criteria.contains { c in c.status != .passed && c.findings.allSatisfy { $0.location == nil } })
        for result in placed {
            let physical = try #require(
                (result["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
            let uri = try #require((physical["artifactLocation"] as? [String: Any])?["uri"] as? String)
            #expect(uri.hasPrefix("Rubrics/"), "\(uri)")
            let line = try #require((physical["region"] as? [String: Any])?["startLine"] as? Int)
            let text = try String(contentsOfFile: repositoryRoot + "/" + uri, encoding: .utf8)
                .split(separator: "\n", omittingEmptySubsequences: false)
            // The line is the criterion's own: it names its id.
            let id = try #require(result["ruleId"] as? String)
            #expect(text[line - 1].contains(id), "\(uri):\(line): \(text[line - 1])")
        }
    }

    @Test func fingerprintsStayWhenTheLineMovesAndChangeWithTheFinding() async throws {
        var (report, _) = try await ShippedSamples.grade("Submissions/quickstart-fail")
        func print(_ report: Report) throws -> String {
            let (_, results) = try Self.results(SARIFReporter().render(report))
            return try #require((results.first?["partialFingerprints"] as? [String: String])?["assessFinding/v1"])
        }
        report.criteria[0].findings = [.error("missing heading", at: SourceLocation(file: "design.md", line: 3, column: 1))]
        let first = try print(report)
        report.criteria[0].findings[0].location?.line = 40
        #expect(try print(report) == first)
        report.criteria[0].findings[0].message = "another problem"
        #expect(try print(report) != first)
    }

    @Test func rulesCarryTheHintAsHelp() async throws {
        let (data, report) = try await Self.sarif("Submissions/phase1-fail")
        let (runs, _) = try Self.results(data)
        let rules = ((runs[0]["tool"] as? [String: Any])?["driver"] as? [String: Any])?["rules"] as? [[String: Any]] ?? []
        for (rule, criterion) in zip(rules, report.criteria) {
            #expect((rule["shortDescription"] as? [String: Any])?["text"] as? String == criterion.title)
            #expect((rule["help"] as? [String: Any])?["text"] as? String == criterion.hint)
        }
    }

    @Test func aSubmissionOutsideTheBaseGetsAbsoluteFileURIs() async throws {
        let (report, rubric) = try await ShippedSamples.grade("Submissions/phase1-fail")
        let tree = try TemporaryTree()
        let paths = ReportPaths(rubric: rubric, submission: repositoryRoot + "/Submissions/phase1-fail", base: tree.path)
        let (_, results) = try Self.results(SARIFReporter(options: ReporterOptions(paths: paths)).render(report))
        let artifact = try #require(
            ((results.first?["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])?[
                "artifactLocation"] as? [String: Any])
        #expect((artifact["uri"] as? String)?.hasPrefix("file:///") == true)
        #expect(artifact["uriBaseId"] == nil)
    }
}
