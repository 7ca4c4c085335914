import AssessCore
import AssessGraders
import AssessTestSupport
import Crypto
import Foundation
import Testing

@testable import AssessPlugins

@Suite struct ExecPluginTests {
    static let fixtures = repositoryRoot + "/Tests/AssessPluginsTests/Fixtures"
    static let owners = repositoryRoot + "/Plugins/service-owners/owners.py"

    /// A rubric (in a temporary folder) with one plugin criterion and one built-in criterion.
    func grade(
        plugin: String, timeout: String = "5s", with options: String = "{}",
        files: [String: String] = ["design.md": "# Design\n"], submission given: TemporaryTree? = nil
    )
        async throws -> Report
    {
        let rubrics = try TemporaryTree()
        try rubrics.write(
            "r.yaml",
            """
            rubric: plugin-test
            pass: 50
            inputs: { design: design.md }
            plugins:
              probe: { exec: ["python3", "\(plugin)"], timeout: \(timeout) }
            criteria:
              - { id: probe, grader: "plugin:probe", input: design, with: \(options), hint: h }
              - { id: present, grader: file.exists, input: design, hint: h }
            """)
        let rubric = try RubricLoader(registry: .builtIn, plugins: PluginRunner()).load(file: rubrics.subpath("r.yaml"))
        let submission = try given ?? TemporaryTree(files)
        return await Engine().grade(try Submission(path: submission.path), against: rubric)
    }

    @Test func aPluginThatHangsIsKilledAtItsLimitWithItsChildren() async throws {
        let submission = try TemporaryTree(["design.md": "# Design\n"])
        let report = try await grade(plugin: Self.fixtures + "/hang.py", timeout: "1s", submission: submission)
        // The plugin's HOME is this submission's root: it tells this run's sleeper from another
        // test run's on the same machine.
        let home = "HOME=" + (try Submission(path: submission.path)).canonicalRoot + "\u{0}"
        #expect(report.criteria[0].status == .error)
        #expect(
            report.criteria[0].summary
                == "grader error: plugin 'probe' did not answer within 1s; its process group was killed")
        #expect(report.criteria[1].status == .passed)
        // SIGKILL is delivered asynchronously: give the group a moment to go.
        var sleepers: [String] = []
        for _ in 0..<40 {
            sleepers =
                (try? FileManager.default.contentsOfDirectory(atPath: "/proc"))?.filter { pid in
                    (try? String(contentsOfFile: "/proc/\(pid)/cmdline", encoding: .utf8))?.hasPrefix("sleep\u{0}300")
                        == true
                        && (try? String(contentsOfFile: "/proc/\(pid)/environ", encoding: .utf8))?.contains(home)
                            == true
                } ?? []
            if sleepers.isEmpty { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(sleepers.isEmpty, "the plugin's child outlived it: \(sleepers)")
    }

    @Test func garbageAnExitStatusAndAFloodAreGraderErrors() async throws {
        let garbage = try await grade(plugin: Self.fixtures + "/garbage.py")
        #expect(garbage.criteria[0].status == .error)
        #expect(
            garbage.criteria[0].summary.hasPrefix(
                "grader error: plugin 'probe' did not answer with assess.plugin/v1 JSON (it wrote 50 bytes starting 'Traceback"
            ))
        let failed = try await grade(plugin: Self.fixtures + "/exit1.py")
        #expect(failed.criteria[0].summary == "grader error: plugin 'probe' exited with status 1")
        #expect(failed.criteria[0].findings.map(\.message) == ["plugin stderr: KeyError: 'inputs'"])
        let flood = try await grade(plugin: Self.fixtures + "/flood.py")
        #expect(
            flood.criteria[0].summary
                == "grader error: plugin 'probe' wrote more than 4194304 bytes to stdout; it was stopped")
        for report in [garbage, failed, flood] { #expect(report.criteria[1].status == .passed) }
    }

    static let catalog = """
        # Services

        | Service | Owner | API |
        | --- | --- | --- |
        | orders | team-checkout | /v1/orders |
        | payments | team-money | /v1/payments |
        | search | | /v1/search |
        | reviews | team-community | /v1/reviews |
        """

    /// The must-show: the Python plugin and the equivalent built-in check agree.
    @Test func thePythonPluginScoresLikeTheEquivalentBuiltInCheck() async throws {
        let report = try await grade(plugin: Self.owners, files: ["design.md": Self.catalog])
        let plugin = report.criteria[0]
        #expect(plugin.status == .partial)
        #expect(plugin.findings.map(\.description) == ["design.md:7:1: error: service 'search' has no owner"])
        let builtIn = try await gradeSingle(
            grader: "markdown.table",
            with: "{ columns: [Service, Owner], min_rows: 0, checks: { Owner: { non_empty: true } } }",
            paths: ["design.md"], files: ["design.md": Self.catalog])
        #expect(plugin.score == builtIn.score)
        #expect(plugin.score == 0.875)
    }

    @Test func lintAsksThePluginToDescribeItsOptions() throws {
        let rubrics = try TemporaryTree()
        try rubrics.write(
            "r.yaml",
            """
            rubric: described
            pass: 50
            inputs: { design: design.md }
            plugins: { owners: { exec: ["python3", "\(Self.owners)"] } }
            criteria:
              - { id: owners, grader: "plugin:owners", input: design, with: { owner_colum: Team }, hint: h }
            """)
        var loader = RubricLoader(registry: .builtIn, plugins: PluginRunner())
        loader.describePlugins = true
        let error = try #require(throws: RubricError.self) { try loader.load(file: rubrics.subpath("r.yaml")) }
        #expect(error.diagnostics.map(\.message) == ["plugin 'owners': unknown option 'owner_colum'"])
        #expect(error.diagnostics.first?.location?.line == 6)
        loader.describePlugins = false
        #expect((try? loader.load(file: rubrics.subpath("r.yaml"))) != nil)
    }

    @Test func theReportRecordsThePluginProgramsDigest() async throws {
        let report = try await grade(plugin: Self.owners, files: ["design.md": Self.catalog])
        let digest = try #require(report.rubric.plugins?.first)
        #expect(digest.name == "probe" && digest.kind == "exec")
        let program = try Data(contentsOf: URL(fileURLWithPath: Self.owners))
        let expected = SHA256.hash(data: program).map { String(format: "%02x", $0) }.joined()
        #expect(digest.sha256 == expected)
    }
}

@Suite struct WasmPluginTests {
    func grade(module: String, timeout: String = "5s", with options: String = "{}", files: [String: String])
        async throws -> Report
    {
        let rubrics = try TemporaryTree()
        try rubrics.write(
            "r.yaml",
            """
            rubric: wasm-test
            pass: 50
            inputs: { design: { paths: ['*.md'], many: true } }
            plugins:
              probe: { wasm: "\(repositoryRoot)/Plugins/\(module)", timeout: \(timeout) }
            criteria:
              - { id: probe, grader: "plugin:probe", input: design, with: \(options), hint: h }
              - { id: present, grader: file.exists, input: design, hint: h }
            """)
        let rubric = try RubricLoader(registry: .builtIn, plugins: PluginRunner()).load(file: rubrics.subpath("r.yaml"))
        let submission = try TemporaryTree(files)
        return await Engine().grade(try Submission(path: submission.path), against: rubric)
    }

    @Test func theMinimalWATPluginAnswers() async throws {
        let report = try await grade(module: "wat/minimal.wat", files: ["a.md": "x"])
        #expect(report.criteria[0].status == .passed)
        #expect(report.criteria[0].summary == "the minimal WAT plugin says yes")
    }

    @Test func theCPluginReadsTheSubmissionAndIsDeterministic() async throws {
        let text = "# Design\n\nOrders flow from checkout to the warehouse through events.\n"
        let first = try await grade(
            module: "wasm-word-count/wordcount.wasm", with: "{ min_words: 20 }", files: ["design.md": text])
        let words = Double(text.split(whereSeparator: \.isWhitespace).count)
        #expect(first.criteria[0].measurements.first?.value == words)
        #expect(first.criteria[0].score == 0.55)
        let second = try await grade(
            module: "wasm-word-count/wordcount.wasm", with: "{ min_words: 20 }", files: ["design.md": text])
        #expect(first.criteria == second.criteria)
    }

    @Test func anEndlessLoopIsStoppedByItsBudget() async throws {
        let report = try await grade(module: "wat/endless.wat", timeout: "1s", files: ["a.md": "x"])
        #expect(report.criteria[0].status == .error)
        // Whichever stops it first, the wall clock or the fuel budget, the reason is given.
        #expect(
            [
                "grader error: plugin 'probe' did not answer within 1s; it was stopped",
                "grader error: plugin 'probe' ran out of its budget of 50000000 operations (an endless loop?); it was stopped",
            ].contains(report.criteria[0].summary))
        #expect(report.criteria[1].status == .passed)
        // Without a wall clock, the fuel budget alone stops it, deterministically.
        let options = WasmPluginGrader.Options(
            name: "loop", module: repositoryRoot + "/Plugins/wat/endless.wat", options: .object([:]),
            timeout: nil, fuel: 5_000_000)
        let tree = try TemporaryTree(["a.md": "x"])
        let outcome = WasmPluginGrader.run(
            options, input: Data("{}".utf8), submission: try Submission(path: tree.path), files: [])
        #expect(
            outcome.summary
                == "grader error: plugin 'loop' ran out of its budget of 5000000 operations (an endless loop?); it was stopped"
        )
    }

    /// The stdout cap holds while the module runs: a module writing for ever is cut at the
    /// cap (its later writes fail) and reported, however long its fuel would have lasted.
    @Test func aFloodOfOutputIsCutDuringTheRun() throws {
        let options = WasmPluginGrader.Options(
            name: "flood", module: repositoryRoot + "/Plugins/wat/flood.wat", options: .object([:]),
            timeout: nil, fuel: 2_000_000, maxOutputBytes: 1 << 20)
        let tree = try TemporaryTree(["a.md": "x"])
        let outcome = WasmPluginGrader.run(
            options, input: Data("{}".utf8), submission: try Submission(path: tree.path), files: [])
        #expect(outcome.status == .error)
        #expect(
            outcome.summary == "grader error: plugin 'flood' wrote more than 1048576 bytes to stdout; it was stopped")
    }

    /// A trap is reported by one short line, the same on every run.
    @Test func aTrapIsReportedShortAndTheSameEveryRun() throws {
        let options = WasmPluginGrader.Options(
            name: "trap", module: repositoryRoot + "/Plugins/wat/trap.wat", options: .object([:]), timeout: nil)
        let tree = try TemporaryTree(["a.md": "x"])
        let submission = try Submission(path: tree.path)
        let first = WasmPluginGrader.run(options, input: Data("{}".utf8), submission: submission, files: [])
        let second = WasmPluginGrader.run(options, input: Data("{}".utf8), submission: submission, files: [])
        #expect(first.status == .error)
        #expect(first.summary.hasPrefix("grader error: plugin 'trap' trapped: "), "\(first.summary)")
        #expect(first.summary.count < 400)
        #expect(first.summary == second.summary)
    }

    @Test func aPathOutsideTheMountIsAWASIErrorNotTheFile() async throws {
        let report = try await grade(module: "wat/escape.wat", files: ["a.md": "x"])
        #expect(report.criteria[0].status == .passed)
        #expect(report.criteria[0].summary == "WASI refused the path outside")
    }
}
