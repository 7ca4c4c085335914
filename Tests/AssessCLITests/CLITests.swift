import AssessTestSupport
import Foundation
import Testing

/// Runs the built `assess` binary, as a user would, from the repository root.
struct CLIRun {
    var status: Int32
    var stdout: String
    var stderr: String
    var stdoutData: Data

    static let binary: String = {
        // The test bundle sits in the same build folder as the executable.
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var folder = bundle.deletingLastPathComponent()
        while folder.path != "/"
            && !FileManager.default.fileExists(atPath: folder.appendingPathComponent("assess").path)
        {
            folder.deleteLastPathComponent()
        }
        return folder.appendingPathComponent("assess").path
    }()

    /// `stdoutFile`: standard output goes to that file (`/dev/full`, say) instead of a pipe.
    init(_ arguments: [String], environment: [String: String] = [:], stdoutFile: String? = nil) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CLIRun.binary)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: repositoryRoot)
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let out = Pipe()
        let err = Pipe()
        if let stdoutFile {
            process.standardOutput = FileHandle(forWritingAtPath: stdoutFile)
        } else {
            process.standardOutput = out
        }
        process.standardError = err
        try process.run()
        if stdoutFile != nil { try out.fileHandleForWriting.close() }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        status = process.terminationStatus
        stdoutData = outData
        stdout = String(decoding: outData, as: UTF8.self)
        stderr = String(decoding: errData, as: UTF8.self)
    }
}

@Suite struct CLITests {
    @Test func thePassingSampleExitsZeroWithItsReview() throws {
        let run = try CLIRun([
            "grade", "Submissions/quickstart-pass", "--reviews", "Submissions/quickstart-pass.reviews.yaml",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("PASSED · distinction"))
    }

    @Test func thePassingSampleWithoutItsReviewIsProvisionalAndExitsZero() throws {
        let run = try CLIRun(["grade", "Submissions/quickstart-pass"])
        #expect(run.status == 0)
        #expect(run.stdout.contains("attainable 85…100% · PROVISIONAL"))
    }

    @Test func thePhase1SamplesPassAndFail() throws {
        let pass = try CLIRun(["grade", "Submissions/phase1-pass", "--reviews", "Submissions/phase1-pass.reviews.yaml"])
        #expect(pass.status == 0, "\(pass.stderr)")
        #expect(pass.stdout.contains("PASSED · distinction"))
        let fail = try CLIRun(["grade", "Submissions/phase1-fail"])
        #expect(fail.status == 1)
        #expect(
            fail.stdout.contains(
                "services/orders/src/domain/order.py:4:1: error: domain imports adapters ('..adapters.db')"))
        #expect(fail.stdout.contains("Required criteria not passed: bounded-contexts, hexagonal-service"))
    }

    @Test func theFailingSampleExitsOne() throws {
        let run = try CLIRun(["grade", "Submissions/quickstart-fail", "--format", "json"])
        #expect(run.status == 1)
        #expect(run.stdout.contains("\"verdict\" : \"failed\""))
    }

    @Test func twoJSONRunsAreByteIdentical() throws {
        let args = ["grade", "Submissions/quickstart-pass", "--rubric", "Rubrics/quickstart.yaml", "--format", "json"]
        let first = try CLIRun(args)
        let second = try CLIRun(args)
        #expect(first.status == 0)
        #expect(!first.stdoutData.isEmpty)
        #expect(first.stdoutData == second.stdoutData)
    }

    @Test func severalFormatsWriteTheirFilesBeforeAFailingExit() throws {
        let out = try TemporaryTree()
        let run = try CLIRun([
            "grade", "Submissions/quickstart-fail", "--format", "json", "--format", "terminal",
            "--output", "json=\(out.subpath("r.json"))", "--output", "terminal=\(out.subpath("r.txt"))",
        ])
        #expect(run.status == 1)
        #expect(run.stdout.isEmpty)
        #expect(FileManager.default.contents(atPath: out.subpath("r.json"))?.isEmpty == false)
        #expect(FileManager.default.contents(atPath: out.subpath("r.txt"))?.isEmpty == false)
    }

    @Test func aBrokenRubricExitsTwoWithEveryError() throws {
        let run = try CLIRun([
            "grade", "Submissions/quickstart-pass", "--rubric",
            "Tests/AssessCoreTests/Fixtures/rubrics/many-mistakes.yaml",
        ])
        #expect(run.status == 2)
        #expect(run.stdout.isEmpty)
        #expect(
            run.stderr.contains(
                "Tests/AssessCoreTests/Fixtures/rubrics/many-mistakes.yaml:11:13: error: unknown grader 'text.match'; did you mean 'text.matches'?"
            ))
        #expect(run.stderr.components(separatedBy: ": error: ").count - 1 == 18)
    }

    @Test func lintReadsASharedPartOnItsOwn() throws {
        let run = try CLIRun(["rubric", "lint", "Rubrics/common/document-quality.yaml", "Rubrics/common/tracing.yaml"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(
            run.stdout
                == "Rubrics/common/document-quality.yaml: ok (shared part, 1 criteria, 0 warnings; reads input 'design' of the rubrics that extend it)\nRubrics/common/tracing.yaml: ok (shared part, 3 criteria, 0 warnings)\n"
        )
    }

    @Test func coverageShowsEachObjectiveAndExitsOneWhenOneIsUncovered() throws {
        let run = try CLIRun(["rubric", "coverage", "Rubrics/phase1-service-design.yaml"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("contract-first: Contract-first development\n  6.7% of the weight (10 of 150)\n"))
        #expect(
            run.stdout.contains("  - boundaries-review (weight 10, reviewer)\n      why a reviewer: A reviewer judges"))
        let table = try CLIRun(["rubric", "coverage", "--markdown", "Rubrics/phase1-service-design.yaml"])
        #expect(
            table.stdout.contains(
                "| Contract-first development (`contract-first`) | `api-specs-valid`, `consumer-contracts` | 6.7% |"))
        let folder = try TemporaryTree()
        try folder.write(
            "r.yaml",
            """
            rubric: gap
            pass: 50
            inputs: { design: design.md }
            objectives: [{ id: a, text: Covered }, { id: b, text: Forgotten }]
            criteria: [{ id: c, grader: file.exists, input: design, covers: a, hint: h }]
            """)
        let gap = try CLIRun(["rubric", "coverage", folder.subpath("r.yaml")])
        #expect(gap.status == 1)
        #expect(gap.stdout.contains("b: Forgotten\n  NOT COVERED: no criterion assesses it\n"))
    }

    @Test func lintPassesTheShippedRubricsAndFailsABrokenOne() throws {
        let good = try CLIRun(["rubric", "lint", "Rubrics/quickstart.yaml"])
        #expect(good.status == 0)
        #expect(good.stdout == "Rubrics/quickstart.yaml: ok (10 criteria, 0 warnings)\n")
        let phase1 = try CLIRun(["rubric", "lint", "Rubrics/phase1-service-design.yaml"])
        #expect(phase1.stdout == "Rubrics/phase1-service-design.yaml: ok (18 criteria, 0 warnings)\n")
        let bad = try CLIRun(["rubric", "lint", "Tests/AssessCoreTests/Fixtures/rubrics/syntax-error.yaml"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("syntax-error.yaml:6:27: error: while parsing a flow sequence"))
    }

    @Test func lintShowsTheSourceLineOfAWarningInAnExtendedFile() throws {
        let rubrics = try TemporaryTree()
        try rubrics.write("common/shared.yaml", "criteria:\n  - { id: shared, grader: manual }\n")
        try rubrics.write(
            "main.yaml",
            "rubric: m\npass: 50\nextends: [common/shared.yaml]\ncriteria:\n  - { id: own, grader: manual, hint: h }\n")
        let run = try CLIRun(["rubric", "lint", rubrics.subpath("main.yaml")])
        #expect(run.status == 0)
        #expect(
            run.stderr.contains(
                "warning: criterion 'shared' has no 'hint' to tell a learner what to do\n      - { id: shared, grader: manual }\n        ^"
            ))
    }

    @Test func usageErrorsExitTwo() throws {
        #expect(try CLIRun(["grade"]).status == 2)
        #expect(try CLIRun(["grade", "Submissions/quickstart-pass", "--format", "xml"]).status == 2)
        #expect(try CLIRun(["grade", "/nonexistent"]).status == 2)
        #expect(try CLIRun(["grade", "Submissions/quickstart-pass", "--rubric", "no-such-rubric"]).status == 2)
        #expect(try CLIRun(["--help"]).status == 0)
    }

    @Test func gradersListsEveryKind() throws {
        let run = try CLIRun(["graders"])
        #expect(run.status == 0)
        for kind in ["file.exists", "text.matches", "json.query", "yaml.query", "manual"] {
            #expect(run.stdout.contains("\n\(kind)\n") || run.stdout.hasPrefix("\(kind)\n"), "\(kind)")
        }
    }

    @Test func noColorIsHonouredAndPipesGetNoColour() throws {
        let run = try CLIRun(["grade", "Submissions/quickstart-fail"], environment: ["NO_COLOR": "1"])
        #expect(!run.stdout.contains("\u{1B}["))
    }
}
