public import AssessCore
import AssessFormats

/// An API is written to house rules, in the manner of Spectral's rulesets: the rubric picks
/// which checks apply.
public struct OpenAPIConventionsGrader: Grader {
    enum Check: String, Sendable, Hashable, CaseIterable {
        case operationIds = "operation-ids"
        case summaries
        case errorResponses = "error-responses"
        case pagination
        case naming
        case examples
    }

    enum NamingStyle: String, Sendable, Hashable, CaseIterable {
        case kebab = "kebab-case"
        case snake = "snake_case"
        case camel = "camelCase"

        func accepts(_ word: String) -> Bool {
            guard let first = word.first, first.isLowercase || first.isNumber else { return false }
            switch self {
            case .kebab: return word.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "-" }
            case .snake: return word.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "_" }
            case .camel: return word.allSatisfy { $0.isLetter || $0.isNumber }
            }
        }
    }

    public struct Options: Sendable, Hashable {
        var checks: [Check]
        var pathNaming: NamingStyle
        var propertyNaming: NamingStyle
        /// Properties whose array makes an object response a list (`items` of `{ items: [...],
        /// nextCursor }`); by default only an array response is a list.
        var listEnvelopes: [String]
    }

    static let pageParameters: Set<String> = [
        "page", "limit", "offset", "cursor", "size", "page_size", "pagesize", "per_page", "perpage", "after", "before",
        "page_token", "pagetoken", "next", "start", "count", "top", "skip",
    ]

    public static let description = GraderDescription(
        kind: "openapi.conventions",
        summary:
            "Checks every operation of the input's OpenAPI documents against the conventions in `checks` (Spectral-like): `operation-ids` (present and unique), `summaries`, `error-responses` (a 4xx/5xx or default response with a schema), `pagination` (a GET returning a list — an array, or an object whose `list_envelopes` property is an array — takes a page, limit, offset or cursor parameter), `naming` (path segments in `path_naming`, schema properties in `property_naming`), `examples` (a success response with a body shows an example; a 204 has none to show). Webhooks (OpenAPI 3.1) are operations too. Score: the share of checks met over all operations; each miss is a finding at the operation.",
        options: [
            OptionDescription(
                "checks",
                .choices(["operation-ids", "summaries", "error-responses", "pagination", "naming", "examples"]),
                default: "all", "The conventions to check."),
            OptionDescription(
                "path_naming", .choice(["kebab-case", "snake_case", "camelCase"]), default: "kebab-case",
                "Path segments' style."),
            OptionDescription(
                "property_naming", .choice(["kebab-case", "snake_case", "camelCase"]), default: "camelCase",
                "Schema properties' style."),
            OptionDescription(
                "list_envelopes", .list(.string), default: "[]",
                "Properties whose array makes an object response a page of a list (`items`, `data`)."),
        ],
        examples: [
            GraderExample(
                "Ids, summaries and a documented error",
                with: "{ checks: [operation-ids, summaries, error-responses] }", paths: ["openapi.yaml"],
                files: [
                    "openapi.yaml": """
                    openapi: 3.1.0
                    info: { title: Orders, version: 1.0.0 }
                    paths:
                      /orders/{id}:
                        get:
                          operationId: getOrder
                          summary: One order
                          responses:
                            '200': { description: The order }
                            '404':
                              description: No such order
                              content:
                                application/problem+json:
                                  schema: { type: object, properties: { title: { type: string } } }
                    """
                ], .passes),
            GraderExample(
                "No operation id, no summary, no error response",
                with: "{ checks: [operation-ids, summaries, error-responses] }", paths: ["openapi.yaml"],
                files: [
                    "openapi.yaml": """
                    openapi: 3.1.0
                    info: { title: Orders, version: 1.0.0 }
                    paths:
                      /orders/{id}:
                        get:
                          responses:
                            '200': { description: The order }
                    """
                ], .fails),
        ])

    public let options: Options

    public init(options: Options) {
        self.options = options
    }

    public static func options(from reader: MappingReader) -> Options? {
        var checks = Check.allCases
        if let names = reader.strings("checks") {
            checks = []
            for name in names {
                if let check = Check(rawValue: name) {
                    checks.append(check)
                } else {
                    reader.log.error(
                        at: reader.node("checks")?.location,
                        "unknown check '\(name)'\(Suggestion.didYouMean(name, in: Check.allCases.map(\.rawValue)))")
                }
            }
        }
        func style(_ key: String, _ fallback: NamingStyle) -> NamingStyle {
            guard let text = reader.string(key) else { return fallback }
            guard let style = NamingStyle(rawValue: text) else {
                reader.log.error(
                    at: reader.node(key)?.location,
                    "'\(key)' is one of \(NamingStyle.allCases.map(\.rawValue).joined(separator: ", "))")
                return fallback
            }
            return style
        }
        return Options(
            checks: checks, pathNaming: style("path_naming", .kebab),
            propertyNaming: style("property_naming", .camel), listEnvelopes: reader.strings("list_envelopes") ?? [])
    }

    public func grade(_ job: GradingJob) async throws -> Outcome {
        let files = job.apiFiles()
        return judge(job.openAPISpecs(in: files), in: files)
    }

    /// Every operation against the picked conventions, on specs already read (a test reads
    /// them from text); `files` brings the problems of the files that did not parse.
    func judge(_ specs: [OpenAPISpec], in files: APIFiles) -> Outcome {
        var findings = files.problems.map(\.finding)
        guard !specs.isEmpty else {
            return .failed("no OpenAPI document in the input", findings: findings)
        }
        var met = 0
        var total = 0
        for spec in specs {
            let root = spec.root
            var seenIds: [String: YAMLNode] = [:]
            for operation in OpenAPIOperation.all(in: root) + OpenAPIOperation.webhooks(in: root) {
                for check in options.checks {
                    total += 1
                    if let problem = self.problem(check, operation, root: root, seenIds: &seenIds) {
                        findings.append(.error("\(operation.name): \(problem)", at: operation.node.location))
                    } else {
                        met += 1
                    }
                }
            }
        }
        guard total > 0 else { return .failed("no operations to check", findings: findings) }
        var score = Double(met) / Double(total)
        if files.problems.containsErrors { score *= Double(specs.count) / Double(specs.count + 1) }
        return .scored(
            score, "\(met) of \(total) convention checks met", findings: findings,
            measurements: [MeasuredValue("checks met", Double(met), limit: "\(total)")])
    }

    func problem(_ check: Check, _ operation: OpenAPIOperation, root: YAMLNode, seenIds: inout [String: YAMLNode])
        -> String?
    {
        let node = operation.node
        switch check {
        case .operationIds:
            guard let id = node["operationId"]?.string, !id.isEmpty else { return "no operationId" }
            if let earlier = seenIds[id] { return "operationId '\(id)' is already used at \(earlier.location)" }
            seenIds[id] = node["operationId"]
            return nil
        case .summaries:
            return (node["summary"]?.string ?? "").isEmpty ? "no summary" : nil
        case .errorResponses:
            let responses = node["responses"]?.mapping ?? []
            let documented = responses.contains { pair in
                let status = pair.key.scalarText ?? ""
                guard status.hasPrefix("4") || status.hasPrefix("5") || status == "default" else { return false }
                let content = pair.value.resolved(in: root)["content"]?.mapping ?? []
                return content.contains { $0.value["schema"] != nil }
            }
            return documented ? nil : "no error response (4xx, 5xx or default) with a schema"
        case .pagination:
            guard operation.method == "get", returnsList(operation, root: root) else { return nil }
            let names = operation.parameters(in: root).compactMap { $0["name"]?.string?.lowercased() }
            return names.contains(where: Self.pageParameters.contains)
                ? nil : "returns a list but takes no paging parameter (limit, offset, page, cursor)"
        case .naming:
            let segments = (operation.webhook != nil ? "" : operation.path).split(separator: "/").map(String.init)
                .filter {
                    !$0.hasPrefix("{") && !($0.first == "v" && Int($0.dropFirst()) != nil)
                }
            if let bad = segments.first(where: { !options.pathNaming.accepts($0) }) {
                return "path segment '\(bad)' is not \(options.pathNaming.rawValue)"
            }
            if let bad = propertyNames(operation, root: root).first(where: { !options.propertyNaming.accepts($0) }) {
                return "property '\(bad)' is not \(options.propertyNaming.rawValue)"
            }
            return nil
        case .examples:
            // A success without a body (204, a 202 with no content) has nothing to show.
            let media = successMedia(operation, root: root)
            guard !media.isEmpty else { return nil }
            return media.contains { media in
                media["example"] != nil || media["examples"] != nil
                    || media["schema"].map {
                        $0.resolved(in: root)["example"] != nil || $0.resolved(in: root)["examples"] != nil
                    } == true
            } ? nil : "no example in a success response"
        }
    }

    func successMedia(_ operation: OpenAPIOperation, root: YAMLNode) -> [YAMLNode] {
        (operation.node["responses"]?.mapping ?? []).filter { ($0.key.scalarText ?? "").hasPrefix("2") }.flatMap {
            ($0.value.resolved(in: root)["content"]?.mapping ?? []).map(\.value)
        }
    }

    /// A list is an array response, or an object whose envelope property (named by the
    /// rubric) is an array. An object that merely has an array among its fields (a pet with
    /// its tags, a dataset list with its APIs) is one resource, not a page.
    func returnsList(_ operation: OpenAPIOperation, root: YAMLNode) -> Bool {
        for media in successMedia(operation, root: root) {
            guard let schema = media["schema"]?.resolved(in: root) else { continue }
            if Self.isArray(schema) { return true }
            for name in options.listEnvelopes {
                if let property = schema["properties"]?[name], Self.isArray(property.resolved(in: root)) { return true }
            }
        }
        return false
    }

    /// `type: array`, also as OpenAPI 3.1 writes a nullable one (`[array, 'null']`).
    static func isArray(_ schema: YAMLNode) -> Bool {
        schema["type"]?.string == "array" || schema["type"]?.sequence?.contains { $0.string == "array" } == true
    }

    func propertyNames(_ operation: OpenAPIOperation, root: YAMLNode) -> [String] {
        var names: [String] = []
        var schemas = successMedia(operation, root: root).compactMap { $0["schema"] }
        if let body = operation.node["requestBody"]?.resolved(in: root)["content"]?.mapping {
            schemas += body.compactMap { $0.value["schema"] }
        }
        var depth = 0
        while !schemas.isEmpty, depth < 4 {
            var next: [YAMLNode] = []
            for schema in schemas.map({ $0.resolved(in: root) }) {
                for pair in schema["properties"]?.mapping ?? [] {
                    if let name = pair.key.scalarText, !names.contains(name) { names.append(name) }
                    next.append(pair.value)
                }
                if let items = schema["items"] { next.append(items) }
            }
            schemas = next
            depth += 1
        }
        return names
    }
}
