import AssessFormats
import AssessYAML
import Testing

/// `OpenAPIDiff` between two versions of one API written as texts, checked against oasdiff's
/// backward-compatibility rules (its check ids and levels): what breaks a client, what does
/// not, and where each change is in the old and the new file.
@Suite struct OpenAPIDiffTests {
    func node(_ text: String, _ file: String) throws -> YAMLNode {
        try YAMLParser().parse(text, file: file)
    }

    func changes(_ old: String, _ new: String) throws -> [APIChange] {
        OpenAPIDiff().changes(from: try node(old, "v1.yaml"), to: try node(new, "v2.yaml"))
    }

    static let v1 = """
        openapi: 3.0.3
        info: { title: Orders, version: 1.0.0 }
        paths:
          /orders:
            get:
              parameters:
                - { name: limit, in: query, schema: { type: integer } }
              responses:
                '200':
                  description: The orders
                  content:
                    application/json:
                      schema:
                        type: array
                        items: { $ref: '#/components/schemas/Order' }
          /orders/{id}:
            get:
              parameters:
                - { name: id, in: path, required: true, schema: { type: string } }
              responses:
                '200':
                  description: One order
                  content:
                    application/json:
                      schema: { $ref: '#/components/schemas/Order' }
                '404': { description: No such order }
          /legacy/orders:
            get:
              responses:
                '200': { description: Old listing }
        components:
          schemas:
            Order:
              type: object
              required: [id, total]
              properties:
                id: { type: string }
                total: { type: number }
                note: { type: string }

        """

    @Test func theSameDocumentHasNoChanges() throws {
        #expect(try changes(Self.v1, Self.v1).isEmpty)
    }

    @Test func removedPathRemovedPropertyNewRequiredParameterAndChangedTypeBreak() throws {
        let v2 = Self.v1
            .replacingOccurrences(
                of: "- { name: limit, in: query, schema: { type: integer } }",
                with:
                    "- { name: limit, in: query, schema: { type: string } }\n        - { name: tenant, in: header, required: true, schema: { type: string } }"
            )
            .replacingOccurrences(of: "        total: { type: number }\n", with: "")
            .replacingOccurrences(of: "required: [id, total]", with: "required: [id]")
            .replacingOccurrences(
                of: "  /legacy/orders:\n    get:\n      responses:\n        '200': { description: Old listing }\n",
                with: "")
        let found = try changes(Self.v1, v2)
        #expect(
            found.map(\.description) == [
                "request-parameter-type-changed (error) GET /orders: the type of 'query' request parameter 'limit' changed from 'integer' to 'string'",
                "new-required-request-parameter (error) GET /orders: added the new required 'header' request parameter 'tenant'",
                "response-required-property-removed (error) GET /orders: removed the property 'total' of the items of response 200",
                "response-required-property-removed (error) GET /orders/{id}: removed the property 'total' of response 200",
                "api-path-removed-without-deprecation (error) /legacy/orders: path '/legacy/orders' removed",
            ], "\(found)")
        #expect(found.allSatisfy { $0.isBreaking })
        // Each change points into both versions where it can.
        let typeChange = try #require(found.first)
        #expect(typeChange.old?.description == "v1.yaml:7:53")
        #expect(typeChange.new?.description == "v2.yaml:7:53")
        let removedPath = try #require(found.last)
        #expect(removedPath.old?.description == "v1.yaml:27:3")
        #expect(removedPath.new == nil)
        let newParameter = found[1]
        #expect(newParameter.new?.line == 8)
    }

    @Test func compatibleChangesAreReportedButDoNotBreak() throws {
        // A new optional parameter, a new response property, a renamed path parameter and a new
        // operation: clients written against v1 keep working.
        let v2 = Self.v1
            .replacingOccurrences(
                of: "- { name: limit, in: query, schema: { type: integer } }",
                with:
                    "- { name: limit, in: query, schema: { type: integer } }\n        - { name: sort, in: query, schema: { type: string, enum: [asc, desc] } }"
            )
            .replacingOccurrences(of: "/orders/{id}:", with: "/orders/{orderId}:")
            .replacingOccurrences(of: "{ name: id, in: path", with: "{ name: orderId, in: path")
            .replacingOccurrences(
                of: "        note: { type: string }\n",
                with: "        note: { type: string }\n        currency: { type: string }\n"
            )
            .replacingOccurrences(
                of: "  /orders/{orderId}:",
                with:
                    "    post:\n      requestBody:\n        content:\n          application/json:\n            schema: { $ref: '#/components/schemas/Order' }\n      responses:\n        '201': { description: Created }\n  /orders/{orderId}:"
            )
        let found = try changes(Self.v1, v2)
        #expect(
            found.map(\.description) == [
                "new-optional-request-parameter (info) GET /orders: added the new optional 'query' request parameter 'sort'",
                "endpoint-added (info) POST /orders: operation added",
            ], "\(found)")
        #expect(!found.contains { $0.isBreaking })
        #expect(found.last?.old == nil)
        #expect(found.last?.new?.description == "v2.yaml:18:7")
    }

    @Test func requestBodiesStatusesEnumsAndSecurity() throws {
        let old = """
            openapi: 3.1.0
            info: { title: Payments, version: 1.0.0 }
            paths:
              /payments:
                post:
                  requestBody:
                    content:
                      application/json:
                        schema:
                          type: object
                          properties:
                            amount: { type: integer, format: int32 }
                            method: { type: string, enum: [card, sepa, paypal] }
                  responses:
                    '201': { description: Created }
                    '409': { description: Duplicate }
                delete:
                  responses:
                    '204': { description: Gone }

            """
        let new = """
            openapi: 3.1.0
            info: { title: Payments, version: 2.0.0 }
            security:
              - bearerAuth: []
            paths:
              /payments:
                post:
                  requestBody:
                    content:
                      application/json:
                        schema:
                          type: object
                          required: [currency]
                          properties:
                            amount: { type: integer, format: int64 }
                            method: { type: string, enum: [card, sepa] }
                            currency: { type: string }
                            reference: { type: string }
                  responses:
                    '202': { description: Accepted }
            components:
              securitySchemes:
                bearerAuth: { type: http, scheme: bearer }

            """
        let found = try changes(old, new)
        #expect(
            found.map(\.description) == [
                "request-property-format-changed (error) POST /payments: the format of property 'amount' of request body changed from 'int32' to 'int64'",
                "request-property-enum-value-removed (error) POST /payments: removed the enum value 'paypal' of property 'method' of request body",
                "new-required-request-property (error) POST /payments: added the required property 'currency' to request body",
                "new-optional-request-property (info) POST /payments: added the optional property 'reference' to request body",
                "response-success-status-removed (error) POST /payments: removed the response with the status '201'",
                "response-non-success-status-removed (info) POST /payments: removed the response with the status '409'",
                "api-security-added (error) POST /payments: the operation now requires security 'bearerAuth'",
                "api-removed-without-deprecation (error) DELETE /payments: operation removed",
            ], "\(found)")
        #expect(found.filter(\.isBreaking).count == 6)
    }

    @Test func aBodyThatBecomesRequiredAndAParameterThatBecomesRequired() throws {
        let old = """
            openapi: 3.0.3
            info: { title: Notes, version: 1.0.0 }
            paths:
              /notes:
                put:
                  parameters:
                    - { name: If-Match, in: header, schema: { type: string } }
                  requestBody:
                    content:
                      text/plain:
                        schema: { type: string }
                  responses:
                    '200': { description: Saved }

            """
        let new =
            old
            .replacingOccurrences(
                of: "{ name: If-Match, in: header, schema", with: "{ name: if-match, in: header, required: true, schema"
            )
            .replacingOccurrences(of: "requestBody:\n", with: "requestBody:\n        required: true\n")
        let found = try changes(old, new)
        // Header names compare without case, as HTTP does.
        #expect(
            found.map(\.id) == ["request-parameter-became-required", "request-body-became-required"], "\(found)")
        #expect(found.allSatisfy { $0.isBreaking })
    }

    /// A path parameter renamed (`{id}` → `{orderId}`) is still the first parameter of the
    /// path, so it is compared with its old self, as oasdiff matches them: its type going from
    /// string to integer breaks every client that sends `o-17`.
    @Test func aRenamedPathParameterIsComparedByPosition() throws {
        let v2 = Self.v1
            .replacingOccurrences(of: "/orders/{id}:", with: "/orders/{orderId}:")
            .replacingOccurrences(
                of: "{ name: id, in: path, required: true, schema: { type: string } }",
                with: "{ name: orderId, in: path, required: true, schema: { type: integer } }")
        let found = try changes(Self.v1, v2)
        // Keeping the name, the same change is found.
        let sameName = Self.v1.replacingOccurrences(
            of: "{ name: id, in: path, required: true, schema: { type: string } }",
            with: "{ name: id, in: path, required: true, schema: { type: integer } }")
        #expect(
            try changes(Self.v1, sameName).map(\.description) == [
                "request-parameter-type-changed (error) GET /orders/{id}: the type of 'path' request parameter 'id' changed from 'string' to 'integer'"
            ])
        #expect(
            found.map(\.description) == [
                "request-parameter-type-changed (error) GET /orders/{id}: the type of 'path' request parameter 'id' changed from 'string' to 'integer'"
            ])
    }

    /// Header names compare without case (RFC 9110), query names do not: a server that reads
    /// `userid` ignores the `userId` its clients send, so renaming a query parameter by case
    /// breaks them.
    @Test func queryParameterNamesKeepTheirCase() throws {
        let old = """
            openapi: 3.0.3
            info: { title: Users, version: 1.0.0 }
            paths:
              /orders:
                get:
                  parameters:
                    - { name: userId, in: query, required: true, schema: { type: string } }
                  responses:
                    '200': { description: The orders }

            """
        let new = old.replacingOccurrences(of: "name: userId", with: "name: userid")
        let found = try changes(old, new)
        #expect(
            found.map(\.id) == ["request-parameter-removed", "new-required-request-parameter"], "\(found)")
    }
}
