import AssessCore
import AssessFormats
import AssessYAML
import Testing

@testable import AssessGraders

/// The interface graders judge documents read here from a few lines of text (`APIFiles` and
/// `OpenAPIReader`, nothing on disk, no grading job), so each test names the line that makes
/// the verdict and where its finding lands.
@Suite struct APIJudgingTests {
    static func files(_ texts: (path: String, text: String)...) -> APIFiles { APIFiles(files: texts) }

    static func at(_ file: String, _ line: Int, _ column: Int) -> AssessYAML.SourceLocation {
        AssessYAML.SourceLocation(file: file, line: line, column: column)
    }

    static func errors(_ outcome: Outcome) -> [Finding] { outcome.findings.filter { $0.severity == .error } }

    /// The errors as `file:line:column: message`, so one comparison checks both.
    static func placed(_ outcome: Outcome) -> [String] {
        errors(outcome).map { "\($0.location.map { "\($0)" } ?? "nowhere"): \($0.message)" }
    }

    // MARK: asyncapi.catalog

    /// One application's AsyncAPI 3 document with one message on one channel.
    static func asyncAPI(
        _ title: String, action: String, address: String = "orders.v1.order-placed", payload: Bool = true
    ) -> String {
        """
        asyncapi: 3.0.0
        info:
          title: \(title)
          version: 1.0.0
        channels:
          placed:
            address: \(address)
            messages:
              orderPlaced:
                name: OrderPlaced
        \(payload ? "        payload:\n          type: object" : "        title: Order placed")
        operations:
          onPlaced:
            action: \(action)
            channel:
              $ref: '#/channels/placed'

        """
    }

    static let catalog = AsyncAPICatalogGrader(
        options: .init(events: [["order created", "OrderPlaced"]], versioned: true, producersAndConsumers: true))

    @Test func anEventSentByOneApplicationAndReceivedByAnotherPasses() {
        let outcome = Self.catalog.judge(
            Self.files(
                ("events/orders.yaml", Self.asyncAPI("Orders", action: "send")),
                ("events/shipping.yaml", Self.asyncAPI("Shipping", action: "receive"))))
        #expect(outcome.status == .passed, "\(outcome.summary) \(outcome.findings)")
        #expect(outcome.summary == "7 of 7 catalog checks met")
        #expect(
            outcome.findings.map(\.message).contains("event 'order created': produced by Orders, consumed by Shipping"))
    }

    @Test func aMessageWithoutPayloadOrVersionAndNoRequiredEventFails() {
        let grader = AsyncAPICatalogGrader(
            options: .init(events: [["OrderShipped"]], versioned: true, producersAndConsumers: true))
        let outcome = grader.judge(
            Self.files(
                (
                    "events/orders.yaml",
                    Self.asyncAPI("Orders", action: "send", address: "orders.placed", payload: false)
                )))
        #expect(outcome.status == .failed && outcome.summary == "0 of 3 catalog checks met", "\(outcome.summary)")
        #expect(
            Self.errors(outcome).map(\.message) == [
                "message 'OrderPlaced' has no payload schema",
                "message 'OrderPlaced' on 'orders.placed' carries no version in its channel or name",
                "no message for event 'OrderShipped'",
            ])
        #expect(Self.errors(outcome).first?.location == Self.at("events/orders.yaml", 10, 9))
    }

    @Test func anEventNobodyReceivesIsPartialAtItsMessage() {
        let outcome = Self.catalog.judge(Self.files(("events/orders.yaml", Self.asyncAPI("Orders", action: "send"))))
        #expect(outcome.status == .partial && outcome.score == 0.8, "\(outcome.summary) \(outcome.score)")
        let finding = Self.errors(outcome).first
        #expect(finding?.message == "event 'order created' has no consumer (no application receives it)")
        #expect(finding?.location == Self.at("events/orders.yaml", 10, 9))
    }

    // MARK: openapi.valid

    static func openAPI(title: String = "Orders", version: String = "1.0.0", paths: String) -> String {
        """
        openapi: 3.1.0
        info:
          title: \(title)
          version: \(version)
        paths:
        \(paths)
        """
    }

    static let listOrders = """
          /v1/orders:
            get:
              operationId: listOrders
              summary: The orders
              responses:
                '200':
                  description: The orders

        """

    static let valid = OpenAPIValidGrader(options: .init(minOperations: 1))

    @Test func aDocumentWithAnOperationIsValid() {
        let files = Self.files(("api/openapi.yaml", Self.openAPI(paths: Self.listOrders)))
        let outcome = Self.valid.judge(OpenAPIReader().read(files), in: files)
        #expect(outcome.status == .passed, "\(outcome.summary) \(outcome.findings)")
        #expect(outcome.summary == "1 of 1 OpenAPI documents valid")
        #expect(
            outcome.findings == [
                .info("OpenAPI 3.1.0 'Orders' 1.0.0: 1 paths, 1 operations", at: Self.at("api/openapi.yaml", 1, 1))
            ])
    }

    @Test func aDocumentWithTooFewOperationsFailsAtItsPaths() {
        let files = Self.files(("api/openapi.yaml", Self.openAPI(paths: Self.listOrders)))
        let outcome = OpenAPIValidGrader(options: .init(minOperations: 2)).judge(OpenAPIReader().read(files), in: files)
        #expect(outcome.status == .failed && outcome.summary == "0 of 1 OpenAPI documents valid", "\(outcome.summary)")
        #expect(
            Self.placed(outcome) == ["api/openapi.yaml:6:3: 1 operations; at least 2 wanted"])
    }

    @Test func aFileThatDoesNotParseCountsAsOneMoreDocumentFailed() {
        let files = Self.files(
            ("api/openapi.yaml", Self.openAPI(paths: Self.listOrders)), ("api/broken.yaml", "openapi: [3.1.0\n"))
        let outcome = Self.valid.judge(OpenAPIReader().read(files), in: files)
        #expect(outcome.status == .partial && outcome.score == 0.5, "\(outcome.summary) \(outcome.score)")
        #expect(outcome.summary == "1 of 2 OpenAPI documents valid")
        #expect(Self.errors(outcome).count == 1 && Self.errors(outcome)[0].location?.file == "api/broken.yaml")
    }

    // MARK: openapi.conventions

    static let conventions = OpenAPIConventionsGrader(
        options: .init(
            checks: [.operationIds, .summaries], pathNaming: .kebab, propertyNaming: .camel, listEnvelopes: []))

    static func conventionsOutcome(_ paths: String) -> Outcome {
        let files = Self.files(("openapi.yaml", Self.openAPI(paths: paths)))
        return Self.conventions.judge(OpenAPIReader().read(files), in: files)
    }

    @Test func anOperationWithIdAndSummaryMeetsTheConventions() {
        let outcome = Self.conventionsOutcome(Self.listOrders)
        #expect(outcome.status == .passed && outcome.summary == "2 of 2 convention checks met", "\(outcome.summary)")
    }

    @Test func anOperationWithNeitherFailsBothAtTheOperation() {
        let outcome = Self.conventionsOutcome(
            """
              /v1/orders:
                get:
                  responses:
                    '200':
                      description: The orders

            """)
        #expect(outcome.status == .failed && outcome.summary == "0 of 2 convention checks met", "\(outcome.summary)")
        #expect(
            Self.placed(outcome) == [
                "openapi.yaml:8:7: GET /v1/orders: no operationId",
                "openapi.yaml:8:7: GET /v1/orders: no summary",
            ])
    }

    @Test func aSecondOperationReusingAnIdIsPartial() {
        let outcome = Self.conventionsOutcome(
            Self.listOrders + """
                  /v1/orders/{id}:
                    get:
                      operationId: listOrders
                      summary: One order
                      responses:
                        '200':
                          description: The order

                """)
        #expect(outcome.status == .partial && outcome.score == 0.75, "\(outcome.summary) \(outcome.score)")
        #expect(
            Self.placed(outcome) == [
                "openapi.yaml:15:7: GET /v1/orders/{id}: operationId 'listOrders' is already used at openapi.yaml:8:20"
            ])
    }

    // MARK: openapi.versioning

    static let versioning = OpenAPIVersioningGrader(options: .init(strategy: .path, name: nil, semver: true))

    static func versioningOutcome(version: String, path: String) -> Outcome {
        let files = Self.files(
            (
                "openapi.yaml",
                Self.openAPI(
                    version: version, paths: Self.listOrders.replacingOccurrences(of: "/v1/orders", with: path))
            ))
        return Self.versioning.judge(OpenAPIReader().read(files), in: files)
    }

    @Test func aSemanticVersionAndAVersionedPathPass() {
        let outcome = Self.versioningOutcome(version: "1.2.0", path: "/v1/orders")
        #expect(outcome.status == .passed && outcome.summary == "2 of 2 follow path versioning", "\(outcome.summary)")
    }

    @Test func neitherAVersionedPathNorASemanticVersionFails() {
        let outcome = Self.versioningOutcome(version: "v1", path: "/orders")
        #expect(outcome.status == .failed, "\(outcome.summary)")
        #expect(
            Self.placed(outcome) == [
                "openapi.yaml:4:12: info.version 'v1' is not a semantic version (MAJOR.MINOR.PATCH)",
                "openapi.yaml:8:7: GET /orders: path has no /vN version segment",
            ])
    }

    @Test func anUnversionedPathUnderASemanticVersionIsPartial() {
        let outcome = Self.versioningOutcome(version: "1.2.0", path: "/orders")
        #expect(outcome.status == .partial && outcome.score == 0.5, "\(outcome.summary) \(outcome.score)")
        #expect(Self.errors(outcome).map(\.message) == ["GET /orders: path has no /vN version segment"])
    }

    // MARK: openapi.compat

    static let compat = OpenAPICompatGrader(
        options: .init(old: "api/v1.yaml", reference: nil, new: "api/v2.yaml", maxBreaking: 0, allowWithMajorBump: true)
    )

    static func compatOutcome(new version: String, paths: String) -> Outcome {
        let files = Self.files(
            ("api/v1.yaml", Self.openAPI(version: "1.0.0", paths: Self.listOrders)),
            ("api/v2.yaml", Self.openAPI(version: version, paths: paths)))
        return Self.compat.judge(OpenAPIReader().read(files), in: files)
    }

    static let twoOperations =
        listOrders + """
              /v1/orders/{id}:
                get:
                  operationId: getOrder
                  summary: One order
                  responses:
                    '200':
                      description: The order

            """

    @Test func anAddedOperationIsCompatible() {
        let outcome = Self.compatOutcome(new: "1.1.0", paths: Self.twoOperations)
        #expect(outcome.status == .passed && outcome.summary == "0 breaking of 1 changes", "\(outcome.summary)")
    }

    @Test func aRemovedPathWithoutAMajorBumpFailsAtTheOldPath() {
        let outcome = Self.compatOutcome(
            new: "1.1.0", paths: Self.listOrders.replacingOccurrences(of: "/v1/orders", with: "/v1/order-list"))
        #expect(outcome.status == .failed, "\(outcome.summary)")
        #expect(outcome.summary == "1 breaking changes (at most 0) without a major version bump")
        let finding = Self.errors(outcome).first
        #expect(
            finding?.message == "api-path-removed-without-deprecation (error) /v1/orders: path '/v1/orders' removed")
        #expect(finding?.location == Self.at("api/v1.yaml", 6, 3))
    }

    @Test func aPathMovedUnderANewMajorVersionPassesAndSaysSo() {
        let outcome = Self.compatOutcome(
            new: "2.0.0", paths: Self.listOrders.replacingOccurrences(of: "/v1/orders", with: "/v2/orders"))
        #expect(outcome.status == .passed, "\(outcome.summary)")
        #expect(
            outcome.findings.last
                == .info(
                    "major version raised from 1 to 2: the breaking changes are announced",
                    at: Self.at("api/v2.yaml", 4, 12)))
    }

    @Test func aMissingNewVersionIsAnError() {
        let files = Self.files(("api/v1.yaml", Self.openAPI(paths: Self.listOrders)))
        let outcome = Self.compat.judge(OpenAPIReader().read(files), in: files)
        #expect(
            outcome.status == .error
                && outcome.summary == "'api/v1.yaml' and 'api/v2.yaml' must both be OpenAPI documents")
    }

    // MARK: pact.contracts

    static func pact(consumer: String = "web", path: String = "/orders/42", response: Bool = true) -> String {
        """
        {
          "consumer": { "name": "\(consumer)" },
          "provider": { "name": "orders" },
          "interactions": [
            {
              "description": "an order",
              "request": { "method": "GET", "path": "\(path)" }\(response ? ",\n      \"response\": { \"status\": 200 }" : "")
            }
          ],
          "metadata": { "pactSpecification": { "version": "2.0.0" } }
        }
        """
    }

    static let ordersSpec = openAPI(
        title: "orders",
        paths: """
              /orders/{id}:
                get:
                  responses:
                    '200':
                      description: The order

            """)

    static let pacts = PactContractsGrader(
        options: .init(
            pairs: [.init(consumer: "web", provider: "orders")], minInteractions: 1, specs: nil, crossCheck: true))

    static func pactOutcome(_ contract: String) -> Outcome {
        let files = Self.files(("pacts/web-orders.json", contract), ("api/orders.yaml", Self.ordersSpec))
        return Self.pacts.judge(files, specs: OpenAPIReader().read(files))
    }

    @Test func aContractTheProvidersSpecOffersPasses() {
        let outcome = Self.pactOutcome(Self.pact())
        #expect(outcome.status == .passed && outcome.summary == "1 contracts, 1 interactions", "\(outcome.findings)")
    }

    @Test func aPathTheSpecLacksIsPartialAtTheContractsPath() {
        let outcome = Self.pactOutcome(Self.pact(path: "/order/42"))
        #expect(outcome.status == .partial && abs(outcome.score - 2.0 / 3) < 1e-9, "\(outcome.score)")
        let finding = Self.errors(outcome).first
        #expect(
            finding?.message
                == "web calls GET /order/42, which is not a path of orders's spec api/orders.yaml (paths at api/orders.yaml:5:1)"
        )
        #expect(finding?.location == Self.at("pacts/web-orders.json", 7, 45))
    }

    @Test func anUnwantedPairWithAnIncompleteInteractionOffTheSpecFails() {
        let outcome = Self.pactOutcome(Self.pact(consumer: "mobile", path: "/order/42", response: false))
        #expect(outcome.status == .failed, "\(outcome.summary) \(outcome.score)")
        #expect(
            Self.errors(outcome).map(\.message) == [
                "no contract between web → orders",
                "interaction 'an order' lacks a response status",
                "mobile calls GET /order/42, which is not a path of orders's spec api/orders.yaml (paths at api/orders.yaml:5:1)",
            ])
    }
}
