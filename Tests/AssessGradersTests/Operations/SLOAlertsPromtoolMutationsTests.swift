import AssessCore
import AssessGraders
import AssessTestSupport
import Foundation
import Testing

/// The twelve mutations of the shipped `slo-burn-rate.yaml` that `promtool check rules`
/// rejects (Tests/Conformance/promtool, verdicts recorded there): graded by `slo.alerts` with
/// the shipped SLO files beside them, none keeps full marks, and each has an error finding on
/// the line the mutation changed. The unchanged file keeps full marks.
@Suite struct SLOAlertsPromtoolMutationsTests {
    static let corpus = repositoryRoot + "/Tests/Conformance/promtool/"
    static let sample = repositoryRoot + "/Submissions/phase4-operations/pass/"

    static func files(alerts name: String) throws -> [String: String] {
        var files = ["alerts/slo-burn-rate.yaml": try String(contentsOfFile: corpus + name, encoding: .utf8)]
        for slo in ["slo/checkout.yaml", "slo/catalog.yaml", "slo/payments.sloth.yaml"] {
            files[slo] = try String(contentsOfFile: sample + slo, encoding: .utf8)
        }
        return files
    }

    @Test func theShippedFileKeepsFullMarks() async throws {
        let r = try await gradeSingle(grader: "slo.alerts", with: "", files: try Self.files(alerts: "phase4-as-shipped.yaml"))
        #expect(r.score == 1, "\(r.findings)")
    }

    @Test(arguments: [
        ("unknown-function.yaml", 8), ("rate-without-range.yaml", 8), ("for-in-words.yaml", 45),
        ("unbalanced-template.yaml", 48), ("unknown-rule-key.yaml", 46), ("invalid-record-name.yaml", 6),
        ("invalid-label-name.yaml", 46), ("scalar-comparison-without-bool.yaml", 35), ("range-on-aggregate.yaml", 8),
        ("duplicate-group.yaml", 51), ("alert-and-record.yaml", 33), ("yaml-tab.yaml", 45),
    ])
    func aMutationPromtoolRejectsCostsMarksWithAFindingOnItsLine(_ name: String, _ line: Int) async throws {
        let r = try await gradeSingle(grader: "slo.alerts", with: "", files: try Self.files(alerts: name))
        #expect(r.score < 1)
        #expect(
            r.findings.contains {
                $0.severity == .error && $0.location?.file == "alerts/slo-burn-rate.yaml" && $0.location?.line == line
            }, "\(r.findings.map(\.description))")
    }
}
