import AssessCore
import AssessGraders
import AssessTestSupport
import Testing

@Suite struct ConsistencyNamesGraderTests {
    let options = "names: { section: Bounded Contexts }\nagainst: [{ diagram: flowchart }]"

    func design(_ diagram: String) -> String {
        "# Design\n\n## Bounded Contexts\n\n- **Ordering**: orders\n- **Payments**: money\n- **Customer Accounts**: people\n\n```mermaid\nflowchart LR\n\(diagram)\n```\n"
    }

    @Test func passesWhenTheDiagramShowsTheSameContextsUnderOtherSpellings() async throws {
        let r = try await gradeSingle(
            grader: "consistency.names", with: options,
            files: ["d.md": design("  order-service --> PaymentsService\n  customerAccounts --> order-service")])
        #expect(r.status == .passed, "\(r.findings)")
    }

    /// The must-show: a flowchart whose nodes do not match the listed contexts.
    @Test func namesEveryMismatchOnBothSides() async throws {
        let r = try await gradeSingle(
            grader: "consistency.names", with: options,
            files: ["d.md": design("  Ordering --> Warehouse\n  Ordering --> Billing")])
        #expect(r.status == .partial)
        #expect(
            r.findings.map(\.description) == [
                "d.md:6:1: error: 'Payments' from section 'Bounded Contexts' is missing from the flowchart diagram",
                "d.md:7:1: error: 'Customer Accounts' from section 'Bounded Contexts' is missing from the flowchart diagram",
                "d.md:11:3: error: 'Warehouse' in the flowchart diagram is not in section 'Bounded Contexts'",
                "d.md:12:3: error: 'Billing' in the flowchart diagram is not in section 'Bounded Contexts'",
            ])
        #expect(r.score == 0.3333)
    }

    @Test func foldersFilesAndOneWayComparison() async throws {
        let files = [
            "d.md": design("  Ordering --> Payments"), "services/ordering/main.go": "package main",
            "services/billing/main.go": "package main",
            "api/payments.yaml": "openapi: 3.0.3", "api/ordering.yaml": "openapi: 3.0.3",
            "api/customer-accounts.yaml": "openapi: 3.0.3",
        ]
        let folders = try await gradeSingle(
            grader: "consistency.names",
            with: "names: { section: Bounded Contexts }\nagainst: [{ folders: 'services/*' }]\nboth_ways: false",
            paths: ["d.md"], files: files)
        #expect(
            folders.findings.map(\.message) == [
                "'Payments' from section 'Bounded Contexts' is missing from the folders 'services/*'",
                "'Customer Accounts' from section 'Bounded Contexts' is missing from the folders 'services/*'",
            ])
        let specs = try await gradeSingle(
            grader: "consistency.names",
            with: "names: { section: Bounded Contexts }\nagainst: [{ files: 'api/*.yaml' }]",
            paths: ["d.md"], files: files)
        #expect(specs.status == .passed)
    }

    @Test func malformedSourceAndOptions() async throws {
        let r = try await gradeSingle(
            grader: "consistency.names", with: options, files: ["d.md": "# Nothing to compare\n"])
        #expect(r.status == .failed)
        #expect(r.findings.map(\.message) == ["found no names in section 'Bounded Contexts' to compare"])
        let node = try YAMLParser().parse(
            "names: { sections: X }\nagainst: [{ diagram: flowchart, folders: x }]\n", file: "o.yaml")
        let error = try #require(throws: RubricError.self) { try ConsistencyNamesGrader.options(from: node) }
        #expect(
            error.diagnostics.map(\.description) == [
                "o.yaml:1:8: error: 'names' needs 'section', 'diagram', 'folders' or 'files'",
                "o.yaml:1:10: error: unknown key 'sections' in 'names'; did you mean 'section'?",
                "o.yaml:2:11: error: an entry of 'against' takes one of 'diagram', 'folders' or 'files', not diagram and folders",
            ])
    }
}
