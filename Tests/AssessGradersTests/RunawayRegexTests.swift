import AssessCore
import AssessGraders
import AssessTestSupport
import Foundation
import Testing

/// A criterion's time limit stops a runaway regular expression, not just its answer: ICU
/// cannot be interrupted from outside, so before, a pattern gone quadratic kept its thread
/// after the limit, and once as many were stuck as there are cores, nothing else ran.
/// `^\s*[-*] \*\*…` over blank lines and no bullet is that pattern: quadratic, 56 s over
/// 80,000 lines, so about eight minutes over the 240,000 used here.
@Suite struct RunawayRegexTests {
    @Test func runawayPatternsGiveTheirThreadsBackAtTheLimit() async throws {
        let rubrics = try TemporaryTree()
        let runaway = (1...4).map { index in
            """
              - id: slow\(index)
                weight: 1
                grader: text.matches
                input: design
                timeout: 1s
                with: { pattern: '^\\s*[-*] \\*\\*[^*]+\\*\\*', min: 8 }
            """
        }
        try rubrics.write(
            "r.yaml",
            """
            rubric: runaway
            pass: 50
            inputs: { design: { paths: [design.md] } }
            criteria:
            \(runaway.joined(separator: "\n"))
              - { id: present, grader: file.exists, input: design, weight: 1 }
            """)
        let rubric = try RubricLoader(registry: .builtIn).load(file: rubrics.subpath("r.yaml"))
        let submission = try TemporaryTree(["design.md": "# Design\n" + String(repeating: "\n", count: 240_000) + "x\n"])
        let clock = ContinuousClock()
        var report: Report?
        let elapsed = try await clock.measure {
            report = await Engine(concurrency: 5).grade(try Submission(path: submission.path), against: rubric)
        }
        #expect(report?.criteria.prefix(4).allSatisfy { $0.status == .error } == true)
        #expect(report?.criteria.last?.status == .passed)
        // Four criteria stuck for eight minutes of CPU each would hold both cores for sixteen
        // minutes; stopped at their 1 s limits they free them. The bound is loose, because the
        // whole suite (and on a shared machine, other builds) runs beside this test: a busy
        // machine took 87 s; still an order of magnitude below what unstopped searches take.
        #expect(elapsed < .seconds(180), "took \(elapsed)")
        // And the threads are free afterwards: a fresh piece of async work runs at once.
        let probe = try await clock.measure { try await Task.sleep(for: .milliseconds(10)) }
        #expect(probe < .seconds(10))
    }
}
