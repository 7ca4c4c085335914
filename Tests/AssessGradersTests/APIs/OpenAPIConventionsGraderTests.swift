import AssessCore
import AssessGraders
import AssessTestSupport
import Foundation
import Testing

/// Specs written by hand to OpenAPI 3.1.0; the conventions follow Spectral's `oas` ruleset
/// (operation-operationId, operation-operationId-unique, operation-description) and common
/// API style guides (pagination, naming).
@Suite struct OpenAPIConventionsGraderTests {
    static let good = """
        openapi: 3.1.0
        info: { title: Orders, version: 1.0.0 }
        paths:
          /v1/order-lines:
            get:
              operationId: listOrderLines
              summary: Order lines, a page at a time
              parameters:
                - { name: limit, in: query, schema: { type: integer } }
              responses:
                '200':
                  description: A page
                  content:
                    application/json:
                      schema:
                        type: object
                        properties:
                          items: { type: array, items: { $ref: '#/components/schemas/Line' } }
                          nextCursor: { type: string }
                      example: { items: [], nextCursor: abc }
                default: { $ref: '#/components/responses/Problem' }
        components:
          schemas:
            Line: { type: object, properties: { sku: { type: string }, unitPrice: { type: number } } }
          responses:
            Problem:
              description: A problem
              content:
                application/problem+json:
                  schema: { type: object, properties: { title: { type: string } } }

        """

    @Test func aConventionalSpecPasses() async throws {
        let r = try await gradeSingle(grader: "openapi.conventions", with: "{}", files: ["openapi.yaml": Self.good])
        #expect(r.status == .passed, "\(r.findings)")
    }

    @Test func everyMissIsNamedAtItsOperation() async throws {
        let bad = Self.good
            .replacingOccurrences(of: "      operationId: listOrderLines\n", with: "")
            .replacingOccurrences(of: "        - { name: limit, in: query, schema: { type: integer } }\n", with: "")
            .replacingOccurrences(of: "parameters:\n", with: "parameters: []\n")
            .replacingOccurrences(of: "unitPrice", with: "unit_price")
        let r = try await gradeSingle(
            grader: "openapi.conventions", with: "{ list_envelopes: [items] }", files: ["openapi.yaml": bad])
        #expect(r.status == .partial)
        #expect(
            r.findings.map(\.description) == [
                "openapi.yaml:6:7: error: GET /v1/order-lines: no operationId",
                "openapi.yaml:6:7: error: GET /v1/order-lines: returns a list but takes no paging parameter (limit, offset, page, cursor)",
                "openapi.yaml:6:7: error: GET /v1/order-lines: property 'unit_price' is not camelCase",
            ], "\(r.findings)")
        #expect(r.score == 0.5)
    }

    @Test func duplicateOperationIdsFail() async throws {
        let spec = """
            openapi: 3.1.0
            info: { title: Orders, version: 1.0.0 }
            paths:
              /a: { get: { operationId: get, responses: { '200': { description: ok } } } }
              /b: { get: { operationId: get, responses: { '200': { description: ok } } } }

            """
        let r = try await gradeSingle(
            grader: "openapi.conventions", with: "{ checks: [operation-ids] }", files: ["openapi.yaml": spec])
        #expect(r.status == .partial)
        #expect(r.findings.map(\.message) == ["GET /b: operationId 'get' is already used at openapi.yaml:4:29"])
    }

    @Test func unknownChecksAreRubricErrors() async throws {
        await #expect(throws: (any Error).self) {
            _ = try await gradeSingle(grader: "openapi.conventions", with: "{ checks: [sumaries] }", files: [:])
        }
    }

    @Test func aMalformedSpecIsLocated() async throws {
        let r = try await gradeSingle(
            grader: "openapi.conventions", with: "{}", files: ["openapi.yaml": "openapi: 3.1.0\npaths: {\n"])
        #expect(r.status == .failed)
        #expect(r.findings.first?.location?.file == "openapi.yaml")
    }
}
