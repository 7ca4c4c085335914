public import AssessCore
import AssessFormats
import Foundation

/// Consumer-driven contracts exist for the pairs the design needs, are complete, and ask only
/// for what the provider's OpenAPI document offers.
public struct PactContractsGrader: Grader {
    public struct Options: Sendable, Hashable {
        var pairs: [Pair]
        var minInteractions: Int
        var specs: Glob?
        var crossCheck: Bool
    }

    struct Pair: Sendable, Hashable, CustomStringConvertible {
        var consumer: String
        var provider: String
        var description: String { "\(consumer) → \(provider)" }
    }

    public static let description = GraderDescription(
        kind: "pact.contracts",
        summary:
            "Reads Pact contract files (specification v2, v3 and v4; HTTP and message interactions). Each pair in `pairs` (`consumer -> provider`) needs a contract with at least `min_interactions` interactions; every HTTP interaction needs a request and a response. With `cross_check`, each HTTP interaction's method and path must exist in the provider's OpenAPI document (from `specs`, or among the input's files; a spec belongs to a provider when its title or file name names it), and a miss is reported with both locations. Score: the mean of the checks.",
        options: [
            OptionDescription(
                "pairs", .list(.form("'consumer -> provider'")), default: "[]", "Contracts that must exist."),
            OptionDescription("min_interactions", .integer, default: "1", "Interactions each contract needs."),
            OptionDescription(
                "specs", .glob, "Where the providers' OpenAPI documents are; default: the input's own files."),
            OptionDescription(
                "cross_check", .boolean, default: "true",
                "Check that the paths and methods a contract uses exist in its provider's OpenAPI document."),
        ],
        examples: [
            GraderExample(
                "The web app's contract with orders matches the orders spec",
                with: "{ pairs: ['web -> orders'] }", paths: ["pacts/*.json", "api/*.yaml"],
                files: ["pacts/web-orders.json": examplePact(path: "/orders/42"), "api/orders.yaml": exampleSpec],
                .passes),
            GraderExample(
                "The contract calls a path the orders spec does not have",
                with: "{ pairs: ['web -> orders'] }", paths: ["pacts/*.json", "api/*.yaml"],
                files: ["pacts/web-orders.json": examplePact(path: "/order/42"), "api/orders.yaml": exampleSpec],
                .fails),
        ])

    static func examplePact(path: String) -> String {
        """
        {
          "consumer": { "name": "web" },
          "provider": { "name": "orders" },
          "interactions": [
            {
              "description": "an order",
              "providerState": "order 42 exists",
              "request": { "method": "GET", "path": "\(path)" },
              "response": { "status": 200, "body": { "id": "42" } }
            }
          ],
          "metadata": { "pactSpecification": { "version": "2.0.0" } }
        }
        """
    }

    static let exampleSpec = """
        openapi: 3.0.3
        info: { title: orders, version: 1.0.0 }
        paths:
          /orders/{id}:
            get:
              responses: { '200': { description: The order } }

        """

    public let options: Options

    public init(options: Options) {
        self.options = options
    }

    public static func options(from reader: MappingReader) -> Options? {
        var pairs: [Pair] = []
        for text in reader.strings("pairs") ?? [] {
            let parts = text.components(separatedBy: "->").map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                reader.log.error(
                    at: reader.node("pairs")?.location, "a pair reads 'consumer -> provider'; found '\(text)'")
                continue
            }
            pairs.append(Pair(consumer: parts[0], provider: parts[1]))
        }
        return Options(
            pairs: pairs, minInteractions: reader.declaredInt("min_interactions"),
            specs: reader.string("specs").map(Glob.init), crossCheck: reader.declaredBool("cross_check"))
    }

    public func grade(_ job: GradingJob) async throws -> Outcome {
        var files = job.apiFiles()
        if let glob = options.specs {
            for path in job.submission.files where glob.matches(path) && !files.contains(path) {
                guard case .success(let file) = job.submission.check(path) else { continue }
                job.add(file, to: &files)
            }
            job.addReferencedFiles(to: &files)
        }
        return judge(files, specs: options.crossCheck ? job.openAPISpecs(in: files) : [])
    }

    /// The pairs, completeness and (with `cross_check`) agreement with the providers' specs,
    /// on contracts and specs already read (a test reads them from text).
    func judge(_ files: APIFiles, specs: [OpenAPISpec]) -> Outcome {
        var findings = files.problems.map(\.finding)
        let pacts = files.files.compactMap { file in file.root.flatMap { PactFile($0, file: file.path) } }
        guard !pacts.isEmpty else {
            return .failed("no Pact contract in the input", findings: findings + [.error("no Pact contract file")])
        }
        var checks: [Double] = []
        for pair in options.pairs {
            let matching = pacts.filter {
                NameMatcher.matches($0.consumer ?? "", pair.consumer)
                    && NameMatcher.matches($0.provider ?? "", pair.provider)
            }
            let n = matching.reduce(0) { $0 + $1.interactions.count }
            checks.append(options.minInteractions > 0 ? min(1, Double(n) / Double(options.minInteractions)) : 1)
            if matching.isEmpty {
                findings.append(.error("no contract between \(pair)"))
            } else if n < options.minInteractions {
                findings.append(
                    .error(
                        "contract \(pair) has \(n) interactions; at least \(options.minInteractions) wanted",
                        at: matching[0].location))
            }
        }
        var interactions = 0
        var complete = 0
        for pact in pacts {
            findings.append(
                .info(
                    "contract \(pact.consumer ?? "?") → \(pact.provider ?? "?") (Pact \(pact.specification ?? "2, assumed")): \(pact.interactions.count) interactions",
                    at: pact.location))
            for interaction in pact.interactions {
                interactions += 1
                if interaction.hasRequest && interaction.hasResponse
                    && (interaction.kind == .message
                        || interaction.method != nil && interaction.path != nil && interaction.status != nil)
                {
                    complete += 1
                } else {
                    findings.append(
                        .error(
                            "interaction '\(interaction.description)' lacks a \(interaction.hasRequest && interaction.method != nil && interaction.path != nil ? "response status" : "request method and path")",
                            at: interaction.location))
                }
            }
        }
        if interactions > 0 { checks.append(Double(complete) / Double(interactions)) }
        if options.crossCheck {
            var checked = 0
            var found = 0
            for pact in pacts {
                guard let provider = pact.provider else { continue }
                guard let spec = specs.first(where: { Self.describes($0, provider) }) else {
                    // A contract no spec can confirm is unchecked, not agreed: it counts as a miss.
                    let calls = pact.interactions.filter { $0.kind == .http }.count
                    if calls > 0 {
                        checked += calls
                        findings.append(
                            .error(
                                "no OpenAPI document of the provider '\(provider)' to check \(calls) interaction\(calls == 1 ? "" : "s") of \(pact.consumer ?? "?")'s contract against",
                                at: pact.location,
                                hint: specs.isEmpty
                                    ? "hand in \(provider)'s OpenAPI document"
                                    : "name \(provider) in its spec's info.title or file name (\(specs.map(\.file).joined(separator: ", ")) name\(specs.count == 1 ? "s" : "") another service)"
                            ))
                    }
                    continue
                }
                let paths = OpenAPIPaths(spec.root)
                for interaction in pact.interactions where interaction.kind == .http {
                    guard let path = interaction.path, let method = interaction.method else { continue }
                    checked += 1
                    if let entry = paths.entry(for: path) {
                        if entry.methods.contains(method) {
                            found += 1
                        } else {
                            findings.append(
                                .error(
                                    "\(pact.consumer ?? "?") calls \(method) \(path), but '\(entry.template)' in \(provider)'s spec (\(entry.location)) has no \(method)",
                                    at: interaction.pathLocation ?? interaction.location,
                                    hint: "the spec's path is at \(entry.location)"))
                        }
                    } else {
                        findings.append(
                            .error(
                                "\(pact.consumer ?? "?") calls \(method) \(path), which is not a path of \(provider)'s spec \(spec.file) (paths at \(paths.location))",
                                at: interaction.pathLocation ?? interaction.location,
                                hint:
                                    "add the path to the spec or correct the contract; the spec's paths are at \(paths.location)"
                            ))
                    }
                }
            }
            if checked > 0 {
                checks.append(Double(found) / Double(checked))
            }
        }
        let score = checks.isEmpty ? 1 : checks.reduce(0, +) / Double(checks.count)
        return .scored(
            score, "\(pacts.count) contracts, \(interactions) interactions", findings: findings,
            measurements: [
                MeasuredValue("contracts", Double(pacts.count)), MeasuredValue("interactions", Double(interactions)),
            ])
    }

    /// A spec is the provider's when its title or its file name names the provider.
    static func describes(_ spec: OpenAPISpec, _ provider: String) -> Bool {
        let title = spec.root["info"]?["title"]?.string ?? ""
        let base = spec.file.split(separator: "/").last.map(String.init) ?? spec.file
        let stem = base.split(separator: ".").first.map(String.init) ?? base
        return NameMatcher.matches(title, provider) || NameMatcher.matches(stem, provider)
            || NameMatcher.names(title, provider)
    }
}
