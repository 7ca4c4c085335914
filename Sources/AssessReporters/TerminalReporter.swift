public import AssessCore
public import Foundation

/// For a person at a terminal: one line per criterion (status glyph, points, title, summary),
/// the findings of those that fell short with file:line and the hint, then the total and the
/// verdict. Colour only when asked (the CLI asks on a TTY without `NO_COLOR`).
public struct TerminalReporter: Reporter {
    public static let identifier = "terminal"
    public var color: Bool

    public init(color: Bool = false) {
        self.color = color
    }

    public init(options: ReporterOptions) {
        self.init(color: options.color)
    }

    public func render(_ report: Report) -> Data {
        var out = ""
        let learner = report.submission.learner.map { " (\($0))" } ?? ""
        out += paint("\(report.rubric.title)", .bold) + "\n"
        out +=
            paint(
                "rubric \(report.rubric.id)\(report.rubric.version.map { " \($0)" } ?? "") · submission \(report.submission.name)\(learner) · pass mark \(report.score.pass.compact)%",
                .dim) + "\n\n"
        let titleWidth = min(44, report.criteria.map(\.title.count).max() ?? 10)
        for criterion in report.criteria {
            let points =
                criterion.status == .pending || criterion.status == .skipped
                ? "-" : criterion.points.compact(places: 2)
            let pointsText = "\(points)/\(criterion.weight.compact)".leftPadded(to: 9)
            let title =
                criterion.title.count > titleWidth
                ? String(criterion.title.prefix(titleWidth - 1)) + "…" : criterion.title.rightPadded(to: titleWidth)
            let gate = criterion.required ? paint(" [required]", .dim) : ""
            out += " \(glyph(criterion.status)) \(pointsText)  \(title)  \(criterion.summary)\(gate)\n"
            guard criterion.status != .passed else { continue }
            for finding in criterion.findings where finding.severity != .info {
                let place = finding.location.map { "\($0): " } ?? ""
                out +=
                    "      "
                    + paint("\(place)\(finding.severity.rawValue): ", finding.severity == .error ? .red : .yellow)
                    + finding.message + "\n"
                if let hint = finding.hint, hint != criterion.hint {
                    out += paint("        hint: \(hint)", .cyan) + "\n"
                }
            }
            if let comment = criterion.review?.comment { out += paint("      reviewer: \(comment)", .dim) + "\n" }
            if let hint = criterion.hint, criterion.status != .pending {
                out += paint("      hint: \(hint)", .cyan) + "\n"
            }
        }
        out += "\n"
        var verdict =
            "Score \(report.score.percent.compact)% (\(report.score.points.compact(places: 2))/\(report.score.possible.compact) points; pass mark \(report.score.pass.compact)%)"
        if let range = report.score.range {
            verdict += " · attainable \(range.min.compact)…\(range.max.compact)%"
        }
        let word: String
        switch report.verdict {
        case .passed: word = paint("PASSED", .green, .bold)
        case .failed: word = paint("FAILED", .red, .bold)
        case .provisional: word = paint("PROVISIONAL", .cyan, .bold) + " (awaiting review)"
        }
        out += "\(verdict) · \(word)"
        if let band = report.band { out += " · \(band)" }
        out += "\n"
        if !report.failedGates.isEmpty {
            out += paint("Required criteria not passed: \(report.failedGates.joined(separator: ", "))", .red) + "\n"
        }
        return Data(out.utf8)
    }

    private func glyph(_ status: CriterionStatus) -> String {
        switch status {
        case .passed: return paint("✔", .green)
        case .partial: return paint("◐", .yellow)
        case .failed: return paint("✘", .red)
        case .error: return paint("!", .red, .bold)
        case .skipped: return paint("–", .dim)
        case .pending: return paint("…", .cyan)
        case .inconclusive: return paint("?", .magenta)
        }
    }

    private enum Style: String {
        case bold = "1", dim = "2", red = "31", green = "32", yellow = "33", magenta = "35", cyan = "36"
    }

    private func paint(_ text: String, _ styles: Style...) -> String {
        guard color else { return text }
        return "\u{1B}[\(styles.map(\.rawValue).joined(separator: ";"))m\(text)\u{1B}[0m"
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }

    fileprivate func rightPadded(to width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
