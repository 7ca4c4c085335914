import AssessTestSupport
import Foundation
import Testing

/// `assess integrity` and `assess batch --integrity` from the command line: the three files are
/// written, shared evidence is listed, and no score moves because of it.
@Suite struct IntegrityCLITests {
    static let rubric = """
        rubric: integrity-cli
        title: Integrity CLI
        version: 1.0.0
        pass: 50
        inputs:
          load: { paths: ["load/*.json"], many: true }
        criteria:
          - { id: load, title: Load, weight: 1, grader: file.exists, input: load, hint: Hand in a load test. }
        """

    /// A k6 stream of `count` samples starting at `hour`; `seed` makes the values a learner's own.
    static func k6(seed: Int, hour: Int = 10) -> String {
        (0..<120).map { i in
            let value = Double((i * 7_919 + seed * 104_729) % 170_000 + 8_000) / 1000
            let time = String(format: "2026-11-20T%02d:00:%02d.%06d+00:00", hour, i / 4, (i % 4) * 250_000 + seed)
            return
                #"{"metric":"http_req_duration","type":"Point","data":{"time":"\#(time)","value":\#(value),"tags":{}}}"#
        }.joined(separator: "\n") + "\n"
    }

    /// The cohort, and the folder holding the rubric (kept alive with it) and the rubric's path.
    func cohort() throws -> (TemporaryTree, TemporaryTree, String) {
        let cohort = try TemporaryTree()
        _ = try cohort.write("ana/load/run.json", Self.k6(seed: 1))
        _ = try cohort.write("ben/load/run.json", Self.k6(seed: 1, hour: 14))  // Ana's run, four hours later
        _ = try cohort.write("cy/load/run.json", Self.k6(seed: 2))
        let folder = try TemporaryTree()
        return (cohort, folder, try folder.write("integrity.yaml", Self.rubric))
    }

    @Test func integrityWritesItsThreeFilesAndNamesTheShiftedStream() throws {
        let (cohort, folder, rubric) = try cohort()
        defer { withExtendedLifetime(folder) {} }
        let out = try TemporaryTree()
        let run = try CLIRun(["integrity", cohort.path, "--rubric", rubric, "--out", out.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(
            run.stdout.contains(
                "3 submissions, 0 documents, 3 evidence files: 0 pairs share passages, 1 share evidence"))
        let json = try String(contentsOfFile: out.subpath("integrity.json"), encoding: .utf8)
        #expect(json.contains("\"kind\" : \"k6-samples\"") && json.contains("\"shiftSeconds\" : 14400"), "\(json)")
        let markdown = try String(contentsOfFile: out.subpath("integrity.md"), encoding: .utf8)
        #expect(markdown.contains("**ana** and **ben**") && markdown.contains("moved by a constant +14400.0 s"))
        #expect(FileManager.default.fileExists(atPath: out.subpath("integrity.html")))
    }

    @Test func batchWithIntegrityFlagsWithoutChangingAGrade() throws {
        let (cohort, folder, rubric) = try cohort()
        defer { withExtendedLifetime(folder) {} }
        let plain = try TemporaryTree()
        let flagged = try TemporaryTree()
        let a = try CLIRun(["batch", cohort.path, "--rubric", rubric, "--out", plain.path])
        let b = try CLIRun(["batch", cohort.path, "--rubric", rubric, "--out", flagged.path, "--integrity"])
        #expect(a.status == 0 && b.status == 0, "\(a.stderr) \(b.stderr)")
        #expect(
            FileManager.default.contents(atPath: plain.subpath("gradebook.csv"))
                == FileManager.default.contents(atPath: flagged.subpath("gradebook.csv")))
        #expect(FileManager.default.fileExists(atPath: flagged.subpath("integrity.json")))
        #expect(!FileManager.default.fileExists(atPath: plain.subpath("integrity.json")))
    }
}
