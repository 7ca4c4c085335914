import AssessFormats
import AssessYAML
import Testing

/// `OpenAPIReader` on hand-ins as texts: which files are specs, what each version reads as, a
/// spec split over files with `$ref`s between them, and the problems of a broken document, each
/// at its file, line and column. Documents follow the OpenAPI 3.0.3 / 3.1.0 specifications and
/// the Swagger 2.0 one (the Petstore shape the OpenAPI Initiative's examples use).
@Suite struct OpenAPIReaderTests {
    func read(_ files: [(String, String)]) -> (APIFiles, [OpenAPISpec]) {
        let api = APIFiles(files: files)
        return (api, OpenAPIReader().read(api))
    }

    static let orders30 = """
        openapi: 3.0.3
        info:
          title: Orders
          version: 1.0.0
        paths:
          /orders/{orderId}:
            get:
              operationId: getOrder
              parameters:
                - name: orderId
                  in: path
                  required: true
                  schema:
                    type: string
              responses:
                '200':
                  description: One order
                  content:
                    application/json:
                      schema:
                        $ref: '#/components/schemas/Order'
                '404':
                  description: No such order
        components:
          schemas:
            Order:
              type: object
              required: [id]
              properties:
                id: { type: string }
                total: { type: number, format: double }

        """

    @Test func anOpenAPI30DocumentReadsValidAndConvertedTo31() throws {
        let (_, specs) = read([
            ("api/orders.yaml", Self.orders30),
            ("docker-compose.yml", "services:\n  api: { image: orders }\n"),
        ])
        // Only the file with an `openapi` key is a spec.
        #expect(specs.map(\.file) == ["api/orders.yaml"])
        let spec = try #require(specs.first)
        #expect(spec.declaredVersion == "3.0.3")
        #expect(spec.problems.isEmpty, "\(spec.problems)")
        #expect(spec.isValid)
        let document = try #require(spec.document)
        #expect(document.info.title == "Orders")
        #expect(document.info.version == "1.0.0")
        #expect(document.paths.keys.map(\.rawValue) == ["/orders/{orderId}"])
        #expect(document.components.schemas.keys.map(\.rawValue) == ["Order"])
        // The node tree keeps locations: the Order schema starts at line 27, column 7.
        let order = try #require(spec.root["components"]?["schemas"]?["Order"])
        #expect(order.location.description == "api/orders.yaml:27:7")
    }

    @Test func anOpenAPI31JSONDocumentWithTypeArraysAndWebhooks() throws {
        let json = """
            {
              "openapi": "3.1.0",
              "info": { "title": "Pets", "version": "2.0.0", "license": { "name": "MIT", "identifier": "MIT" } },
              "paths": {
                "/pets": {
                  "get": {
                    "operationId": "listPets",
                    "responses": {
                      "200": {
                        "description": "The pets",
                        "content": {
                          "application/json": {
                            "schema": { "type": "array", "items": { "$ref": "#/components/schemas/Pet" } }
                          }
                        }
                      }
                    }
                  }
                }
              },
              "webhooks": {
                "newPet": {
                  "post": {
                    "requestBody": { "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Pet" } } } },
                    "responses": { "200": { "description": "Received" } }
                  }
                }
              },
              "components": {
                "schemas": {
                  "Pet": {
                    "type": "object",
                    "required": ["id", "name"],
                    "properties": {
                      "id": { "type": "integer", "format": "int64" },
                      "name": { "type": "string" },
                      "tag": { "type": ["string", "null"] }
                    }
                  }
                }
              }
            }
            """
        let (_, specs) = read([("openapi.json", json)])
        let spec = try #require(specs.first)
        #expect(spec.declaredVersion == "3.1.0")
        #expect(spec.problems.isEmpty, "\(spec.problems)")
        #expect(spec.isValid)
        let document = try #require(spec.document)
        #expect(document.info.license?.name == "MIT")
        #expect(document.paths.keys.map(\.rawValue) == ["/pets"])
        #expect(Array(document.webhooks.keys) == ["newPet"])
        // JSON lines and columns: the object "Pet" names opens on line 31, column 14.
        #expect(spec.root["components"]?["schemas"]?["Pet"]?.location.description == "openapi.json:31:14")
    }

    @Test func swagger20IsFoundButNotReadAndSaysWhereTheVersionIs() throws {
        let swagger = """
            swagger: "2.0"
            info:
              title: Swagger Petstore
              version: 1.0.0
            host: petstore.swagger.io
            basePath: /v1
            schemes: [http]
            paths:
              /pets:
                get:
                  operationId: listPets
                  produces: [application/json]
                  responses:
                    "200":
                      description: A paged array of pets
                      schema:
                        $ref: '#/definitions/Pets'
            definitions:
              Pets:
                type: array
                items: { type: string }

            """
        let (_, specs) = read([("swagger.yaml", swagger)])
        let spec = try #require(specs.first)
        #expect(spec.declaredVersion == "2.0")
        #expect(spec.document == nil)
        #expect(!spec.isValid)
        #expect(
            spec.problems.map(\.description) == [
                "swagger.yaml:1:10: error: OpenAPI version '2.0' is not read; write an OpenAPI 3.0 or 3.1 document"
            ])
    }

    /// The layout `swagger-cli bundle` and Redocly's `split` produce: a root, path items in their
    /// own files, schemas in a folder next to them, each `$ref` relative to the file it is in.
    @Test func aSpecSplitOverFilesIsInlinedAndKeepsEachFilesLocations() throws {
        let root = """
            openapi: 3.0.3
            info: { title: Pets, version: 1.0.0 }
            paths:
              /pets:
                $ref: 'paths/pets.yaml'

            """
        let paths = """
            get:
              operationId: listPets
              responses:
                '200':
                  description: The pets
                  content:
                    application/json:
                      schema:
                        type: array
                        items:
                          $ref: '../schemas/pet.yaml'

            """
        let pet = """
            type: object
            required: [id]
            properties:
              id: { type: integer, format: int64 }
              owner:
                $ref: 'owner.yaml#/Owner'

            """
        let owner = "Owner:\n  type: object\n  properties:\n    name: { type: string }\n"

        // The root alone names the file it needs.
        #expect(APIFiles(files: [("openapi.yaml", root)]).missingReferencedFiles == ["paths/pets.yaml"])

        let (files, specs) = read([
            ("openapi.yaml", root), ("paths/pets.yaml", paths), ("schemas/pet.yaml", pet),
            ("schemas/owner.yaml", owner),
        ])
        #expect(files.problems.isEmpty)
        #expect(files.missingReferencedFiles.isEmpty)
        // Only the root is a spec; the parts have no `openapi` key.
        #expect(specs.map(\.file) == ["openapi.yaml"])
        let spec = try #require(specs.first)
        #expect(spec.problems.isEmpty, "\(spec.problems)")
        #expect(spec.isValid)
        let get = try #require(spec.root["paths"]?["/pets"]?["get"])
        #expect(get.location.file == "paths/pets.yaml")
        let items = try #require(get["responses"]?["200"]?["content"]?["application/json"]?["schema"]?["items"])
        #expect(items["$ref"] == nil)
        #expect(items.location.description == "schemas/pet.yaml:1:1")
        #expect(
            items["properties"]?["owner"]?["properties"]?["name"]?.location.description == "schemas/owner.yaml:4:11")
        #expect(spec.document?.paths.keys.map(\.rawValue) == ["/pets"])
    }

    @Test func referencesThatLeadNowhereAreProblemsAtTheirRef() throws {
        let root = """
            openapi: 3.1.0
            info: { title: Pets, version: 1.0.0 }
            paths:
              /pets:
                $ref: 'paths/pets.yaml'
              /owners:
                $ref: 'https://example.com/owners.yaml'
              /vets:
                $ref: 'parts.yaml#/Vets'

            """
        let (_, specs) = read([("openapi.yaml", root), ("parts.yaml", "Owners: {}\n")])
        let spec = try #require(specs.first)
        #expect(!spec.isValid)
        #expect(
            spec.problems.map(\.description).prefix(3) == [
                "openapi.yaml:5:11: error: $ref 'paths/pets.yaml': no file 'paths/pets.yaml' in the submission",
                "openapi.yaml:7:11: error: $ref 'https://example.com/owners.yaml' points outside the submission and is not followed; hand in the document it names",
                "openapi.yaml:9:11: error: $ref 'parts.yaml#/Vets': nothing at '#/Vets' in parts.yaml",
            ], "\(spec.problems)")
    }

    @Test func anInvalidDocumentHasEachProblemAtItsNode() throws {
        let broken = """
            openapi: 3.0.3
            info:
              title: Orders
              version: 1.0.0
            paths:
              orders:
                get:
                  responses:
                    '200': { description: ok }
              /orders/{orderId}:
                get:
                  parameters:
                    - name: orderId
                      in: path
                      schema: { type: string }
                  responses:
                    '200':
                      content:
                        application/json:
                          schema: { $ref: '#/components/schemas/Order' }
                    'ok':
                      description: Fine

            """
        let (_, specs) = read([("api/orders.yaml", broken)])
        let spec = try #require(specs.first)
        #expect(!spec.isValid)
        #expect(
            spec.problems.map(\.description) == [
                "api/orders.yaml:20:31: error: $ref '#/components/schemas/Order': nothing at '#/components/schemas/Order' in api/orders.yaml",
                "api/orders.yaml:6:3: error: path 'orders' does not begin with '/'",
                "api/orders.yaml:13:11: error: path parameter 'orderId' must be 'required: true'",
                "api/orders.yaml:18:11: error: response '200' of GET /orders/{orderId} has no 'description'",
                "api/orders.yaml:21:9: error: response 'ok' of GET /orders/{orderId} is not a status code (200, 4XX) or 'default'",
            ], "\(spec.problems)")
    }

    @Test func aFileThatDoesNotParseIsAProblemOfTheFilesAndNoSpec() throws {
        let (files, specs) = read([("openapi.yaml", "openapi: 3.0.3\ninfo: { title: T, version: 1.0.0\npaths: {}\n")])
        #expect(specs.isEmpty)
        #expect(files.files.map(\.path) == ["openapi.yaml"])
        #expect(files.files.first?.root == nil)
        #expect(
            files.problems.map(\.description) == [
                "openapi.yaml:3:6: error: while parsing a flow mapping (started at 2:7): did not find expected ',' or '}'"
            ])
        let json = APIFiles(files: [("openapi.json", "{\"openapi\": \"3.1.0\",\n  \"info\": }\n")])
        #expect(json.problems.map(\.description) == ["openapi.json:2:11: error: expected a JSON value, found '}'"])
    }
}
