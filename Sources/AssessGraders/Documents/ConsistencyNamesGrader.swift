public import AssessCore
import AssessFormats

/// The services or bounded contexts named in one place are the ones shown everywhere else:
/// the design's list, its context-map diagram, the service folders, the API spec files.
public struct ConsistencyNamesGrader: Grader {
    public struct Options: Sendable, Hashable {
        var source: Source
        var against: [Source]
        var bothWays: Bool
    }

    /// Where a set of names comes from.
    enum Source: Sendable, Hashable, CustomStringConvertible {
        case section(SectionNames, ItemKind)
        case diagram(DiagramSelector, SectionNames?)
        case folders(Glob)
        case files(Glob)
        /// Names read from operations files matching a glob: workloads, mesh hosts, catalog
        /// components or SLO services.
        case manifests(ManifestNames, Glob)
        /// Names read from interface files matching a glob: OpenAPI titles, Pact participants,
        /// AsyncAPI applications.
        case interfaces(InterfaceNames, Glob)
        /// Subgraph names of a federated GraphQL graph: rover config entries, supergraph
        /// `join__Graph` names and SDL files, from the files matching a glob.
        case subgraphs(Glob)

        var description: String {
            switch self {
            case .section(let names, _): return "section \(names)"
            case .diagram(let selector, let section):
                return "the \(selector)" + (section.map { " in section \($0)" } ?? "")
            case .folders(let glob): return "the folders '\(glob.pattern)'"
            case .files(let glob): return "the files '\(glob.pattern)'"
            case .manifests(let names, let glob): return "the \(names.noun) in '\(glob.pattern)'"
            case .interfaces(let names, let glob): return "the \(names.noun) in '\(glob.pattern)'"
            case .subgraphs(let glob): return "the GraphQL subgraphs in '\(glob.pattern)'"
            }
        }

        static let keys =
            ["section", "kind", "diagram", "folders", "files", "subgraphs"] + ManifestNames.allCases.map(\.rawValue)
            + InterfaceNames.allCases.map(\.rawValue)

        static func read(_ node: YAMLNode, log: DiagnosticLog, what: String) -> Source? {
            guard let reader = MappingReader(node, keys: keys, context: what, log: log) else { return nil }
            let given =
                (["diagram", "folders", "files", "subgraphs"] + ManifestNames.allCases.map(\.rawValue)
                + InterfaceNames.allCases.map(\.rawValue)).filter {
                    reader.node($0) != nil
                }
            if given.count > 1 {
                log.error(
                    at: node.location,
                    "\(what) takes one of 'diagram', 'folders' or 'files', not \(given.joined(separator: " and "))")
            }
            for names in ManifestNames.allCases {
                if let pattern = reader.string(names.rawValue) { return .manifests(names, Glob(pattern)) }
            }
            for names in InterfaceNames.allCases {
                if let pattern = reader.string(names.rawValue) { return .interfaces(names, Glob(pattern)) }
            }
            if let pattern = reader.string("subgraphs") { return .subgraphs(Glob(pattern)) }
            if let selector = DiagramSelector.read("diagram", from: reader) {
                return .diagram(selector, SectionNames.read("section", from: reader))
            }
            if let pattern = reader.string("folders") { return .folders(Glob(pattern)) }
            if let pattern = reader.string("files") { return .files(Glob(pattern)) }
            guard let names = SectionNames.read("section", from: reader) else {
                log.error(at: node.location, "\(what) needs 'section', 'diagram', 'folders' or 'files'")
                return nil
            }
            let kindText = reader.string("kind") ?? "auto"
            guard let kind = ItemKind(rawValue: kindText) else {
                log.error(
                    at: reader.node("kind")?.location,
                    "'kind' is one of auto, list, headings, rows; found '\(kindText)'")
                return nil
            }
            return .section(names, kind)
        }
    }

    public static let description = GraderDescription(
        kind: "consistency.names",
        summary:
            "Names stated in one place (`names`: a section's items) must appear in each place of `against` — a Mermaid diagram's nodes, another section's items, the submission's folders or files matching a glob — and, unless `both_ways: false`, the names there must appear in the source. Matching ignores case, hyphens, camelCase, plurals and filler words ('service', 'context', 'api'), and a stem matches its longer form. Score: the share of names matched, over both sides of every comparison.",
        options: [
            OptionDescription(
                "names", .structure("{section, kind} or any place `against` takes"),
                "Where the reference names are: a section of the input's Markdown and what counts as an item (as `markdown.items`), or any of the places `against` takes."
            ),
            OptionDescription(
                "against",
                .structure(
                    "list of {diagram, section} | {section, kind} | {folders} | {files} | {workloads} | {hosts} | {components} | {slos} | {openapi} | {pacts} | {asyncapi} | {subgraphs}"
                ),
                "Where the same names must appear: `{ diagram: flowchart }`, `{ folders: 'services/*' }`, `{ files: 'api/*.yaml' }`, or names read from the operations files a glob matches: `{ workloads: 'k8s/*.yaml' }` (Deployments, StatefulSets, Rollouts), `{ hosts: 'mesh/*.yaml' }` (VirtualService hosts), `{ components: 'catalog-info.yaml' }` (Backstage components), `{ slos: 'slo/*.yaml' }` (the services SLOs are for), or from interface files: `{ openapi: 'api/**/*.yaml' }` (each document's `info.title`), `{ pacts: 'pacts/*.json' }` (consumers and providers), `{ asyncapi: 'events/*.yaml' }` (each application's title), or from a federated GraphQL graph: `{ subgraphs: 'graph/**' }` (the rover config's subgraphs, the supergraph's `join__Graph` names, else the SDL files' names)."
            ),
            OptionDescription(
                "both_ways", .boolean, default: "true", "Also report names in `against` that the source does not list."
            ),
        ],
        examples: [
            GraderExample(
                "The context list, the context map and the service folders agree",
                with:
                    "names: { section: Bounded Contexts }\nagainst: [{ diagram: flowchart }, { folders: 'services/*' }]",
                paths: ["design.md"],
                files: [
                    "design.md":
                        "## Bounded Contexts\n- **Ordering**\n- **Payments**\n\n```mermaid\nflowchart LR\n  order-service --> payment-service\n```\n",
                    "services/ordering/README.md": "x", "services/payments/README.md": "y",
                ], .passes),
            GraderExample(
                "The diagram shows a Warehouse the list does not have, and no Payments",
                with: "names: { section: Bounded Contexts }\nagainst: [{ diagram: flowchart }]", paths: ["design.md"],
                files: [
                    "design.md":
                        "## Bounded Contexts\n- **Ordering**\n- **Payments**\n\n```mermaid\nflowchart LR\n  Ordering --> Warehouse\n```\n"
                ],
                .fails),
        ])

    public let options: Options

    public init(options: Options) {
        self.options = options
    }

    public static func options(from reader: MappingReader) -> Options? {
        let source = reader.require("names").flatMap { Source.read($0, log: reader.log, what: "'names'") }
        var against: [Source] = []
        if let list = reader.require("against") {
            against = (list.sequence ?? [list]).compactMap {
                Source.read($0, log: reader.log, what: "an entry of 'against'")
            }
            if against.isEmpty, list.sequence?.isEmpty == true {
                reader.log.error(at: list.location, "'against' needs at least one place")
            }
        }
        guard let source else { return nil }
        return Options(source: source, against: against, bothWays: reader.declaredBool("both_ways"))
    }

    typealias Name = (name: String, location: SourceLocation?)

    public func grade(_ job: GradingJob) async throws -> Outcome {
        let documents = try job.markdownDocuments()
        let reference = try names(from: options.source, documents: documents, job: job)
        let against = try options.against.map { place in
            (place: place, names: try names(from: place, documents: documents, job: job))
        }
        return judge(reference, against: against, documents: documents)
    }

    /// The source's names against each other place's (and, both ways, theirs against the
    /// source's): every name found in the other place is a match.
    func judge(_ reference: [Name], against: [(place: Source, names: [Name])], documents: [MarkdownDocument])
        -> Outcome
    {
        guard !reference.isEmpty else {
            return .failed(
                "no names in \(options.source)",
                findings: [documentFinding(documents, "found no names in \(options.source) to compare")])
        }
        var findings: [Finding] = []
        var matched = 0
        var total = 0
        for (place, others) in against {
            if others.isEmpty {
                findings.append(documentFinding(documents, "found no names in \(place)"))
                total += reference.count
                continue
            }
            for name in reference {
                total += 1
                if others.contains(where: { NameMatcher.matches(name.name, $0.name) }) {
                    matched += 1
                } else {
                    findings.append(
                        .error("'\(name.name)' from \(options.source) is missing from \(place)", at: name.location))
                }
            }
            guard options.bothWays else { continue }
            for other in others {
                total += 1
                if reference.contains(where: { NameMatcher.matches($0.name, other.name) }) {
                    matched += 1
                } else {
                    findings.append(
                        .error("'\(other.name)' in \(place) is not in \(options.source)", at: other.location))
                }
            }
        }
        let score = total == 0 ? 0 : Double(matched) / Double(total)
        return .scored(
            score,
            "\(matched) of \(plural(total, "name")) agree across \(options.source) and \(options.against.map(\.description).joined(separator: ", "))",
            findings: findings, measurements: [MeasuredValue("mismatched names", Double(total - matched), limit: "0")])
    }

    func names(from source: Source, documents: [MarkdownDocument], job: GradingJob) throws -> [Name] {
        switch source {
        case .section(let names, let kind):
            guard let section = names.find(in: documents) else { return [] }
            return section.items(kind).items.map { ($0.name, $0.location) }
        case .diagram(let selector, let section):
            let diagrams = documents.flatMap { document in
                section.map { document.sections(named: $0.names).flatMap(\.mermaidDiagrams) }
                    ?? document.mermaidDiagrams
            }
            return diagrams.filter { selector.accepts($0) }.flatMap {
                DiagramSelector.names(in: $0).map { ($0.name, $0.location) }
            }
        case .folders(let glob):
            var folders = Set<String>()
            for file in job.submission.files {
                let parts = file.split(separator: "/")
                for depth in stride(from: 1, to: parts.count, by: 1) {
                    let folder = parts.prefix(depth).joined(separator: "/")
                    if glob.matches(folder) { folders.insert(folder) }
                }
            }
            return folders.sorted().map {
                (String($0.split(separator: "/").last ?? ""), SourceLocation(file: $0, line: 1, column: 1))
            }
        case .manifests(let names, let glob):
            let manifests = try job.submission.files.filter { glob.matches($0) && OperationsFiles.isManifest($0) }
                .map { path in try job.reading(ManifestReader.self, of: try job.submission.check(path).get()).model }
            let evidence = OperationsEvidence(manifests: manifests)
            return ServiceList.names(of: names.source, in: evidence).map { ($0.name, $0.location) }
        case .interfaces(let names, let glob):
            var files = APIFiles(files: [])
            for path in job.submission.files where glob.matches(path) && APIFileKinds.isStructured(path) {
                job.add(try job.submission.check(path).get(), to: &files)
            }
            return names.names(in: files)
        case .subgraphs(let glob):
            let evidence = FederationEvidence(
                paths: job.submission.files.filter { glob.matches($0) }, existing: job.submission.files
            ) { try job.text(try job.submission.check($0).get()) }
            return evidence.subgraphNames.map { ($0.name, $0.location) }
        case .files(let glob):
            return job.submission.files.filter { glob.matches($0) }.map { path in
                let base = path.split(separator: "/").last.map(String.init) ?? path
                return (
                    String(base.split(separator: ".").first ?? Substring(base)),
                    SourceLocation(file: path, line: 1, column: 1)
                )
            }
        }
    }
}

/// The names `consistency.names` can read from operations files.
enum ManifestNames: String, Sendable, Hashable, CaseIterable {
    case workloads, hosts, components, slos

    var source: ServiceList.Source {
        switch self {
        case .workloads: return .workloads
        case .hosts: return .mesh
        case .components: return .catalog
        case .slos: return .slos
        }
    }

    var noun: String {
        switch self {
        case .workloads: return "workloads"
        case .hosts: return "VirtualService hosts"
        case .components: return "catalog components"
        case .slos: return "SLO services"
        }
    }
}

/// The names `consistency.names` can read from interface files: the services the APIs and
/// contracts speak of.
enum InterfaceNames: String, Sendable, Hashable, CaseIterable {
    /// `info.title` of each OpenAPI document.
    case openapi
    /// The consumers and providers of the Pact contracts.
    case pacts
    /// `info.title` of each AsyncAPI document.
    case asyncapi

    var noun: String {
        switch self {
        case .openapi: return "OpenAPI titles"
        case .pacts: return "Pact participants"
        case .asyncapi: return "AsyncAPI applications"
        }
    }

    func names(in files: APIFiles) -> [(name: String, location: SourceLocation?)] {
        var result: [(String, SourceLocation?)] = []
        for file in files.files {
            guard let root = file.root else { continue }
            switch self {
            case .openapi, .asyncapi:
                let key = self == .openapi ? "openapi" : "asyncapi"
                guard root[key] != nil, let title = root["info"]?["title"] else { continue }
                if let name = title.string { result.append((name, title.location)) }
            case .pacts:
                guard let pact = PactFile(root, file: file.path) else { continue }
                if let consumer = pact.consumer { result.append((consumer, pact.consumerLocation)) }
                if let provider = pact.provider { result.append((provider, pact.providerLocation)) }
            }
        }
        var seen = Set<String>()
        return result.filter { seen.insert(NameMatcher.key($0.0)).inserted }
    }
}
