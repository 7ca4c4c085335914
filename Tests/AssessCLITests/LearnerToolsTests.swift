import AssessTestSupport
import Foundation
import Testing

@Suite struct LearnerToolsTests {
    /// The issue's must-show: the pre-check names no hidden criterion and gives a hint for every shortfall.
    @Test func checkHidesHiddenCriteriaAndHintsEveryShortfall() throws {
        let rubrics = try TemporaryTree()
        let text = try String(contentsOfFile: repositoryRoot + "/Rubrics/phase1-service-design.yaml", encoding: .utf8)
            .replacingOccurrences(
                of: "extends: [common/document-quality.yaml]",
                with: "extends: [\(repositoryRoot)/Rubrics/common/document-quality.yaml]"
            )
            .replacingOccurrences(
                of: "    grader: markdown.links\n", with: "    grader: markdown.links\n    visibility: hidden\n")
        try rubrics.write("phase1.yaml", text)
        let run = try CLIRun(["check", "Submissions/phase1-fail", "--rubric", rubrics.subpath("phase1.yaml")])
        #expect(run.status == 1)
        #expect(!run.stdout.contains("Links in the design resolve"))
        #expect(!run.stdout.contains("docs/runbook.md"))
        #expect(run.stdout.contains("1 further criteria are graded but not shown here"))
        let blocks = run.stdout.components(separatedBy: "\n\n").filter {
            $0.range(of: #"^[0-9]+\. "#, options: .regularExpression) != nil
        }
        #expect(blocks.count == 16)
        for block in blocks { #expect(block.contains("   hint: "), "\(block)") }
        #expect(run.stdout.contains("1. The API strategy covers versioning and evolution: up to 10 points to gain"))
        #expect(run.stdout.contains("You have 40.1%, the pass mark is 85%, still attainable"))
    }

    @Test func explainWritesALearnerBrief() throws {
        let run = try CLIRun(["rubric", "explain", "Rubrics/phase1-service-design.yaml"])
        #expect(run.status == 0)
        #expect(run.stdout.hasPrefix("# Phase 1 checkpoint: decompose an e-commerce monolith\n"))
        #expect(run.stdout.contains("To pass you need **85%** of the weighted points and every required criterion"))
        #expect(
            run.stdout.contains("| design | `design.md` or `docs/design.md` or `docs/architecture.md` | required |"))
        #expect(run.stdout.contains("| Boundaries are cohesive and loosely coupled | 10 | a reviewer's judgement |"))
    }

    @Test func theCommittedSchemaIsCurrentAndEveryRubricValidates() throws {
        let run = try CLIRun(["rubric", "schema"])
        let committed = try String(contentsOfFile: repositoryRoot + "/schema/rubric.schema.json", encoding: .utf8)
        #expect(run.stdout == committed, "regenerate with: assess rubric schema > schema/rubric.schema.json")
        let probe = Process()
        probe.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        probe.arguments = ["python3", "-c", "import jsonschema, yaml"]
        probe.standardError = FileHandle.nullDevice
        try probe.run()
        probe.waitUntilExit()
        guard probe.terminationStatus == 0 else { return }  // python3 with jsonschema and PyYAML absent: schema structure checked above only
        let script = """
            import json, sys, yaml, jsonschema, glob
            schema = json.load(open(sys.argv[1]))
            for path in sorted(glob.glob(sys.argv[2] + '/*.yaml')):
                jsonschema.validate(yaml.safe_load(open(path)), schema)
                print('ok', path)
            """
        let validate = Process()
        validate.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        validate.arguments = [
            "python3", "-c", script, repositoryRoot + "/schema/rubric.schema.json", repositoryRoot + "/Rubrics",
        ]
        let out = Pipe()
        validate.standardOutput = out
        validate.standardError = out
        try validate.run()
        let output = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        validate.waitUntilExit()
        #expect(validate.terminationStatus == 0, "\(output)")
        #expect(output.contains("ok \(repositoryRoot)/Rubrics/phase1-service-design.yaml"))
    }

    @Test func initScaffoldsWhatTheRubricLooksFor() throws {
        let folder = try TemporaryTree()
        let run = try CLIRun(["init", "--rubric", "phase1-service-design", folder.subpath("new")])
        #expect(run.status == 0)
        #expect(run.stdout.contains("created  design.md"))
        let design = try String(contentsOfFile: folder.subpath("new/design.md"), encoding: .utf8)
        #expect(design.contains("## Bounded Contexts\n\nTODO: List each one here (8…12)."))
        #expect(design.contains("## Migration\n\nTODO: write this section.\n"))
        let handIn = try String(contentsOfFile: folder.subpath("new/HANDIN.md"), encoding: .utf8)
        #expect(
            handIn.contains(
                "- [ ] `api`: `api/*.yaml` or `api/*.yml` or `api/*.json` or `docs/api/*.yaml`, for \"Each service's API is a valid OpenAPI document\""
            ))
        #expect(design.contains("## Service Boundaries\n\n| Service | Owns | API | Events |"))
        #expect(
            try String(contentsOfFile: folder.subpath("new/assess.yaml"), encoding: .utf8).hasPrefix(
                "rubric: phase1-service-design\n"))
        let again = try CLIRun(["init", "--rubric", "phase1-service-design", folder.subpath("new")])
        #expect(again.stdout.contains("kept     design.md"))
    }
}
