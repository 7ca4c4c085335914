import AssessCore
import AssessGraders
import AssessTestSupport
import Foundation
import Testing

/// Specs written by hand to the OpenAPI 3.0.3 and 3.1.0 specifications (spec.openapis.org);
/// the corpus files are oasdiff's test data.
@Suite struct OpenAPIValidGraderTests {
    let root = """
        openapi: 3.0.3
        info: { title: Orders, version: 1.2.0 }
        paths:
          /v1/orders:
            get:
              operationId: listOrders
              responses:
                '200':
                  description: The orders
                  content:
                    application/json:
                      schema: { $ref: 'schemas/order.yaml#/Order' }

        """

    let schemas = """
        Order:
          type: object
          properties:
            id: { type: string }
            lines: { type: array, items: { $ref: '#/Line' } }
        Line:
          type: object
          properties:
            sku: { type: string }

        """

    @Test func aSpecSplitOverFilesPasses() async throws {
        let r = try await gradeSingle(
            grader: "openapi.valid", with: "{}", paths: ["api/openapi.yaml"],
            files: ["api/openapi.yaml": root, "api/schemas/order.yaml": schemas])
        #expect(r.status == .passed, "\(r.findings)")
        #expect(
            r.findings.map(\.description) == [
                "api/openapi.yaml:1:1: info: OpenAPI 3.0.3 'Orders' 1.2.0: 1 paths, 1 operations"
            ])
    }

    @Test func aBrokenReferenceInAnotherFileHasItsLocation() async throws {
        let broken = schemas.replacingOccurrences(of: "'#/Line'", with: "'#/LineItem'")
        let r = try await gradeSingle(
            grader: "openapi.valid", with: "{}", paths: ["api/openapi.yaml"],
            files: ["api/openapi.yaml": root, "api/schemas/order.yaml": broken])
        #expect(r.status == .failed)
        #expect(
            r.findings.contains {
                $0.description
                    == "api/schemas/order.yaml:5:42: error: $ref '#/LineItem': nothing at '#/LineItem' in api/schemas/order.yaml"
            }, "\(r.findings)")
    }

    @Test func aMissingReferencedFileIsReportedAtTheRef() async throws {
        let r = try await gradeSingle(
            grader: "openapi.valid", with: "{}", paths: ["api/openapi.yaml"], files: ["api/openapi.yaml": root])
        #expect(r.status == .failed)
        #expect(
            r.findings.first?.description
                == "api/openapi.yaml:12:31: error: $ref 'schemas/order.yaml#/Order': no file 'schemas/order.yaml' in the submission"
        )
    }

    @Test func aYAMLSyntaxErrorHasItsLocationAndTheRestIsGraded() async throws {
        let r = try await gradeSingle(
            grader: "openapi.valid", with: "{}", paths: ["*.yaml"],
            files: [
                "a.yaml": root.replacingOccurrences(of: "'schemas/order.yaml#/Order'", with: "'#/components/schemas/O'")
                    + "components:\n  schemas:\n    O: { type: object }\n",
                "b.yaml": "openapi: 3.1.0\ninfo: { title: [unclosed\n",
            ])
        #expect(r.status == .partial, "\(r.findings)")
        #expect(r.score == 0.5)
        #expect(r.findings.first?.location?.file == "b.yaml")
        #expect((r.findings.first?.location?.line ?? 0) >= 2)
    }

    @Test func aStructuralErrorIsLocated() async throws {
        let spec = """
            openapi: 3.1.0
            info: { title: Orders, version: 1.0.0 }
            paths:
              /orders:
                get:
                  responses:
                    '200': { description: ok }
                    'abc': { description: what }

            """
        let r = try await gradeSingle(grader: "openapi.valid", with: "{}", files: ["openapi.yaml": spec])
        #expect(r.status == .failed)
        #expect(r.findings.first?.location?.file == "openapi.yaml")
        #expect((r.findings.first?.location?.line ?? 0) >= 4, "\(r.findings)")
    }

    @Test func aJSONDocumentIsReadAndItsErrorsLocated() async throws {
        let spec = """
            {
              "openapi": "3.1.0",
              "info": { "title": "Orders", "version": "1.0.0" },
              "paths": {
                "/orders": {
                  "get": { "responses": { "200": { "description": "ok" } }, "parameters": [ { "name": "q" } ] }
                }
              }
            }
            """
        let r = try await gradeSingle(grader: "openapi.valid", with: "{}", files: ["openapi.json": spec])
        #expect(r.status == .failed)
        #expect(r.findings.first?.location?.file == "openapi.json")
        #expect(r.findings.first?.location?.line == 6, "\(r.findings)")
        let fixed = spec.replacingOccurrences(
            of: #"{ "name": "q" }"#, with: #"{ "name": "q", "in": "query", "schema": { "type": "string" } }"#)
        let ok = try await gradeSingle(grader: "openapi.valid", with: "{}", files: ["openapi.json": fixed])
        #expect(ok.status == .passed, "\(ok.findings)")
    }

    @Test func tooFewOperationsIsPartial() async throws {
        let other = "openapi: 3.1.0\ninfo: { title: Empty, version: 1.0.0 }\npaths: {}\n"
        let r = try await gradeSingle(
            grader: "openapi.valid", with: "{ min_operations: 1 }", paths: ["api/*.yaml"],
            files: ["api/openapi.yaml": root, "api/schemas/order.yaml": schemas, "api/empty.yaml": other])
        #expect(r.status == .partial, "\(r.findings)")
    }

    @Test(.enabled(if: sharedCorpus != nil, "needs ../shared/corpus"))
    func oasdiffsTestSpecsAreReadAndTheirOneFlawIsLocated() async throws {
        let dir = (try sharedCorpusPath("public/openapi/"))
        let base = try String(contentsOfFile: dir + "openapi-test1_base.yaml", encoding: .utf8)
        let revision = try String(contentsOfFile: dir + "openapi-test3_revision.yaml", encoding: .utf8)
        let r = try await gradeSingle(
            grader: "openapi.valid", with: "{}", files: ["base.yaml": base, "revision.yaml": revision])
        // The revision's clientCredentials flow has no `scopes`, which OpenAPI 3.0 requires.
        #expect(r.status == .partial, "\(r.findings)")
        #expect(
            r.findings.filter { $0.severity == .error }.map(\.description) == [
                "revision.yaml:263:11: error: Expected to find `scopes` key in Document.components.securitySchemes.OAuth.flows.clientCredentials but it is missing."
            ])
    }
}

@Suite struct OpenAPIComponentLibraryTests {
    static let library = """
        openapi: 3.1.0
        info: { title: Shared components, version: 1.0.0 }
        paths: {}
        components:
          responses:
            NotFound: { description: No such order }

        """
    static let api = """
        openapi: 3.1.0
        info: { title: Orders, version: 1.0.0 }
        paths:
          /v1/orders/{id}:
            get:
              parameters: [{ name: id, in: path, required: true, schema: { type: string } }]
              responses:
                '200': { description: The order }
                '404': { $ref: 'common.yaml#/components/responses/NotFound' }

        """

    @Test func aSharedComponentsDocumentNeedsNoOperations() async throws {
        let r = try await gradeSingle(
            grader: "openapi.valid", with: "{}", paths: ["api/*.yaml"],
            files: ["api/orders.yaml": Self.api, "api/common.yaml": Self.library])
        #expect(r.status == .passed, "\(r.findings)")
        #expect(r.summary == "2 of 2 OpenAPI documents valid")
    }

    @Test func anUnreferencedDocumentWithoutOperationsStillFails() async throws {
        let r = try await gradeSingle(
            grader: "openapi.valid", with: "{}", paths: ["api/*.yaml"],
            files: [
                "api/orders.yaml": Self.api.replacingOccurrences(of: "common.yaml", with: "other.yaml"),
                "api/common.yaml": Self.library,
            ])
        #expect(r.status != .passed)
        #expect(
            r.findings.contains {
                $0.message == "0 operations; at least 1 wanted" && $0.location?.file == "api/common.yaml"
            })
    }
}
