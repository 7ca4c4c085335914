import AssessTestSupport
import Foundation
import Testing

@testable import AssessCore
@testable import AssessGraders

/// The trace graders of one grading run share one read of their files.
@Suite struct TraceEvidenceCacheTests {
    func job(_ submission: Submission, _ cache: GradingRunCache) -> GradingJob {
        GradingJob(
            criterion: CriterionInfo(id: "c", title: "c", weight: 1),
            files: submission.files.map { SubmissionFile(path: $0, size: 0) }, format: "auto",
            submission: submission, review: nil, timeout: .seconds(10), cache: cache)
    }

    @Test func criteriaOverTheSameFilesShareOneForestUntilAFileChanges() async throws {
        let tree = try TemporaryTree(["traces.jsonl": TraceExamples.whole])
        let submission = try Submission(path: tree.path)
        let cache = GradingRunCache()
        let first = try await job(submission, cache).traceEvidence()
        let second = try await job(submission, cache).traceEvidence()
        #expect(cache.computedCount == 1)
        #expect(first.spans.count == 3 && second.spans == first.spans)

        // The export grows by a line: the next criterion reads it again and sees the new spans.
        _ = try tree.write("traces.jsonl", TraceExamples.whole + TraceExamples.recordedError)
        let third = try await job(submission, cache).traceEvidence()
        #expect(cache.computedCount == 2)
        #expect(third.spans.count == 6)
    }

    @Test func threeTraceCriteriaInOneRunGradeAsTheyDoAlone() async throws {
        let tree = try TemporaryTree(["traces.jsonl": TraceExamples.broken])
        let criteria = [
            "  - { id: propagation, grader: trace.propagation, input: traces }",
            "  - { id: errors, grader: trace.errors, input: traces }",
            "  - { id: coverage, grader: trace.coverage, input: traces, with: { services: [gateway, orders] } }",
        ]
        func grade(_ lines: [String]) async throws -> Report {
            let rubric = try RubricLoader(registry: .builtIn).load(
                text: "rubric: t\npass: 50\ninputs:\n  traces: { paths: [\"*.jsonl\"], max_size: 2GB }\ncriteria:\n"
                    + lines.joined(separator: "\n") + "\n",
                file: "t.yaml")
            return await Engine(concurrency: 3).grade(try Submission(path: tree.path), against: rubric)
        }
        let together = try await grade(criteria)
        #expect(together.criteria.map(\.status) == [.failed, .passed, .passed])
        #expect(together.criteria[0].summary.contains("the context is lost at gateway → orders"))
        #expect(together.submission.files.map(\.path) == ["traces.jsonl"])
        for (index, line) in criteria.enumerated() {
            let alone = try await grade([line]).criteria[0]
            #expect(alone.summary == together.criteria[index].summary && alone.score == together.criteria[index].score)
        }
    }
}
