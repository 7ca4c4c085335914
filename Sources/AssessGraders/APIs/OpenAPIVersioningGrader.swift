public import AssessCore
import AssessFormats

/// The API follows the versioning strategy the design chose, everywhere, and its documents
/// carry a semantic version.
public struct OpenAPIVersioningGrader: Grader {
    enum Strategy: String, Sendable, Hashable, CaseIterable {
        case path, header, mediaType = "media-type", query
    }

    public struct Options: Sendable, Hashable {
        var strategy: Strategy
        var name: String?
        var semver: Bool
    }

    public static let description = GraderDescription(
        kind: "openapi.versioning",
        summary:
            "Checks that every operation of the input's OpenAPI documents follows the versioning `strategy`: `path` (every path starts with `/vN` or `/<prefix>/vN`, one N per document), `header` (a header parameter, `name` or API-Version / X-API-Version / Accept-Version), `media-type` (every request and response media type carries a version: `application/vnd.x.v2+json` or `;version=2`) or `query` (a query parameter `name`, version or api-version); and, with `semver`, that `info.version` is a semantic version. Score: the share of operations (and the version) that comply.",
        options: [
            OptionDescription(
                "strategy", .choice(["path", "header", "media-type", "query"]), "The strategy the design names."),
            OptionDescription("name", .string, "The header or query parameter that carries the version."),
            OptionDescription("semver", .boolean, default: "true", "`info.version` must be MAJOR.MINOR.PATCH."),
        ],
        examples: [
            GraderExample(
                "Every path under /v1",
                with: "{ strategy: path }", paths: ["openapi.yaml"],
                files: [
                    "openapi.yaml": """
                    openapi: 3.1.0
                    info: { title: Orders, version: 1.2.0 }
                    paths:
                      /v1/orders: { get: { responses: { '200': { description: ok } } } }
                      /v1/orders/{id}: { get: { responses: { '200': { description: ok } } } }
                    """
                ], .passes),
            GraderExample(
                "One path unversioned, version not semantic",
                with: "{ strategy: path }", paths: ["openapi.yaml"],
                files: [
                    "openapi.yaml": """
                    openapi: 3.1.0
                    info: { title: Orders, version: v1 }
                    paths:
                      /v1/orders: { get: { responses: { '200': { description: ok } } } }
                      /orders/{id}: { get: { responses: { '200': { description: ok } } } }
                    """
                ], .fails),
        ])

    public let options: Options

    public init(options: Options) {
        self.options = options
    }

    public static func options(from reader: MappingReader) -> Options? {
        guard let text = reader.string("strategy", required: true) else { return nil }
        guard let strategy = Strategy(rawValue: text) else {
            reader.log.error(
                at: reader.node("strategy")?.location,
                "'strategy' is one of \(Strategy.allCases.map(\.rawValue).joined(separator: ", ")); found '\(text)'\(Suggestion.didYouMean(text, in: Strategy.allCases.map(\.rawValue)))"
            )
            return nil
        }
        return Options(strategy: strategy, name: reader.string("name"), semver: reader.declaredBool("semver"))
    }

    public func grade(_ job: GradingJob) async throws -> Outcome {
        let files = job.apiFiles()
        return judge(job.openAPISpecs(in: files), in: files)
    }

    /// Every operation against the versioning strategy, and each `info.version`, on specs
    /// already read (a test reads them from text); `files` brings the reading problems.
    func judge(_ specs: [OpenAPISpec], in files: APIFiles) -> Outcome {
        var findings = files.problems.map(\.finding)
        guard !specs.isEmpty else { return .failed("no OpenAPI document in the input", findings: findings) }
        var met = 0
        var total = 0
        for spec in specs {
            let root = spec.root
            if options.semver {
                total += 1
                let version = root["info"]?["version"]
                if let text = version?.scalarText, Semver(text) != nil {
                    met += 1
                } else {
                    findings.append(
                        .error(
                            "info.version '\(version?.scalarText ?? "")' is not a semantic version (MAJOR.MINOR.PATCH)",
                            at: (version ?? root).location))
                }
            }
            let operations = OpenAPIOperation.all(in: root)
            let majors = Set(operations.compactMap { APIVersion.pathMajor($0.path) })
            for operation in operations {
                total += 1
                if let problem = problem(operation, root: root, majors: majors) {
                    findings.append(.error("\(operation.name): \(problem)", at: operation.node.location))
                } else {
                    met += 1
                }
            }
        }
        guard total > 0 else { return .failed("nothing to check", findings: findings) }
        return .scored(
            Double(met) / Double(total), "\(met) of \(total) follow \(options.strategy.rawValue) versioning",
            findings: findings, measurements: [MeasuredValue("compliant", Double(met), limit: "\(total)")])
    }

    func problem(_ operation: OpenAPIOperation, root: YAMLNode, majors: Set<Int>) -> String? {
        let parameters = operation.parameters(in: root)
        func has(_ place: String, _ names: [String]) -> Bool {
            parameters.contains {
                $0["in"]?.string == place && names.contains(($0["name"]?.string ?? "").lowercased())
            }
        }
        switch options.strategy {
        case .path:
            guard APIVersion.pathMajor(operation.path) != nil else { return "path has no /vN version segment" }
            return majors.count > 1
                ? "paths mix versions \(majors.sorted().map { "v\($0)" }.joined(separator: ", "))" : nil
        case .header:
            let names = options.name.map { [$0.lowercased()] } ?? ["api-version", "x-api-version", "accept-version"]
            return has("header", names) ? nil : "no \(options.name ?? "API-Version") header parameter"
        case .query:
            let names = options.name.map { [$0.lowercased()] } ?? ["version", "api-version", "api_version"]
            return has("query", names) ? nil : "no \(options.name ?? "version") query parameter"
        case .mediaType:
            var types: [String] = []
            for pair in operation.node["responses"]?.mapping ?? [] {
                types += (pair.value.resolved(in: root)["content"]?.mapping ?? []).compactMap(\.key.scalarText)
            }
            types += (operation.node["requestBody"]?.resolved(in: root)["content"]?.mapping ?? []).compactMap(
                \.key.scalarText)
            if types.isEmpty { return "no media type to carry a version" }
            let unversioned = types.filter { !Self.isVersioned($0) }
            return unversioned.isEmpty ? nil : "media type '\(unversioned[0])' carries no version"
        }
    }

    /// `application/vnd.acme.orders.v2+json` or `application/json; version=2`.
    static func isVersioned(_ mediaType: String) -> Bool {
        let lower = mediaType.lowercased()
        if lower.contains("version=") { return true }
        return lower.split(whereSeparator: { $0 == "." || $0 == "+" || $0 == "/" || $0 == "-" }).contains {
            $0.count > 1 && $0.first == "v" && Int($0.dropFirst()) != nil
        }
    }
}
