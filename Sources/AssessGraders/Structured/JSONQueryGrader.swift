public import AssessCore
import AssessFormats

/// A value in a JSON file (a k6 summary, a lab's result) meets a condition.
public struct JSONQueryGrader: QueryGrader {

    public static let description = GraderDescription(
        kind: "json.query",
        summary:
            "Selects nodes of a JSON document with a path and checks them (existence, count, equality, pattern, numeric bounds). Partial credit is the share of selected nodes that pass; findings point at each node's line.",
        options: QueryCheck.options,
        examples: [
            GraderExample(
                "k6 summary: p95 latency under 100 ms",
                with: "{ path: \"$.metrics.http_req_duration['p(95)']\", max: 100 }", paths: ["summary.json"],
                files: ["summary.json": #"{"metrics": {"http_req_duration": {"avg": 41.2, "p(95)": 87.5}}}"#], .passes),
            GraderExample(
                "k6 summary: p95 latency is 142 ms",
                with: "{ path: \"$.metrics.http_req_duration['p(95)']\", max: 100 }", paths: ["summary.json"],
                files: ["summary.json": #"{"metrics": {"http_req_duration": {"avg": 61.0, "p(95)": 142.3}}}"#], .fails),
        ])

    public let options: QueryCheckOptions

    public init(options: QueryCheckOptions) {
        self.options = options
    }

    typealias Reader = JSONDocumentReader
    static let format = "JSON"
}
