import AssessFormats
import AssessYAML
import Testing

/// `AsyncAPIDocument` on 2.x and 3.x documents as texts. The 2.6 document follows the shape of
/// the AsyncAPI Initiative's Streetlights tutorial (its channels and operation semantics; the
/// text here is written for the test), the 3.0 one the "Account Service" of the 3.0 getting
/// started guide.
@Suite struct AsyncAPIDocumentTests {
    func document(_ text: String, _ file: String = "asyncapi.yaml") throws -> AsyncAPIDocument? {
        AsyncAPIDocument(try YAMLParser().parse(text, file: file), file: file)
    }

    @Test func version2PublishIsReceiveAndSubscribeIsSend() throws {
        let text = """
            asyncapi: 2.6.0
            info:
              title: Streetlights Kafka API
              version: 1.0.0
            channels:
              smartylighting.streetlights.1.0.event.{streetlightId}.lighting.measured:
                parameters:
                  streetlightId:
                    schema: { type: string }
                subscribe:
                  operationId: sendLightMeasurement
                  message:
                    $ref: '#/components/messages/lightMeasured'
              smartylighting.streetlights.1.0.action.{streetlightId}.turn.on:
                publish:
                  operationId: turnOn
                  message:
                    $ref: '#/components/messages/turnOnOff'
              smartylighting.streetlights.1.0.action.{streetlightId}.dim:
                publish:
                  operationId: dimLight
                  message:
                    oneOf:
                      - $ref: '#/components/messages/dimLight'
                      - name: dimReset
                        title: Reset dimming
            components:
              messages:
                lightMeasured:
                  name: lightMeasured
                  title: Light measured
                  contentType: application/json
                  payload:
                    type: object
                    properties:
                      lumens: { type: integer, minimum: 0 }
                turnOnOff:
                  title: Turn on/off
                  payload: { type: object }
                dimLight:
                  messageId: dim-light
                  payload: { type: object }

            """
        let doc = try #require(try document(text))
        #expect(doc.version == "2.6.0")
        #expect(doc.majorVersion == 2)
        #expect(doc.title == "Streetlights Kafka API")
        #expect(
            doc.channels.map(\.address) == [
                "smartylighting.streetlights.1.0.event.{streetlightId}.lighting.measured",
                "smartylighting.streetlights.1.0.action.{streetlightId}.turn.on",
                "smartylighting.streetlights.1.0.action.{streetlightId}.dim",
            ])
        #expect(
            doc.channels.map(\.location.description) == [
                "asyncapi.yaml:6:3", "asyncapi.yaml:14:3", "asyncapi.yaml:19:3",
            ])
        // The name comes from `name`, else `messageId`, else the key the `$ref` points at.
        #expect(doc.messages.map(\.name) == ["lightMeasured", "turnOnOff", "dim-light", "dimReset"])
        #expect(doc.messages.map(\.title) == ["Light measured", "Turn on/off", nil, "Reset dimming"])
        #expect(doc.messages.map(\.action) == [.send, .receive, .receive, .receive])
        #expect(doc.messages.map(\.hasPayload) == [true, true, true, false])
        #expect(doc.messages.map(\.channel) == [0, 1, 2, 2].map { doc.channels[$0].address })
        // A message is placed where the channel names it, not where components define it.
        #expect(doc.messages.map(\.location.line) == [13, 18, 24, 25])
    }

    @Test func version3ActionsComeFromOperationsByChannelReference() throws {
        let text = """
            asyncapi: 3.0.0
            info:
              title: Account Service
              version: 1.0.0
              description: This service is in charge of processing user signups
            channels:
              userSignedup:
                address: user/signedup
                messages:
                  UserSignedUp:
                    $ref: '#/components/messages/UserSignedUp'
              userDeleted:
                address: user/deleted
                messages:
                  userDeleted:
                    payload: { type: object }
              audit:
                messages:
                  auditEntry:
                    name: AuditEntry
            operations:
              sendUserSignedup:
                action: send
                channel:
                  $ref: '#/channels/userSignedup'
                messages:
                  - $ref: '#/channels/userSignedup/messages/UserSignedUp'
              onUserDeleted:
                action: receive
                channel:
                  $ref: '#/channels/userDeleted'
              auditEverything:
                action: publish
                channel:
                  $ref: '#/channels/audit'
            components:
              messages:
                UserSignedUp:
                  payload:
                    type: object
                    properties:
                      displayName: { type: string }

            """
        let doc = try #require(try document(text))
        #expect(doc.majorVersion == 3)
        #expect(doc.title == "Account Service")
        // A channel without `address` is known by its id.
        #expect(doc.channels.map(\.address) == ["user/signedup", "user/deleted", "audit"])
        #expect(doc.messages.map(\.name) == ["UserSignedUp", "userDeleted", "AuditEntry"])
        #expect(doc.messages.map(\.channel) == ["user/signedup", "user/deleted", "audit"])
        // `publish` is 2.x wording: 3.x knows only send and receive, so that action is unknown.
        #expect(doc.messages.map(\.action) == [.send, .receive, nil])
        #expect(doc.messages.map(\.hasPayload) == [true, true, false])
        #expect(doc.messages[0].location.description == "asyncapi.yaml:11:9")
    }

    @Test func edgeCases() throws {
        // Not AsyncAPI.
        #expect(try document("openapi: 3.1.0\ninfo: { title: T, version: '1' }\n") == nil)
        // No title: the file names it; no channels: an empty catalog.
        let bare = try #require(try document("asyncapi: '3.1.0'\ninfo: { version: 1.0.0 }\n", "events/api.yaml"))
        #expect(bare.title == "events/api.yaml")
        #expect(bare.version == "3.1.0")
        #expect(bare.channels.isEmpty && bare.messages.isEmpty)
        #expect(bare.location.description == "events/api.yaml:1:1")
        // A 2.x channel whose operation has no message names no message.
        let empty = try #require(
            try document("asyncapi: 2.0.0\ninfo: { title: T, version: '1' }\nchannels:\n  orders:\n    publish: {}\n"))
        #expect(empty.channels.map(\.address) == ["orders"])
        #expect(empty.messages.isEmpty)
    }

    @Test func aDocumentThatDoesNotParseIsLocated() {
        #expect {
            _ = try document("asyncapi: 3.0.0\nchannels:\n  orders:\n    address: 'orders\n")
        } throws: { error in
            (error as? DiagnosticError)?.diagnostics.map(\.description) == [
                "asyncapi.yaml:5:1: error: while scanning a quoted scalar (started at 4:14): found unexpected end of stream"
            ]
        }
    }
}
