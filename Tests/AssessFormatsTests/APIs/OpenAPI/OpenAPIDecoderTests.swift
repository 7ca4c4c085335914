import AssessFormats
import AssessYAML
import OpenAPIKit
import Testing

/// `OpenAPIDecoder` builds OpenAPIKit's untyped values straight from the tree: every value must
/// be the one `AnyCodable.init(from:)` gives on the plain node decoder, type for type, and a
/// whole document must decode to the same model either way.
@Suite struct OpenAPIDecoderTests {
    /// A value written out with the type of every part, maps in key order.
    static func spelled(_ value: Any) -> String {
        switch value {
        case let map as [String: Any]:
            return "{" + map.keys.sorted().map { "\($0): \(spelled(map[$0]!))" }.joined(separator: ", ") + "}"
        case let list as [Any]:
            return "[" + list.map(spelled).joined(separator: ", ") + "]"
        default:
            return "\(type(of: value))(\(value))"
        }
    }

    @Test func untypedValuesAreThoseAnyCodableDecodes() throws {
        let node = try YAMLParser().parse(
            """
            x-null: null
            x-tilde: ~
            x-empty:
            x-bool: true
            x-int: 12
            x-negative: -3
            x-hex: 0x1F
            x-whole: 1.0
            x-fraction: 1.5
            x-unsigned: 10000000000000000000
            x-huge: 1e300
            x-inf: .inf
            x-quoted: '12'
            x-word: yes
            x-list: [1, two, 3.5, null, [nested], {a: b}]
            x-map: { status: 200, flags: [true, false], "12": twelve }
            ? [complex, key]
            : dropped
            """, file: "x.yaml")
        let plain = try YAMLNodeDecoder().decode([String: AnyCodable].self, from: node)
        let built = try OpenAPIDecoder.decoder.decode([String: AnyCodable].self, from: node)
        #expect(Self.spelled(built.mapValues(\.value)) == Self.spelled(plain.mapValues(\.value)))
        #expect(built.count == 16)
        #expect(Self.spelled(built["x-whole"]!.value) == "Int(1)")
        #expect(Self.spelled(built["x-unsigned"]!.value) == "UInt(10000000000000000000)")
    }

    @Test func aDocumentDecodesToTheSameModelEitherWay() throws {
        let node = try YAMLParser().parse(
            """
            openapi: 3.1.0
            info: { title: Orders, version: 1.0.0, x-owner: { team: checkout, oncall: [ana, bo] } }
            paths:
              /orders/{id}:
                x-rate-limit: 100
                get:
                  operationId: getOrder
                  x-internal: false
                  parameters:
                    - { name: id, in: path, required: true, schema: { type: string, example: ord-1 } }
                  responses:
                    '200':
                      description: One order
                      x-cache: { ttl: 1.5 }
                      content:
                        application/json:
                          schema:
                            type: object
                            properties:
                              status: { type: string, enum: [open, paid, 3] }
                              total: { type: number, default: 0 }
                          example: { status: open, total: 12.5, lines: [1, 2] }
            """, file: "api.yaml")
        let plain = try YAMLNodeDecoder().decode(OpenAPI.Document.self, from: node)
        let built = try OpenAPIDecoder.decoder.decode(OpenAPI.Document.self, from: node)
        #expect(built == plain)
        #expect(
            Self.spelled(built.info.vendorExtensions.mapValues(\.value))
                == "{x-owner: {oncall: [String(ana), String(bo)], team: String(checkout)}}")
    }

    @Test func anUnknownKeyIsStillAnError() throws {
        let node = try YAMLParser().parse(
            "openapi: 3.1.0\ninfo: { title: Orders, version: 1.0.0, owner: checkout }\npaths: {}\n", file: "api.yaml")
        #expect(throws: (any Error).self) { try OpenAPIDecoder.decoder.decode(OpenAPI.Document.self, from: node) }
        #expect(throws: (any Error).self) { try YAMLNodeDecoder().decode(OpenAPI.Document.self, from: node) }
    }
}
