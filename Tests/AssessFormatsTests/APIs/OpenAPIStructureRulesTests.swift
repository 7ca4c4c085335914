import AssessFormats
import AssessYAML
import Testing

/// The problems openapi-spec-validator reports that OpenAPIKit's decoding lets through, each
/// at its node in plain words. The document is written to the OpenAPI 3.0.3 specification.
@Suite struct OpenAPIStructureRulesTests {
    func problems(_ text: String) throws -> [String] {
        let files = APIFiles(files: [("api/orders.yaml", text)])
        return OpenAPIReader().read(files).flatMap(\.problems).map(\.description)
    }

    let orders = """
        openapi: 3.0.3
        info:
          title: Orders
          version: 1.0
        paths:
          /orders/{orderId}:
            get:
              operationId: getOrder
              parameters:
                - { name: id, in: path, required: true, schema: { type: string } }
              responses:
                '200':
                  description: One order
                  content:
                    application/json:
                      schema: { $ref: '#/components/schemas/Order' }
          /orders:
            get:
              operationId: getOrder
              responses:
                '200': { description: The orders }
        components:
          schemas:
            Order:
              type: object
              properties:
                id: { type: string, required: true }

        """

    @Test func theIssuesThreeProblemsAndADuplicateIdAreLocated() throws {
        let found = try problems(orders)
        #expect(
            found == [
                "api/orders.yaml:4:12: error: 'info.version' 1.0 is a number; write it as a string ('1.0')",
                "api/orders.yaml:8:7: error: GET /orders/{orderId}: the path template names {orderId} but no path parameter 'orderId' is declared",
                "api/orders.yaml:10:11: error: GET /orders/{orderId}: path parameter 'id' is not in the path template",
                "api/orders.yaml:19:20: error: operationId 'getOrder' of GET /orders is already used by GET /orders/{orderId} (line 8)",
                "api/orders.yaml:27:39: error: 'required: true' on a schema: a schema lists its required properties in the object's 'required' array (required: true belongs on a parameter)",
            ], "\(found)")
    }

    @Test func theCorrectedDocumentHasNoProblems() throws {
        let fixed = orders.replacingOccurrences(of: "version: 1.0", with: "version: '1.0'")
            .replacingOccurrences(of: "name: id, in: path", with: "name: orderId, in: path")
            .replacingOccurrences(of: "operationId: getOrder\n      responses", with: "operationId: listOrders\n      responses")
            .replacingOccurrences(of: "id: { type: string, required: true }", with: "id: { type: string }")
        #expect(try problems(fixed) == [])
    }

    @Test func openAPIKitMessagesArePlainText() throws {
        let duplicated = """
            openapi: 3.1.0
            info: { title: Orders, version: 1.0.0 }
            paths:
              /orders:
                get:
                  parameters:
                    - { name: limit, in: query, schema: { type: integer } }
                    - { name: limit, in: query, schema: { type: integer } }
                  responses:
                    '200': { description: The orders }

            """
        let found = try problems(duplicated)
        #expect(found.count == 1)
        #expect(found.allSatisfy { !$0.contains("**") }, "\(found)")
    }
}
