import AssessTestSupport
import Foundation
import Testing

/// Where `grade` and `batch` write, as a CI maintainer runs them: `--output FORMAT=FILE` and
/// `-`, write failures that name their target and never crash, devices and links written
/// through, GitHub annotations kept off other formats' standard output, colour choices.
@Suite struct OutputsCLITests {
    @Test func outputFormatEqualsFileWritesEveryNamedFormat() throws {
        let tree = try TemporaryTree()
        let run = try CLIRun([
            "grade", "Submissions/quickstart-fail", "--output", "json=\(tree.path)/r.json", "--output",
            "sarif=\(tree.path)/out/r.sarif",
        ])
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stdout.isEmpty)
        let json = try #require(FileManager.default.contents(atPath: tree.subpath("r.json")))
        #expect(((try JSONSerialization.jsonObject(with: json)) as? [String: Any])?["schema"] as? String == "assess.report/v1")
        let sarif = try #require(FileManager.default.contents(atPath: tree.subpath("out/r.sarif")))
        #expect(((try JSONSerialization.jsonObject(with: sarif)) as? [String: Any])?["version"] as? String == "2.1.0")
        #expect(!FileManager.default.fileExists(atPath: repositoryRoot + "/sarif=\(tree.path)"))
        #expect(!FileManager.default.fileExists(atPath: repositoryRoot + "/sarif="))
    }

    @Test func outputDashIsStandardOutputAndNotAFile() throws {
        let run = try CLIRun(["grade", "Submissions/quickstart-fail", "--format", "json", "--output", "-"])
        #expect(run.status == 1)
        #expect(((try JSONSerialization.jsonObject(with: run.stdoutData)) as? [String: Any])?["verdict"] as? String == "failed")
        #expect(!FileManager.default.fileExists(atPath: repositoryRoot + "/-"))
        // Several formats: one to standard output, the rest to files.
        let tree = try TemporaryTree()
        let both = try CLIRun([
            "grade", "Submissions/quickstart-fail", "--format", "junit", "--output", "json=-", "--output",
            "junit=\(tree.path)/r.xml",
        ])
        #expect(both.status == 1)
        #expect(both.stdout.hasPrefix("{"))
        #expect(FileManager.default.fileExists(atPath: tree.subpath("r.xml")))
    }

    @Test func ambiguousOrUnknownOutputsAreUsageErrors() throws {
        let twoToStdout = try CLIRun(["grade", "Submissions/quickstart-fail", "--format", "json", "--format", "sarif"])
        #expect(twoToStdout.status == 2)
        #expect(twoToStdout.stderr.contains("would both go to standard output"))
        let unknown = try CLIRun(["grade", "Submissions/quickstart-fail", "--output", "jsno=r.json"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("unknown format 'jsno'"))
        #expect(unknown.stderr.contains("json"))
    }

    @Test func aFullStandardOutputIsAClearErrorNotACrash() throws {
        // `--format json > /dev/full` ended in SIGILL (exit 132) from a `try!`.
        let grade = try CLIRun(["grade", "Submissions/quickstart-fail", "--format", "json"], stdoutFile: "/dev/full")
        #expect(grade.status == 3, "\(grade.stderr)")
        #expect(grade.stderr.contains("cannot write to standard output: No space left on device"))
        let cohort = try TemporaryTree()
        try FileManager.default.copyItem(
            atPath: repositoryRoot + "/Submissions/quickstart-fail", toPath: cohort.subpath("one"))
        let out = try TemporaryTree()
        let batch = try CLIRun(
            ["batch", cohort.path, "--rubric", "quickstart-service-design", "--out", out.path, "--json"],
            stdoutFile: "/dev/full")
        #expect(batch.status == 3, "\(batch.stderr)")
        #expect(batch.stderr.contains("cannot write to standard output: No space left on device"))
        // The gradebook was still written.
        #expect(FileManager.default.fileExists(atPath: out.subpath("gradebook.csv")))
    }

    @Test func aWriteErrorNamesThePath() throws {
        let tree = try TemporaryTree(["file.txt": "not a folder"])
        let target = tree.subpath("file.txt/r.json")
        let run = try CLIRun(["grade", "Submissions/quickstart-fail", "--output", "json=\(target)"])
        #expect(run.status == 3)
        #expect(run.stderr.contains("cannot write '\(target)'"), "\(run.stderr)")
    }

    @Test func aSymbolicLinkIsWrittenThroughNotReplaced() throws {
        let tree = try TemporaryTree(["real/report.json": "old"])
        try FileManager.default.createSymbolicLink(
            atPath: tree.subpath("link.json"), withDestinationPath: tree.subpath("real/report.json"))
        let run = try CLIRun(["grade", "Submissions/quickstart-fail", "--output", "json=\(tree.path)/link.json"])
        #expect(run.status == 1, "\(run.stderr)")
        #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: tree.subpath("link.json"))) != nil)
        let written = try String(contentsOfFile: tree.subpath("real/report.json"), encoding: .utf8)
        #expect(written.hasPrefix("{"))
    }

    /// `--output /dev/null` as root turned /dev/null into a regular file; here on a null device
    /// node made for the test, so the machine's own is never at risk.
    @Test(.enabled(if: getuid() == 0, "making a device node needs root: device write-through not checked"))
    func aDeviceIsWrittenThroughNotReplaced() throws {
        let tree = try TemporaryTree()
        let device = tree.subpath("null")
        guard mknod(device, S_IFCHR | 0o666, dev_t((1 << 8) | 3)) == 0 else {
            Issue.record("mknod failed: \(String(cString: strerror(errno)))")
            return
        }
        let run = try CLIRun(["grade", "Submissions/quickstart-fail", "--format", "json", "--output", device])
        #expect(run.status == 1, "\(run.stderr)")
        var status = stat()
        #expect(lstat(device, &status) == 0)
        #expect((status.st_mode & S_IFMT) == S_IFCHR, "the device node was replaced")
    }

    @Test func inGitHubActionsAnnotationsGoToStandardErrorAndTheStepSummary() throws {
        let tree = try TemporaryTree(["summary.md": "# earlier step\n"])
        let run = try CLIRun(
            ["grade", "Submissions/quickstart-fail", "--format", "sarif"],
            environment: ["GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": tree.subpath("summary.md")])
        #expect(run.status == 1)
        // Standard output is the SARIF alone: it still parses.
        #expect(((try JSONSerialization.jsonObject(with: run.stdoutData)) as? [String: Any])?["version"] as? String == "2.1.0")
        #expect(run.stderr.contains("::error file=Submissions/quickstart-fail/"))
        let summary = try String(contentsOfFile: tree.subpath("summary.md"), encoding: .utf8)
        #expect(summary.hasPrefix("# earlier step\n### "))
        #expect(summary.contains("| | criterion | where | finding | annotated |"))
    }

    @Test func colourFollowsTheChoiceAndTheTerminal() throws {
        let always = try CLIRun(["grade", "Submissions/quickstart-fail", "--color", "always"])
        #expect(always.stdout.contains("\u{1B}["))
        let never = try CLIRun(["grade", "Submissions/quickstart-fail", "--color", "never"])
        #expect(!never.stdout.contains("\u{1B}["))
        let bad = try CLIRun(["grade", "Submissions/quickstart-fail", "--color", "sometimes"])
        #expect(bad.status == 2)
    }

    /// On a real terminal (util-linux `script` gives one): colour, but not for `TERM=dumb`.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script"), "util-linux script is not installed: TTY colour not checked"))
    func aDumbTerminalGetsNoColour() throws {
        func onTTY(_ term: String) throws -> String {
            let command = "\(CLIRun.binary) grade Submissions/quickstart-fail"
            return try CLIRun.shell(["/usr/bin/script", "-qec", command, "/dev/null"], environment: ["TERM": term, "NO_COLOR": ""])
        }
        #expect(try onTTY("xterm-256color").contains("\u{1B}["))
        #expect(!(try onTTY("dumb")).contains("\u{1B}["))
    }

    @Test func theTerminalReportShowsEveryIdAndFullTitleWrapped() throws {
        let run = try CLIRun(["grade", "Submissions/phase1-fail"], environment: ["COLUMNS": "60"])
        #expect(run.status == 1)
        #expect(run.stdout.split(separator: "\n").allSatisfy { $0.count <= 60 }, "\(run.stdout)")
        let json = try CLIRun(["grade", "Submissions/phase1-fail", "--format", "json"])
        let report = try #require((try JSONSerialization.jsonObject(with: json.stdoutData)) as? [String: Any])
        let flat = run.stdout.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        for criterion in report["criteria"] as? [[String: Any]] ?? [] {
            #expect(flat.contains("[\(criterion["id"] as? String ?? "")]"))
            let words = (criterion["title"] as? String ?? "").split(separator: " ").joined(separator: " ")
            #expect(flat.contains(words), "\(words)")
        }
    }
}

extension CLIRun {
    /// Runs a program (not `assess`) from the repository root; its standard output and error together.
    static func shell(_ arguments: [String], environment: [String: String] = [:]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: arguments[0])
        process.arguments = Array(arguments.dropFirst())
        process.currentDirectoryURL = URL(fileURLWithPath: repositoryRoot)
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}
