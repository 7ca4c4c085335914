public import AssessCore
public import Foundation

/// One self-contained page a reviewer can hand back: inline CSS and SVG, no script, no
/// network; readable on a phone and printable. The verdict and the score against the pass
/// mark come first, then a bar per criterion (title with its id beside it, and what the
/// grader measured against its limit), the findings with their places and hints for what
/// fell short, what reviewers said (a reviewed criterion is their judgement, not something
/// to fix), and the charts graders drew where a picture says more than a table: series,
/// histograms and trace waterfalls, never a redraw of the learner's own diagram.
public struct HTMLReporter: Reporter {
    public static let identifier = "html"

    let markdown: MarkdownRendering

    public init(options: ReporterOptions = ReporterOptions()) { markdown = options.markdown }

    static let colors: [CriterionStatus: String] = [
        .passed: "#2e7d32", .partial: "#f9a825", .failed: "#c62828", .error: "#6a1b9a", .skipped: "#9e9e9e",
        .pending: "#1565c0", .inconclusive: "#795548",
    ]

    public func render(_ report: Report) -> Data {
        let verdictColor = report.verdict == .passed ? "#2e7d32" : report.verdict == .failed ? "#c62828" : "#1565c0"
        var body = "<header><h1>\(e(report.rubric.title))</h1>"
        body +=
            "<p class=\"meta\">Submission <b>\(e(report.submission.name))</b>\(report.submission.learner.map { " · \(e($0))" } ?? "") · rubric \(e(report.rubric.id))\(report.rubric.version.map { " \(e($0))" } ?? "")</p>"
        body +=
            "<div class=\"verdict\" style=\"border-color:\(verdictColor)\"><span class=\"badge\" style=\"background:\(verdictColor)\">\(e(ReportText.verdict(report)))</span>"
        body +=
            "<span class=\"score\">\(report.score.percent.compact(places: 1))%</span><span class=\"pass\">pass mark \(report.score.pass.compact)%\(report.band.map { " · band <b>\(e($0))</b>" } ?? "")</span>"
        body += scoreBar(report) + "</div>"
        if !report.failedGates.isEmpty {
            body +=
                "<p class=\"gates\">Required criteria not passed: \(report.failedGates.map { id in "<b>\(e(report.criteria.first { $0.id == id }?.title ?? id))</b>" }.joined(separator: ", "))</p>"
        }
        body += "</header><section><h2>Criteria</h2><table class=\"criteria\">"
        for c in report.criteria {
            let color = Self.colors[c.status] ?? "#999"
            let fraction = c.status == .pending || c.status == .skipped ? 0 : c.score
            body +=
                "<tr><td class=\"status\">\(Self.dot(c.status))</td>"
            body +=
                "<td><div class=\"title\">\(e(c.title)) <code class=\"id\">\(e(c.id))</code>\(c.required ? " <span class=\"req\">required</span>" : "")</div><div class=\"summary\">\(e(c.summary))</div>\(measurements(c))</td>"
            body +=
                "<td class=\"points\"><svg viewBox=\"0 0 100 10\" class=\"bar\" role=\"img\" aria-label=\"\(ReportText.points(c)) points\"><rect width=\"100\" height=\"10\" fill=\"#eee\"/><rect width=\"\((fraction * 100).compact(places: 1))\" height=\"10\" fill=\"\(color)\"/></svg>\(ReportText.points(c))</td></tr>"
        }
        body += "</table></section>"
        // A criterion a reviewer scored is their judgement, shown with their comments below.
        let shortfalls = report.criteria.filter {
            $0.status != .passed && $0.status != .skipped && $0.status != .pending && $0.review == nil
        }
        if !shortfalls.isEmpty {
            body += "<section><h2>What to fix</h2>"
            for c in shortfalls {
                body +=
                    "<article style=\"border-left-color:\(Self.colors[c.status] ?? "#999")\"><h3>\(Self.dot(c.status)) \(e(c.title))</h3><p>\(e(c.summary))</p>"
                let findings = c.findings.filter { $0.severity != .info }
                if !findings.isEmpty {
                    body +=
                        "<ul>"
                        + findings.prefix(30).map { finding in
                            "<li class=\"\(finding.severity.rawValue)\">\(finding.location.map { "<code>\(e($0.description))</code> " } ?? "")\(e(finding.message))\(finding.hint.map { "<div class=\"hint\">\(markdown.render($0))</div>" } ?? "")</li>"
                        }.joined() + (findings.count > 30 ? "<li>… and \(findings.count - 30) more</li>" : "") + "</ul>"
                }
                if let comment = c.review?.comment {
                    body += "<blockquote>\(e(comment))\(c.review?.reviewer.map { " — \(e($0))" } ?? "")</blockquote>"
                }
                if let hint = c.hint { body += "<div class=\"hint\"><b>Hint:</b> \(markdown.render(hint))</div>" }
                body += "</article>"
            }
            body += "</section>"
        }
        let reviewed = report.criteria.filter { $0.review != nil }
        if !reviewed.isEmpty {
            body +=
                "<section><h2>Reviewer comments</h2>"
                + reviewed.map {
                    "<blockquote><b>\(e($0.title))</b>\($0.review?.level.map { " (\(e($0)))" } ?? "")\($0.review?.comment.map { ": \(e($0))" } ?? "")\($0.review?.reviewer.map { " — \(e($0))" } ?? "")</blockquote>"
                }.joined() + "</section>"
        }
        let pending = report.criteria.filter { $0.status == .pending }
        if !pending.isEmpty {
            body +=
                "<section><h2>Awaiting a reviewer</h2><ul>"
                + pending.map { "<li>\(e($0.title)) <code class=\"id\">\(e($0.id))</code></li>" }.joined()
                + "</ul></section>"
        }
        // Graph charts redraw the learner's own diagram (a context map as a tangle of labels):
        // the diagram in their document says it better, so only measurements are drawn.
        let charts = report.criteria.flatMap { c in (c.charts ?? []).filter { $0.kind != .graph }.map { (c, $0) } }
        if !charts.isEmpty {
            body +=
                "<section><h2>Charts</h2>"
                + charts.map { c, chart in
                    "<figure><figcaption>\(e(chart.title)) <small>(\(e(c.title)))</small></figcaption>\(ChartSVG.render(chart))</figure>"
                }.joined() + "</section>"
        }
        body +=
            "<footer>rubric sha256 <code>\(report.rubric.sha256.prefix(16))…</code> · \(report.submission.files.count) files graded · \(Report.schemaVersion)</footer>"
        let page = """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(e(report.submission.name)): \(e(report.rubric.title))</title>
            <style>
            body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0 auto;padding:1rem;max-width:56rem;color:#1f2328}
            h1{font-size:1.35rem;margin:.2rem 0}h2{font-size:1.1rem;margin:1.4rem 0 .5rem;border-bottom:1px solid #ddd}h3{font-size:1rem;margin:.2rem 0}
            .meta{color:#555;margin:.2rem 0 .8rem}.verdict{border:2px solid;border-radius:8px;padding:.6rem .8rem;display:flex;flex-wrap:wrap;align-items:center;gap:.6rem}
            .badge{color:#fff;border-radius:4px;padding:.15rem .5rem;font-weight:600}.score{font-size:1.6rem;font-weight:700}.pass{color:#555}
            .scorebar{flex-basis:100%;height:18px}.gates{color:#c62828;font-weight:600}
            table.criteria{width:100%;border-collapse:collapse}table.criteria td{border-bottom:1px solid #eee;padding:.35rem .3rem;vertical-align:top}
            .status{width:1.6rem}.dot{vertical-align:-2px}.title{font-weight:600}.summary{color:#555;font-size:.9rem;word-break:break-word}
            .points{width:8.5rem;white-space:nowrap;font-variant-numeric:tabular-nums;font-size:.9rem}.bar{width:5rem;height:.7rem;vertical-align:middle;margin-right:.35rem}
            code.id{font-weight:400;color:#555;font-size:.78rem}table.measures{border-collapse:collapse;margin:.25rem 0;font-size:.85rem}
            table.measures td{border:none;padding:0 .6rem 0 0}.over{color:#c62828;font-weight:600}
            .req{font-size:.7rem;background:#fde7e9;color:#a40e26;border-radius:3px;padding:0 .3rem}
            article{border-left:4px solid;padding:.1rem .8rem;margin:.8rem 0;background:#fafafa}article ul{padding-left:1.1rem}
            li.warning{color:#7a5d00}code{font-size:.85rem;background:#f0f0f0;padding:0 .2rem;border-radius:3px;word-break:break-all}
            .hint{color:#0b5394}.hint>p:first-of-type{display:inline}.hint p{margin:.2rem 0}blockquote{margin:.4rem 0;padding:.3rem .6rem;border-left:3px solid #1565c0;background:#eef4fb}
            figure{margin:.8rem 0}figcaption{font-weight:600;margin-bottom:.3rem}svg.chart{width:100%;height:auto;max-height:22rem}
            footer{color:#777;font-size:.8rem;margin-top:2rem}
            @media print{body{max-width:none}article{break-inside:avoid}}
            </style></head><body>
            \(body)
            </body></html>

            """
        return Data(page.utf8)
    }

    /// A status as a drawn dot with its name for screen readers: no emoji font needed.
    static func dot(_ status: CriterionStatus) -> String {
        let color = colors[status] ?? "#999"
        let mark: String
        switch status {
        case .passed: mark = "<path d=\"M4 8.5l2.5 2.5 5.5-6\" stroke=\"#fff\" stroke-width=\"2\" fill=\"none\"/>"
        case .failed, .error: mark = "<path d=\"M5 5l6 6M11 5l-6 6\" stroke=\"#fff\" stroke-width=\"2\"/>"
        case .partial: mark = "<path d=\"M8 2a6 6 0 0 1 0 12z\" fill=\"#fff\"/>"
        default: mark = "<circle cx=\"8\" cy=\"8\" r=\"2\" fill=\"#fff\"/>"
        }
        return
            "<svg class=\"dot\" viewBox=\"0 0 16 16\" width=\"16\" height=\"16\" role=\"img\" aria-label=\"\(status.rawValue)\"><title>\(status.rawValue)</title><circle cx=\"8\" cy=\"8\" r=\"8\" fill=\"\(color)\"/>\(mark)</svg>"
    }

    /// What the grader measured, each value beside the limit it was judged against.
    private func measurements(_ c: CriterionResult) -> String {
        guard !c.measurements.isEmpty else { return "" }
        let shown = c.measurements.prefix(12)
        var rows = shown.map { m in
            let value = "\(m.value.compact(places: 2))\(m.unit.map { " \($0)" } ?? "")"
            return
                "<tr><td>\(e(m.name))</td><td><b>\(e(value))</b></td><td>\(m.limit.map { "limit \(e($0))" } ?? "")</td></tr>"
        }.joined()
        if c.measurements.count > shown.count {
            rows +=
                "<tr><td colspan=\"3\">… and \(c.measurements.count - shown.count) more in the JSON report</td></tr>"
        }
        return "<table class=\"measures\">\(rows)</table>"
    }

    /// The score against the pass mark (and the attainable range while reviews are pending).
    private func scoreBar(_ report: Report) -> String {
        let score = max(0, min(100, report.score.percent))
        var svg =
            "<svg class=\"scorebar\" viewBox=\"0 0 100 6\" preserveAspectRatio=\"none\" role=\"img\" aria-label=\"score \(score.compact(places: 1)) of 100, pass mark \(report.score.pass.compact)\"><rect width=\"100\" height=\"6\" fill=\"#eee\"/>"
        if let range = report.score.range {
            svg +=
                "<rect x=\"\(range.min.compact(places: 2))\" width=\"\(max(0, range.max - range.min).compact(places: 2))\" height=\"6\" fill=\"#bbdefb\"/>"
        }
        svg +=
            "<rect width=\"\(score.compact(places: 2))\" height=\"6\" fill=\"\(report.verdict == .failed ? "#c62828" : "#2e7d32")\"/>"
        svg += "<rect x=\"\(report.score.pass.compact(places: 2))\" width=\"0.6\" height=\"6\" fill=\"#000\"/></svg>"
        return svg
    }

    private func e(_ text: String) -> String { ChartSVG.escape(text) }
}

/// Charts as inline SVG.
enum ChartSVG {
    static func escape(_ text: String) -> String { HTMLText.escape(text) }

    static func render(_ chart: Chart) -> String {
        switch chart.kind {
        case .series: return series(chart)
        case .histogram: return histogram(chart)
        case .waterfall: return waterfall(chart)
        case .graph: return graph(chart)
        }
    }

    static func series(_ chart: Chart) -> String {
        let points = chart.points ?? []
        guard points.count > 1 else { return histogram(chart) }
        let top = max(1, points.map(\.value).max() ?? 1)
        let step = 560.0 / Double(points.count - 1)
        let coordinates = points.enumerated().map { index, point in
            "\((20 + Double(index) * step).compact(places: 1)),\((190 - point.value / top * 170).compact(places: 1))"
        }
        var svg =
            "<svg class=\"chart\" viewBox=\"0 0 600 220\" role=\"img\" aria-label=\"\(escape(chart.title))\"><polyline fill=\"none\" stroke=\"#1565c0\" stroke-width=\"2\" points=\"\(coordinates.joined(separator: " "))\"/>"
        for (index, point) in points.enumerated() where points.count <= 12 || index % max(1, points.count / 8) == 0 {
            svg +=
                "<text x=\"\((20 + Double(index) * step).compact(places: 1))\" y=\"212\" font-size=\"10\" text-anchor=\"middle\">\(escape(point.label))</text>"
        }
        svg +=
            "<text x=\"4\" y=\"14\" font-size=\"10\">\(top.compact(places: 1))\(escape(chart.unit ?? ""))</text></svg>"
        return svg
    }

    static func histogram(_ chart: Chart) -> String {
        let points = chart.points ?? []
        let top = max(1, points.map(\.value).max() ?? 1)
        let width = 560.0 / Double(max(1, points.count))
        var svg = "<svg class=\"chart\" viewBox=\"0 0 600 220\" role=\"img\" aria-label=\"\(escape(chart.title))\">"
        for (index, point) in points.enumerated() {
            let height = point.value / top * 170
            let x = 20 + Double(index) * width
            svg +=
                "<rect x=\"\(x.compact(places: 1))\" y=\"\((190 - height).compact(places: 1))\" width=\"\((width * 0.85).compact(places: 1))\" height=\"\(height.compact(places: 1))\" fill=\"#1565c0\"><title>\(escape(point.label)): \(point.value.compact(places: 2))\(escape(chart.unit ?? ""))</title></rect>"
            svg +=
                "<text x=\"\((x + width * 0.42).compact(places: 1))\" y=\"205\" font-size=\"10\" text-anchor=\"middle\">\(escape(point.label))</text>"
        }
        return svg + "</svg>"
    }

    static func waterfall(_ chart: Chart) -> String {
        let spans = chart.spans ?? []
        let end = max(1, spans.map { $0.offset + $0.duration }.max() ?? 1)
        let rowHeight = 16.0
        var svg =
            "<svg class=\"chart\" viewBox=\"0 0 600 \(Int(Double(spans.count) * rowHeight + 10))\" role=\"img\" aria-label=\"\(escape(chart.title))\">"
        for (index, span) in spans.enumerated() {
            let y = 4 + Double(index) * rowHeight
            let x = 220 + span.offset / end * 370
            let width = max(1, span.duration / end * 370)
            svg +=
                "<text x=\"\(4 + span.depth * 10)\" y=\"\((y + 11).compact(places: 1))\" font-size=\"10\">\(escape(span.service)): \(escape(span.name))</text>"
            svg +=
                "<rect x=\"\(x.compact(places: 1))\" y=\"\(y.compact(places: 1))\" width=\"\(width.compact(places: 1))\" height=\"12\" fill=\"\(span.failed ? "#c62828" : "#1565c0")\"><title>\(span.duration.compact(places: 2))\(escape(chart.unit ?? ""))</title></rect>"
        }
        return svg + "</svg>"
    }

    /// Nodes on a circle, edges as lines with arrowheads: enough for a service graph of a dozen services.
    static func graph(_ chart: Chart) -> String {
        let edges = chart.edges ?? []
        var names: [String] = []
        for edge in edges { for name in [edge.from, edge.to] where !names.contains(name) { names.append(name) } }
        let count = Double(max(1, names.count))
        func position(_ name: String) -> (Double, Double) {
            let index = Double(names.firstIndex(of: name) ?? 0)
            let angle = index / count * 2 * Double.pi - Double.pi / 2
            return (300 + 220 * cos(angle), 170 + 130 * sin(angle))
        }
        var svg =
            "<svg class=\"chart\" viewBox=\"0 0 600 340\" role=\"img\" aria-label=\"\(escape(chart.title))\"><defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0,0L10,5L0,10z\" fill=\"#555\"/></marker></defs>"
        for edge in edges {
            let (x1, y1) = position(edge.from)
            let (x2, y2) = position(edge.to)
            let length = max(1, ((x2 - x1) * (x2 - x1) + (y2 - y1) * (y2 - y1)).squareRoot())
            let (ex, ey) = (x2 - (x2 - x1) / length * 34, y2 - (y2 - y1) / length * 16)
            let color = (edge.errors ?? 0) > 0 ? "#c62828" : "#555"
            svg +=
                "<line x1=\"\(x1.compact(places: 1))\" y1=\"\(y1.compact(places: 1))\" x2=\"\(ex.compact(places: 1))\" y2=\"\(ey.compact(places: 1))\" stroke=\"\(color)\" stroke-width=\"1.4\" marker-end=\"url(#arrow)\"><title>\(escape(edge.from)) → \(escape(edge.to))\(edge.label.map { ": \(escape($0))" } ?? "")</title></line>"
        }
        for name in names {
            let (x, y) = position(name)
            svg +=
                "<rect x=\"\((x - 58).compact(places: 1))\" y=\"\((y - 12).compact(places: 1))\" width=\"116\" height=\"24\" rx=\"6\" fill=\"#e3f2fd\" stroke=\"#1565c0\"/><text x=\"\(x.compact(places: 1))\" y=\"\((y + 4).compact(places: 1))\" font-size=\"11\" text-anchor=\"middle\">\(escape(String(name.prefix(18))))</text>"
        }
        return svg + "</svg>"
    }
}
