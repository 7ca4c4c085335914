import AssessCore
import AssessYAML
import Testing

/// A grader reads a left-out option's default from its declaration: `OptionsReader` hands the
/// declared defaults that are values to the grader's reader, and prose defaults are left out.
@Suite struct DeclaredDefaultReadingTests {
    static let description = GraderDescription(
        kind: "demo.defaults", summary: "demo",
        options: [
            OptionDescription("tolerance", .number, default: "0.25", "Share of the limit."),
            OptionDescription("examples", .integer, default: "5", "How many."),
            OptionDescription("strict", .boolean, default: "true", "Whether."),
            OptionDescription("min_samples", .integer, default: "10 beyond the percentile", "How many."),
        ],
        examples: [])

    func read(_ yaml: String) throws -> (Double, Int, Bool, Bool) {
        let node = try YAMLParser().parse(yaml, file: "with.yaml")
        return try OptionsReader.read(node, for: Self.description) { reader in
            (
                reader.declaredDouble("tolerance"), reader.declaredInt("examples"), reader.declaredBool("strict"),
                reader.defaults["min_samples"] == nil
            )
        }
    }

    @Test func leftOutOptionsTakeTheirDeclaredDefaults() throws {
        let (tolerance, examples, strict, proseLeftOut) = try read("{}")
        #expect(tolerance == 0.25 && examples == 5 && strict == true)
        #expect(proseLeftOut)
    }

    @Test func writtenOptionsWin() throws {
        let (tolerance, examples, strict, _) = try read("{ tolerance: 0.5, examples: 2, strict: false }")
        #expect(tolerance == 0.5 && examples == 2 && strict == false)
    }
}
