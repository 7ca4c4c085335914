import AssessCore
import AssessGraders
import AssessTestSupport
import Testing

/// A Phase 1 hand-in written the way a learner outside the team would write it, without our
/// samples (`Tests/Handins/phase1-gradle-kotlin`): a Kotlin service in the standard Gradle
/// layout (`services/ordering/src/main/kotlin/com/acme/ordering/{domain,application,adapters/…}`),
/// a design in `docs/architecture.md` whose headings are its own ("API and Versioning
/// Strategy", "Testing approach", "Migration"), whose context map names every relationship on
/// its arrows with one sentence of prose, and which links nowhere. It hands in no OpenAPI
/// documents, contracts, test reports or ADRs, so those criteria fail; every criterion it
/// honestly meets must pass.
@Suite struct Phase1StrangerHandinTests {
    func grade() async throws -> Report {
        let rubric = try RubricLoader(registry: .builtIn).load(file: repositoryRoot + "/Rubrics/phase1-service-design.yaml")
        return await Engine().grade(
            try Submission(path: repositoryRoot + "/Tests/Handins/phase1-gradle-kotlin"), against: rubric,
            reviews: Reviews())
    }

    @Test func everyCriterionTheHandinMeetsPasses() async throws {
        let report = try await grade()
        let met = [
            "design-sections", "bounded-contexts", "context-map-diagram", "context-map-patterns", "names-consistent",
            "service-interfaces", "api-strategy", "hexagonal-service", "testing-strategy", "no-placeholders",
        ]
        for id in met {
            let criterion = try #require(report.criteria.first { $0.id == id })
            #expect(
                criterion.status == .passed,
                "\(id): \(criterion.summary) \(criterion.findings.filter { $0.severity != .info }.map(\.description))")
        }
        // What it did not hand in fails, and says so.
        let missing = report.criteria.filter { !met.contains($0.id) && $0.status == .failed }.map(\.id)
        #expect(missing == ["api-specs-valid", "api-versioned", "api-conventions", "consumer-contracts", "test-results"])
        // Not handing in ADRs (an optional input) and linking nowhere are no failures: both leave the score.
        #expect(report.criteria.filter { $0.status == .skipped }.map(\.id) == ["decisions-recorded", "design-links"])
    }

    @Test func theFindingsSayWhatWasTakenForWhat() async throws {
        let report = try await grade()
        let sections = try #require(report.criteria.first { $0.id == "design-sections" })
        #expect(
            sections.findings.map(\.description).contains(
                "docs/architecture.md:55:1: info: section heading '4. API and Versioning Strategy' taken as 'API Strategy' (its words in order)"
            ))
        let patterns = try #require(report.criteria.first { $0.id == "context-map-patterns" })
        #expect(patterns.summary == "5 of 7 concepts covered in section 'Context Map' (or 'Context Mapping')")
        #expect(patterns.findings.contains { $0.description == "docs/architecture.md:27:5: info: concept 'customer-supplier' found" })
        let layers = try #require(report.criteria.first { $0.id == "hexagonal-service" })
        #expect(layers.summary == "10 files in 3 layers, no forbidden import")
        #expect(
            layers.findings.map(\.message) == [
                "layers found by folder under 'services/ordering/src/main/kotlin/com/acme/ordering'"
            ])
        let links = try #require(report.criteria.first { $0.id == "design-links" })
        #expect(links.summary == "no relative links to check")
    }
}
