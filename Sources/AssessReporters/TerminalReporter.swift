public import AssessCore
public import Foundation

/// For a person at a terminal: each criterion with its status glyph, points, full title and
/// id (the id is what a reviews file and the rubric use), its summary beneath, the findings of
/// those that fell short with file:line and the hint, then the total and the verdict. Text is
/// wrapped to the terminal's width, never cut. Colour only when asked (the CLI asks on a TTY
/// without `NO_COLOR` or `TERM=dumb`, or with `--color always`).
public struct TerminalReporter: Reporter {
    public static let identifier = "terminal"
    public var color: Bool
    /// Columns to wrap at.
    public var width: Int

    public init(color: Bool = false, width: Int = 100) {
        self.color = color
        self.width = max(40, width)
    }

    public init(options: ReporterOptions) {
        self.init(color: options.color, width: options.width)
    }

    public func render(_ report: Report) -> Data {
        var out = ""
        let learner = report.submission.learner.map { " (\($0))" } ?? ""
        for line in Self.wrap(report.rubric.title, width: width) { out += paint(line, .bold) + "\n" }
        let about =
            "rubric \(report.rubric.id)\(report.rubric.version.map { " \($0)" } ?? "") · submission \(report.submission.name)\(learner) · pass mark \(report.score.pass.compact)%"
        for line in Self.wrap(about, width: width) { out += paint(line, .dim) + "\n" }
        out += "\n"
        for criterion in report.criteria {
            let points =
                criterion.status == .pending || criterion.status == .skipped
                ? "-" : criterion.points.compact(places: 2)
            let pointsText = "\(points)/\(criterion.weight.compact)".leftPadded(to: 9)
            // " ✔ " + points + two spaces: the title and everything under it start at column 15.
            let indent = String(repeating: " ", count: 14)
            let heading = "\(criterion.title) [\(criterion.id)]\(criterion.required ? " (required)" : "")"
            let headingLines = Self.wrap(heading, width: width - indent.count)
            out += " \(glyph(criterion.status)) \(pointsText)  " + paint(headingLines[0], .bold) + "\n"
            for line in headingLines.dropFirst() { out += indent + paint(line, .bold) + "\n" }
            for line in Self.wrap(criterion.summary, width: width - indent.count) { out += indent + line + "\n" }
            guard criterion.status != .passed else { continue }
            let deeper = indent + "  "
            for finding in criterion.findings where finding.severity != .info {
                let place = finding.location.map { "\($0): " } ?? ""
                let label = "\(place)\(finding.severity.rawValue): "
                let lines = Self.wrap(label + finding.message, width: width - deeper.count)
                let labelled = lines[0].prefix(label.count)
                out += indent + paint(String(labelled), finding.severity == .error ? .red : .yellow)
                out += String(lines[0].dropFirst(labelled.count)) + "\n"
                for line in lines.dropFirst() { out += deeper + line + "\n" }
                if let hint = finding.hint, hint != criterion.hint {
                    for (index, line) in Self.wrap("hint: \(hint)", width: width - deeper.count - 2).enumerated() {
                        out += (index == 0 ? deeper : deeper + "  ") + paint(line, .cyan) + "\n"
                    }
                }
            }
            if let comment = criterion.review?.comment {
                for line in Self.wrap("reviewer: \(comment)", width: width - indent.count) {
                    out += indent + paint(line, .dim) + "\n"
                }
            }
            if let hint = criterion.hint, criterion.status != .pending {
                for line in Self.wrap("hint: \(hint)", width: width - indent.count) {
                    out += indent + paint(line, .cyan) + "\n"
                }
            }
        }
        out += "\n"
        var verdict =
            "Score \(report.score.percent.compact)% (\(report.score.points.compact(places: 2))/\(report.score.possible.compact) points; pass mark \(report.score.pass.compact)%)"
        if let range = report.score.range {
            verdict += " · attainable \(range.min.compact)…\(range.max.compact)%"
        }
        let word: String
        let plainWord: String
        switch report.verdict {
        case .passed: (word, plainWord) = (paint("PASSED", .green, .bold), "PASSED")
        case .failed: (word, plainWord) = (paint("FAILED", .red, .bold), "FAILED")
        case .provisional:
            (word, plainWord) = (paint("PROVISIONAL", .cyan, .bold) + " (awaiting review)", "PROVISIONAL (awaiting review)")
        }
        verdict += " · \(plainWord)"
        if let band = report.band { verdict += " · \(band)" }
        // The verdict word keeps its colour on whichever line it lands.
        out += Self.wrap(verdict, width: width).map { $0.replacingOccurrences(of: plainWord, with: word) }
            .joined(separator: "\n") + "\n"
        if !report.failedGates.isEmpty {
            for line in Self.wrap("Required criteria not passed: \(report.failedGates.joined(separator: ", "))", width: width) {
                out += paint(line, .red) + "\n"
            }
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

extension TerminalReporter {
    /// `text` in lines of at most `width` characters, broken at spaces; a word longer than a
    /// line (a path, a URL) is broken inside rather than cut. Nothing is ever dropped.
    static func wrap(_ text: String, width: Int) -> [String] {
        let width = max(20, width)
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = ""
            for word in paragraph.split(separator: " ", omittingEmptySubsequences: true) {
                var word = Substring(word)
                if !line.isEmpty, line.count + 1 + word.count <= width {
                    line += " " + word
                    continue
                }
                if !line.isEmpty { lines.append(line) }
                while word.count > width {
                    lines.append(String(word.prefix(width)))
                    word = word.dropFirst(width)
                }
                line = String(word)
            }
            lines.append(line)
        }
        return lines.isEmpty ? [""] : lines
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
