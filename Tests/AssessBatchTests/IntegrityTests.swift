import AssessBatch
import AssessCore
import AssessGraders
import AssessTestSupport
import Foundation
import Testing

/// A cohort of design documents written the way a cohort writes them: the course's template
/// headings and boilerplate in every one, the field's common phrases in many, and each
/// learner's own prose; with planted copies that were paraphrased (words changed in every
/// sentence, paragraphs reordered, headings renamed).
struct GeneratedCohort {
    /// Deterministic, so a failure reproduces.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state ^ (state >> 29)
        }
    }

    static let vocabulary = """
        order payment catalogue inventory shipping customer account invoice pricing discount cart checkout \
        service boundary context aggregate entity event command query projection replica partition \
        latency throughput budget retry timeout circuit breaker fallback saga compensation outbox \
        ledger refund warehouse courier parcel tracking promotion coupon loyalty review rating search \
        index cache eviction consistency ordering idempotent duplicate stream topic consumer producer \
        schema version contract gateway route token session identity tenant region zone failover \
        replay snapshot backlog window threshold alert dashboard metric trace span owner team \
        deploy rollout canary traffic mesh policy quota limit burst queue worker batch nightly \
        because therefore while although whenever unless since after before during within across \
        keeps owns publishes consumes rejects accepts stores forwards splits merges records emits \
        small large slow fast stale fresh strict loose early late separate shared private public
        """.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)

    static let template = """
        # Service design

        ## Bounded contexts

        List each bounded context, what it owns and the team that owns it.

        ## Context map

        Describe how the contexts relate: customer-supplier, conformist, anti-corruption layer.

        ## API strategy

        Explain how the public API is versioned and how breaking changes are handled.

        """

    /// Phrases many learners write on their own: common to the field, not copied.
    static let commonPhrases = [
        "The order service publishes an event when the order is placed.",
        "Each service owns its data and no other service reads its database.",
        "We version the public API in the path and keep the previous version for six months.",
        "The payment service calls the provider with a timeout and a circuit breaker.",
    ]

    var random: Generator

    init(seed: UInt64) { random = Generator(state: seed) }

    mutating func sentence() -> String {
        let length = Int.random(in: 11...17, using: &random)
        let words = (0..<length).map { _ in Self.vocabulary.randomElement(using: &random)! }
        return words.joined(separator: " ").capitalizedFirst + "."
    }

    mutating func paragraph() -> [String] { (0..<Int.random(in: 3...5, using: &random)).map { _ in sentence() } }

    /// A learner's own document: the template's headings and instructions, some common phrases,
    /// and their own paragraphs under each heading.
    mutating func document() -> [[String]] {
        var paragraphs: [[String]] = []
        for _ in 0..<9 {
            var paragraph = paragraph()
            if Int.random(in: 0..<3, using: &random) == 0 {
                paragraph.append(Self.commonPhrases.randomElement(using: &random)!)
            }
            paragraphs.append(paragraph)
        }
        return paragraphs
    }

    static func render(_ paragraphs: [[String]], headings: [String] = ["Bounded contexts", "Context map", "API strategy"])
        -> String
    {
        var text = template.replacingOccurrences(of: "## Bounded contexts", with: "## \(headings[0])")
            .replacingOccurrences(of: "## Context map", with: "## \(headings[1])")
            .replacingOccurrences(of: "## API strategy", with: "## \(headings[2])")
        for (index, paragraph) in paragraphs.enumerated() {
            if index == 3 { text += "\n### Details\n\n" }
            text += paragraph.joined(separator: " ") + "\n\n"
        }
        return text
    }

    /// A copy as a learner disguises one: two words changed in every sentence, the paragraphs
    /// reordered, the headings renamed.
    mutating func paraphrase(_ paragraphs: [[String]]) -> [[String]] {
        var result = paragraphs.map { paragraph in
            paragraph.map { sentence -> String in
                var words = sentence.dropLast().split(separator: " ").map(String.init)
                for _ in 0..<2 {
                    let at = Int.random(in: 0..<words.count, using: &random)
                    words[at] = Self.vocabulary.randomElement(using: &random)!
                }
                return words.joined(separator: " ") + "."
            }
        }
        result.shuffle(using: &random)
        return result
    }
}

extension String {
    fileprivate var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}

@Suite struct IntegrityTests {
    /// 60 learners, 6 of whom hand in a paraphrased copy of another's document.
    static func plantedCohort() -> (documents: [CohortIntegrity.Document], planted: Set<[String]>) {
        var generator = GeneratedCohort(seed: 42)
        var originals: [[[String]]] = []
        var documents: [CohortIntegrity.Document] = []
        for learner in 0..<54 {
            let document = generator.document()
            originals.append(document)
            documents.append(
                .init(submission: String(format: "learner-%02d", learner), file: "design.md", text: GeneratedCohort.render(document)))
        }
        var planted = Set<[String]>()
        for copy in 0..<6 {
            let source = copy * 7
            let text = GeneratedCohort.render(
                generator.paraphrase(originals[source]), headings: ["Our contexts", "How they relate", "Versioning the API"])
            let id = String(format: "copier-%02d", copy)
            documents.append(.init(submission: id, file: "docs/architecture.md", text: text))
            planted.insert([String(format: "learner-%02d", source), id].sorted())
        }
        return (documents, planted)
    }

    @Test func paraphrasedCopiesAreFoundAndNothingElse() {
        let (documents, planted) = Self.plantedCohort()
        let report = CohortIntegrity().analyse(documents: documents, template: [GeneratedCohort.template])
        let found = Set(report.pairs.map { [$0.a, $0.b].sorted() })
        let truePositives = found.intersection(planted).count
        // Precision and recall on the planted cohort: every copy found, no honest pair flagged.
        #expect(truePositives == planted.count, "recall \(truePositives)/\(planted.count): found \(found.sorted { $0[0] < $1[0] })")
        #expect(found.count == truePositives, "precision \(truePositives)/\(found.count): \(found.subtracting(planted))")
        // Each flagged pair shows the passages: lines of both documents that share fingerprints.
        for pair in report.pairs {
            #expect(!pair.passages.isEmpty)
            #expect(pair.passages.contains { $0.a != nil && $0.b != nil })
            #expect(pair.score >= 0.2 && pair.score <= 1)
        }
    }

    @Test func aTemplateHeavyCohortWithNoCopyingRaisesNoFlag() {
        var generator = GeneratedCohort(seed: 7)
        var documents: [CohortIntegrity.Document] = []
        for learner in 0..<40 {
            // Every learner keeps the template and writes a little of their own, with the
            // field's common phrases in most documents.
            let own = (0..<3).map { _ in generator.paragraph() + [GeneratedCohort.commonPhrases.randomElement(using: &generator.random)!] }
            documents.append(
                .init(submission: "learner-\(learner)", file: "design.md", text: GeneratedCohort.render(own)))
        }
        let report = CohortIntegrity().analyse(documents: documents, template: [GeneratedCohort.template])
        #expect(report.pairs.isEmpty, "\(report.pairs.map { "\($0.a)~\($0.b) \($0.score)" })")
        #expect(report.templateFingerprintsDropped > 0)
    }

    @Test func withoutTheTemplateLeftOutTheSkeletonAloneWouldNotFlagEither() {
        // The cutoff for common fingerprints catches a template nobody declared: held by the
        // whole cohort, it is common phrasing.
        var generator = GeneratedCohort(seed: 9)
        let documents = (0..<30).map { learner in
            CohortIntegrity.Document(
                submission: "l\(learner)", file: "design.md", text: GeneratedCohort.render([generator.paragraph()]))
        }
        #expect(CohortIntegrity().analyse(documents: documents).pairs.isEmpty)
    }

    @Test func reusedTracesAndIdenticalEvidenceFilesArePaired() throws {
        let cohort = try TemporaryTree()
        let trace = { (ids: [String]) in
            "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":["
                + ids.map { "{\"traceId\":\"\($0)\",\"spanId\":\"00f067aa0ba902b7\",\"name\":\"GET /orders\"}" }
                .joined(separator: ",") + "]}]}]}\n"
        }
        let shared = (0..<5).map { String(format: "4bf92f3577b34da6a3ce929d0e0e47%02x", $0) }
        let own = (0..<5).map { String(format: "0af7651916cd43dd8448eb211c8031%02x", $0) }
        let summary = "{\"metrics\":{\"http_req_duration\":{\"p(95)\":91.4,\"avg\":40.2},\"http_reqs\":{\"count\":12000}}}\n"
        _ = try cohort.write("ana/design.md", "# Design\n\nMine.\n")
        _ = try cohort.write("ana/traces/checkout.json", trace(shared))
        _ = try cohort.write("ana/load/summary.json", summary)
        _ = try cohort.write("ben/design.md", "# Design\n\nAlso mine.\n")
        // Ben's export is reformatted (another file), but the trace ids are Ana's.
        _ = try cohort.write("ben/traces/run.json", trace(shared + ["ffffffffffffffffffffffffffffff01"]))
        _ = try cohort.write("ben/load/summary.json", summary)
        _ = try cohort.write("cy/design.md", "# Design\n\nCy's own.\n")
        _ = try cohort.write("cy/traces/checkout.json", trace(own))
        _ = try cohort.write(
            "cy/load/summary.json", "{\"metrics\":{\"http_req_duration\":{\"p(95)\":88.0}}, \"note\": \"own run\"}\n")
        let rubric = try RubricLoader(registry: .builtIn).load(
            text: """
                rubric: integrity-test
                title: Integrity
                version: 1.0.0
                pass: 50
                inputs:
                  design: { paths: ["design.md"], format: markdown }
                  traces: { paths: ["traces/*.json"], many: true }
                  load: { paths: ["load/*.json"] }
                criteria:
                  - { id: d, title: Design, weight: 1, grader: file.exists, input: design, hint: Hand in a design. }
                  - { id: t, title: Traces, weight: 1, grader: file.exists, input: traces, hint: Hand in traces. }
                  - { id: l, title: Load, weight: 1, grader: file.exists, input: load, hint: Hand in a load test. }
                """, file: "integrity.yaml")
        let report = try IntegrityScan(rubric: rubric, cohort: cohort.path).run()
        #expect(report.submissions == 3)
        #expect(report.evidence.count == 1, "\(report.evidence)")
        let pair = try #require(report.evidence.first)
        #expect(pair.a == "ana" && pair.b == "ben")
        #expect(pair.matches.contains { $0.summary.hasPrefix("5 trace ids in both") })
        #expect(pair.matches.contains { $0.summary.contains("load/summary.json and load/summary.json") })
        // Flags only: the report is written as JSON, Markdown and HTML with content escaped.
        #expect(String(decoding: report.json, as: UTF8.self).contains("\"schema\" : \"assess.integrity/v2\""))
        #expect(report.markdown.contains("**ana** and **ben**"))
    }

    @Test func aCohortOfVerbatimCopiesIsFlaggedByDigestWhereItsPassagesAreTooCommon() throws {
        // Six learners hand in one document byte for byte: every fingerprint is held by more than
        // the common share, so passages cannot pair them; the digest does.
        let cohort = try TemporaryTree()
        let design = "# Design\n\n" + String(repeating: "The order service keeps its own ledger of payments. ", count: 6) + "\n"
        for learner in 0..<6 { _ = try cohort.write("l\(learner)/design.md", design) }
        for learner in 6..<20 { _ = try cohort.write("l\(learner)/design.md", "# Design\n\nMy own words, number \(learner).\n") }
        let rubric = try RubricLoader(registry: .builtIn).load(
            text: """
                rubric: integrity-copies
                title: Copies
                version: 1.0.0
                pass: 50
                inputs:
                  design: { paths: ["design.md"], format: markdown }
                criteria:
                  - { id: d, title: Design, weight: 1, grader: file.exists, input: design, hint: Hand in a design. }
                """, file: "copies.yaml")
        let report = try IntegrityScan(rubric: rubric, cohort: cohort.path).run()
        #expect(report.evidence.count == 15, "\(report.evidence.map { "\($0.a)~\($0.b)" })")
        #expect(report.evidence.allSatisfy { $0.matches.contains { $0.summary.hasPrefix("the same file: design.md and design.md") } })
    }

    @Test func passagesAreEscapedInTheHTMLPage() {
        let copied = (0..<8).map { "Sentence \($0) <script>alert(1)</script> order payment catalogue inventory shipping customer." }
            .joined(separator: " ")
        let documents = ["a", "b"].map { CohortIntegrity.Document(submission: $0, file: "design.md", text: copied) }
        let report = CohortIntegrity().analyse(documents: documents)
        #expect(report.pairs.count == 1)
        #expect(!report.html.contains("<script>") && report.html.contains("&lt;script&gt;"))
    }
}
