import AssessCore
import AssessTestSupport
import Foundation
import Testing

/// `k8s.policy` against checkov on the corpus in `Tests/Conformance/kubernetes`: shipped and
/// hand-written manifests, unchanged and with one mutation each, every case stored with the
/// checkov checks that failed on it (`make_corpus.py` writes both by running checkov). The
/// checks compared are those both tools make: probes (CKV_K8S_8, 9), cpu and memory requests
/// and limits (CKV_K8S_10 to 13) and a fixed image tag (CKV_K8S_14).
@Suite struct KubernetesConformanceTests {
    struct Corpus: Decodable {
        struct Case: Decodable {
            var `case`: String
            var mutation: String
            var failed: [String]
            var message: String
        }
        var tool: String
        var cases: [Case]
    }

    /// Each k8s.policy check and the checkov checks that judge the same thing.
    static let families: [(check: String, checkov: Set<String>)] = [
        ("probes", ["CKV_K8S_8", "CKV_K8S_9"]),
        ("resources", ["CKV_K8S_10", "CKV_K8S_11", "CKV_K8S_12", "CKV_K8S_13"]),
        ("image-tag", ["CKV_K8S_14"]),
    ]

    static let tool = ReferenceTool(
        corpus: "kubernetes", probe: ["checkov", "--version"], installHint: "pip install checkov")

    static func corpus() throws -> Corpus {
        let data = try Data(contentsOf: URL(fileURLWithPath: tool.folder + "/verdicts.json"))
        return try JSONDecoder().decode(Corpus.self, from: data)
    }

    @Test func theCorpusHasPassingAndFailingCases() throws {
        let cases = try Self.corpus().cases
        #expect(cases.count >= 20)
        #expect(cases.filter(\.failed.isEmpty).count >= 5)
        for family in Self.families {
            #expect(cases.contains { !family.checkov.isDisjoint(with: $0.failed) }, "no case fails \(family.check)")
        }
    }

    /// Always runs: for every case and every check, k8s.policy passes exactly where checkov did.
    @Test func k8sPolicyAgreesWithEveryRecordedVerdict() async throws {
        let corpus = try Self.corpus()
        var disagreements: [String] = []
        for item in corpus.cases {
            let text = try String(contentsOfFile: Self.tool.folder + "/cases/" + item.case, encoding: .utf8)
            for family in Self.families {
                let result = try await gradeSingle(
                    grader: "k8s.policy", with: "{ checks: [\(family.check)] }", paths: ["k8s/*.yaml"],
                    files: ["k8s/" + item.case: text])
                let checkovPasses = family.checkov.isDisjoint(with: item.failed)
                if (result.status == .passed) != checkovPasses {
                    disagreements.append(
                        "\(item.case) (\(item.mutation)) \(family.check): checkov \(checkovPasses ? "passes" : "fails (\(item.message))"), Assess \(result.status) \(result.findings.map(\.description))"
                    )
                }
            }
        }
        #expect(disagreements.isEmpty, "\(disagreements.count) disagreements:\n\(disagreements.joined(separator: "\n"))")
    }

    /// Runs where checkov is installed (`make conformance` installs it): the recorded failed
    /// checks are still checkov's.
    @Test func recordedVerdictsAreCheckovsOwn() throws {
        let corpus = try Self.corpus()
        let fresh = try Self.tool.verdicts(of: corpus.cases.map(\.case))
        var stale: [String] = []
        for item in corpus.cases where fresh[item.case]?["failed"] != .strings(item.failed) {
            stale.append("\(item.case): recorded \(item.failed), now \(String(describing: fresh[item.case]))")
        }
        #expect(stale.isEmpty, "stale verdicts; rerun python3 Tests/Conformance/kubernetes/make_corpus.py:\n\(stale.joined(separator: "\n"))")
    }
}
