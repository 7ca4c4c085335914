import AssessCore
import AssessYAML

/// A grader configured from its `with:` block, as a rubric would configure it.
func configured<G: Grader>(_ type: G.Type, _ with: String) throws -> G {
    G(options: try G.options(from: try YAMLParser().parse(with, file: "rubric.yaml")))
}
