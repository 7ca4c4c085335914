import AssessCore
import AssessFormats
import Foundation

/// What the operations graders share: reading the input's manifests, rule files, journals and
/// catalog once; the services a rubric names (or takes from another part of the hand-in); and
/// the check lists the rubric picks from.
extension GradingJob {
    /// The input's YAML and JSON files read by `ManifestReader` and assembled into one hand-in
    /// (references resolved across files); Markdown files are left to `serviceNames` (a design
    /// document's list of services). Assembled once per run for the same files: every
    /// operations criterion over an input shares it. A file that cannot be read at all (outside
    /// the fence, over the input's cap) makes the criterion an error.
    func operationsEvidence() async throws -> OperationsEvidence {
        let manifests = files.filter { OperationsFiles.isManifest($0.path) }
        return try await assembled(ManifestReader(), as: "operations", files: manifests) { evidence in
            if let failure = evidence.failure { throw failure }
            return OperationsEvidence(manifests: evidence.models)
        }
    }
}

enum OperationsFiles {
    static func isManifest(_ path: String) -> Bool {
        let lower = path.lowercased()
        return lower.hasSuffix(".yaml") || lower.hasSuffix(".yml") || lower.hasSuffix(".json")
    }

    /// A file that could not be read counts as one more part judged, and failed: the rest of the
    /// hand-in is still graded, but it cannot pass whole.
    static func withReadingProblems(_ score: Double, parts: Int, _ evidence: OperationsEvidence) -> Double {
        guard evidence.problems.containsErrors else { return score }
        let n = Double(max(parts, 1))
        return score * n / (n + 1)
    }

    /// Reading problems as findings (a syntax error keeps its line and column).
    static func findings(_ evidence: OperationsEvidence) -> [Finding] {
        evidence.problems.map { Finding(.error, $0.message, at: $0.location) }
    }
}

/// Services a criterion is about: named in the rubric, or taken from another part of the
/// hand-in (the catalog's components, the workloads, the mesh's hosts, the SLOs, a section of a
/// design document in the input).
enum ServiceList: Sendable, Hashable, CustomStringConvertible {
    case names([String])
    case from(Source)
    case section(SectionNames)

    enum Source: String, Sendable, Hashable, CaseIterable {
        case catalog, workloads, mesh, slos
    }

    static let option = OptionDescription(
        "services", .structure("list of names | {from: catalog|workloads|mesh|slos} | {section}"),
        "The services to check: names, or taken from the catalog's service components, the Kubernetes workloads, the VirtualService hosts, the SLOs, or a section of a Markdown document in the input. Without it, every one found."
    )

    var description: String {
        switch self {
        case .names(let names): return names.map { "'\($0)'" }.joined(separator: ", ")
        case .from(let source): return "the services of the \(source.rawValue)"
        case .section(let section): return "the services in section \(section)"
        }
    }

    static func read(_ key: String, from reader: MappingReader) -> ServiceList? {
        guard let node = reader.node(key) else { return nil }
        if node.mapping != nil {
            guard let sub = MappingReader(node, keys: ["from", "section"], context: "'\(key)'", log: reader.log) else {
                return nil
            }
            if let section = SectionNames.read("section", from: sub) { return .section(section) }
            guard let text = sub.string("from", required: true) else { return nil }
            guard let source = Source(rawValue: text) else {
                reader.log.error(
                    at: sub.node("from")?.location,
                    "'from' is one of \(Source.allCases.map(\.rawValue).joined(separator: ", ")); found '\(text)'\(Suggestion.didYouMean(text, in: Source.allCases.map(\.rawValue)))"
                )
                return nil
            }
            return .from(source)
        }
        guard let names = node.expectStrings(for: key, log: reader.log) else { return nil }
        if names.isEmpty { reader.log.error(at: node.location, "'\(key)' needs at least one name") }
        return .names(names)
    }

    /// The names, with where each was found (nil for names written in the rubric).
    func resolve(_ evidence: OperationsEvidence, job: GradingJob) throws -> [(name: String, location: SourceLocation?)]
    {
        switch self {
        case .names(let names): return names.map { ($0, nil) }
        case .from(let source): return Self.names(of: source, in: evidence)
        case .section(let section):
            let documents = try job.markdownDocuments(job.files.filter { $0.path.lowercased().hasSuffix(".md") })
            guard let found = section.find(in: documents) else { return [] }
            return found.items(.auto).items.map { ($0.name, $0.location) }
        }
    }

    static func names(of source: Source, in evidence: OperationsEvidence) -> [(name: String, location: SourceLocation?)]
    {
        var result: [(String, SourceLocation?)] = []
        switch source {
        case .catalog:
            result = evidence.catalog.filter { $0.kind == "Component" && ($0.type == nil || $0.type == "service") }.map
            {
                ($0.name, $0.nameLocation)
            }
        case .workloads:
            result = evidence.workloads.map { ($0.name, $0.nameLocation) }
        case .mesh:
            result = evidence.virtualServices.flatMap { service in
                service.hosts.filter { !MeshHost.isPublic($0.value, gateways: service.gateways) }.map {
                    (MeshHost.shortName($0.value), $0.location)
                }
            }
        case .slos:
            result = evidence.objectives.map { ($0.service, $0.location) }
        }
        var seen = Set<String>()
        return result.filter { !$0.0.isEmpty && seen.insert($0.0.lowercased()).inserted }
    }
}

/// Istio host names: `reviews`, `reviews.prod`, `reviews.prod.svc.cluster.local` name one service.
enum MeshHost {
    static func shortName(_ host: String) -> String {
        String(host.split(separator: ".").first ?? Substring(host))
    }

    /// Whether a VirtualService host is a public name rather than a service in the mesh: a
    /// wildcard, or a dotted DNS name outside the cluster (`shop.example.com`) routed through an
    /// ingress Gateway. `shop.example.com` is where users arrive, not a service named "shop".
    static func isPublic(_ host: String, gateways: [String]) -> Bool {
        if host.hasPrefix("*") { return true }
        let throughGateway = gateways.contains { $0 != "mesh" }
        guard throughGateway, host.contains(".") else { return false }
        return !host.contains(".svc")
    }

    /// Whether two hosts name the same service (a short name is relative to the namespace).
    static func same(_ a: String, _ b: String) -> Bool {
        if a == b { return true }
        let x = a.split(separator: ".")
        let y = b.split(separator: ".")
        guard x.first == y.first else { return false }
        // Compare namespaces where both name one.
        if x.count > 1, y.count > 1 { return x[1] == y[1] }
        return true
    }
}

/// The checks a rubric picks for a grader, from a fixed list (`checks: [resources, probes]`).
struct CheckList<Check: RawRepresentable & CaseIterable & Hashable & Sendable>: Sendable, Hashable
where Check.RawValue == String {
    var checks: [Check]

    func contains(_ check: Check) -> Bool { checks.contains(check) }

    static func read(_ key: String, from reader: MappingReader, default defaults: [Check]) -> CheckList? {
        guard let node = reader.node(key) else { return CheckList(checks: defaults) }
        guard let names = node.expectStrings(for: key, log: reader.log) else { return nil }
        let known = Check.allCases.map(\.rawValue)
        var checks: [Check] = []
        for (index, name) in names.enumerated() {
            guard let check = Check(rawValue: name) else {
                reader.log.error(
                    at: node.sequence?[index].location ?? node.location,
                    "unknown check '\(name)' in '\(key)'; the checks are \(known.joined(separator: ", "))\(Suggestion.didYouMean(name, in: known))"
                )
                continue
            }
            if !checks.contains(check) { checks.append(check) }
        }
        if names.isEmpty { reader.log.error(at: node.location, "'\(key)' needs at least one check") }
        return CheckList(checks: checks)
    }

    static var names: String { Check.allCases.map(\.rawValue).joined(separator: ", ") }
}

extension Double {
    /// `14.4`, `6`, `0.999`: how factors and objectives read in messages.
    var factorText: String { compact(places: 4) }
}
