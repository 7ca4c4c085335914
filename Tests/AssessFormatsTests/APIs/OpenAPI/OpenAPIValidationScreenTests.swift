import AssessTestSupport
import AssessYAML
import Foundation
import Testing

@testable import AssessFormats

/// `OpenAPIValidationScreen` runs only the OpenAPIKit validations that could fail on a
/// document. These tests hold the screened reading beside the full one (every default
/// validation on every document) and require the same problems, in the same order, at the
/// same places: on every OpenAPI document in the repository (our samples, the OpenAPI
/// Initiative's published examples, the conformance corpus and strangers' shapes in it), on
/// oasdiff's test specs in `../shared/corpus` where it is checked out, and on a clean document
/// broken in each way a default validation catches.
@Suite struct OpenAPIValidationScreenTests {
    static func readings(_ files: [(String, String)]) -> (screened: [OpenAPISpec], full: [OpenAPISpec]) {
        let api = APIFiles(files: files)
        var full = OpenAPIReader()
        full.screensValidation = false
        return (OpenAPIReader().read(api), full.read(api))
    }

    static func described(_ specs: [OpenAPISpec]) -> [String] {
        specs.flatMap { spec in spec.problems.map { "\(spec.file): \($0)" } }
    }

    /// The folders under `roots` that hold OpenAPI documents, each read as one hand-in
    /// (references between its files followed).
    static func folders(under roots: [String]) -> [String] {
        var folders = Set<String>()
        for root in roots {
            guard let walker = FileManager.default.enumerator(atPath: root) else { continue }
            while let path = walker.nextObject() as? String {
                guard path.hasSuffix(".yaml") || path.hasSuffix(".yml") || path.hasSuffix(".json"),
                    let text = try? String(contentsOfFile: root + "/" + path, encoding: .utf8),
                    text.contains("openapi")
                else { continue }
                folders.insert(root + "/" + (path as NSString).deletingLastPathComponent)
            }
        }
        return folders.sorted()
    }

    /// The repository's own: our samples, the OpenAPI Initiative's published examples and the
    /// openapi-spec-validator corpus (Tests/Conformance/openapi).
    static let repositoryFolders = folders(
        under: ["Submissions", "Tests/Conformance/openapi"].map { repositoryRoot + "/" + $0 })

    static func files(in folder: String) -> [(String, String)] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.sorted().compactMap { name in
            guard name.hasSuffix(".yaml") || name.hasSuffix(".yml") || name.hasSuffix(".json"),
                let text = try? String(contentsOfFile: folder + "/" + name, encoding: .utf8)
            else { return nil }
            return (name, text)
        }
    }

    /// Reads every folder both ways and requires the same problems; returns the documents read.
    static func readAlike(_ folders: [String]) -> Int {
        var documents = 0
        for folder in folders {
            let (screened, full) = readings(files(in: folder))
            documents += full.count
            #expect(described(screened) == described(full), "\(folder)")
        }
        return documents
    }

    /// Reads every document of `folders` with one component of each kind taken out, both ways,
    /// so that the references to it break wherever real documents put them; returns how many
    /// of those readings OpenAPIKit found a broken reference in.
    static func readAlikeLessOneComponent(_ folders: [String]) -> Int {
        var broken = 0
        for folder in folders {
            let api = APIFiles(files: files(in: folder))
            for (index, file) in api.files.enumerated() {
                guard let root = file.root, root["openapi"] != nil, let kinds = root["components"]?.mapping else {
                    continue
                }
                for kind in kinds {
                    guard let entries = kind.value.mapping, !entries.isEmpty else { continue }
                    var mutated = api
                    let less = removing(kind.key.scalarText ?? "", from: root)
                    mutated.files[index].root = less
                    var full = OpenAPIReader()
                    full.screensValidation = false
                    let fullProblems = described([full.read(less, file: file.path, in: mutated)])
                    let screened = OpenAPIReader().read(less, file: file.path, in: mutated)
                    #expect(described([screened]) == fullProblems, "\(folder)/\(file.path)")
                    if fullProblems.contains(where: { $0.contains("reference can be found") }) { broken += 1 }
                }
            }
        }
        return broken
    }

    @Test func everyOpenAPIDocumentInTheRepositoryReadsAlikeScreenedAndInFull() {
        #expect(Self.repositoryFolders.count >= 10, "\(Self.repositoryFolders)")
        #expect(Self.readAlike(Self.repositoryFolders) >= 80)
    }

    /// Every document of the repository again with one component of each kind taken out: in
    /// schemas, parameters, responses, request bodies, path items, callbacks, examples and links.
    @Test func everyDocumentLessOneComponentOfEachKindReadsAlike() {
        // The sweep is only worth something if OpenAPIKit did find broken references in it.
        #expect(Self.readAlikeLessOneComponent(Self.repositoryFolders) >= 20)
    }

    /// oasdiff's test specs in `../shared/corpus`, whole and less a component of each kind:
    /// documents written outside the team. Skipped, with its reason, in a clone of the project
    /// alone.
    @Test(.enabled(if: sharedCorpus != nil, "../shared/corpus is absent in a clone of the project alone"))
    func theSharedCorpusSpecsReadAlikeScreenedAndInFull() throws {
        let folders = Self.folders(under: [try sharedCorpusPath("public/openapi")])
        #expect(!folders.isEmpty)
        #expect(Self.readAlike(folders) >= 4)
        #expect(Self.readAlikeLessOneComponent(folders) >= 1)
    }

    /// `root` with the first entry of `components/<kind>` taken out.
    static func removing(_ kind: String, from root: YAMLNode) -> YAMLNode {
        func without(_ node: YAMLNode, _ key: String, _ change: (YAMLNode) -> YAMLNode?) -> YAMLNode {
            guard case .mapping(let pairs, let style) = node.content else { return node }
            var copy = node
            copy.content = .mapping(
                pairs.compactMap { pair in
                    guard pair.key.scalarText == key else { return pair }
                    return change(pair.value).map { YAMLNode.Pair(key: pair.key, value: $0) }
                }, style)
            return copy
        }
        return without(root, "components") { components in
            without(components, kind) { entries in
                guard case .mapping(let pairs, let style) = entries.content else { return entries }
                var copy = entries
                copy.content = .mapping(Array(pairs.dropFirst()), style)
                return copy
            }
        }
    }

    /// A document OpenAPIKit finds nothing wrong with; each case below breaks it one way.
    static let clean = """
        openapi: 3.1.0
        info: { title: Orders, version: 1.0.0 }
        servers:
          - url: https://{region}.example.com/v1
            variables:
              region: { default: eu, enum: [eu, us] }
        paths:
          /orders/{orderId}:
            parameters:
              - $ref: '#/components/parameters/OrderId'
            get:
              operationId: getOrder
              parameters:
                - { name: expand, in: query, style: form, schema: { type: string } }
                - { name: X-Trace, in: header, schema: { type: string } }
              responses:
                '200':
                  description: One order
                  content:
                    application/json:
                      schema: { $ref: '#/components/schemas/Order' }
                  links:
                    self:
                      operationId: getOrder
                      server: { url: 'https://{region}.example.com', variables: { region: { default: eu } } }
                '404': { $ref: '#/components/responses/NotFound' }
        components:
          parameters:
            OrderId: { name: orderId, in: path, required: true, schema: { type: string } }
          schemas:
            Order:
              type: object
              properties:
                id: { type: string }
                lines: { type: array, items: { $ref: '#/components/schemas/Line' } }
            Line: { type: object, properties: { sku: { type: string } } }
          responses:
            NotFound: { description: No such order }

        """

    @Test func aCleanDocumentIsNotEncodedForValidationAtAll() throws {
        let root = try YAMLParser().parse(Self.clean, file: "api.yaml")
        #expect(OpenAPIValidationScreen(root).suspects.isEmpty)
        let (screened, full) = Self.readings([("api.yaml", Self.clean)])
        #expect(Self.described(full).isEmpty)
        #expect(Self.described(screened).isEmpty)
    }

    /// Each fault, the families the screen must name for it, and a word of OpenAPIKit's message.
    static let faults: [(String, String, String, OpenAPIValidationScreen.Families, String)] = [
        (
            "a missing schema", "$ref: '#/components/schemas/Line'", "$ref: '#/components/schemas/Lines'",
            .schemaReferences, "JSONSchema reference can be found"
        ),
        (
            "a missing response", "$ref: '#/components/responses/NotFound'", "$ref: '#/components/responses/Gone'",
            .responseReferences, "Response reference can be found"
        ),
        (
            "a missing parameter", "$ref: '#/components/parameters/OrderId'",
            "$ref: '#/components/parameters/OrderKey'", .parameterReferences,
            "Parameter reference can be found"
        ),
        (
            "a parameter listed twice", "- { name: X-Trace, in: header,", "- { name: expand, in: query,", .parameters,
            "Operation parameters are unique"
        ),
        (
            "a style its location does not allow", "in: query, style: form", "in: query, style: simple", .parameters,
            "the simple style can only be used for the path and header locations"
        ),
        (
            "a default outside its enum", "default: eu, enum: [eu, us]", "default: ap, enum: [eu, us]", .servers,
            "default must exist in enum"
        ),
        (
            "an empty enum", "default: eu, enum: [eu, us]", "default: eu, enum: []", .servers,
            "enum is either not defined or is non-empty"
        ),
        (
            "a link server's empty enum", "variables: { region: { default: eu } }",
            "variables: { region: { default: eu, enum: [] } }", .servers, "enum is either not defined or is non-empty"
        ),
    ]

    @Test(arguments: faults.indices) func eachFaultIsNamedAndReportedAsOpenAPIKitReportsIt(_ index: Int) throws {
        let (label, old, new, families, words) = Self.faults[index]
        #expect(Self.clean.contains(old), "\(label)")
        let text = Self.clean.replacingOccurrences(of: old, with: new)
        let root = try YAMLParser().parse(text, file: "api.yaml")
        #expect(OpenAPIValidationScreen(root).suspects.isSuperset(of: families), "\(label)")
        let (screened, full) = Self.readings([("api.yaml", text)])
        let problems = Self.described(full)
        #expect(problems.contains { $0.contains(words) }, "\(label): \(problems)")
        #expect(Self.described(screened) == problems, "\(label)")
    }

    /// Each fault again in an OpenAPI 3.0 document, which is decoded by OpenAPIKit30 and
    /// converted to 3.1 before it is validated (an empty `enum` does not survive the
    /// conversion, so that fault is a suspect that then passes).
    @Test(arguments: faults.indices) func eachFaultReadsAlikeInAnOpenAPI30Document(_ index: Int) throws {
        let (label, old, new, families, _) = Self.faults[index]
        let text = Self.clean.replacingOccurrences(of: old, with: new)
            .replacingOccurrences(of: "openapi: 3.1.0", with: "openapi: 3.0.3")
        #expect(text.hasPrefix("openapi: 3.0.3"))
        let root = try YAMLParser().parse(text, file: "api.yaml")
        #expect(OpenAPIValidationScreen(root).suspects.isSuperset(of: families), "\(label)")
        let (screened, full) = Self.readings([("api.yaml", text)])
        #expect(Self.described(screened) == Self.described(full), "\(label)")
    }

    /// A document with a reference of every other kind the validations look up: a request
    /// body, a callback, a response header, a link, an example, and a webhook's path item.
    static let references = """
        openapi: 3.1.0
        info: { title: Hooks, version: 1.0.0 }
        paths:
          /orders:
            post:
              operationId: placeOrder
              requestBody: { $ref: '#/components/requestBodies/NewOrder' }
              callbacks:
                shipped: { $ref: '#/components/callbacks/Shipped' }
              responses:
                '201':
                  description: Placed
                  headers:
                    Location: { $ref: '#/components/headers/Location' }
                  links:
                    order: { $ref: '#/components/links/GetOrder' }
                  content:
                    application/json:
                      schema: { type: object }
                      examples:
                        placed: { $ref: '#/components/examples/Placed' }
          /orders/{id}:
            get:
              operationId: getOrder
              parameters:
                - { name: id, in: path, required: true, schema: { type: string } }
              responses:
                '200': { description: One order }
        webhooks:
          orderShipped: { $ref: '#/components/pathItems/Shipped' }
        components:
          requestBodies:
            NewOrder: { content: { application/json: { schema: { type: object } } } }
          callbacks:
            Shipped:
              '{$request.body#/callback}':
                post:
                  responses: { '200': { description: Noted } }
          headers:
            Location: { schema: { type: string } }
          links:
            GetOrder: { operationId: getOrder, parameters: { id: '$response.body#/id' } }
          examples:
            Placed: { value: { id: '1' } }
          pathItems:
            Shipped:
              post:
                responses: { '200': { description: Noted } }

        """

    @Test func aDocumentWithAReferenceOfEveryKindFoundIsClean() throws {
        #expect(OpenAPIValidationScreen(try YAMLParser().parse(Self.references, file: "api.yaml")).suspects.isEmpty)
        let (screened, full) = Self.readings([("api.yaml", Self.references)])
        #expect(Self.described(full).isEmpty, "\(Self.described(full))")
        #expect(Self.described(screened).isEmpty)
    }

    @Test(arguments: [
        ("requestBodies/NewOrder'", OpenAPIValidationScreen.Families.requestReferences, "Request reference"),
        ("callbacks/Shipped'", .callbackReferences, "Callbacks reference"),
        ("headers/Location'", .headerReferences, "Header reference"),
        ("links/GetOrder'", .linkReferences, "Link reference"),
        ("examples/Placed'", .exampleReferences, "Example reference"),
        ("pathItems/Shipped'", .pathItemReferences, "PathItem reference"),
    ])
    func aMissingReferenceOfEachKindIsReportedAsOpenAPIKitReportsIt(
        _ target: String, _ family: OpenAPIValidationScreen.Families, _ words: String
    ) throws {
        let text = Self.references.replacingOccurrences(of: target, with: target.dropLast() + "Gone'")
        #expect(text != Self.references)
        #expect(OpenAPIValidationScreen(try YAMLParser().parse(text, file: "api.yaml")).suspects.contains(family))
        let (screened, full) = Self.readings([("api.yaml", text)])
        let problems = Self.described(full)
        #expect(problems.contains { $0.contains(words) }, "\(problems)")
        #expect(Self.described(screened) == problems)
    }

    /// Empty path segments are dropped by OpenAPIKit's lookup as by the screen's: both find the
    /// component, and neither reading has a problem.
    @Test(arguments: ["$ref: '#/components/schemas/Line/'", "$ref: '#/components/schemas//Line'"])
    func emptySegmentsOfAReferenceAreDroppedAsOpenAPIKitDropsThem(_ reference: String) throws {
        let text = Self.clean.replacingOccurrences(of: "$ref: '#/components/schemas/Line'", with: reference)
        #expect(text != Self.clean)
        #expect(OpenAPIValidationScreen(try YAMLParser().parse(text, file: "api.yaml")).suspects.isEmpty)
        let (screened, full) = Self.readings([("api.yaml", text)])
        #expect(Self.described(full).isEmpty, "\(Self.described(full))")
        #expect(Self.described(screened).isEmpty)
    }

    /// What the screen must not be misled by: a reference written in a way OpenAPIKit does not
    /// look up as we would, a named server (OpenAPI 3.2), and a `querystring` parameter.
    @Test(arguments: [
        ("$ref: '#/components/schemas/Line'", "$ref: '#/components/schemas/Li%6Ee'"),
        ("$ref: '#/components/schemas/Line'", "$ref: '#/components/schemas/Line/properties'"),
        ("$ref: '#/components/schemas/Line'", "$ref: '#/components/securitySchemes/Line'"),
        ("- url: https://{region}.example.com/v1", "- name: main\n    url: https://{region}.example.com/v1"),
        ("{ name: X-Trace, in: header,", "{ name: q, in: querystring,"),
        ("$ref: '#/components/schemas/Line'", "$ref: '#/components/schemas/Café'"),
        (
            "  - url: https://{region}.example.com/v1",
            "  - { name: main, url: 'https://a.example.com' }\n  - name: main\n    url: https://{region}.example.com/v1"
        ),
        (
            "      - $ref: '#/components/parameters/OrderId'\n",
            "      - $ref: '#/components/parameters/OrderId'\n      - { name: orderId, in: path, required: true, schema: { type: string } }\n"
        ),
    ])
    func oddShapesAreSuspectsAndReadAlike(_ old: String, _ new: String) throws {
        #expect(Self.clean.contains(old))
        let text = Self.clean.replacingOccurrences(of: old, with: new)
        let root = try YAMLParser().parse(text, file: "api.yaml")
        #expect(!OpenAPIValidationScreen(root).suspects.isEmpty)
        let (screened, full) = Self.readings([("api.yaml", text)])
        #expect(Self.described(screened) == Self.described(full))
    }

    @Test func onlyTheNamedFamiliesAreRun() {
        #expect(OpenAPIValidationScreen.validator(for: []) == nil)
        let schemas = OpenAPIValidationScreen.validator(for: .schemaReferences)
        #expect(schemas?.validationDescriptions.count == 2)
        let all = OpenAPIValidationScreen.validator(for: .all)
        // OpenAPIKit's defaults less the unique tag names and operationIds, in its order.
        #expect(all?.validationDescriptions == OpenAPIReader.validator.validationDescriptions)
    }
}
