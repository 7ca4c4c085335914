public import AssessCore
import AssessFormats
import AssessYAML
import Foundation

/// An Apollo Federation graph judged on what composition and the router depend on: the
/// subgraphs the rover config names are all in the composed supergraph and all have a
/// readable schema, every entity's `@key` selects fields the type has, and no field is
/// resolved by two subgraphs unless they mark it `@shareable`. The report says which types
/// each subgraph owns.
public struct GraphQLFederationGrader: Grader {
    public struct Options: Sendable {
        var minSubgraphs: Int?
        /// Each a name or a list of synonyms.
        var subgraphs: [[String]]
        var entities: [[String]]
        var requireSupergraph: Bool
    }

    static let exampleConfig =
        "federation_version: =2.3.2\nsubgraphs:\n  accounts:\n    routing_url: http://accounts:4001\n    schema:\n      file: ./accounts.graphql\n  orders:\n    routing_url: http://orders:4002\n    schema:\n      file: ./orders.graphql\n"
    static let exampleAccounts =
        "extend schema @link(url: \"https://specs.apollo.dev/federation/v2.3\", import: [\"@key\"])\n\ntype Query { me: User }\n\ntype User @key(fields: \"id\") {\n  id: ID!\n  name: String!\n}\n"
    static let exampleOrders =
        "extend schema @link(url: \"https://specs.apollo.dev/federation/v2.3\", import: [\"@key\"])\n\ntype Order @key(fields: \"id\") {\n  id: ID!\n  buyer: User!\n}\n\ntype User @key(fields: \"id\") {\n  id: ID!\n  orders: [Order!]!\n}\n"
    static let exampleSupergraph =
        "schema @link(url: \"https://specs.apollo.dev/link/v1.0\") @link(url: \"https://specs.apollo.dev/join/v0.3\", for: EXECUTION) { query: Query }\n\nenum join__Graph {\n  ACCOUNTS @join__graph(name: \"accounts\", url: \"http://accounts:4001\")\n  ORDERS @join__graph(name: \"orders\", url: \"http://orders:4002\")\n}\n\ntype Query @join__type(graph: ACCOUNTS) @join__type(graph: ORDERS) {\n  me: User @join__field(graph: ACCOUNTS)\n}\n\ntype Order @join__type(graph: ORDERS, key: \"id\") {\n  id: ID!\n  buyer: User!\n}\n\ntype User @join__type(graph: ACCOUNTS, key: \"id\") @join__type(graph: ORDERS, key: \"id\") {\n  id: ID!\n  name: String! @join__field(graph: ACCOUNTS)\n  orders: [Order!]! @join__field(graph: ORDERS)\n}\n"

    public static let description = GraderDescription(
        kind: "graphql.federation",
        summary:
            "Reads an Apollo Federation graph — subgraph SDL files (`.graphql`, `.graphqls`; Federation 2 with `@link`, renamed or namespaced imports, or Federation 1), a composed supergraph (join v0.1 or v0.3) and a rover supergraph config (YAML) — and checks that every subgraph of the config is in the supergraph (by `@join__graph(name:)`), that every subgraph the config names has its schema file present and parseable, that every `@key` (and supergraph `@join__type(key:)`) selects fields its type has, nested selections included, and that no field is resolved by two subgraphs unless both mark it `@shareable` (key fields and Federation 1 subgraphs excepted, `@external` and `@override` heeded, as composition does; in the supergraph where the subgraph files tell). Findings list the types each subgraph owns. Score: the mean of the checks that apply.",
        options: [
            OptionDescription("min_subgraphs", .integer, default: "none", "Fewest subgraphs the graph must have."),
            OptionDescription(
                "subgraphs", .list(.names), default: "[]",
                "Subgraphs that must be present (matched as `consistency.names` matches names: case, hyphens, plurals and 'service' ignored)."
            ),
            OptionDescription(
                "entities", .list(.names), default: "[]",
                "Entity types (with a `@key`) that must exist."),
            OptionDescription(
                "supergraph", .boolean, default: "false",
                "A composed supergraph must be present (otherwise the config is compared with it only when it is there)."
            ),
        ],
        examples: [
            GraderExample(
                "a rover config, two subgraphs and the supergraph composed from them",
                with: "{ min_subgraphs: 2, entities: [User, Order] }", paths: ["graph/**"],
                files: [
                    "graph/supergraph.yaml": exampleConfig, "graph/accounts.graphql": exampleAccounts,
                    "graph/orders.graphql": exampleOrders, "graph/supergraph.graphql": exampleSupergraph,
                ], .passes),
            GraderExample(
                "the supergraph lacks the orders subgraph, whose schema file is missing",
                with: "{ supergraph: true }", paths: ["graph/**"],
                files: [
                    "graph/supergraph.yaml": exampleConfig, "graph/accounts.graphql": exampleAccounts,
                    "graph/supergraph.graphql":
                        "schema @link(url: \"https://specs.apollo.dev/join/v0.3\") { query: Query }\n\nenum join__Graph {\n  ACCOUNTS @join__graph(name: \"accounts\", url: \"http://accounts:4001\")\n}\n\ntype Query @join__type(graph: ACCOUNTS) { me: User }\n\ntype User @join__type(graph: ACCOUNTS, key: \"uuid\") {\n  id: ID!\n}\n",
                ], .fails),
        ])

    public let options: Options

    public init(options: Options) { self.options = options }

    public static func options(from reader: MappingReader) -> Options? {
        func names(_ key: String) -> [[String]] {
            guard let list = reader.node(key) else { return [] }
            return (list.sequence ?? [list]).compactMap { $0.expectStrings(for: key, log: reader.log) }
        }
        let minimum = reader.int("min_subgraphs")
        if let minimum, minimum < 1 {
            reader.log.error(at: reader.node("min_subgraphs")?.location, "'min_subgraphs' must be at least 1")
        }
        return Options(
            minSubgraphs: minimum, subgraphs: names("subgraphs"), entities: names("entities"),
            requireSupergraph: reader.bool("supergraph") ?? false)
    }

    public func grade(_ job: GradingJob) async throws -> Outcome {
        let sizes = Dictionary(job.files.map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a })
        let evidence = FederationEvidence(paths: job.files.map(\.path), existing: job.submission.files) { path in
            try job.text(try sizes[path] ?? job.submission.check(path).get())
        }
        return judge(evidence)
    }

    /// The federated graph as read: the config against the supergraphs, the schema files, the
    /// entities' keys, shared fields and the subgraphs the options name.
    func judge(_ evidence: FederationEvidence) -> Outcome {
        var findings = evidence.findings
        guard !evidence.isEmpty else {
            return .error("no GraphQL schema or rover config could be read", findings: findings)
        }
        var tally = Tally()
        checkConfigAgainstSupergraphs(evidence, &tally, &findings)
        checkSchemaFiles(evidence, &tally, &findings)
        let entityCount = checkKeys(evidence, &tally, &findings)
        let unshared = checkSharing(evidence, &tally, &findings)

        let names = evidence.subgraphNames
        if let minimum = options.minSubgraphs {
            if names.count >= minimum {
                tally.add(score: 1)
            } else {
                tally.add(score: Double(names.count) / Double(minimum))
                findings.append(.error("\(plural(names.count, "subgraph")) found; at least \(minimum) are required"))
            }
        }
        for wanted in options.subgraphs {
            if names.contains(where: { name in wanted.contains { NameMatcher.matches($0, name.name) } }) {
                tally.add(score: 1)
            } else {
                tally.add(score: 0)
                findings.append(
                    .error(
                        "subgraph '\(wanted[0])' is not in the graph (subgraphs: \(names.map(\.name).joined(separator: ", ")))"
                    ))
            }
        }
        let entities = Set(
            evidence.subgraphs.flatMap { $0.schema.entities.map(\.name) }
                + evidence.supergraphs.flatMap { $0.entities.map(\.name) })
        for wanted in options.entities {
            if entities.contains(where: { entity in wanted.contains { NameMatcher.matches($0, entity) } }) {
                tally.add(score: 1)
            } else {
                tally.add(score: 0)
                findings.append(
                    .error(
                        "no entity '\(wanted[0])' (a type with @key); entities: \(entities.isEmpty ? "none" : entities.sorted().joined(separator: ", "))"
                    ))
            }
        }
        findings += ownership(evidence)

        let measurements = [
            MeasuredValue("subgraphs", Double(names.count), limit: options.minSubgraphs.map { ">= \($0)" }),
            MeasuredValue("entities", Double(entityCount)),
            MeasuredValue("fields resolved by several subgraphs without @shareable", Double(unshared), limit: "0"),
        ]
        let summary = "\(plural(names.count, "subgraph")), \(entityCount) \(entityCount == 1 ? "entity" : "entities")"
        guard tally.count > 0 else {
            return .passed(summary + "; nothing to check", findings: findings, measurements: measurements)
        }
        return .scored(
            tally.passed / Double(tally.count),
            summary + "; \(tally.passed.compact(places: 2)) of \(tally.count) checks met", findings: findings,
            measurements: measurements)
    }

    /// Every subgraph of each rover config is a graph of each supergraph (by `@join__graph(name:)`).
    func checkConfigAgainstSupergraphs(
        _ evidence: FederationEvidence, _ tally: inout Tally, _ findings: inout [Finding]
    ) {
        if evidence.supergraphs.isEmpty {
            if options.requireSupergraph {
                tally.add(score: 0)
                findings.append(
                    .error(
                        "no composed supergraph (a schema with enum join__Graph); compose one with `rover supergraph compose`"
                    ))
            } else if !evidence.configs.isEmpty {
                findings.append(.info("no composed supergraph to compare the rover config with"))
            }
            return
        }
        guard !evidence.configs.isEmpty else {
            findings.append(.info("no rover config: the supergraph's subgraphs are not compared with one"))
            if options.requireSupergraph { tally.add(score: 1) }
            return
        }
        for supergraph in evidence.supergraphs {
            for config in evidence.configs {
                guard !config.subgraphs.isEmpty else { continue }
                var present = 0
                for entry in config.subgraphs {
                    let graph =
                        supergraph.graphs.first { $0.name == entry.name }
                        ?? supergraph.graphs.first { $0.name.lowercased() == entry.name.lowercased() }
                    guard let graph else {
                        findings.append(
                            .error(
                                "subgraph '\(entry.name)' of \(config.file) is missing from the supergraph \(supergraph.file) (its join__Graph lists \(supergraph.graphs.isEmpty ? "no graph" : supergraph.graphs.map(\.name).joined(separator: ", ")))",
                                at: entry.location, hint: "Compose the supergraph again from the config."))
                        continue
                    }
                    present += 1
                    if let routing = entry.routingURL, let url = graph.url, routing != url {
                        findings.append(
                            Finding(
                                .warning,
                                "subgraph '\(entry.name)' routes to \(routing) in \(config.file) but to \(url) in the supergraph",
                                at: graph.location))
                    }
                }
                tally.add(score: Double(present) / Double(config.subgraphs.count))
                for graph in supergraph.graphs
                where !config.subgraphs.contains(where: { $0.name.lowercased() == graph.name.lowercased() }) {
                    findings.append(
                        Finding(
                            .warning, "graph '\(graph.name)' of the supergraph is not in \(config.file)",
                            at: graph.location))
                }
            }
        }
    }

    /// Each subgraph a config names has a schema file in the submission that parses as a
    /// subgraph; with no config, each SDL file of the input parses.
    func checkSchemaFiles(_ evidence: FederationEvidence, _ tally: inout Tally, _ findings: inout [Finding]) {
        var items = 0
        var good = 0
        var covered = Set<String>()
        for config in evidence.configs {
            for entry in config.subgraphs {
                items += 1
                switch entry.schema {
                case .file(let written):
                    guard let path = RoverConfig.resolve(written, from: config.file) else {
                        findings.append(
                            .error(
                                "the schema of subgraph '\(entry.name)' (\(written)) is outside the submission",
                                at: entry.schemaLocation))
                        continue
                    }
                    covered.insert(path)
                    if evidence.syntaxErrors[path] != nil { continue }  // already reported where it is
                    switch evidence.documents[path] {
                    case .subgraph: good += 1
                    case .supergraph:
                        findings.append(
                            .error(
                                "the schema of subgraph '\(entry.name)' (\(path)) is a composed supergraph, not a subgraph",
                                at: entry.schemaLocation))
                    case nil:
                        findings.append(
                            .error(
                                evidence.existing.contains(path)
                                    ? "the schema of subgraph '\(entry.name)' (\(path)) could not be read"
                                    : "the schema file of subgraph '\(entry.name)' is missing: \(path)",
                                at: entry.schemaLocation))
                    }
                case .subgraphURL(let url), .graphRef(let url, _):
                    if let local = evidence.subgraphs.first(where: { NameMatcher.matches($0.name, entry.name) }) {
                        good += 1
                        covered.insert(local.path)
                        findings.append(
                            .info(
                                "subgraph '\(entry.name)' is fetched from \(url); \(local.path) is taken as its schema",
                                at: entry.schemaLocation))
                    } else {
                        findings.append(
                            .error(
                                "subgraph '\(entry.name)' takes its schema from \(url); the submission has no SDL file for it",
                                at: entry.schemaLocation,
                                hint: "Add the subgraph's schema file and point `schema.file` at it."))
                    }
                case .missing:
                    findings.append(
                        .error(
                            "subgraph '\(entry.name)' has no schema (file, subgraph_url or graphref)",
                            at: entry.schemaLocation))
                }
            }
        }
        // SDL files no config points at count on their own.
        for path in evidence.syntaxErrors.keys where !covered.contains(path) { items += 1 }
        if evidence.configs.isEmpty {
            let parsed = evidence.documents.keys.filter { !covered.contains($0) }
            items += parsed.count
            good += parsed.count
        }
        if items > 0 { tally.add(score: Double(good) / Double(items)) }
    }

    /// Every key selects fields its type has. Returns how many entities there are.
    func checkKeys(_ evidence: FederationEvidence, _ tally: inout Tally, _ findings: inout [Finding]) -> Int {
        var keys = 0
        var valid = 0
        var entities = Set<String>()
        for subgraph in evidence.subgraphs {
            for type in subgraph.schema.entities {
                entities.insert(type.name)
                for key in type.keys {
                    keys += 1
                    guard key.fields != nil else { continue }  // a syntax problem, reported by the reader
                    let missing = subgraph.schema.missingFields(of: key, on: type)
                    if missing.isEmpty {
                        valid += 1
                    } else {
                        findings.append(
                            .error(
                                "@key(fields: \"\(key.text)\") on \(type.name) in subgraph '\(subgraph.name)' names \(missing.map { "'\($0)'" }.joined(separator: ", ")), which \(type.name) does not have",
                                at: key.location))
                    }
                }
            }
        }
        for supergraph in evidence.supergraphs {
            for type in supergraph.entities {
                entities.insert(type.name)
                for join in type.joins where join.key != nil {
                    keys += 1
                    guard join.keyFields != nil else { continue }
                    let missing = supergraph.missingFields(of: join, on: type)
                    if missing.isEmpty {
                        valid += 1
                    } else {
                        findings.append(
                            .error(
                                "the supergraph keys \(type.name) on \"\(join.key!)\" for '\(join.graph)', but \(type.name) has no \(missing.map { "'\($0)'" }.joined(separator: ", "))",
                                at: join.location))
                    }
                }
            }
        }
        if keys > 0 {
            tally.add(score: Double(valid) / Double(keys))
        } else if !evidence.documents.isEmpty {
            findings.append(Finding(.warning, "no entity: no type has a @key, so no type spans subgraphs"))
        }
        return entities.count
    }

    /// No field is resolved by two subgraphs unless each marks it shareable. Returns how many are.
    func checkSharing(_ evidence: FederationEvidence, _ tally: inout Tally, _ findings: inout [Finding]) -> Int {
        let shared = FieldSharing.sharedFields(evidence.subgraphs.map { ($0.name, $0.schema) })
        var items = shared.count
        var bad = 0
        var seen = Set(shared.map(\.coordinate))
        for field in shared where !field.unshareable.isEmpty {
            bad += 1
            let others = field.resolvers.map(\.subgraph).joined(separator: " and ")
            for resolver in field.unshareable {
                findings.append(
                    .error(
                        "\(field.coordinate) is resolved by \(others) but is not @shareable in '\(resolver.subgraph)'",
                        at: resolver.location,
                        hint:
                            "Mark it @shareable in every subgraph that resolves it, @external where it is not resolved, or move it to one subgraph."
                    ))
            }
        }
        // The supergraph says who resolves what; the subgraph files, where present, say whether they may.
        var undetermined = 0
        for supergraph in evidence.supergraphs {
            let keyFields = supergraph.keyFieldCoordinates
            for type in supergraph.types where !type.isInterface && !type.isShareable {
                for field in type.fields where !field.isShareable {
                    let coordinate = "\(type.name).\(field.name)"
                    let resolvers = type.resolvers(of: field)
                    guard resolvers.count > 1, !keyFields.contains(coordinate), !seen.contains(coordinate) else {
                        continue
                    }
                    seen.insert(coordinate)
                    let declared = resolvers.compactMap { name in
                        evidence.subgraph(name).flatMap { subgraph in
                            subgraph.schema.type(type.name)?.field(field.name).map { (subgraph.name, $0) }
                        }
                    }
                    let unshareable = declared.filter { !$0.1.isShareable && !$0.1.isExternal }
                    if let (name, definition) = unshareable.first {
                        items += 1
                        bad += 1
                        findings.append(
                            .error(
                                "the supergraph resolves \(coordinate) in \(resolvers.joined(separator: " and ")), but '\(name)' does not mark it @shareable",
                                at: definition.location))
                    } else if declared.count < resolvers.count {
                        undetermined += 1
                    } else {
                        items += 1
                    }
                }
            }
        }
        if undetermined > 0 {
            findings.append(
                .info(
                    "\(plural(undetermined, "field")) of the supergraph \(undetermined == 1 ? "is" : "are") resolved by several subgraphs whose schema files are not here to tell whether they are @shareable"
                ))
        }
        if !evidence.subgraphs.isEmpty || items > 0 {
            tally.add(score: items == 0 ? 1 : Double(items - bad) / Double(items))
        }
        return bad
    }

    /// The types each subgraph owns: from the supergraph for the graphs it has, from the
    /// subgraph files (types they define, not extend) for the others.
    func ownership(_ evidence: FederationEvidence) -> [Finding] {
        var owned: [String: [String]] = [:]
        var extended: [String: [String]] = [:]
        if let supergraph = evidence.supergraphs.first {
            owned = supergraph.ownedTypes
            for type in supergraph.types where !supergraph.rootTypes.contains(type.name) {
                for join in type.joins where join.isExtension { extended[join.graph, default: []].append(type.name) }
            }
        }
        let known = Set(owned.keys.map { $0.lowercased() })
        let others = evidence.subgraphs.filter { !known.contains($0.name.lowercased()) }
        for (name, types) in FieldSharing.ownedTypes(others.map { ($0.name, $0.schema) }) { owned[name] = types }
        for subgraph in others {
            extended[subgraph.name, default: []] +=
                subgraph.schema.types.filter { $0.kind == .object && $0.isExtension }.map(\.name)
        }
        return owned.keys.sorted().map { name in
            let types = owned[name] ?? []
            var text = "subgraph '\(name)' owns \(types.isEmpty ? "no type" : types.joined(separator: ", "))"
            let extensions = Array(Set(extended[name] ?? [])).sorted()
            if !extensions.isEmpty { text += "; extends \(extensions.joined(separator: ", "))" }
            return .info(text)
        }
    }
}
