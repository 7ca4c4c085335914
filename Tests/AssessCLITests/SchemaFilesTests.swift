import AssessCore
import AssessGraders
import AssessTestSupport
import Foundation
import Testing

/// The JSON Schemas editors and consumers use, checked with a real validator (Python's
/// jsonschema through `scripts/validate-json-schema.py`; `make test` installs it, and these
/// tests fail rather than skip without it): the rubric schema over every file under
/// `Rubrics/`, shared parts included, and the report schema over every shipped sample's report.
@Suite struct SchemaFilesTests {
    static var rubricFiles: [String] {
        let root = repositoryRoot + "/Rubrics"
        return (FileManager.default.enumerator(atPath: root)?.allObjects as? [String] ?? [])
            .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted().map { root + "/" + $0 }
    }

    @Test func everyFileUnderRubricsValidatesAgainstTheRubricSchema() throws {
        let files = Self.rubricFiles
        #expect(files.contains { $0.hasSuffix("/common/document-quality.yaml") })
        #expect(files.contains { $0.hasSuffix("/labs/canary-rollback.yaml") })
        let result = try JSONSchemaValidation.validate(
            schema: repositoryRoot + "/schema/rubric.schema.json", files: files)
        #expect(result.passed, "\(result.output)")
        #expect(result.output.split(separator: "\n").filter { $0.hasSuffix(": ok") }.count == files.count)
    }

    /// An editor with the YAML language server completes and checks a rubric from its first line.
    @Test func everyRubricStartsWithTheSchemaCommentPointingAtTheSchema() throws {
        for file in Self.rubricFiles {
            let first = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n").first ?? ""
            let prefix = "# yaml-language-server: $schema="
            #expect(first.hasPrefix(prefix), "\(file)")
            let target = URL(fileURLWithPath: file).deletingLastPathComponent()
                .appendingPathComponent(String(first.dropFirst(prefix.count))).standardized.path
            #expect(target == repositoryRoot + "/schema/rubric.schema.json", "\(file) → \(target)")
        }
    }

    /// Lint rejects each of these, and so does an editor: the grader's options are in the schema,
    /// made from their declared types.
    @Test func theSchemaRejectsWhatLintRejects() throws {
        let tree = try TemporaryTree([
            "no-pass.yaml": "rubric: x\ncriteria: [{ id: a, grader: manual }]\n",
            "part-with-pass.yaml": "pass: 50\ninputs: { a: x.md }\n",
            "typo.yaml": "rubric: x\npass: 50\ncriteria: [{ id: a, grader: manual }]\ncritera: []\n",
            "format-typo.yaml":
                "rubric: x\npass: 50\ninputs: { d: { paths: [a.md], format: markdwn } }\ncriteria: [{ id: a, grader: manual }]\n",
            "option-typo.yaml":
                "rubric: x\npass: 50\ninputs: { d: a.md }\ncriteria: [{ id: a, grader: markdown.items, input: d, with: { section: A, cuont: 3 } }]\n",
            "option-type.yaml":
                "rubric: x\npass: 50\ninputs: { d: a.md }\ncriteria: [{ id: a, grader: markdown.items, input: d, with: { section: A, count: many } }]\n",
            "option-choice.yaml":
                "rubric: x\npass: 50\ninputs: { d: a.md }\ncriteria: [{ id: a, grader: markdown.items, input: d, with: { section: A, count: 3, kind: bullets } }]\n",
        ])
        for name in [
            "no-pass.yaml", "part-with-pass.yaml", "typo.yaml", "format-typo.yaml", "option-typo.yaml",
            "option-type.yaml",
            "option-choice.yaml",
        ] {
            let result = try JSONSchemaValidation.validate(
                schema: repositoryRoot + "/schema/rubric.schema.json", files: [tree.subpath(name)])
            #expect(result.status == 1, "\(name): \(result.output)")
        }
    }

    @Test func everyShippedSamplesReportValidatesAgainstTheReportSchema() throws {
        let tree = try TemporaryTree()
        var files: [String] = []
        for sample in ShippedSamples.all {
            let reviews = repositoryRoot + "/" + sample + ".reviews.yaml"
            for reviewed in FileManager.default.fileExists(atPath: reviews) ? [false, true] : [false] {
                let file =
                    tree.path + "/" + sample.replacingOccurrences(of: "/", with: "_") + (reviewed ? ".reviewed" : "")
                    + ".json"
                let run = try CLIRun(
                    ["grade", sample, "--output", "json=\(file)"] + (reviewed ? ["--reviews", reviews] : []))
                #expect(run.status == 0 || run.status == 1, "\(sample): \(run.stderr)")
                files.append(file)
            }
        }
        #expect(files.count >= 32)
        let result = try JSONSchemaValidation.validate(
            schema: repositoryRoot + "/schema/report.schema.json", files: files)
        #expect(result.passed, "\(result.output)")
    }
}

extension SchemaFilesTests {
    @Test func theSchemaAcceptsEveryGradersExampleOptions() throws {
        // Every documented example's `with:` block, as a criterion of its grader.
        let tree = try TemporaryTree()
        var files: [String] = []
        for grader in GraderRegistry.builtIn.graders {
            for (index, example) in grader.description.examples.enumerated() where !example.with.isEmpty {
                let input = grader.description.needsInput ? ", input: d" : ""
                let name = "\(grader.kind)-\(index).yaml"
                let with =
                    example.with.contains("\n") || !example.with.hasPrefix("{")
                    ? "\n" + example.with.split(separator: "\n").map { "      \($0)" }.joined(separator: "\n")
                    : " " + example.with
                _ = try tree.write(
                    name,
                    "rubric: x\npass: 50\ninputs: { d: a.md }\ncriteria:\n  - id: a\n    grader: \(grader.kind)\(input.isEmpty ? "" : "\n    input: d")\n    with:\(with)\n"
                )
                files.append(tree.subpath(name))
            }
        }
        #expect(files.count > 60)
        let result = try JSONSchemaValidation.validate(
            schema: repositoryRoot + "/schema/rubric.schema.json", files: files)
        #expect(result.passed, "\(result.output)")
    }
}
