public import AssessCore
import AssessFormats

/// A value in a JSON file (a k6 summary, a lab's result) meets a condition.
public struct JSONQueryGrader: Grader {
    public typealias Options = QueryCheckOptions

    public static let description = GraderDescription(
        kind: "json.query",
        summary: "Selects nodes of a JSON document with a path and checks them (existence, count, equality, pattern, numeric bounds). Partial credit is the share of selected nodes that pass; findings point at each node's line.",
        options: QueryCheck.options,
        examples: [
            GraderExample("k6 summary: p95 latency under 100 ms",
                          with: "{ path: \"$.metrics.http_req_duration['p(95)']\", max: 100 }", paths: ["summary.json"],
                          files: ["summary.json": #"{"metrics": {"http_req_duration": {"avg": 41.2, "p(95)": 87.5}}}"#], .passes),
            GraderExample("k6 summary: p95 latency is 142 ms",
                          with: "{ path: \"$.metrics.http_req_duration['p(95)']\", max: 100 }", paths: ["summary.json"],
                          files: ["summary.json": #"{"metrics": {"http_req_duration": {"avg": 61.0, "p(95)": 142.3}}}"#], .fails),
        ])

    public let options: Options

    public init(options: Options) {
        self.options = options
    }

    public static func options(from node: YAMLNode?) throws(RubricError) -> Options {
        try OptionsReader.read(node, for: description) { QueryCheck.read($0).map(QueryCheckOptions.init) }
    }

    public func grade(_ job: GradingJob) async throws -> Outcome {
        try gradeQuery(options.check, job: job, format: "JSON") { (text, file) throws(DiagnosticError) in
            try JSONReader().parse(text, file: file)
        }
    }
}

/// The options of the query graders (the check itself stays internal to this module).
public struct QueryCheckOptions: Sendable, Hashable {
    let check: QueryCheck
}
