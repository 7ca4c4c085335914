import AssessCore
import AssessGraders
import AssessTestSupport
import Foundation
import Testing

/// Every shipped sample's whole JSON report, byte for byte, against a golden file in
/// `Golden/Reports/`: a change to a reader, a grader, the engine or a rubric that moves any
/// score, finding, location or message of any sample shows up here as a diff to read.
/// Regenerate with `ASSESS_UPDATE_GOLDEN=1 swift test --filter ShippedReportGoldenTests` and
/// say in the commit why the reports moved.
@Suite struct ShippedReportGoldenTests {
    static let golden = repositoryRoot + "/Tests/AssessGradersTests/Golden/Reports"

    /// Each sample with the rubric it is graded against and its reviews file, if any. The
    /// Phase 4 labs grade subsets of the Phase 4 samples.
    static let samples: [(sample: String, rubric: String, reviews: String?)] = {
        var samples: [(String, String, String?)] = []
        let root = repositoryRoot + "/Submissions"
        let manifests = (FileManager.default.enumerator(atPath: root)?.allObjects as? [String] ?? [])
            .filter { $0.hasSuffix("/assess.yaml") }.sorted()
        for manifest in manifests {
            let folder = String(manifest.dropLast("/assess.yaml".count))
            guard let text = try? String(contentsOfFile: root + "/" + manifest, encoding: .utf8),
                let id = text.split(separator: "\n").first(where: { $0.hasPrefix("rubric:") })?
                    .dropFirst("rubric:".count).trimmingCharacters(in: .whitespaces)
            else { continue }
            let rubric =
                id.hasPrefix("quickstart") ? "quickstart" : id.hasPrefix("phase") || id.hasPrefix("capstone") ? id : "labs/\(id)"
            let reviews = folder + ".reviews.yaml"
            samples.append(
                (folder, rubric, FileManager.default.fileExists(atPath: root + "/" + reviews) ? reviews : nil))
        }
        for lab in ["error-budget-alerting", "canary-rollback", "distributed-tracing"] {
            for side in ["pass", "fail"] { samples.append(("phase4-operations/\(side)", "labs/\(lab)", nil)) }
        }
        return samples
    }()

    static var names: [String] { samples.map { "\($0.sample)@\($0.rubric)" } }

    @Test func everyShippedSampleIsCovered() {
        #expect(Self.samples.count >= 38, "found \(Self.samples.count) samples")
    }

    @Test(arguments: names)
    func reportMatchesItsGoldenFile(_ name: String) async throws {
        let entry = try #require(Self.samples.first { "\($0.sample)@\($0.rubric)" == name })
        let report = try await gradeShippedSample(entry.sample, rubric: entry.rubric, reviews: entry.reviews)
        // The reviews file is named by the path it was loaded from: made relative, as the CLI
        // run from the repository root names it, so the golden files hold on any checkout.
        let rendered = Data(
            String(decoding: StableJSON.encode(report), as: UTF8.self)
                .replacingOccurrences(of: repositoryRoot + "/", with: "").utf8)
        let file = Self.golden + "/" + name.replacingOccurrences(of: "/", with: "--") + ".json"
        if ProcessInfo.processInfo.environment["ASSESS_UPDATE_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(atPath: Self.golden, withIntermediateDirectories: true)
            try rendered.write(to: URL(fileURLWithPath: file))
        }
        let expected = FileManager.default.contents(atPath: file)
        #expect(expected != nil, "no golden report \(file); run with ASSESS_UPDATE_GOLDEN=1")
        if let expected, expected != rendered {
            let old = String(decoding: expected, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            let new = String(decoding: rendered, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            let first = (0..<min(old.count, new.count)).first { old[$0] != new[$0] } ?? min(old.count, new.count)
            Issue.record(
                "\(name): report differs from \(file) at line \(first + 1):\n- \(first < old.count ? old[first] : "")\n+ \(first < new.count ? new[first] : "")"
            )
        }
    }
}
