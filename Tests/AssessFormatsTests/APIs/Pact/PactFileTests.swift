import AssessFormats
import AssessYAML
import Testing

/// `PactFile` on pact JSON as the Pact libraries write it: pact-js v2 (`providerState`,
/// `pactSpecification.version`), pact-jvm v3 (`providerStates`, `query` as a map, its own
/// metadata block), a v3 message pact, a v4 pact mixing HTTP and message interactions, and the
/// older pact-ruby / pact-jvm metadata spellings. Field names follow the Pact specification
/// repository (pact-foundation/pact-specification, v2–v4 READMEs).
@Suite struct PactFileTests {
    func pact(_ text: String, _ file: String = "pacts/web-orders.json") throws -> PactFile? {
        PactFile(try JSONReader().parse(text, file: file), file: file)
    }

    @Test func pactJSVersion2() throws {
        let text = """
            {
              "consumer": {
                "name": "web"
              },
              "provider": {
                "name": "orders"
              },
              "interactions": [
                {
                  "description": "a request for all orders",
                  "providerState": "orders exist",
                  "request": {
                    "method": "GET",
                    "path": "/orders",
                    "headers": {
                      "Accept": "application/json"
                    }
                  },
                  "response": {
                    "status": 200,
                    "headers": {
                      "Content-Type": "application/json; charset=utf-8"
                    },
                    "body": [
                      { "id": "o-1", "total": 12.5 }
                    ],
                    "matchingRules": {
                      "$.body": { "min": 1 },
                      "$.body[*].*": { "match": "type" }
                    }
                  }
                },
                {
                  "description": "a request for a missing order",
                  "providerState": "no order o-9",
                  "request": { "method": "GET", "path": "/orders/o-9" },
                  "response": { "status": 404 }
                }
              ],
              "metadata": {
                "pactSpecification": {
                  "version": "2.0.0"
                }
              }
            }
            """
        let file = try #require(try pact(text))
        #expect(file.consumer == "web")
        #expect(file.provider == "orders")
        #expect(file.consumerLocation?.description == "pacts/web-orders.json:3:13")
        #expect(file.providerLocation?.description == "pacts/web-orders.json:6:13")
        #expect(file.specification == "2.0.0")
        #expect(file.interactions.map(\.description) == ["a request for all orders", "a request for a missing order"])
        #expect(file.interactions.map(\.kind) == [.http, .http])
        #expect(file.interactions.map(\.method) == ["GET", "GET"])
        #expect(file.interactions.map(\.path) == ["/orders", "/orders/o-9"])
        #expect(file.interactions.map(\.status) == [200, 404])
        #expect(file.interactions.allSatisfy { $0.hasRequest && $0.hasResponse })
        #expect(
            file.interactions.map(\.location.description) == [
                "pacts/web-orders.json:9:5", "pacts/web-orders.json:33:5",
            ])
        #expect(file.interactions[0].pathLocation?.description == "pacts/web-orders.json:14:17")
        #expect(file.location.description == "pacts/web-orders.json:1:1")
    }

    @Test func pactJVMVersion3HTTPAndMessages() throws {
        let http = """
            {
              "provider": { "name": "ArticlesProvider" },
              "consumer": { "name": "ArticlesConsumer" },
              "interactions": [
                {
                  "description": "retrieving article data",
                  "request": { "method": "get", "path": "/articles.json", "query": { "id": ["1"] } },
                  "response": {
                    "status": 200,
                    "body": { "responsetest": true },
                    "matchingRules": {
                      "body": { "$.responsetest": { "matchers": [{ "match": "type" }], "combine": "AND" } }
                    }
                  },
                  "providerStates": [{ "name": "an article exists", "params": { "id": 1 } }]
                }
              ],
              "metadata": { "pactSpecification": { "version": "3.0.0" }, "pact-jvm": { "version": "4.1.7" } }
            }
            """
        let file = try #require(try pact(http))
        #expect(file.specification == "3.0.0")
        // pact-jvm may write the method in lower case; it reads upper-cased.
        #expect(file.interactions.map(\.method) == ["GET"])
        #expect(file.interactions.map(\.status) == [200])

        let messages = """
            {
              "consumer": { "name": "order-events-consumer" },
              "provider": { "name": "order-service" },
              "messages": [
                {
                  "description": "an order placed event",
                  "providerStates": [{ "name": "an order is placed" }],
                  "contents": { "orderId": "o-1", "status": "PLACED" },
                  "matchingRules": { "body": { "$.orderId": { "matchers": [{ "match": "type" }] } } },
                  "metaData": { "contentType": "application/json" }
                },
                {
                  "description": "an event with no contents yet"
                }
              ],
              "metadata": { "pactSpecification": { "version": "3.0.0" } }
            }
            """
        let messageFile = try #require(try pact(messages, "pacts/events.json"))
        #expect(messageFile.interactions.map(\.kind) == [.message, .message])
        #expect(messageFile.interactions.map(\.method) == [nil, nil])
        #expect(messageFile.interactions.map(\.hasRequest) == [true, true])
        #expect(messageFile.interactions.map(\.hasResponse) == [true, false])
        #expect(messageFile.interactions.map(\.location.line) == [5, 12])
    }

    @Test func version4MixesSynchronousHTTPAndAsynchronousMessages() throws {
        let text = """
            {
              "consumer": { "name": "checkout" },
              "provider": { "name": "payments" },
              "interactions": [
                {
                  "type": "Synchronous/HTTP",
                  "key": "2b3f1c5e",
                  "description": "a payment request",
                  "pending": false,
                  "request": { "method": "POST", "path": "/payments", "body": { "content": { "amount": 100 }, "contentType": "application/json", "encoded": false } },
                  "response": { "status": 201 }
                },
                {
                  "type": "Asynchronous/Messages",
                  "key": "9a7d0e11",
                  "description": "a payment settled event",
                  "contents": { "content": { "paymentId": "p-1" }, "contentType": "application/json", "encoded": false },
                  "metadata": { "kafka_topic": "payments" }
                }
              ],
              "metadata": { "pactSpecification": { "version": "4.0" }, "pactRust": { "models": "1.1.9" } }
            }
            """
        let file = try #require(try pact(text))
        #expect(file.specification == "4.0")
        #expect(file.interactions.map(\.kind) == [.http, .message])
        #expect(file.interactions.map(\.method) == ["POST", nil])
        #expect(file.interactions.map(\.status) == [201, nil])
        #expect(file.interactions.map(\.hasResponse) == [true, true])
    }

    @Test func olderMetadataSpellingsAndMissingParts() throws {
        let ruby = """
            {"consumer":{"name":"web"},"provider":{"name":"orders"},"interactions":[{"description":"no response","request":{"method":"delete","path":"/orders/1"}}],"metadata":{"pactSpecificationVersion":"1.0.0"}}
            """
        let file = try #require(try pact(ruby))
        #expect(file.specification == "1.0.0")
        #expect(file.interactions.map(\.method) == ["DELETE"])
        #expect(file.interactions.map(\.status) == [nil])
        #expect(file.interactions.map(\.hasRequest) == [true])
        #expect(file.interactions.map(\.hasResponse) == [false])
        #expect(file.interactions[0].pathLocation?.description == "pacts/web-orders.json:1:138")

        let jvm2 =
            #"{"consumer":{"name":"a"},"provider":{"name":"b"},"interactions":[],"metadata":{"pact-specification":{"version":"2.0.0"}}}"#
        #expect(try pact(jvm2)?.specification == "2.0.0")
        #expect(try pact(jvm2)?.interactions.isEmpty == true)

        // No metadata: no specification (read as v2 by callers); a consumer without a name.
        let bare = try #require(try pact(#"{"consumer":"web","interactions":[]}"#))
        #expect(bare.specification == nil)
        #expect(bare.consumer == nil)
        #expect(bare.consumerLocation?.description == "pacts/web-orders.json:1:13")
        #expect(bare.provider == nil && bare.providerLocation == nil)
    }

    @Test func jsonThatIsNotAPactIsNil() throws {
        #expect(try pact(#"{"name":"web","version":"1.0.0","dependencies":{}}"#, "package.json") == nil)
        #expect(try pact(#"{"consumer":{"name":"web"},"provider":{"name":"orders"}}"#) == nil)
        #expect(try pact(#"[{"consumer":{"name":"web"},"interactions":[]}]"#) == nil)
    }

    @Test func malformedJSONIsLocated() {
        #expect {
            _ = try pact(
                "{\n  \"consumer\": { \"name\": \"web\" },\n  \"interactions\": [\n    { \"description\": \"x\", }\n  ]\n}\n"
            )
        } throws: { error in
            guard let error = error as? DiagnosticError else { return false }
            return error.diagnostics.map { $0.location?.description } == ["pacts/web-orders.json:4:27"]
        }
    }
}
