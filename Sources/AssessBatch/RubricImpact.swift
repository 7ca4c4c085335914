public import AssessCore
import Foundation

/// Whose verdict, band or score a rubric change would move, found by regrading a cohort
/// already graded (its `OUT/gradebook.json`) under the new rubric — before the change ships.
public struct RubricImpact: Sendable {
    public struct Change: Sendable, Hashable, Codable {
        public var id: String
        public var oldScore: Double?
        public var newScore: Double?
        public var oldVerdict: Verdict?
        public var newVerdict: Verdict?
        public var oldBand: String?
        public var newBand: String?

        public var verdictChanged: Bool { oldVerdict != newVerdict }
        public var delta: Double { (newScore ?? 0) - (oldScore ?? 0) }
    }

    public var changes: [Change]
    public var unchanged: Int

    /// Regrades every row's source (relative to `cohort`) with `new`; the old side is the row as graded.
    public static func measure(gradebook: Gradebook, cohort: String, new: Rubric, jobs: Int) async throws
        -> RubricImpact
    {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent(
            "assess-impact-\(UUID().uuidString)"
        ).path
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let runner = BatchRunner(rubric: new, cohort: cohort, out: scratch, jobs: jobs)
        let regraded = try await runner.run().gradebook
        let after = Dictionary(uniqueKeysWithValues: regraded.rows.map { ($0.id, $0) })
        var changes: [Change] = []
        var unchanged = 0
        for row in gradebook.rows {
            let next = after[row.id]
            let change = Change(
                id: row.id, oldScore: row.score, newScore: next?.score, oldVerdict: row.verdict,
                newVerdict: next?.verdict,
                oldBand: row.band, newBand: next?.band)
            if change.verdictChanged || change.oldBand != change.newBand || abs(change.delta) >= 0.005 {
                changes.append(change)
            } else {
                unchanged += 1
            }
        }
        return RubricImpact(
            changes: changes.sorted {
                ($0.verdictChanged ? 0 : 1, -abs($0.delta), $0.id) < ($1.verdictChanged ? 0 : 1, -abs($1.delta), $1.id)
            },
            unchanged: unchanged)
    }

    /// A table for the terminal or a pull request: verdict changes first, then the largest moves.
    public var markdown: String {
        var out =
            "\(changes.filter(\.verdictChanged).count) verdict change(s), \(changes.count) submission(s) moved, \(unchanged) unchanged\n\n"
        guard !changes.isEmpty else { return out }
        out += "| submission | score | verdict | band |\n| --- | --- | --- | --- |\n"
        for c in changes {
            let score =
                "\(c.oldScore.map { $0.compact(places: 2) } ?? "-") → \(c.newScore.map { $0.compact(places: 2) } ?? "-") (\(c.delta >= 0 ? "+" : "")\(c.delta.compact(places: 2)))"
            let verdict =
                c.verdictChanged
                ? "**\(c.oldVerdict?.rawValue ?? "-") → \(c.newVerdict?.rawValue ?? "-")**"
                : (c.newVerdict?.rawValue ?? "-")
            out += "| \(c.id) | \(score) | \(verdict) | \(c.oldBand ?? "-") → \(c.newBand ?? "-") |\n"
        }
        return out
    }
}
