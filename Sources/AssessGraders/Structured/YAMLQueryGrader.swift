public import AssessCore
import AssessFormats

/// A value in a YAML file (an OpenAPI spec, a manifest, an SLO) meets a condition.
public struct YAMLQueryGrader: QueryGrader {

    public static let description = GraderDescription(
        kind: "yaml.query",
        summary:
            "Selects nodes of a YAML document with a path and checks them (existence, count, equality, pattern, numeric bounds). Partial credit is the share of selected nodes that pass; findings point at each node's line.",
        options: QueryCheck.options,
        examples: [
            GraderExample(
                "The API spec is OpenAPI 3 with a semver version",
                with: "{ path: $.info.version, matches: '^\\d+\\.\\d+\\.\\d+$' }", paths: ["openapi.yaml"],
                files: ["openapi.yaml": "openapi: 3.0.3\ninfo:\n  title: Orders\n  version: 1.4.0\npaths: {}\n"],
                .passes),
            GraderExample(
                "Every deployment runs at least two replicas",
                with: "{ path: '$.spec.replicas', min: 2 }", paths: ["deploy.yaml"],
                files: ["deploy.yaml": "kind: Deployment\nspec:\n  replicas: 1\n"], .fails),
        ])

    public let options: QueryCheckOptions

    public init(options: QueryCheckOptions) {
        self.options = options
    }

    typealias Reader = YAMLDocumentReader
    static let format = "YAML"
}
