import AssessCore
import AssessGraders
import AssessReporters
import AssessTestSupport
import Foundation
import Testing

/// The HTML report as a reviewer reads it: what was measured against its limit, ids beside
/// titles, reviewers' judgements apart from what to fix, and no redrawn diagrams.
@Suite struct HTMLReportTests {
    @Test func measurementsStandBesideTheirLimitsAndIdsBesideTitles() async throws {
        let (report, _) = try await ShippedSamples.grade("Submissions/phase4-operations/fail")
        let html = String(decoding: HTMLReporter().render(report), as: UTF8.self)
        let measured = report.criteria.flatMap { c in c.measurements.prefix(12).map { (c, $0) } }
        #expect(!measured.isEmpty)
        for (_, m) in measured {
            #expect(html.contains("<td>\(HTMLText.escape(m.name))</td><td><b>\(HTMLText.escape(m.value.compact(places: 2) + (m.unit.map { " \($0)" } ?? "")))</b></td>"))
            if let limit = m.limit { #expect(html.contains("limit \(HTMLText.escape(limit))")) }
        }
        for c in report.criteria { #expect(html.contains("\(HTMLText.escape(c.title)) <code class=\"id\">\(HTMLText.escape(c.id))</code>")) }
        // A failed gate is named by its title, as everything else is.
        let gates = try #require(html.range(of: "<p class=\"gates\">"))
        let gateLine = html[gates.lowerBound...].prefix { $0 != "\n" }
        for id in report.failedGates {
            let title = try #require(report.criteria.first { $0.id == id }?.title)
            #expect(gateLine.contains("<b>\(HTMLText.escape(title))</b>"))
        }
    }

    @Test func aReviewedCriterionIsNotListedUnderWhatToFix() async throws {
        let (report, _) = try await ShippedSamples.grade("Submissions/phase1-pass", reviews: true)
        let html = String(decoding: HTMLReporter().render(report), as: UTF8.self)
        let reviewed = report.criteria.filter { $0.review != nil }
        #expect(!reviewed.isEmpty)
        let fix = html.range(of: "<h2>What to fix</h2>").map { html[$0.upperBound...].prefix { $0 != "\n" } } ?? ""
        let section = fix.components(separatedBy: "</section>").first ?? ""
        for c in reviewed { #expect(!section.contains(HTMLText.escape(c.title)), "\(c.id)") }
        #expect(html.contains("<h2>Reviewer comments</h2>"))
    }

    @Test func aServiceGraphIsNotRedrawnAsACircle() async throws {
        var (report, _) = try await ShippedSamples.grade("Submissions/phase1-fail")
        report.criteria[0].charts = [
            Chart(kind: .graph, title: "Context map", edges: (1...60).map { Chart.Edge(from: "s\($0 % 12)", to: "s\(($0 * 7) % 12)") }),
            Chart(kind: .series, title: "p95 per second", unit: "ms", points: (1...5).map { Chart.Point("\($0)s", Double($0)) }),
        ]
        let html = String(decoding: HTMLReporter().render(report), as: UTF8.self)
        #expect(!html.contains("Context map"))
        #expect(!html.contains("marker id=\"arrow\""))
        #expect(html.contains("p95 per second"))
    }

    static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    /// What a reviewer sees, rendered by headless Chromium: a non-empty PNG of the page.
    @Test(.enabled(if: chromium != nil, "Chromium is not installed (apt-get install chromium): HTML screenshot not taken"))
    func headlessChromiumRendersTheReport() async throws {
        let (report, _) = try await ShippedSamples.grade("Submissions/phase4-operations/fail")
        let tree = try TemporaryTree()
        let page = try tree.write("report.html", String(decoding: HTMLReporter().render(report), as: UTF8.self))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: repositoryRoot + "/scripts/screenshot.sh")
        process.arguments = [page, tree.subpath("report.png")]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let png = try #require(FileManager.default.contents(atPath: tree.subpath("report.png")))
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        #expect(png.count > 10_000)
    }
}
