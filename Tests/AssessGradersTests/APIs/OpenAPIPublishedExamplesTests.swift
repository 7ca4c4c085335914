import AssessCore
import AssessTestSupport
import Foundation
import Testing

/// The OpenAPI Initiative's published examples (petstore, petstore-expanded,
/// api-with-examples, callback-example, link-example, uspto, and 3.1's webhook and
/// non-oauth-scopes examples, Apache-2.0, kept in `Tests/Conformance/openapi/sources/oai`):
/// specs their authors hold up as correct must read as valid, and the conventions must fault
/// them only where they really break one.
@Suite struct OpenAPIPublishedExamplesTests {
    static let folder = repositoryRoot + "/Tests/Conformance/openapi/sources/oai/"
    static let examples = [
        "30-petstore.yaml", "30-petstore-expanded.yaml", "30-api-with-examples.yaml", "30-callback-example.yaml",
        "30-link-example.yaml", "30-uspto.yaml", "31-petstore.yaml", "31-webhook-example.yaml",
        "31-non-oauth-scopes.yaml",
    ]

    func grade(_ example: String, _ grader: String, _ with: String) async throws -> CriterionResult {
        let text = try String(contentsOfFile: Self.folder + example, encoding: .utf8)
        return try await gradeSingle(grader: grader, with: with, paths: ["openapi.yaml"], files: ["openapi.yaml": text])
    }

    @Test(arguments: examples) func everyExampleIsValid(_ example: String) async throws {
        let r = try await grade(example, "openapi.valid", "{ min_operations: 0 }")
        #expect(r.status == .passed, "\(r.findings.filter { $0.severity == .error })")
    }

    /// A list is an array response: uspto's dataset list is one object that holds an array,
    /// and petstore's lists take `limit`; link-example's two array GETs really have no paging.
    @Test func paginationFaultsOnlyUnpagedArrays() async throws {
        var faulted: [String] = []
        for example in Self.examples {
            let r = try await grade(example, "openapi.conventions", "{ checks: [pagination] }")
            faulted += r.findings.filter { $0.severity == .error }.map { "\(example) \($0.message)" }
        }
        #expect(
            faulted == [
                "30-link-example.yaml GET /2.0/repositories/{username}: returns a list but takes no paging parameter (limit, offset, page, cursor)",
                "30-link-example.yaml GET /2.0/repositories/{username}/{slug}/pullrequests: returns a list but takes no paging parameter (limit, offset, page, cursor)",
            ])
    }

    /// A 204 has no body to show: petstore-expanded's DELETE and link-example's merge are not
    /// asked for an example.
    @Test func noExampleIsAskedOfAResponseWithoutABody() async throws {
        for example in ["30-petstore-expanded.yaml", "30-link-example.yaml"] {
            let r = try await grade(example, "openapi.conventions", "{ checks: [examples] }")
            let faulted = r.findings.filter { $0.severity == .error }.map(\.message)
            #expect(!faulted.contains { $0.hasPrefix("DELETE /pets/{id}") || $0.contains("/merge") }, "\(faulted)")
            #expect(!faulted.isEmpty, "the examples do lack examples elsewhere")
        }
    }

    /// A 3.1 document may hold only webhooks; they are operations the conventions read.
    @Test func webhooksAreOperations() async throws {
        let r = try await grade("31-webhook-example.yaml", "openapi.conventions", "{ checks: [operation-ids, summaries] }")
        #expect(
            r.findings.filter { $0.severity == .error }.map(\.description) == [
                "openapi.yaml:11:7: error: webhook newPet POST: no operationId",
                "openapi.yaml:11:7: error: webhook newPet POST: no summary",
            ])
    }
}
