import AssessYAML
import Testing

@Suite struct YAMLNodeDecoderTests {
    struct Service: Decodable, Equatable {
        var name: String
        var version: String
        var replicas: Int
        var ratio: Double?
        var tags: [String]
        var enabled: Bool
    }

    @Test func decodesScalarsByWhatTheModelAsks() throws {
        let node = try YAMLParser().parse(
            "name: orders\nversion: 1.0\nreplicas: 3\ntags: [a, b]\nenabled: true\n", file: "s.yaml")
        let service = try YAMLNodeDecoder().decode(Service.self, from: node)
        #expect(
            service
                == Service(name: "orders", version: "1.0", replicas: 3, ratio: nil, tags: ["a", "b"], enabled: true))
    }

    @Test func aTypeMismatchPointsAtTheNode() throws {
        let node = try YAMLParser().parse(
            "name: orders\nversion: '1'\nreplicas: many\ntags: []\nenabled: true\n", file: "s.yaml")
        do {
            _ = try YAMLNodeDecoder().decode(Service.self, from: node)
            Issue.record("decoded a bad document")
        } catch let error as DecodingError {
            #expect(YAMLNodeDecoder.location(of: error, in: node).description == "s.yaml:3:11")
        }
    }

    @Test func aMissingKeyPointsAtItsMapping() throws {
        let node = try YAMLParser().parse("outer:\n  name: orders\n", file: "s.yaml")
        struct Outer: Decodable { var outer: Service }
        do {
            _ = try YAMLNodeDecoder().decode(Outer.self, from: node)
            Issue.record("decoded a bad document")
        } catch let error as DecodingError {
            #expect(YAMLNodeDecoder.location(of: error, in: node).description == "s.yaml:2:3")
        }
    }
}
