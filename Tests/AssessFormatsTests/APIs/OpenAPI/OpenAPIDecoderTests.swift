import AssessYAML
import OpenAPIKit
import Testing

@testable import AssessFormats

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
        let built = try OpenAPIDecoder.decode([String: AnyCodable].self, from: node)
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
        let built = try OpenAPIDecoder.decode(OpenAPI.Document.self, from: node)
        #expect(built == plain)
        #expect(
            Self.spelled(built.info.vendorExtensions.mapValues(\.value))
                == "{x-owner: {oncall: [String(ana), String(bo)], team: String(checkout)}}")
    }

    @Test func anUnknownKeyIsStillAnError() throws {
        let node = try YAMLParser().parse(
            "openapi: 3.1.0\ninfo: { title: Orders, version: 1.0.0, owner: checkout }\npaths: {}\n", file: "api.yaml")
        #expect(throws: (any Error).self) { try OpenAPIDecoder.decode(OpenAPI.Document.self, from: node) }
        #expect(throws: (any Error).self) { try YAMLNodeDecoder().decode(OpenAPI.Document.self, from: node) }
    }

    /// OpenAPIKit asks for the untyped value of every object on the way down (the document's,
    /// each path item's, operation's, response's, schema's); each map is built once however
    /// many objects above it ask, and a map the tree holds twice (a reference inlined at two
    /// places shares its node) is built once and reads the same at both.
    @Test func eachMapIsBuiltOncePerDecoding() throws {
        let parsed = try YAMLParser().parse(
            """
            openapi: 3.1.0
            info: { title: Orders, version: 1.0.0 }
            paths:
              /orders:
                x-rate-limit: { per-minute: 100 }
                get:
                  responses:
                    '200':
                      description: The orders
                      content:
                        application/json:
                          schema:
                            type: object
                            x-kind: { name: list }
                            properties:
                              id: { type: string }
            """, file: "api.yaml")
        let values = UntypedValues()
        let document = try OpenAPIDecoder.decoder(values).decode(OpenAPI.Document.self, from: parsed)
        #expect(values.built == Self.mappings(in: parsed))
        #expect(try YAMLNodeDecoder().decode(OpenAPI.Document.self, from: parsed) == document)

        // One `Limit` parameter node at two places, as `ReferenceResolver` reuses an inlined target.
        let limit = try YAMLParser().parse(
            "{ name: limit, in: query, schema: { type: integer }, x-page: { max: 100 } }", file: "common.yaml")
        var shared = try YAMLParser().parse(
            """
            openapi: 3.1.0
            info: { title: Orders, version: 1.0.0 }
            paths:
              /orders: { get: { parameters: [LIMIT], responses: { '200': { description: ok } } } }
              /items: { get: { parameters: [LIMIT], responses: { '200': { description: ok } } } }
            """, file: "api.yaml")
        shared = Self.replacing("LIMIT", with: limit, in: shared)
        let sharing = UntypedValues()
        let decoded = try OpenAPIDecoder.decoder(sharing).decode(OpenAPI.Document.self, from: shared)
        #expect(try YAMLNodeDecoder().decode(OpenAPI.Document.self, from: shared) == decoded)
        #expect(sharing.built == Self.mappings(in: shared) - Self.mappings(in: limit))
        let extensions = decoded.paths.values.compactMap(\.pathItemValue).compactMap {
            $0.get?.parameters.first?.parameterValue?.vendorExtensions.mapValues(\.value)
        }
        #expect(extensions.map(Self.spelled) == ["{x-page: {max: Int(100)}}", "{x-page: {max: Int(100)}}"])
    }

    /// The non-empty maps in a tree, counted at each place a shared node appears.
    static func mappings(in node: YAMLNode) -> Int {
        switch node.content {
        case .scalar: return 0
        case .sequence(let items, _): return items.reduce(0) { $0 + mappings(in: $1) }
        case .mapping(let pairs, _):
            return (pairs.isEmpty ? 0 : 1) + pairs.reduce(0) { $0 + mappings(in: $1.key) + mappings(in: $1.value) }
        }
    }

    /// `tree` with every scalar `placeholder` replaced by `node` (the same node each time).
    static func replacing(_ placeholder: String, with node: YAMLNode, in tree: YAMLNode) -> YAMLNode {
        var copy = tree
        switch tree.content {
        case .scalar(let text, _): return text == placeholder ? node : tree
        case .sequence(let items, let style):
            copy.content = .sequence(items.map { replacing(placeholder, with: node, in: $0) }, style)
        case .mapping(let pairs, let style):
            copy.content = .mapping(
                pairs.map { YAMLNode.Pair(key: $0.key, value: replacing(placeholder, with: node, in: $0.value)) },
                style)
        }
        return copy
    }
}
