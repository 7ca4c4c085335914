import AssessFormats
import AssessTestSupport
import AssessYAML
import Foundation
import Testing

/// Differential conformance with `promtool check rules` (Debian's `prometheus` package): the
/// corpus in Tests/Conformance/promtool holds the shipped rule files and the Prometheus docs'
/// examples, each with at most one change, and promtool's verdict and message on each as
/// recorded by scripts/promtool-corpus.py. Assess reads each case as `slo.alerts` reads a
/// hand-in (`OperationsEvidence`, whose rule files are checked by `PrometheusRuleValidator`)
/// and must reach the same verdict; a second test re-runs promtool, when installed, so a
/// recorded verdict cannot go stale.
@Suite struct PromtoolConformanceTests {
    struct Recorded: Decodable {
        var tool: String
        var command: String
        var cases: [Case]
    }

    struct Case: Decodable, CustomTestStringConvertible {
        var `case`: String
        var base: String
        /// Where Assess must place an error (the line the mutation changed); nil for unchanged files.
        var line: Int?
        var verdict: String
        var message: String

        var testDescription: String { self.case }
    }

    static let folder = repositoryRoot + "/Tests/Conformance/promtool"

    static let recorded: Recorded = {
        let data = FileManager.default.contents(atPath: folder + "/verdicts.json") ?? Data()
        return (try? JSONDecoder().decode(Recorded.self, from: data)) ?? Recorded(tool: "", command: "", cases: [])
    }()

    static func assessErrors(_ name: String) throws -> [Diagnostic] {
        let text = try String(contentsOfFile: folder + "/" + name, encoding: .utf8)
        let evidence = OperationsEvidence(files: [(path: name, text: text)])
        return evidence.problems.filter { $0.severity == .error }
    }

    @Test func theCorpusHasFortyCasesFromTheShippedFilesAndTheDocs() {
        let cases = Self.recorded.cases
        #expect(cases.count >= 40)
        #expect(cases.filter { $0.verdict == "invalid" }.count >= 20)
        #expect(cases.filter { $0.verdict == "valid" }.count >= 10)
        #expect(Set(cases.map(\.base)).isSuperset(of: ["phase4", "fintech", "docs-recording", "docs-alerting"]))
        #expect(Self.recorded.tool.hasPrefix("promtool"))
    }

    /// Always runs: Assess's verdict on every case is promtool's recorded verdict, and where
    /// promtool rejects a mutation, Assess has an error on the line the mutation changed.
    @Test(arguments: recorded.cases)
    func assessAgreesWithTheRecordedVerdict(_ recorded: Case) throws {
        let errors = try Self.assessErrors(recorded.case)
        let verdict = errors.isEmpty ? "valid" : "invalid"
        #expect(
            verdict == recorded.verdict,
            "promtool: \(recorded.verdict) \(recorded.message)\nassess: \(verdict) \(errors.map(\.description))")
        if recorded.verdict == "invalid", let line = recorded.line {
            #expect(
                errors.contains { $0.location?.line == line && $0.location?.column ?? 0 > 0 },
                "expected an error on line \(line), got \(errors.map(\.description))")
        }
    }

    /// Re-runs promtool on every case; fails when its verdict or message moved from the one
    /// recorded (re-record with `python3 scripts/promtool-corpus.py`).
    @Test func recordedVerdictsAreWhatPromtoolSaysNow() throws {
        guard
            let promtool = ["/usr/bin/promtool", "/usr/local/bin/promtool"].first(where: {
                FileManager.default.isExecutableFile(atPath: $0)
            })
        else {
            try Test.cancel(
                "promtool is not installed (apt-get install prometheus, or `make conformance`): recorded verdicts not re-checked"
            )
        }
        for recorded in Self.recorded.cases {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: promtool)
            process.arguments = ["check", "rules", recorded.case]
            process.currentDirectoryURL = URL(fileURLWithPath: Self.folder)
            let errorPipe = Pipe()
            process.standardOutput = FileHandle.nullDevice
            process.standardError = errorPipe
            try process.run()
            let data = errorPipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            let verdict = process.terminationStatus == 0 ? "valid" : "invalid"
            let message = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(verdict == recorded.verdict, "\(recorded.case): promtool now says \(verdict): \(message)")
            #expect(message == recorded.message, "\(recorded.case): promtool's message changed")
        }
    }
}
