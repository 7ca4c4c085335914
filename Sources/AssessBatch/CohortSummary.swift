import AssessCore
import AssessReporters
import Foundation

/// The cohort at a glance: pass rate, score distribution, and the criteria it struggles with
/// first. Written as `summary.json`, `summary.md` and `summary.html`.
public struct CohortSummary: Sendable, Hashable, Codable {
    public static let schemaVersion = "assess.summary/v1"

    public struct CriterionSummary: Sendable, Hashable, Codable {
        public var id: String
        public var title: String
        public var weight: Double
        /// Mean score 0…1 over the submissions where it was judged: a criterion awaiting a
        /// reviewer (or skipped) counts in `pending`, never as 0.
        public var meanScore: Double
        /// Submissions that scored 0 or errored on it.
        public var failed: Int
        public var partial: Int
        /// Submissions where it awaits a reviewer's score.
        public var pending: Int
    }

    public var schema: String
    public var rubric: String
    public var submissions: Int
    public var graded: Int
    public var errors: Int
    public var passed: Int
    public var failed: Int
    public var provisional: Int
    /// passed ÷ submissions with a verdict.
    public var passRate: Double
    public var meanScore: Double
    public var medianScore: Double
    /// Counts of scores in [0,10), [10,20), … [90,100].
    public var histogram: [Int]
    /// Hardest first (lowest mean score).
    public var criteria: [CriterionSummary]

    public init(_ gradebook: Gradebook) {
        schema = Self.schemaVersion
        rubric = gradebook.rubric
        let rows = gradebook.rows
        let scored = rows.compactMap(\.score)
        submissions = rows.count
        graded = rows.filter { $0.status == .graded }.count
        errors = rows.count - graded
        passed = rows.filter { $0.verdict == .passed }.count
        failed = rows.filter { $0.verdict == .failed }.count
        provisional = rows.filter { $0.verdict == .provisional }.count
        let withVerdict = passed + failed + provisional
        passRate = withVerdict == 0 ? 0 : Self.round(Double(passed) / Double(withVerdict))
        meanScore = scored.isEmpty ? 0 : Self.round(scored.reduce(0, +) / Double(scored.count))
        let sorted = scored.sorted()
        medianScore =
            sorted.isEmpty
            ? 0
            : Self.round(
                sorted.count % 2 == 1
                    ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2)
        var buckets = Array(repeating: 0, count: 10)
        for score in scored { buckets[min(9, max(0, Int(score / 10)))] += 1 }
        histogram = buckets
        criteria = gradebook.criteria.map { column in
            let judged = rows.filter { row in
                row.statuses[column.id].map { $0 != .pending && $0 != .skipped } ?? true
            }
            let points = judged.compactMap { $0.points[column.id] }
            let statuses = rows.compactMap { $0.statuses[column.id] }
            return CriterionSummary(
                id: column.id, title: column.title, weight: column.weight,
                meanScore: points.isEmpty || column.weight == 0
                    ? 0 : Self.round(points.reduce(0, +) / Double(points.count) / column.weight),
                failed: statuses.filter { $0 == .failed || $0 == .error }.count,
                partial: statuses.filter { $0 == .partial }.count,
                pending: statuses.filter { $0 == .pending }.count)
        }.sorted { ($0.meanScore, $0.id) < ($1.meanScore, $1.id) }
    }

    static func round(_ value: Double) -> Double { (value * 10_000).rounded() / 10_000 }

    public var json: Data {
        StableJSON.encode(self)
    }

    public var markdown: String {
        var out = "# Cohort summary: \(rubric)\n\n"
        out += "| submissions | graded | errors | passed | failed | provisional | pass rate | mean | median |\n"
        out += "| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n"
        out +=
            "| \(submissions) | \(graded) | \(errors) | \(passed) | \(failed) | \(provisional) | \((passRate * 100).compact(places: 1))% | \(meanScore.compact(places: 1)) | \(medianScore.compact(places: 1)) |\n\n"
        out += "## Score distribution\n\n| score | submissions |\n| --- | --- |\n"
        for (index, count) in histogram.enumerated() {
            out += "| \(index * 10)–\(index == 9 ? 100 : index * 10 + 9) | \(count) |\n"
        }
        out +=
            "\n## Criteria, hardest first\n\n| criterion | weight | mean score | failed | partial | pending review |\n| --- | --- | --- | --- | --- | --- |\n"
        for criterion in criteria {
            out +=
                "| \(criterion.title) (`\(criterion.id)`) | \(criterion.weight.compact) | \((criterion.meanScore * 100).compact(places: 1))% | \(criterion.failed) | \(criterion.partial) | \(criterion.pending) |\n"
        }
        return out
    }

    /// A self-contained page (inline CSS and SVG, no script) with the score histogram.
    public var html: String {
        let maxCount = max(1, histogram.max() ?? 1)
        var bars = ""
        for (index, count) in histogram.enumerated() {
            let height = Double(count) / Double(maxCount) * 160
            let x = 40 + index * 44
            bars +=
                "<rect x=\"\(x)\" y=\"\((180 - height).compact(places: 1))\" width=\"36\" height=\"\(height.compact(places: 1))\" fill=\"\(index * 10 >= 80 ? "#2e7d32" : "#c62828")\"><title>\(count) submissions scored \(index * 10)–\(index == 9 ? 100 : index * 10 + 9)</title></rect>"
            bars += "<text x=\"\(x + 18)\" y=\"198\" font-size=\"11\" text-anchor=\"middle\">\(index * 10)</text>"
            if count > 0 {
                bars +=
                    "<text x=\"\(x + 18)\" y=\"\((174 - height).compact(places: 1))\" font-size=\"11\" text-anchor=\"middle\">\(count)</text>"
            }
        }
        var rows = ""
        for criterion in criteria {
            let percent = criterion.meanScore * 100
            rows +=
                "<tr><td>\(Self.escape(criterion.title))</td><td>\(criterion.weight.compact)</td><td><div class=\"bar\"><span style=\"width:\(percent.compact(places: 1))%\"></span></div>\(percent.compact(places: 1))%</td><td>\(criterion.failed)</td><td>\(criterion.partial)</td></tr>\n"
        }
        return """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Cohort summary: \(Self.escape(rubric))</title>
            <style>
            body{font-family:system-ui,sans-serif;margin:1.5rem;color:#222;max-width:60rem}
            table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.35rem;text-align:left}
            .bar{display:inline-block;width:8rem;height:.6rem;background:#eee;margin-right:.5rem}.bar span{display:block;height:100%;background:#1565c0}
            .kpi{display:flex;gap:1.5rem;flex-wrap:wrap}.kpi div{font-size:1.4rem}.kpi small{display:block;font-size:.75rem;color:#666}
            </style></head><body>
            <h1>Cohort summary: \(Self.escape(rubric))</h1>
            <div class="kpi"><div>\(submissions)<small>submissions</small></div><div>\((passRate * 100).compact(places: 1))%<small>pass rate</small></div><div>\(meanScore.compact(places: 1))<small>mean score</small></div><div>\(errors)<small>not fully graded</small></div></div>
            <h2>Score distribution</h2>
            <svg viewBox="0 0 480 210" width="100%" role="img" aria-label="Histogram of scores">\(bars)</svg>
            <h2>Criteria, hardest first</h2>
            <table><tr><th>criterion</th><th>weight</th><th>mean score</th><th>failed</th><th>partial</th></tr>
            \(rows)</table>
            </body></html>

            """
    }

    static func escape(_ text: String) -> String { HTMLText.escape(text) }
}
