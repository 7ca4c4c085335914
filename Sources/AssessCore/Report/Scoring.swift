/// The arithmetic of DESIGN's "Scoring": weights, partial credit, the pass mark, required
/// gates, bands, and the attainable range while manual criteria are pending.
public enum Scoring {
    /// Rounded for reports so that float noise never reaches the JSON; verdicts are decided
    /// on the unrounded value.
    static func rounded(_ value: Double, places: Double = 10_000) -> Double {
        (value * places).rounded() / places
    }

    public static func summarize(_ results: [CriterionResult], rubric: Rubric)
        -> (score: ScoreSummary, verdict: Verdict, band: String?, failedGates: [String])
    {
        // Skipped criteria (an optional input not handed in) leave the denominator.
        let counted = results.filter { $0.status != .skipped }
        let possible = counted.reduce(0) { $0 + $1.weight }
        let points = counted.reduce(0) { $0 + $1.weight * $1.score }
        let pending = counted.filter { $0.status == .pending }.reduce(0) { $0 + $1.weight }
        let percent = possible > 0 ? points / possible * 100 : 0
        let maxPercent = possible > 0 ? (points + pending) / possible * 100 : 0
        let failedGates = results.filter { $0.required && $0.status != .passed && $0.status != .pending }.map(\.id)
        let epsilon = 1e-9
        let verdict: Verdict
        if pending > 0 {
            // Provisional only while a review can still change the outcome.
            let canPass = failedGates.isEmpty && maxPercent + epsilon >= rubric.pass
            verdict = canPass ? .provisional : .failed
        } else {
            verdict = percent + epsilon >= rubric.pass && failedGates.isEmpty ? .passed : .failed
        }
        let band = verdict == .passed ? rubric.bands.first { percent + epsilon >= $0.minimum }?.name : nil
        let summary = ScoreSummary(
            points: rounded(points), possible: rounded(possible), percent: rounded(percent, places: 100),
            pass: rubric.pass,
            range: pending > 0
                ? ScoreRange(min: rounded(percent, places: 100), max: rounded(maxPercent, places: 100)) : nil)
        return (summary, verdict, band, failedGates)
    }
}

extension Report {
    /// False when the submission failed; a provisional verdict can still pass by definition.
    public var canStillPass: Bool { verdict != .failed }
}
