import AssessCore

/// Words and glyphs every human-facing reporter shares, so the terminal, Markdown and HTML
/// describe a status the same way.
enum ReportText {
    static func emoji(_ status: CriterionStatus) -> String {
        switch status {
        case .passed: return "✅"
        case .partial: return "🟡"
        case .failed: return "❌"
        case .error: return "⚠️"
        case .skipped: return "⏭️"
        case .pending: return "⏳"
        case .inconclusive: return "❔"
        }
    }

    static func verdict(_ report: Report) -> String {
        switch report.verdict {
        case .passed: return "Passed"
        case .failed: return "Failed"
        case .provisional: return "Provisional (awaiting review)"
        }
    }

    static func points(_ criterion: CriterionResult) -> String {
        criterion.status == .pending || criterion.status == .skipped
            ? "–/\(criterion.weight.compact)" : "\(criterion.points.compact(places: 2))/\(criterion.weight.compact)"
    }

    /// The graph charts of a report, merged (the service graph).
    static func graphEdges(_ report: Report) -> [Chart.Edge] {
        var seen = Set<String>()
        return report.criteria.flatMap { $0.charts ?? [] }.filter { $0.kind == .graph }.flatMap { $0.edges ?? [] }
            .filter {
                seen.insert("\($0.from)→\($0.to)").inserted
            }
    }
}
