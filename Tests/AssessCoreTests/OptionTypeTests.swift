import AssessCore
import AssessYAML
import Foundation
import Testing

/// Each declared option type checks a `with:` value the same way for every grader, and says
/// what it is in the docs and in the JSON Schema.
@Suite struct OptionTypeTests {
    func problems(_ type: OptionType, _ yaml: String) throws -> [String] {
        let node = try YAMLParser().parse("v: \(yaml)\n", file: "o.yaml")["v"]!
        let log = DiagnosticLog()
        type.check(node, key: "v", log: log)
        return log.diagnostics.map(\.description)
    }

    @Test(
        "accepted values",
        arguments: [
            (OptionType.integer, "3"), (.number, "2.5"), (.fraction, "0.95"), (.boolean, "true"), (.string, "x"),
            (.duration, "30s"), (.duration, "28d"), (.duration, "1h30m"), (.duration, "90"), (.range, "3"),
            (.range, "{ min: 1, max: 4 }"), (.names, "Context"), (.names, "[Context, Contexts]"),
            (.choice(["a", "b"]), "b"), (.choices(["a", "b"]), "[a, b]"), (.choices(["a", "b"]), "a"),
            (.list(.duration), "[1s, 2m]"), (.map(.integer), "{ a: 1, b: 2 }"), (.structure("anything"), "{ x: [1] }"),
        ])
    func accepts(_ type: OptionType, _ yaml: String) throws {
        #expect(try problems(type, yaml).isEmpty)
    }

    @Test(
        "refused values, each at its place",
        arguments: [
            (OptionType.integer, "many", "o.yaml:1:4: error: expected a whole number for 'v', found 'many'"),
            (.fraction, "1.5", "o.yaml:1:4: error: 'v' is a share from 0 to 1, found 1.5"),
            (.boolean, "yes please", "o.yaml:1:4: error: expected true or false for 'v', found 'yes please'"),
            (
                .duration, "soon",
                "o.yaml:1:4: error: expected a duration such as '30s', '5m' or a number of seconds for 'v', found 'soon'"
            ),
            (
                .range, "{ min: 1, maxx: 3 }",
                "o.yaml:1:14: error: 'v' takes 'min' and 'max'; found 'maxx'; did you mean 'max'?"
            ),
            (
                .choice(["auto", "list"]), "lsit",
                "o.yaml:1:4: error: 'v' is one of auto, list; found 'lsit'; did you mean 'list'?"
            ),
            (
                .choices(["owner", "system"]), "[owner, sytem]",
                "o.yaml:1:12: error: unknown 'sytem' in 'v'; expected one of owner, system; did you mean 'system'?"
            ),
            (.map(.integer), "{ a: x }", "o.yaml:1:9: error: expected a whole number for 'a' in 'v', found 'x'"),
            (.map(.integer), "[1]", "o.yaml:1:4: error: expected a mapping for 'v', found a sequence"),
        ])
    func refuses(_ type: OptionType, _ yaml: String, _ expected: String) throws {
        #expect(try problems(type, yaml) == [expected])
    }

    @Test func docsAndSchemaComeFromTheType() throws {
        #expect(OptionType.list(.string).description == "list of strings")
        #expect(OptionType.choice(["a", "b", "c"]).description == "a, b or c")
        #expect(OptionType.map(.fraction).description == "mapping of name → number 0…1")
        for type: OptionType in [.integer, .range, .names, .choices(["a"]), .map(.list(.duration)), .structure("x")] {
            #expect((try? JSONSerialization.jsonObject(with: Data(type.schema.utf8))) != nil, "\(type.schema)")
        }
    }
}
