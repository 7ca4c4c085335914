import AssessYAML
import Testing

/// Serialized: two tests read `Tally.decoded`, one counter for the suite, and in parallel one
/// test's decoding showed in the other's count (a CI run failed on it).
@Suite(.serialized) struct YAMLNodeDecoderTests {
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

    /// A counted value: `init(from:)` counts its calls, so a test sees which way it was built.
    struct Tally: Decodable, Equatable {
        var text: String
        nonisolated(unsafe) static var decoded = 0
        init(text: String) { self.text = text }
        init(from decoder: any Decoder) throws {
            Self.decoded += 1
            text = try decoder.singleValueContainer().decode(String.self)
        }
    }

    @Test func aShortcutBuildsItsTypeWhereverAModelAsksForOne() throws {
        struct Holder: Decodable, Equatable {
            var one: Tally
            var many: [Tally]
            var maybe: Tally?
        }
        let node = try YAMLParser().parse("one: a\nmany: [b, c]\nmaybe: d\n", file: "s.yaml")
        let decoder = YAMLNodeDecoder().building(Tally.self) { node in node.scalarText.map { Tally(text: "!" + $0) } }
        Tally.decoded = 0
        let holder = try decoder.decode(Holder.self, from: node)
        #expect(
            holder
                == Holder(
                    one: Tally(text: "!a"), many: [Tally(text: "!b"), Tally(text: "!c")], maybe: Tally(text: "!d")))
        #expect(Tally.decoded == 0)
    }

    @Test func aShortcutThatCannotBuildLeavesTheErrorToTheType() throws {
        struct Holder: Decodable { var one: Tally }
        let node = try YAMLParser().parse("one: [not, text]\n", file: "s.yaml")
        let decoder = YAMLNodeDecoder().building(Tally.self) { node in node.scalarText.map { Tally(text: $0) } }
        Tally.decoded = 0
        do {
            _ = try decoder.decode(Holder.self, from: node)
            Issue.record("decoded a sequence as text")
        } catch let error as DecodingError {
            #expect(YAMLNodeDecoder.location(of: error, in: node).description == "s.yaml:1:6")
        }
        #expect(Tally.decoded == 1)
    }
}
