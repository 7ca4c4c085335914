import AssessCore
import AssessTestSupport
import Foundation
import Testing

/// `openapi.valid` against openapi-spec-validator on the corpus in `Tests/Conformance/openapi`:
/// the OpenAPI Initiative's published examples and the shipped specs, unchanged and with one
/// mutation each, every case stored with the validator's recorded verdict and first message
/// (`make_corpus.py` writes both by running the validator).
@Suite struct OpenAPIConformanceTests {
    struct Corpus: Decodable {
        struct Case: Decodable {
            var `case`: String
            var source: String
            var mutation: String
            var verdict: String
            var message: String
        }
        var tool: String
        var cases: [Case]
    }

    static let tool = ReferenceTool(
        corpus: "openapi", probe: ["python3", "-c", "import openapi_spec_validator"],
        installHint: "pip install openapi-spec-validator")

    static func corpus() throws -> Corpus {
        let data = try Data(contentsOf: URL(fileURLWithPath: tool.folder + "/verdicts.json"))
        return try JSONDecoder().decode(Corpus.self, from: data)
    }

    @Test func theCorpusCoversBothVersionsAndBothVerdicts() throws {
        let cases = try Self.corpus().cases
        #expect(cases.count >= 30)
        #expect(cases.filter { $0.case.contains("31-") }.count >= 8)
        #expect(cases.filter { $0.verdict == "valid" }.count >= 10)
        #expect(cases.filter { $0.verdict == "invalid" }.count >= 20)
    }

    /// Always runs: Assess's verdict on every case is the verdict recorded beside it.
    @Test func openAPIValidAgreesWithEveryRecordedVerdict() async throws {
        let corpus = try Self.corpus()
        var disagreements: [String] = []
        for item in corpus.cases {
            let text = try String(contentsOfFile: Self.tool.folder + "/cases/" + item.case, encoding: .utf8)
            let result = try await gradeSingle(
                grader: "openapi.valid", with: "{ min_operations: 0 }", paths: ["openapi.yaml"],
                files: ["openapi.yaml": text])
            let assess = result.status == .passed ? "valid" : "invalid"
            if assess != item.verdict {
                let errors = result.findings.filter { $0.severity == .error }.map(\.description)
                disagreements.append(
                    "\(item.case) (\(item.mutation)): \(corpus.tool) says \(item.verdict) (\(item.message)); Assess says \(assess) \(errors)"
                )
            }
        }
        #expect(disagreements.isEmpty, "\(disagreements.count) of \(corpus.cases.count) disagree:\n\(disagreements.joined(separator: "\n"))")
    }

    /// Runs where openapi-spec-validator is installed (`make conformance` installs it): the
    /// recorded verdicts are still the validator's, so the test above compares with the truth.
    @Test func recordedVerdictsAreTheValidatorsOwn() throws {
        let corpus = try Self.corpus()
        let fresh = try Self.tool.verdicts(of: corpus.cases.map(\.case))
        var stale: [String] = []
        for item in corpus.cases {
            let now = fresh[item.case]
            if now?["verdict"] != .string(item.verdict) || now?["message"] != .string(item.message) {
                stale.append("\(item.case): recorded \(item.verdict) '\(item.message)', now \(String(describing: now))")
            }
        }
        #expect(stale.isEmpty, "stale verdicts; rerun python3 Tests/Conformance/openapi/make_corpus.py:\n\(stale.joined(separator: "\n"))")
    }
}
