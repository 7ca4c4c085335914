public import AssessCore
import AssessFormats
import Foundation

/// The numbers a design document claims, checked against the submission's own measurements:
/// "p95 under 120 ms" against its load tests (or its traces), "99.95 % availability" against
/// the failed-request rate, "10,000 events/s" against throughput, "replicas converge within
/// 100 ms" against its convergence logs, "capture lag p95 under 500 ms" against its Debezium
/// stream, "10x read throughput" against its before and after runs. Claims are found by
/// `NumericClaimParser`; figures come from the same readers and `Threshold` the load-test,
/// convergence, CDC and trace graders use.
///
/// Score: claims the evidence bears out ÷ claims there was evidence to check. A claim the
/// evidence contradicts is an error at its line with the measured value beside it; a claim
/// with nothing to check it against is a warning ("unsupported") and does not count either
/// way. With claims but none checkable the outcome is inconclusive; with fewer than `min_claims`
/// (default 1), failed; with none and `min_claims: 0`, skipped.
public struct ClaimsEvidenceGrader: Grader {
    public struct Options: Sendable {
        var sections: [String]?
        var loadTests: [Glob]
        var traces: [Glob]
        var convergence: [Glob]
        var convergenceWrites: Glob
        var convergenceFields: EventFields
        var cdc: [Glob]
        var minClaims: Int
    }

    public static let description = GraderDescription(
        kind: "claims.evidence",
        summary:
            "Finds numeric claims in the design (p95 under 120 ms, 99.95 % availability, 10,000 events/s, replicas converge within 100 ms, capture lag under 500 ms, 10x read throughput; units ms, s, µs, %, /s, x) and checks each against the submission's own evidence: load tests (any tool Assess reads), traces when no load test is handed in, convergence logs, Debezium streams, before/after runs. A contradicted claim is an error at its line with the measured value; a claim with no evidence of its kind is listed as unsupported (a warning, not counted). A time bound with no statistic ('within 100 ms') is read as p(99); events/s are checked only against Kafka's perf tools, requests/s against HTTP load tests; capture lag and convergence are measured as cdc.events and consistency.convergence measure them (a negative capture lag, from skewed clocks, counts as 0); an inclusive figure holds when the measurement rounds to it at the precision written ('14.5 %' against 14.539 %); a negated figure ('not 10x faster') is no claim. Score: claims borne out ÷ claims checked; inconclusive when none could be checked, failed when there are fewer than `min_claims`, skipped when there are none and `min_claims` is 0.",
        options: [
            OptionDescription(
                "sections", .list(.names),
                "Read claims only in these sections (and their subsections), matched as `markdown.sections` matches headings; by default the whole document."
            ),
            OptionDescription(
                "loadtests", .list(.glob), default: "[\"load/**\", \"results/**\", \"bench/**\", \"loadtest/**\"]",
                "Load-test output to check latency, availability, error-rate and throughput claims against. Runs whose path names `before` or `baseline` are the baseline of a speed-up claim and are left out of the others."
            ),
            OptionDescription(
                "traces", .list(.glob), default: "[\"traces/**\"]",
                "Trace exports (OTLP JSON, Jaeger, Zipkin): latency claims are checked against trace durations when no load test is handed in."
            ),
            OptionDescription(
                "convergence", .list(.glob), default: "[\"consistency/replication/**\"]",
                "Write and replica-read logs for convergence claims, read as `consistency.convergence` reads them."),
            OptionDescription(
                "convergence_writes", .glob, default: "**/writes.*",
                "Which of the convergence files are the write log."),
            OptionDescription(
                "convergence_fields", .map(.string),
                default: "{ key: key, version: version, replica: replica, time: ts }",
                "The fields of the convergence logs, as `consistency.convergence` takes them."),
            OptionDescription(
                "cdc", .list(.glob), default: "[\"cdc/**\"]",
                "Debezium change streams for capture-lag claims (source ts_ms to ts_ms)."),
            OptionDescription(
                "min_claims", .integer, default: "1",
                "Fewer claims than this in the design fails the criterion; with 0, a design that claims no figure skips it (no points either way)."
            ),
        ],
        examples: [
            GraderExample(
                "The design's p95 and availability claims hold on its k6 summary",
                with: "{ sections: [Performance] }", paths: ["design.md"],
                files: [
                    "design.md":
                        "# Design\n\n## Performance\n\nCheckout answers with p95 under 120 ms at 200 req/s, with 99.9 % availability.\n",
                    "load/summary.json":
                        #"{"metrics": {"http_req_duration": {"avg": 41.2, "med": 38.0, "max": 180.4, "p(90)": 71.9, "p(95)": 87.5}, "http_req_failed": {"passes": 3, "fails": 11997, "value": 0.00025}, "http_reqs": {"count": 12000, "rate": 201.3}}}"#,
                ], .passes),
            GraderExample(
                "The design claims p95 under 50 ms; the load test measured 87.5 ms",
                with: "{}", paths: ["design.md"],
                files: [
                    "design.md": "# Design\n\nThe API keeps p95 latency under 50 ms.\n",
                    "load/summary.json":
                        #"{"metrics": {"http_req_duration": {"avg": 41.2, "p(95)": 87.5}, "http_reqs": {"count": 12000, "rate": 201.3}}}"#,
                ], .fails),
        ])

    public let options: Options

    public init(options: Options) { self.options = options }

    public static func options(from reader: MappingReader) -> Options? {
        func globs(_ key: String, _ fallback: [String]) -> [Glob] {
            (reader.strings(key) ?? fallback).map(Glob.init)
        }
        var fields = EventFields(key: "key", sequence: "version", partition: "replica", time: "ts")
        if let node = reader.node("convergence_fields"),
            let mapping = MappingReader(
                node, keys: ["key", "version", "replica", "time"], context: "'convergence_fields'", log: reader.log)
        {
            fields = EventFields(
                key: mapping.string("key") ?? "key", sequence: mapping.string("version") ?? "version",
                partition: mapping.string("replica") ?? "replica", time: mapping.string("time") ?? "ts")
        }
        let minClaims = reader.declaredInt("min_claims")
        if minClaims < 0 {
            reader.log.error(at: reader.node("min_claims")?.location, "'min_claims' cannot be negative")
        }
        let sections = reader.strings("sections")
        if sections?.isEmpty == true {
            reader.log.error(at: reader.node("sections")?.location, "'sections' needs at least one name")
        }
        return Options(
            sections: sections,
            loadTests: globs("loadtests", ["load/**", "results/**", "bench/**", "loadtest/**"]),
            traces: globs("traces", ["traces/**"]),
            convergence: globs("convergence", ["consistency/replication/**"]),
            convergenceWrites: Glob(reader.string("convergence_writes") ?? "**/writes.*"),
            convergenceFields: fields, cdc: globs("cdc", ["cdc/**"]), minClaims: minClaims)
    }

    /// What became of one claim.
    enum Verdict {
        case holds(Double, String)
        case contradicted(Double, String)
        case unsupported(String)
    }

    public func grade(_ job: GradingJob) async throws -> Outcome {
        let documents = try job.markdownDocuments()
        var sources: [String: [Substring]] = [:]
        for file in job.files where documents.contains(where: { $0.file == file.path }) {
            sources[file.path] = try job.text(file).lines
        }
        let claims = Self.claims(in: documents, sections: options.sections, sources: sources)
        var evidence = ClaimEvidence(job: job, options: options)
        var verdicts: [Verdict] = []
        // The evidence is read only when there are enough claims to check against it.
        if !claims.isEmpty, claims.count >= options.minClaims {
            for claim in claims { verdicts.append(await evidence.verdict(claim)) }
        }
        return judge(claims, verdicts: verdicts, readFindings: evidence.readFindings, documents: documents)
    }

    /// The claims against what the evidence measured for each (`verdicts`, in the same order):
    /// the share borne out among those that could be checked.
    func judge(_ claims: [NumericClaim], verdicts: [Verdict], readFindings: [Finding], documents: [MarkdownDocument])
        -> Outcome
    {
        if claims.isEmpty, options.minClaims == 0 {
            // Nothing claimed, nothing to check: the criterion leaves the score alone.
            return Outcome(status: .skipped, score: 0, summary: "no numeric claims to check (none required)")
        }
        if claims.count < options.minClaims {
            let place =
                options.sections.map { "sections \($0.map { "'\($0)'" }.joined(separator: ", "))" } ?? "the design"
            return .failed(
                "\(plural(claims.count, "numeric claim")) in \(place); at least \(options.minClaims) expected",
                findings: [
                    .error(
                        "found \(plural(claims.count, "numeric claim")) in \(place)",
                        at: documents.first.map { SourceLocation(file: $0.file, line: 1, column: 1) },
                        hint:
                            "state the figures the design commits to (p95 under 120 ms, 99.95 % availability, 10,000 events/s) beside the evidence that measures them"
                    )
                ])
        }
        var findings: [Finding] = []
        var measurements: [MeasuredValue] = []
        var held = 0
        var checked = 0
        var unsupported = 0
        for (claim, verdict) in zip(claims, verdicts) {
            switch verdict {
            case .holds(let value, let source):
                checked += 1
                held += 1
                findings.append(
                    .info(
                        "'\(claim.text)' holds: \(Self.display(value, claim)) measured in \(source)", at: claim.location
                    ))
                measurements.append(MeasuredValue(claim.text, value, unit: Self.unit(claim), limit: Self.limit(claim)))
            case .contradicted(let value, let source):
                checked += 1
                findings.append(
                    .error(
                        "'\(claim.text)' is contradicted by the evidence: \(Self.display(value, claim)) measured in \(source)",
                        at: claim.location,
                        hint: "state what was measured, or improve the system until the measurement bears the claim out"
                    ))
                measurements.append(MeasuredValue(claim.text, value, unit: Self.unit(claim), limit: Self.limit(claim)))
            case .unsupported(let reason):
                unsupported += 1
                findings.append(
                    Finding(
                        .warning, "'\(claim.text)' is unsupported: \(reason)", at: claim.location,
                        hint: "hand in the measurement behind the claim, or say it is a target rather than a result"))
            }
        }
        findings += readFindings.prefix(5)
        guard checked > 0 else {
            return .inconclusive(
                "\(plural(claims.count, "claim")) found, none could be checked: hand in the load tests, traces, convergence logs or change streams that measure them",
                findings: findings)
        }
        let summary =
            "\(held) of \(plural(checked, "checked claim")) borne out by the evidence"
            + (unsupported > 0 ? "; \(unsupported) unsupported" : "")
        return .scored(Double(held) / Double(checked), summary, findings: findings, measurements: measurements)
    }

    /// The claims of the named sections (or of every block of the documents), in order. A
    /// paragraph reads as one text (a claim may wrap); each claim is then placed on the source
    /// line that holds its words.
    static func claims(in documents: [MarkdownDocument], sections: [String]?, sources: [String: [Substring]] = [:])
        -> [NumericClaim]
    {
        let parser = NumericClaimParser()
        var claims: [NumericClaim] = []
        for document in documents {
            var blocks: [MarkdownBlock]
            if let sections {
                blocks = document.sections(named: sections).flatMap(\.allBlocks)
            } else {
                blocks = document.preamble + document.allSections.flatMap(\.blocks)
            }
            var seen = Set<Int>()
            while !blocks.isEmpty {
                let block = blocks.removeFirst()
                switch block {
                case .paragraph(let paragraph):
                    guard seen.insert(paragraph.location.line).inserted else { continue }
                    claims += parser.claims(in: paragraph.text, at: paragraph.location).map {
                        locate($0, in: sources[document.file] ?? [], through: paragraph.endLine)
                    }
                case .list(let list):
                    for item in list.items {
                        guard seen.insert(item.location.line).inserted else { continue }
                        let lead = item.blocks.first.flatMap { block -> MarkdownParagraph? in
                            if case .paragraph(let p) = block { return p } else { return nil }
                        }
                        claims += parser.claims(in: lead?.text ?? item.text, at: lead?.location ?? item.location).map {
                            locate($0, in: sources[document.file] ?? [], through: lead?.endLine ?? item.location.line)
                        }
                        blocks += item.blocks.dropFirst(lead == nil ? 0 : 1)
                    }
                case .table(let table):
                    for row in table.rows {
                        guard let first = row.first, seen.insert(first.location.line).inserted else { continue }
                        // A row reads as one sentence: "| Checkout p95 | under 120 ms |".
                        let text = row.map(\.text).joined(separator: " ")
                        for claim in parser.claims(in: text, at: first.location) {
                            var located = claim
                            located.location = row.first { $0.text.contains(claim.text) }?.location ?? first.location
                            claims.append(located)
                        }
                    }
                case .quote(let inner, _, _):
                    blocks += inner
                default:
                    continue
                }
            }
        }
        return claims
    }

    /// The claim moved to the first line from its block's start to `endLine` that holds its
    /// words (or, for a claim wrapped across lines, its first word).
    static func locate(_ claim: NumericClaim, in lines: [Substring], through endLine: Int) -> NumericClaim {
        let start = claim.location.line
        guard start >= 1, start <= lines.count else { return claim }
        let candidates = [claim.text, String(claim.text.split(separator: " ").first ?? "")].filter { !$0.isEmpty }
        for needle in candidates {
            for number in start...min(max(start, endLine), lines.count) {
                let line = lines[number - 1]
                guard let hit = line.range(of: needle) else { continue }
                var moved = claim
                moved.location = SourceLocation(
                    file: claim.location.file, line: number,
                    column: line.distance(from: line.startIndex, to: hit.lowerBound) + 1)
                return moved
            }
        }
        return claim
    }

    static func unit(_ claim: NumericClaim) -> String? {
        switch claim.quantity {
        case .latency, .convergence, .captureLag: return "ms"
        case .availability, .errorRate: return "%"
        case .throughput, .eventThroughput: return "/s"
        case .speedup, .latencySpeedup: return "x"
        }
    }

    static func limit(_ claim: NumericClaim) -> String {
        let value = claim.quantity == .availability || claim.quantity == .errorRate ? claim.value * 100 : claim.value
        return "\(claim.comparison.rawValue) \(value.compact(places: 3))"
    }

    static func display(_ value: Double, _ claim: NumericClaim) -> String {
        switch claim.quantity {
        case .latency, .convergence, .captureLag:
            return "\(claim.statistic ?? .percentile(99)) \(value.compact(places: 2)) ms"
        case .availability: return "\((value * 100).compact(places: 3)) % of requests succeeded"
        case .errorRate: return "\((value * 100).compact(places: 3)) % of requests failed"
        case .throughput, .eventThroughput: return "\(value.compact(places: 1))/s"
        case .speedup: return "\(value.compact(places: 2))x the baseline throughput"
        case .latencySpeedup: return "\(value.compact(places: 2))x faster than the baseline"
        }
    }
}
