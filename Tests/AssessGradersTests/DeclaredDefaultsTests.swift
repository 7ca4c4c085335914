import AssessCore
import AssessGraders
import AssessYAML
import Testing

/// An option's default is declared once, beside its type and doc (docs/graders.md and the
/// rubric schema show it); the grader's reading must mean the same when the key is left out.
/// For every grader and every declared default that is a value, options read from an example's
/// `with:` without the key equal options read with the key set to the declared default.
@Suite struct DeclaredDefaultsTests {
    struct Mismatch: CustomStringConvertible {
        var kind: String
        var option: String
        var declared: String
        var description: String { "\(kind): '\(option)' declared default \(declared) is not what the grader uses" }
    }

    static func mismatches<G: Grader>(_ grader: G.Type, checked: inout Int) -> [Mismatch] {
        var found: [Mismatch] = []
        let description = G.description
        guard let example = description.examples.first,
            let base = try? YAMLParser().parse(example.with.isEmpty ? "{}" : example.with, file: "with.yaml"),
            let pairs = base.mapping
        else { return [] }
        let given = Set(pairs.compactMap { $0.key.string })
        for option in description.options where !given.contains(option.name) {
            guard let declared = option.defaultValue,
                let value = try? YAMLParser().parse("v: \(declared)\n", file: "d.yaml")["v"],
                option.type.check(value, key: option.name, log: DiagnosticLog())
            else { continue }
            // Both blocks written the same way, the default last, so every other value keeps its
            // line and column (options that keep locations compare equal).
            let written = pairs.map { "\($0.key.string ?? ""): \(RubricText.inline($0.value))" }
            let withoutText = "{" + written.joined(separator: ", ") + "}"
            let withDefault = "{" + (written + ["\(option.name): \(declared)"]).joined(separator: ", ") + "}"
            guard let withoutNode = try? YAMLParser().parse(withoutText, file: "with.yaml"),
                let without = try? G.options(from: withoutNode),
                let withNode = try? YAMLParser().parse(withDefault, file: "with.yaml"),
                let with = try? G.options(from: withNode),
                let a = without as? any Hashable, let b = with as? any Hashable
            else { continue }
            checked += 1
            if AnyHashable(a) != AnyHashable(b) {
                found.append(Mismatch(kind: description.kind, option: option.name, declared: declared))
            }
        }
        return found
    }

    @Test func everyDeclaredDefaultIsTheOneTheGraderUses() {
        var checked = 0
        var found: [Mismatch] = []
        for grader in GraderRegistry.builtIn.graders {
            found += Self.mismatches(grader, checked: &checked)
        }
        #expect(checked > 40, "only \(checked) defaults could be compared")
        #expect(found.isEmpty, "\(found)")
    }
}

/// YAML written back on one line, flow style, for rebuilding a `with:` block.
enum RubricText {
    static func inline(_ node: YAMLNode) -> String {
        switch node.content {
        case .scalar(let text, let style):
            return style == .plain ? text : "'\(text.replacingOccurrences(of: "'", with: "''"))'"
        case .sequence(let items, _): return "[" + items.map(inline).joined(separator: ", ") + "]"
        case .mapping(let pairs, _):
            return "{" + pairs.map { "\($0.key.scalarText ?? ""): \(inline($0.value))" }.joined(separator: ", ") + "}"
        }
    }
}
