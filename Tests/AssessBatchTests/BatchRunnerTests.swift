import AssessBatch
import AssessCore
import AssessGraders
import AssessTestSupport
import Foundation
import Testing

@Suite struct BatchRunnerTests {
    let rubric = try! RubricLoader(registry: .builtIn).load(
        file: repositoryRoot + "/Rubrics/phase1-service-design.yaml")

    @Test func aHostileCohortGetsClearErrorRowsAndTheRestIsGraded() async throws {
        let cohort = try TemporaryTree()
        try CohortGenerator().write(count: 3, into: cohort.path)
        try ArchiveMaker.write(
            [.text("design.md", "# x"), .text("../../escape.txt", "gotcha")], format: .zip,
            to: cohort.subpath("mallory.zip"))
        try ArchiveMaker.write(
            [.file("zeros.bin", Data(count: 48 << 20))], format: .zip, to: cohort.subpath("bomber.zip"))
        try ArchiveMaker.writeClaimingTar(name: "huge.bin", claimed: 10 << 30, to: cohort.subpath("claimer.tar"))
        let outside = try TemporaryTree(["secret.md": "# Secret\n## Bounded Contexts\n- **Stolen**\n"])
        try CohortGenerator(seed: 7).write(count: 1, into: cohort.subpath("tmp"))
        try FileManager.default.moveItem(atPath: cohort.subpath("tmp/learner-0001"), toPath: cohort.subpath("linker"))
        try FileManager.default.removeItem(atPath: cohort.subpath("tmp"))
        try FileManager.default.removeItem(atPath: cohort.subpath("linker/design.md"))
        try cohort.symlink("linker/design.md", to: outside.subpath("secret.md"))
        var bomb = "x0: &a0 [x, x, x, x, x, x, x, x, x]\n"
        for level in 1...9 {
            bomb += "x\(level): &a\(level) [\(Array(repeating: "*a\(level - 1)", count: 9).joined(separator: ", "))]\n"
        }
        try CohortGenerator(seed: 9).write(count: 1, into: cohort.subpath("tmp"))
        try FileManager.default.moveItem(atPath: cohort.subpath("tmp/learner-0001"), toPath: cohort.subpath("yamlbomb"))
        try FileManager.default.removeItem(atPath: cohort.subpath("tmp"))
        try cohort.write("yamlbomb/assess.yaml", bomb)

        let out = try TemporaryTree()
        let outcome = try await BatchRunner(rubric: rubric, cohort: cohort.path, out: out.path, jobs: 2).run()
        let rows = Dictionary(uniqueKeysWithValues: outcome.gradebook.rows.map { ($0.id, $0) })
        #expect(
            rows.keys.sorted() == [
                "bomber", "claimer", "learner-0001", "learner-0002", "learner-0003", "linker", "mallory", "yamlbomb",
            ])
        #expect(outcome.exitCode == 3)
        #expect(
            rows["mallory"]?.errors == [
                "archive 'mallory.zip' entry '../../escape.txt' climbs out with '..' (zip slip); refused"
            ])
        #expect(
            rows["bomber"]?.errors == [
                "archive 'bomber.zip' expands more than 200 times its size (a compression bomb?); refused"
            ])
        #expect(
            rows["claimer"]?.errors == [
                "archive 'claimer.tar' entry 'huge.bin' claims 10737418240 bytes, over the 268435456-byte limit; refused"
            ])
        #expect(rows["linker"]?.status == .error)
        #expect(rows["linker"]?.errors == ["'design.md' leads outside the submission; refused and not read"])
        #expect(rows["yamlbomb"]?.status == .error)
        #expect(rows["yamlbomb"]?.errors.first?.contains("alias expansion limit") == true)
        for id in ["learner-0001", "learner-0002", "learner-0003"] {
            #expect(rows[id]?.status == .graded, "\(id): \(rows[id]?.errors ?? [])")
            #expect(rows[id]?.score != nil)
            #expect(FileManager.default.fileExists(atPath: out.subpath("reports/\(id).json")))
        }
        #expect(!FileManager.default.fileExists(atPath: cohort.path + "/../escape.txt"))
        let csv = try String(contentsOfFile: out.subpath("gradebook.csv"), encoding: .utf8)
        #expect(csv.hasPrefix("id,learner,status,score,verdict,band,design-sections,bounded-contexts,"))
        #expect(csv.contains("\r\nmallory,,error,,,,"))
    }

    @Test func aSecondRunReusesEveryRowAndRegradesWhatChanged() async throws {
        let cohort = try TemporaryTree()
        try CohortGenerator().write(count: 6, into: cohort.path)
        let out = try TemporaryTree()
        let runner = BatchRunner(rubric: rubric, cohort: cohort.path, out: out.path, jobs: 2)
        let first = try await runner.run()
        #expect(first.reused == 0)
        try cohort.write("learner-0003/design.md", "# Rewritten\n")
        let second = try await runner.run()
        #expect(second.reused == 5)
        #expect(
            second.gradebook.rows.first { $0.id == "learner-0003" }?.score
                != first.gradebook.rows.first { $0.id == "learner-0003" }?.score)
    }

    /// The issue's must-show: four shards and a merge give the single run's gradebook, byte for byte.
    @Test func fourShardsMergedEqualOneRun() async throws {
        let cohort = try TemporaryTree()
        try CohortGenerator().write(count: 24, into: cohort.path)
        let single = try TemporaryTree()
        _ = try await BatchRunner(rubric: rubric, cohort: cohort.path, out: single.path, jobs: 2).run()
        var shards: [TemporaryTree] = []
        var graded = 0
        for k in 1...4 {
            let out = try TemporaryTree()
            shards.append(out)
            let shard = try #require(Shard(index: k, total: 4))
            graded += try await BatchRunner(rubric: rubric, cohort: cohort.path, out: out.path, jobs: 2, shard: shard)
                .run().gradebook.rows.count
        }
        let outs = shards.map(\.path)
        #expect(graded == 24)
        let merged = try GradebookMerge.merge(outs)
        #expect(merged.missing.isEmpty)
        let target = try TemporaryTree()
        try BatchRunner.writeCohortFiles(merged.gradebook, to: target.path)
        for file in ["gradebook.csv", "gradebook.json", "summary.json", "summary.md", "summary.html"] {
            #expect(
                FileManager.default.contents(atPath: target.subpath(file))
                    == FileManager.default.contents(atPath: single.subpath(file)), "\(file)")
        }
        #expect(throws: MergeError.self) { try GradebookMerge.merge([outs[0], outs[0]]) }
        let withoutFourth = try GradebookMerge.merge(Array(outs.prefix(3)))
        #expect(withoutFourth.missing == merged.gradebook.cohort.filter { Shard(index: 4, total: 4)!.contains($0) })
    }

    @Test func shardsAreStableWhenTheCohortGrows() {
        let shard = Shard(index: 2, total: 4)!
        let before = (1...100).map { "learner-\($0)" }.filter(shard.contains)
        let after = (1...200).map { "learner-\($0)" }.filter(shard.contains)
        #expect(Set(before).isSubset(of: Set(after)))
        #expect(Shard("0/4") == nil && Shard("5/4") == nil && Shard("2/4") == shard)
        #expect(Shard.fromEnvironment(["JOB_COMPLETION_INDEX": "1"], total: 4) == shard)
        #expect(Shard.fromEnvironment(["CI_NODE_INDEX": "2", "CI_NODE_TOTAL": "4"], total: nil) == shard)
    }

    @Test func summaryPutsTheHardestCriteriaFirst() async throws {
        let cohort = try TemporaryTree()
        try CohortGenerator().write(count: 10, into: cohort.path)
        let out = try TemporaryTree()
        let summary = try await BatchRunner(rubric: rubric, cohort: cohort.path, out: out.path).run().summary
        #expect(summary.submissions == 10)
        #expect(summary.histogram.reduce(0, +) == 10)
        #expect(summary.criteria.map(\.meanScore) == summary.criteria.map(\.meanScore).sorted())
        let html = try String(contentsOfFile: out.subpath("summary.html"), encoding: .utf8)
        #expect(html.contains("<svg") && !html.contains("<script"))
    }
}
