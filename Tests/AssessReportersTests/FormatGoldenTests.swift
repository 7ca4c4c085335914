import AssessCore
import AssessGraders
import AssessReporters
import AssessTestSupport
import Foundation
import Testing

/// Every output format on the shipped samples, compared with golden files in `Golden/`
/// (regenerate with `ASSESS_UPDATE_GOLDEN=1 swift test --filter FormatGoldenTests` and read
/// the diff), and the JUnit output validated against its schema (SARIF: `SARIFTests`).
@Suite struct FormatGoldenTests {
    static let golden = repositoryRoot + "/Tests/AssessReportersTests/Golden"
    static let schemas = repositoryRoot + "/Tests/AssessReportersTests/Schemas"
    static let formats = [
        "markdown": "md", "html": "html", "junit": "xml", "sarif": "sarif", "github": "txt", "gradescope": "json",
    ]

    static func report(_ sample: String, reviews: Bool) async throws -> Report {
        let rubric = try RubricLoader(registry: .builtIn).load(
            file: repositoryRoot + "/Rubrics/phase1-service-design.yaml")
        let scores =
            try reviews
            ? Reviews.load(repositoryRoot + "/Submissions/\(sample).reviews.yaml", rubric: rubric) : Reviews()
        return await Engine().grade(
            try Submission(path: repositoryRoot + "/Submissions/" + sample), against: rubric, reviews: scores)
    }

    @Test(arguments: ["phase1-fail", "phase1-pass"])
    func everyFormatMatchesItsGoldenFile(_ sample: String) async throws {
        let report = try await Self.report(sample, reviews: sample == "phase1-pass")
        for (format, ext) in Self.formats.sorted(by: { $0.key < $1.key }) {
            let reporter = try #require(ReporterCatalogue.reporter(for: format, options: ReporterOptions()))
            let rendered = reporter.render(report)
            let path = "\(Self.golden)/\(sample).\(format).\(ext)"
            if ProcessInfo.processInfo.environment["ASSESS_UPDATE_GOLDEN"] == "1" {
                try rendered.write(to: URL(fileURLWithPath: path))
            }
            let expected = FileManager.default.contents(atPath: path)
            #expect(expected == rendered, "\(format) output for \(sample) differs from \(path)")
        }
    }

    static func run(_ arguments: [String], input: Data? = nil) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    static let hasXmllint = FileManager.default.isExecutableFile(atPath: "/usr/bin/xmllint")

    @Test(
        .enabled(if: hasXmllint, "xmllint is not installed (apt-get install libxml2-utils): JUnit schema check skipped")
    )
    func junitValidatesAgainstTheSchema() async throws {
        for sample in ["phase1-fail", "phase1-pass"] {
            let report = try await Self.report(sample, reviews: false)
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("assess-junit-\(sample).xml")
            try JUnitReporter().render(report).write(to: file)
            let (status, output) = try Self.run([
                "xmllint", "--noout", "--schema", Self.schemas + "/junit.xsd", file.path,
            ])
            #expect(status == 0, "\(output)")
        }
    }

    @Test func junitCountsMatchTheReport() async throws {
        let report = try await Self.report("phase1-fail", reviews: false)
        let xml = String(decoding: JUnitReporter().render(report), as: UTF8.self)
        #expect(
            xml.contains(
                "<testsuite name=\"phase1-service-design.phase1-fail\" tests=\"18\" failures=\"17\" errors=\"0\" skipped=\"1\""
            ))
        #expect(xml.contains("<property name=\"verdict\" value=\"failed\"/>"))
    }

    @Test func githubAnnotationsPointAtTheLinesAndEscapeTheirProperties() async throws {
        let report = try await Self.report("phase1-fail", reviews: false)
        let lines = String(decoding: GitHubAnnotationsReporter().render(report), as: UTF8.self).split(separator: "\n")
        #expect(
            lines.contains {
                $0.hasPrefix(
                    "::error file=services/orders/src/domain/order.py,line=4,col=1,title=One service is built in hexagonal architecture (partial)::domain imports adapters"
                )
            })
        #expect(
            lines.last
                == "::notice title=Phase 1 checkpoint%3A decompose an e-commerce monolith::failed: 40.1%25 (pass mark 85%25); 39 more findings in the step summary"
        )
    }
}

@Suite struct ChartRenderingTests {
    /// Load-test and trace graders fill series, histograms and waterfalls; every kind draws.
    @Test func everyChartKindDrawsAsInlineSVG() async throws {
        var report = try await FormatGoldenTests.report("phase1-fail", reviews: false)
        report.criteria[0].charts = [
            Chart(
                kind: .series, title: "p95 per second", unit: "ms",
                points: (1...30).map { Chart.Point("\($0)s", Double(40 + $0 % 7)) }),
            Chart(
                kind: .histogram, title: "latency", unit: "ms",
                points: [Chart.Point("<50", 120), Chart.Point("<100", 30), Chart.Point("≥100", 2)]),
            Chart(
                kind: .waterfall, title: "slowest trace", unit: "ms",
                spans: [
                    Chart.Span(
                        name: "POST /v1/orders", service: "gateway", depth: 0, offset: 0, duration: 180, failed: false),
                    Chart.Span(name: "charge", service: "payments", depth: 1, offset: 20, duration: 150, failed: true),
                ]),
        ]
        let html = String(decoding: HTMLReporter().render(report), as: UTF8.self)
        #expect(html.contains("<polyline fill=\"none\" stroke=\"#1565c0\""))
        #expect(html.contains("<title>&lt;50: 120ms</title>"))
        #expect(html.contains("payments: charge</text>"))
        #expect(html.contains("fill=\"#c62828\"><title>150ms</title>"))
        #expect(!html.contains("<script"))
        let markdown = String(decoding: MarkdownReporter().render(report), as: UTF8.self)
        #expect(markdown.contains("### Service graph\n\n```mermaid\nflowchart LR\n"))
    }
}
