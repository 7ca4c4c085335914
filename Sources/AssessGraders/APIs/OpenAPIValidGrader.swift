public import AssessCore
import AssessFormats

/// The hand-in's OpenAPI documents are well-formed: they parse, their references resolve
/// (across files too), they decode as OpenAPI 3.0 or 3.1 and pass OpenAPIKit's validation.
public struct OpenAPIValidGrader: Grader {
    public struct Options: Sendable, Hashable {
        var minOperations: Int
    }

    public static let description = GraderDescription(
        kind: "openapi.valid",
        summary:
            "Reads every OpenAPI 3.0 / 3.1 document in the input (YAML or JSON; `$ref`s into other files of the submission are followed) and checks it parses, its references resolve, it decodes and validates. Score: the share of documents without errors (and with at least `min_operations` operations). Every problem has file:line:col.",
        options: [
            OptionDescription(
                "min_operations", .integer, default: "1", "Operations a document must define to count as valid.")
        ],
        examples: [
            GraderExample(
                "A 3.0 document whose schema lives in another file",
                with: "{}", paths: ["api/openapi.yaml"],
                files: [
                    "api/openapi.yaml": """
                    openapi: 3.0.3
                    info: { title: Orders, version: 1.0.0 }
                    paths:
                      /v1/orders:
                        get:
                          operationId: listOrders
                          responses:
                            '200':
                              description: The orders
                              content:
                                application/json:
                                  schema: { $ref: 'schemas.yaml#/Order' }
                    """,
                    "api/schemas.yaml": "Order:\n  type: object\n  properties:\n    id: { type: string }\n",
                ], .passes),
            GraderExample(
                "A reference to a schema that does not exist",
                with: "{}", paths: ["openapi.yaml"],
                files: [
                    "openapi.yaml": """
                    openapi: 3.1.0
                    info: { title: Orders, version: 1.0.0 }
                    paths:
                      /orders:
                        get:
                          responses:
                            '200':
                              description: The orders
                              content:
                                application/json:
                                  schema: { $ref: '#/components/schemas/Order' }
                    """
                ], .fails),
        ])

    public let options: Options

    public init(options: Options) {
        self.options = options
    }

    public static func options(from reader: MappingReader) -> Options? {
        Options(minOperations: reader.declaredInt("min_operations"))
    }

    public func grade(_ job: GradingJob) async throws -> Outcome {
        let files = job.apiFiles()
        return judge(job.openAPISpecs(in: files), in: files)
    }

    /// Each document's parse, references, decoding and validation, on specs already read (a
    /// test reads them from text); `files` brings the reading problems and who refers to whom.
    func judge(_ specs: [OpenAPISpec], in files: APIFiles) -> Outcome {
        var findings = files.problems.map(\.finding)
        guard !specs.isEmpty else {
            return .failed(
                "no OpenAPI document in the input",
                findings: findings + [.error("no file with a top-level 'openapi' key")])
        }
        // A document other documents point into for their shared components (paging
        // parameters, problem responses) is a library, not an API: it needs no operations.
        let referenced = Set(files.referencedPaths)
        var good = 0
        for spec in specs {
            findings += spec.problems.map(\.finding)
            let operations = spec.document?.paths.values.compactMap(\.pathItemValue).reduce(0) {
                $0 + $1.endpoints.count
            }
            if let document = spec.document {
                findings.append(
                    .info(
                        "OpenAPI \(spec.declaredVersion) '\(document.info.title)' \(document.info.version): \(document.paths.count) paths, \(operations ?? 0) operations",
                        at: spec.root.location))
            }
            let isLibrary = (operations ?? 0) == 0 && referenced.contains(spec.file) && spec.root["components"] != nil
            if (operations ?? 0) < options.minOperations, spec.document != nil, !isLibrary {
                findings.append(
                    .error(
                        "\(operations ?? 0) operations; at least \(options.minOperations) wanted",
                        at: spec.root["paths"]?.location ?? spec.root.location))
                continue
            }
            if spec.isValid { good += 1 }
        }
        // A file of the input that does not parse may be a spec: it counts as one more, failed.
        let unreadable = files.files.filter { $0.root == nil }.count
        let total = specs.count + unreadable
        return .scored(
            Double(good) / Double(total), "\(good) of \(total) OpenAPI documents valid", findings: findings,
            measurements: [MeasuredValue("valid documents", Double(good), limit: "\(total)")])
    }
}
