import AssessCore
import AssessGraders
import AssessTestSupport
import Foundation
import Testing

/// Two versions of an orders API written by hand to OpenAPI 3.0.3; the changes between them
/// are named after oasdiff's checks (oasdiff checker/rules.go): five breaking, three compatible.
@Suite struct OpenAPICompatGraderTests {
    static let old = """
        openapi: 3.0.3
        info: { title: Orders, version: 1.4.0 }
        paths:
          /v1/orders:
            get:
              operationId: listOrders
              responses:
                '200':
                  description: A page of orders
                  content:
                    application/json:
                      schema: { $ref: '#/components/schemas/OrderPage' }
            post:
              operationId: createOrder
              requestBody:
                required: true
                content:
                  application/json:
                    schema: { $ref: '#/components/schemas/NewOrder' }
              responses:
                '201': { description: Created }
          /v1/orders/{id}:
            delete:
              operationId: cancelOrder
              parameters: [{ name: id, in: path, required: true, schema: { type: string } }]
              responses:
                '204': { description: Cancelled }
          /v1/customers:
            get:
              operationId: listCustomers
              responses:
                '200': { description: Customers }
        components:
          schemas:
            OrderPage:
              type: object
              required: [items, total]
              properties:
                items: { type: array, items: { type: string } }
                total: { type: integer }
            NewOrder:
              type: object
              required: [sku, quantity]
              properties:
                sku: { type: string }
                quantity: { type: integer }

        """

    static let new = """
        openapi: 3.0.3
        info: { title: Orders, version: 1.5.0 }
        paths:
          /v1/orders:
            get:
              operationId: listOrders
              parameters:
                - { name: region, in: query, required: true, schema: { type: string } }
                - { name: status, in: query, schema: { type: string } }
              responses:
                '200':
                  description: A page of orders
                  content:
                    application/json:
                      schema: { $ref: '#/components/schemas/OrderPage' }
            post:
              operationId: createOrder
              requestBody:
                required: true
                content:
                  application/json:
                    schema: { $ref: '#/components/schemas/NewOrder' }
              responses:
                '201': { description: Created }
          /v1/orders/{orderId}:
            get:
              operationId: getOrder
              parameters: [{ name: orderId, in: path, required: true, schema: { type: string } }]
              responses:
                '200': { description: The order }
        components:
          schemas:
            OrderPage:
              type: object
              required: [items]
              properties:
                items: { type: array, items: { type: string } }
                next: { type: string }
            NewOrder:
              type: object
              required: [sku, quantity]
              properties:
                sku: { type: string }
                quantity: { type: string }
                note: { type: string }

        """

    @Test func fiveBreakingChangesAndOnlyThose() async throws {
        let r = try await gradeSingle(
            grader: "openapi.compat", with: "{ old: api/v1.4.yaml, new: api/v1.5.yaml }", paths: ["api/*.yaml"],
            files: ["api/v1.4.yaml": Self.old, "api/v1.5.yaml": Self.new])
        #expect(r.status == .failed)
        let errors = r.findings.filter { $0.severity == .error }.map(\.description)
        #expect(
            errors == [
                "api/v1.5.yaml:8:11: error: new-required-request-parameter (error) GET /v1/orders: added the new required 'query' request parameter 'region'",
                "api/v1.5.yaml:37:9: error: response-required-property-removed (error) GET /v1/orders: removed the property 'total' of response 200",
                "api/v1.5.yaml:44:27: error: request-property-type-changed (error) POST /v1/orders: the type of property 'quantity' of request body changed from 'integer' to 'string'",
                "api/v1.5.yaml:25:3: error: api-removed-without-deprecation (error) DELETE /v1/orders/{id}: operation removed",
                "api/v1.4.yaml:28:3: error: api-path-removed-without-deprecation (error) /v1/customers: path '/v1/customers' removed",
            ], "\(errors)")
        #expect(errors.count == 5, "\(errors)")
        let ids = Set(errors.compactMap { $0.split(separator: " ").dropFirst(2).first.map(String.init) })
        #expect(
            ids == [
                "api-path-removed-without-deprecation", "api-removed-without-deprecation",
                "new-required-request-parameter", "response-required-property-removed",
                "request-property-type-changed",
            ])
        let compatible = r.findings.filter { $0.severity == .info }.map(\.message)
        #expect(compatible.count == 3, "\(compatible)")
        #expect(r.measurements.first { $0.name == "breaking changes" }?.value == 5)
        // Every breaking change carries both locations where both exist.
        #expect(
            r.findings.first { $0.message.hasPrefix("request-property-type-changed") }?.hint?.contains("api/v1.4.yaml:")
                == true)
    }

    @Test func aMajorVersionBumpAnnouncesTheBreak() async throws {
        let bumped = Self.new.replacingOccurrences(of: "version: 1.5.0", with: "version: 2.0.0")
        let r = try await gradeSingle(
            grader: "openapi.compat", with: "{ old: a.yaml, new: b.yaml, allow_with_major_bump: true }",
            files: ["a.yaml": Self.old, "b.yaml": bumped.replacingOccurrences(of: "/v1/", with: "/v2/")])
        #expect(r.status == .passed, "\(r.summary)")
        #expect(r.findings.contains { $0.message.hasPrefix("major version raised from 1 to 2") })
    }

    @Test func securityOnAnOpenOperationAndARemovedStatusBreak() async throws {
        let secured = Self.old
            .replacingOccurrences(
                of: "      operationId: listCustomers\n",
                with: "      operationId: listCustomers\n      security: [{ bearer: [] }]\n"
            )
            .replacingOccurrences(of: "'204': { description: Cancelled }", with: "'202': { description: Accepted }")
        let r = try await gradeSingle(
            grader: "openapi.compat", with: "{ old: a.yaml, new: b.yaml }",
            files: ["a.yaml": Self.old, "b.yaml": secured])
        #expect(
            r.findings.filter { $0.severity == .error }.map(\.message) == [
                "response-success-status-removed (error) DELETE /v1/orders/{id}: removed the response with the status '204'",
                "api-security-added (error) GET /v1/customers: the operation now requires security 'bearer'",
            ], "\(r.findings)")
    }

    @Test func toleratedBreakingChanges() async throws {
        let r = try await gradeSingle(
            grader: "openapi.compat", with: "{ old: a.yaml, new: b.yaml, max_breaking: 5 }",
            files: ["a.yaml": Self.old, "b.yaml": Self.new])
        #expect(r.status == .passed)
    }

    @Test func aMalformedNewVersionIsAnErrorWithItsLocation() async throws {
        let r = try await gradeSingle(
            grader: "openapi.compat", with: "{ old: a.yaml, new: b.yaml }",
            files: ["a.yaml": Self.old, "b.yaml": "openapi: 3.0.3\npaths: [\n"])
        #expect(r.status == .error)
        #expect(r.findings.first?.location?.file == "b.yaml")
    }

    @Test(.enabled(if: sharedCorpus != nil, "needs ../shared/corpus"))
    func oasdiffsEnumPairReportsTheRemovedValue() async throws {
        let dir = (try sharedCorpusPath("public/openapi/"))
        let base = try String(
            contentsOfFile: dir + "checker_request_parameter_enum_value_updated_base.yaml", encoding: .utf8)
        let revision = try String(
            contentsOfFile: dir + "checker_request_parameter_enum_value_updated_revision.yaml", encoding: .utf8)
        let r = try await gradeSingle(
            grader: "openapi.compat", with: "{ old: base.yaml, new: revision.yaml }",
            files: ["base.yaml": base, "revision.yaml": revision])
        #expect(r.findings.contains { $0.message.hasPrefix("request-parameter-enum-value-removed") }, "\(r.findings)")
    }

    @Test(.enabled(if: sharedCorpus != nil, "needs ../shared/corpus"))
    func oasdiffsTest1AgainstTest3FindsTheRemovedSuccessResponses() async throws {
        let dir = (try sharedCorpusPath("public/openapi/"))
        let base = try String(contentsOfFile: dir + "openapi-test1_base.yaml", encoding: .utf8)
        let revision = try String(contentsOfFile: dir + "openapi-test3_revision.yaml", encoding: .utf8)
        let r = try await gradeSingle(
            grader: "openapi.compat", with: "{ old: base.yaml, new: revision.yaml }",
            files: ["base.yaml": base, "revision.yaml": revision])
        let messages = r.findings.map(\.message)
        // oasdiff's changelog (examples/changelog.md) lists: removed the success responses 200 and 201.
        #expect(messages.contains { $0.contains("response-success-status-removed") && $0.contains("'200'") })
        #expect(messages.contains { $0.contains("response-success-status-removed") && $0.contains("'201'") })
        #expect(messages.contains { $0.contains("request-parameter-removed") && $0.contains("'filter'") })
    }
}

/// The course publishes v1 of an API beside the rubric; learners hand in only their v2.
@Suite struct OpenAPICompatReferenceTests {
    func grade(reference: String?, rubricWith: String, new: String) async throws -> CriterionResult {
        let course = try TemporaryTree(reference.map { ["reference/orders-v1.yaml": $0] } ?? ["README.md": "x"])
        let rubric = """
            rubric: compat
            pass: 50
            inputs:
              api: { paths: ['api/*.yaml'], many: true }
            criteria:
              - id: compat
                grader: openapi.compat
                input: api
                with: \(rubricWith)
                hint: Keep v1 clients working.

            """
        let loaded = try RubricLoader(registry: .builtIn).load(text: rubric, file: course.path + "/compat.yaml")
        let submission = try TemporaryTree(["api/orders.yaml": new])
        let report = await Engine().grade(try Submission(path: submission.path), against: loaded, reviews: Reviews())
        return report.criteria[0]
    }

    @Test func theRubricsReferenceIsTheOldVersion() async throws {
        let r = try await grade(
            reference: OpenAPICompatGraderTests.old,
            rubricWith: "{ reference: reference/orders-v1.yaml, new: api/orders.yaml }",
            new: OpenAPICompatGraderTests.new)
        #expect(r.status == .failed)
        let breaking = r.findings.filter { $0.severity == .error }
        #expect(breaking.count == 5, "\(breaking)")
        // Each change points into the reference as well as (where it survives) the hand-in.
        #expect(
            breaking.allSatisfy {
                ($0.hint ?? $0.location?.file ?? "").contains("reference/orders-v1.yaml")
            }, "\(breaking.map { ($0.hint, $0.location) })")
    }

    @Test func aMissingReferenceRejectsTheRubric() async throws {
        do {
            _ = try await grade(
                reference: nil, rubricWith: "{ reference: reference/orders-v1.yaml, new: api/orders.yaml }",
                new: OpenAPICompatGraderTests.new)
            Issue.record("the rubric loaded without its reference")
        } catch let error as RubricError {
            #expect(error.description.contains("cannot read the file"), "\(error)")
            #expect(error.description.contains("reference/orders-v1.yaml' that 'reference' names"), "\(error)")
            #expect(error.description.contains("compat.yaml:9:24: error:"), "\(error)")
        }
    }

    /// The reference is part of what the rubric is: a course that republishes v1 changes the
    /// rubric's digest, so a batch graded against the old one is regraded on resume.
    @Test func theReferenceCountsInTheRubricsDigest() throws {
        let rubric = """
            rubric: compat
            pass: 50
            inputs:
              api: { paths: ['api/*.yaml'], many: true }
            criteria:
              - { id: compat, grader: openapi.compat, input: api, with: { reference: v1.yaml, new: api/orders.yaml }, hint: h }

            """
        let course = try TemporaryTree(["v1.yaml": OpenAPICompatGraderTests.old])
        let loader = RubricLoader(registry: .builtIn)
        let first = try loader.load(text: rubric, file: course.path + "/compat.yaml").sha256
        _ = try course.write("v1.yaml", OpenAPICompatGraderTests.old + "# republished\n")
        let second = try loader.load(text: rubric, file: course.path + "/compat.yaml").sha256
        #expect(first != second)
    }

    @Test func anAddedOAuthScopeBreaksItsHolders() async throws {
        let v1 = """
            openapi: 3.0.3
            info: { title: Orders, version: 1.0.0 }
            paths:
              /v1/orders:
                get:
                  security: [{ oauth: ['orders:read'] }]
                  responses: { '200': { description: ok } }
                post:
                  security: [{ oauth: ['orders:write'] }]
                  responses: { '201': { description: created } }

            """
        let v2 =
            v1
            .replacingOccurrences(of: "['orders:read']", with: "['orders:read', 'orders:admin']")
            .replacingOccurrences(of: "version: 1.0.0", with: "version: 1.1.0")
        let r = try await grade(
            reference: v1, rubricWith: "{ reference: reference/orders-v1.yaml, new: api/orders.yaml }", new: v2)
        #expect(
            r.findings.filter { $0.severity == .error }.map(\.message) == [
                "api-security-scope-added (error) GET /v1/orders: the security scheme 'oauth' now also requires the scope 'orders:admin'"
            ], "\(r.findings)")
        // Offering the old scope as an alternative keeps old tokens working.
        let either = v1.replacingOccurrences(
            of: "[{ oauth: ['orders:read'] }]",
            with: "[{ oauth: ['orders:read'] }, { oauth: ['orders:read', 'orders:admin'] }]")
        let kept = try await grade(
            reference: v1, rubricWith: "{ reference: reference/orders-v1.yaml, new: api/orders.yaml }", new: either)
        #expect(kept.status == .passed, "\(kept.findings)")
    }
}
