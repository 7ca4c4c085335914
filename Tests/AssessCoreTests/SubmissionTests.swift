import AssessCore
import AssessGraders
import AssessTestSupport
import Foundation
import Testing

@Suite struct SubmissionTests {
    func spec(_ paths: [String], many: Bool = false) -> InputSpec {
        InputSpec(name: "in", paths: paths, many: many, location: SourceLocation(file: "r.yaml", line: 1, column: 1))
    }

    @Test func resolvesInPatternOrderAndTakesTheFirstUnlessMany() throws {
        let tree = try TemporaryTree([
            "docs/architecture.md": "a", "design.md": "b", "api/b.yaml": "x", "api/a.yaml": "y",
        ])
        let submission = try Submission(path: tree.path)
        #expect(
            submission.resolve(spec(["nothing.md", "docs/*.md", "design.md"])).files.map(\.path) == [
                "docs/architecture.md"
            ])
        #expect(submission.resolve(spec(["api/*.yaml"], many: true)).files.map(\.path) == ["api/a.yaml", "api/b.yaml"])
        let missing = submission.resolve(spec(["x.md"]))
        #expect(missing.files.isEmpty)
        #expect(missing.tried == ["x.md"])
    }

    @Test func aSymlinkOutOfTheRootIsRefusedAndNeverRead() throws {
        let outside = try TemporaryTree(["secret.txt": "password"])
        let tree = try TemporaryTree(["notes/ok.md": "fine"])
        try tree.symlink("notes/leak.md", to: outside.subpath("secret.txt"))
        let submission = try Submission(path: tree.path)
        let resolved = submission.resolve(spec(["notes/*.md"], many: true))
        #expect(resolved.files.map(\.path) == ["notes/ok.md"])
        #expect(resolved.refusals.count == 1)
        #expect(resolved.refusals[0].message == "'notes/leak.md' leads outside the submission; refused and not read")
        #expect(resolved.refusals[0].location?.file == "notes/leak.md")
        #expect(throws: SubmissionError.self) { try submission.read(SubmissionFile(path: "notes/leak.md", size: 0)) }
    }

    @Test func aSymlinkInsideTheRootIsFollowed() throws {
        let tree = try TemporaryTree(["real.md": "content"])
        try tree.symlink("alias.md", to: "real.md")
        let submission = try Submission(path: tree.path)
        let file = try #require(submission.resolve(spec(["alias.md"])).files.first)
        #expect(try submission.text(file) == "content")
    }

    @Test func anInputsMaxSizeRaisesTheCapAndItsFileIsReadInBlocks() throws {
        let tree = try TemporaryTree(["big.log": String(repeating: "x\n", count: 1024)])
        let submission = try Submission(path: tree.path, limits: SubmissionLimits(maxFileBytes: 1024))
        var input = spec(["*.log"], many: true)
        input.maxBytes = 4096
        let file = try #require(submission.resolve(input).files.first)
        let blocks = try submission.open(file)
        let bytes = blocks.readAll()
        #expect(bytes.count == 2048)
    }

    @Test func maxSizeIsReadFromTheRubric() throws {
        let rubric = try RubricLoader(registry: .builtIn).load(
            text:
                "rubric: r\npass: 50\ninputs:\n  logs: { paths: ['*.log'], max_size: 2GB }\ncriteria:\n  - { id: c, grader: file.exists, input: logs }\n",
            file: "r.yaml")
        #expect(rubric.inputs.first?.maxBytes == 2 << 30)
        #expect(throws: RubricError.self) {
            try RubricLoader(registry: .builtIn).load(
                text:
                    "rubric: r\npass: 50\ninputs:\n  logs: { paths: ['*.log'], max_size: huge }\ncriteria:\n  - { id: c, grader: file.exists, input: logs }\n",
                file: "r.yaml")
        }
    }

    @Test func aFileOverTheSizeCapIsAFindingNotACrash() throws {
        let tree = try TemporaryTree(["big.log": String(repeating: "x", count: 2048), "small.log": "x"])
        let submission = try Submission(path: tree.path, limits: SubmissionLimits(maxFileBytes: 1024))
        let resolved = submission.resolve(spec(["*.log"], many: true))
        #expect(resolved.files.map(\.path) == ["small.log"])
        #expect(
            resolved.refusals.map(\.message) == [
                "'big.log' is 2048 bytes, over the 1024-byte limit per file; not read (an input may raise it with 'max_size')"
            ]
        )
    }

    @Test func readsTheManifest() throws {
        let tree = try TemporaryTree(["assess.yaml": "rubric: phase1\nlearner: alice\n"])
        let submission = try Submission(path: tree.path)
        #expect(submission.manifest == SubmissionManifest(rubric: "phase1", learner: "alice"))
    }

    @Test func aBrokenManifestIsReportedWhenTheRubricComesFromIt() throws {
        let tree = try TemporaryTree(["assess.yaml": "rubric: phase1\nlerner: alice\n"])
        let submission = try Submission(path: tree.path)
        #expect(submission.manifest == nil)
        let catalog = RubricCatalog(
            directory: repositoryRoot + "/Rubrics", loader: RubricLoader(registry: GraderRegistry([])))
        let error = try #require(throws: RubricError.self) { try catalog.rubric(for: nil, submission: submission) }
        #expect(error.diagnostics.map(\.message) == ["unknown key 'lerner' in assess.yaml; did you mean 'learner'?"])
        #expect(error.diagnostics[0].location?.file.hasSuffix("/assess.yaml") == true)
    }

    @Test func aRubricIdIsFoundInASubfolderOfTheRubricsDirectory() throws {
        let rubrics = try TemporaryTree([
            "top.yaml": "rubric: top\npass: 50\ncriteria:\n  - { id: c, grader: manual }\n",
            "labs/lab.yaml": "rubric: lab-one\npass: 90\ncriteria:\n  - { id: c, grader: manual }\n",
        ])
        let catalog = RubricCatalog(directory: rubrics.path, loader: RubricLoader(registry: .builtIn))
        #expect(
            catalog.rubricFiles().map { String($0.dropFirst(rubrics.path.count + 1)) } == ["top.yaml", "labs/lab.yaml"])
        #expect(try catalog.rubric(for: "lab-one", submission: nil).pass == 90)
    }

    @Test func aManifestThatLinksOutIsRefusedNotRead() throws {
        let outside = try TemporaryTree(["secret.yaml": "db_password: hunter2\n"])
        let tree = try TemporaryTree(["design.md": "x"])
        try tree.symlink("assess.yaml", to: outside.subpath("secret.yaml"))
        let submission = try Submission(path: tree.path)
        #expect(submission.manifest == nil)
        let message = try #require(submission.manifestError?.description)
        #expect(message.contains("assess.yaml leads outside the submission; refused and not read"))
        #expect(!message.contains("hunter2"))
    }

    @Test func aListingStoppedAtTheCapSaysSoInsteadOfClaimingTheInputIsMissing() throws {
        var files: [String: String] = ["src/app/main.ts": "x"]
        for index in 0..<30 { files["assets/f\(index).png"] = "x" }
        let tree = try TemporaryTree(files)
        let submission = try Submission(path: tree.path, limits: SubmissionLimits(maxFiles: 10))
        #expect(submission.truncated)
        let resolved = submission.resolve(spec(["src/**"]))
        #expect(
            resolved.refusals.map(\.message) == [
                "the submission holds more than 10 files; listing stopped there, so 'src/**' may lie beyond it"
            ])
    }

    /// A checked-in `.venv` or `node_modules` (25,000 files) used to fill the listing before
    /// `design.md` was reached, so every input was "missing". Tool folders are left out, and
    /// the tree is listed breadth first, so a file near the top is listed whatever lies deep.
    @Test func toolFoldersAreLeftOutAndShallowFilesComeFirst() throws {
        var files: [String: String] = ["design.md": "x", "docs/adr/0001.md": "x"]
        for index in 0..<30 {
            files[".venv/lib/site-packages/f\(index).py"] = "x"
            files["node_modules/pkg/f\(index).js"] = "x"
            files["venv/lib/f\(index).py"] = "x"
            files["deep/a/b/c/f\(index).txt"] = "x"
        }
        files["venv/pyvenv.cfg"] = "home = /usr/bin"
        files["env/notes.md"] = "x"
        let tree = try TemporaryTree(files)
        let submission = try Submission(path: tree.path, limits: SubmissionLimits(maxFiles: 10))
        #expect(submission.files.contains("design.md"))
        #expect(submission.files.contains("docs/adr/0001.md"))
        #expect(submission.files.contains("env/notes.md"))
        #expect(!submission.files.contains { $0.hasPrefix(".venv/") || $0.hasPrefix("node_modules/") })
        #expect(!submission.files.contains { $0.hasPrefix("venv/") })
        #expect(submission.truncated)
    }

    @Test func aMissingDirectoryIsAnError() {
        #expect(throws: SubmissionError.self) { try Submission(path: "/nonexistent/assess/submission") }
    }
}
