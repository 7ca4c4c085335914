import AssessTestSupport
import Foundation
import Testing

@Suite struct BatchCLITests {
    static let rubric = "Rubrics/phase1-service-design.yaml"

    /// The must-show: a batch killed with SIGKILL part-way, restarted with the same
    /// command, ends with the same gradebook as a clean run.
    @Test func aKilledBatchResumesToTheCleanRunsGradebook() throws {
        let cohort = try TemporaryTree()
        let total = 400
        try CohortGenerator().write(count: total, into: cohort.path)
        let resumed = try TemporaryTree()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CLIRun.binary)
        process.arguments = ["batch", cohort.path, "--rubric", Self.rubric, "--out", resumed.path, "--jobs", "1"]
        process.currentDirectoryURL = URL(fileURLWithPath: repositoryRoot)
        process.standardError = FileHandle.nullDevice
        try process.run()
        let rows = resumed.subpath("rows")
        var doneAtKill = 0
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            // Finished rows only: an atomic write's temporary file is not one yet.
            doneAtKill =
                (try? FileManager.default.contentsOfDirectory(atPath: rows))?.filter {
                    $0.hasSuffix(".json") && !$0.hasPrefix(".")
                }.count ?? 0
            if doneAtKill >= 20 { break }
            Thread.sleep(forTimeInterval: 0.005)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        #expect(doneAtKill >= 20 && doneAtKill < total, "killed after \(doneAtKill) of \(total)")
        #expect(!FileManager.default.fileExists(atPath: resumed.subpath("gradebook.csv")))

        let again = try CLIRun(["batch", cohort.path, "--rubric", Self.rubric, "--out", resumed.path, "--jobs", "2"])
        #expect(again.status == 1)
        let reused = again.stderr.split(separator: ";").last.flatMap { Int($0.split(separator: " ").first ?? "") } ?? 0
        #expect(reused >= doneAtKill, "\(again.stderr)")

        let clean = try TemporaryTree()
        let fresh = try CLIRun(["batch", cohort.path, "--rubric", Self.rubric, "--out", clean.path, "--jobs", "2"])
        #expect(fresh.status == 1)
        for file in ["gradebook.csv", "gradebook.json", "summary.json"] {
            #expect(
                FileManager.default.contents(atPath: resumed.subpath(file))
                    == FileManager.default.contents(atPath: clean.subpath(file)), "\(file)")
        }
    }

    @Test func shardsFromTheCommandLineMergeIntoOneGradebook() throws {
        let cohort = try TemporaryTree()
        try CohortGenerator().write(count: 12, into: cohort.path)
        let a = try TemporaryTree()
        let b = try TemporaryTree()
        let merged = try TemporaryTree()
        #expect(
            try CLIRun(["batch", cohort.path, "--rubric", Self.rubric, "--out", a.path, "--shard", "1/2"]).status != 2)
        let second = try CLIRun(
            ["batch", cohort.path, "--rubric", Self.rubric, "--out", b.path, "--shards-from-environment", "2"],
            environment: ["JOB_COMPLETION_INDEX": "1"])
        #expect(second.stderr.contains("(shard 2/2)"))
        let merge = try CLIRun(["merge", a.path, b.path, "--out", merged.path])
        #expect(merge.status == 1)
        #expect(merge.stderr.contains("merged 12 submissions from 2 outputs"))
        let missing = try CLIRun(["merge", a.path, "--out", merged.path])
        #expect(missing.status == 3)
        #expect(missing.stderr.contains("error: no shard graded"))
        #expect(try CLIRun(["batch", cohort.path, "--rubric", Self.rubric, "--shard", "3/2"]).status == 2)
    }

    @Test func rubricImpactListsWhoseVerdictMoves() throws {
        let cohort = try TemporaryTree()
        try CohortGenerator().write(count: 10, into: cohort.path)
        let out = try TemporaryTree()
        _ = try CLIRun(["batch", cohort.path, "--rubric", Self.rubric, "--out", out.path])
        let lenient = try TemporaryTree()
        let text = try String(contentsOfFile: repositoryRoot + "/" + Self.rubric, encoding: .utf8)
            .replacingOccurrences(of: "pass: 85", with: "pass: 50")
            .replacingOccurrences(of: "    required: true\n", with: "")
            .replacingOccurrences(
                of: "extends: [common/document-quality.yaml]",
                with: "extends: [\(repositoryRoot)/Rubrics/common/document-quality.yaml]")
        try lenient.write("phase1-lenient.yaml", text)
        let run = try CLIRun([
            "rubric", "impact", Self.rubric, lenient.subpath("phase1-lenient.yaml"), "--against", out.path, "--cohort",
            cohort.path,
        ])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("verdict change(s)"))
        // The generated designs link nowhere: "Links in the design resolve" has nothing to check and leaves the score.
        #expect(run.stdout.contains("| learner-0001 | 59.56 → 59.56 (+0) | **failed → provisional** | - → - |"))
    }
}
