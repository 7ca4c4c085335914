public import AssessCore
public import Foundation

/// What a learner sees before handing in (`assess check`): no hidden criterion by name, every
/// shortfall with its hint and the place to fix it, cheapest points first, and where they
/// stand against the pass mark.
public struct PreCheck: Sendable {
    public var report: Report

    public init(report: Report) {
        self.report = report
    }

    /// Visible criteria that fell short, ordered by points recoverable (weight − points), most first.
    public var shortfalls: [CriterionResult] {
        report.learnerView.criteria.filter { [.failed, .partial, .error, .inconclusive].contains($0.status) }
            .sorted { ($0.weight - $0.points, $1.id) > ($1.weight - $1.points, $0.id) }
    }

    public func render(color: Bool = false) -> Data {
        let view = report.learnerView
        var out = "\(report.rubric.title): pre-check of \(report.submission.name)\n\n"
        let shown = shortfalls
        if shown.isEmpty {
            out += "Nothing to fix among the criteria a program can check.\n"
        } else {
            out += "To fix, most points first:\n"
            for (index, c) in shown.enumerated() {
                let recoverable = c.weight - c.points
                out +=
                    "\n\(index + 1). \(c.title): up to \(recoverable.compact(places: 2)) point\(recoverable == 1 ? "" : "s") to gain\(c.required ? " (required to pass)" : "")\n"
                out += "   now: \(c.summary)\n"
                for finding in c.findings where finding.severity != .info {
                    out += "   at \(finding.location.map { "\($0)" } ?? "(the submission)"): \(finding.message)\n"
                }
                out += "   hint: \(c.hint ?? "see the rubric's description of this criterion")\n"
            }
        }
        let pending = view.criteria.filter { $0.status == .pending }
        if !pending.isEmpty {
            out += "\nAwaiting a reviewer: \(pending.map(\.title).joined(separator: ", "))\n"
        }
        let hiddenCount = report.criteria.count - view.criteria.count
        if hiddenCount > 0 {
            out += "\n\(hiddenCount) further criteria are graded but not shown here; they count in the range below.\n"
        }
        let best = report.score.range?.max ?? report.score.percent
        let recoverable = shown.reduce(0) { $0 + $1.weight - $1.points }
        let reachable = min(100, best + (report.score.possible > 0 ? recoverable / report.score.possible * 100 : 0))
        out +=
            "\nYou have \(report.score.percent.compact(places: 2))%, the pass mark is \(report.score.pass.compact)%, still attainable \(reachable.compact(places: 2))%.\n"
        return Data(out.utf8)
    }
}
