public import AssessCore
import AssessFormats

/// A service catalog with ownership: every service has a Backstage Component owned by a
/// declared Group, with a lifecycle and a system; the APIs it provides exist as API entities
/// (and, when asked, as specification files in the hand-in).
public struct CatalogOwnershipGrader: Grader {
    enum Field: String, Sendable, Hashable, CaseIterable {
        case owner, lifecycle, system
    }

    public struct Options: Sendable, Hashable {
        var services: ServiceList?
        var require: CheckList<Field>
        var apis: Bool
        var apiFiles: Glob?
    }

    public static let description = GraderDescription(
        kind: "catalog.ownership",
        summary:
            "Reads Backstage catalog entities (`catalog-info.yaml`, one or many documents). Each service in `services` (or every Component of type service) must have a Component whose `owner` resolves to a Group declared in the catalog, a `lifecycle` (experimental, production, deprecated) and a `system` declared as a System entity (the fields in `require`). With `apis` (default), every API a Component provides or consumes is declared as an API entity; with `api_files`, each openapi or asyncapi API entity's definition is a file in the hand-in (its `$text` target, or a file named after the API). References follow Backstage's `[kind:][namespace/]name`, without case. Score: the share of checks met.",
        options: [
            ServiceList.option,
            OptionDescription(
                "require", .choices(["owner", "lifecycle", "system"]), default: "[owner, lifecycle, system]",
                "The fields every service's Component needs."),
            OptionDescription(
                "apis", .boolean, default: "true", "Provided and consumed APIs must be declared as API entities."),
            OptionDescription(
                "api_files", .glob,
                "Where the API specifications are, e.g. `api/**/*.yaml`; each API entity needs one."),
        ],
        examples: [
            GraderExample(
                "Checkout is owned by a declared team, in production, in the shop system",
                with: "{ services: [checkout] }", paths: ["catalog-info.yaml"],
                files: ["catalog-info.yaml": Self.example(owner: "team-checkout")], .passes),
            GraderExample(
                "The owner is not a declared Group", with: "{ services: [checkout] }", paths: ["catalog-info.yaml"],
                files: ["catalog-info.yaml": Self.example(owner: "checkout-folks")], .fails),
        ])

    static func example(owner: String) -> String {
        """
        apiVersion: backstage.io/v1alpha1
        kind: Component
        metadata: { name: checkout }
        spec:
          type: service
          lifecycle: production
          owner: \(owner)
          system: shop
          providesApis: [checkout-api]
        ---
        apiVersion: backstage.io/v1alpha1
        kind: API
        metadata: { name: checkout-api }
        spec: { type: openapi, lifecycle: production, owner: team-checkout, system: shop, definition: "openapi: 3.0.3" }
        ---
        apiVersion: backstage.io/v1alpha1
        kind: System
        metadata: { name: shop }
        spec: { owner: team-checkout }
        ---
        apiVersion: backstage.io/v1alpha1
        kind: Group
        metadata: { name: team-checkout }
        spec: { type: team, children: [] }

        """
    }

    public let options: Options

    public init(options: Options) {
        self.options = options
    }

    public static func options(from reader: MappingReader) -> Options? {
        guard let require = CheckList<Field>.read("require", from: reader, default: Field.allCases) else {
            return nil
        }
        return Options(
            services: ServiceList.read("services", from: reader), require: require,
            apis: reader.declaredBool("apis"), apiFiles: reader.string("api_files").map(Glob.init))
    }

    public func grade(_ job: GradingJob) async throws -> Outcome {
        let evidence = try await job.operationsEvidence()
        return judge(
            evidence,
            services: try options.services?.resolve(evidence, job: job)
                ?? ServiceList.names(of: .catalog, in: evidence),
            handIn: job.submission.files,
            input: job.files.first.map { SourceLocation(file: $0.path, line: 1, column: 1) })
    }

    /// Each service's Component, owner, lifecycle, system and APIs in a catalog already read (a
    /// test reads it from text): `services` are the names to check, with where each was found;
    /// `handIn` is every path of the submission, where `api_files` looks for specifications;
    /// `input` is where findings about something missing point.
    func judge(
        _ evidence: OperationsEvidence, services names: [(name: String, location: SourceLocation?)], handIn: [String],
        input start: SourceLocation?
    ) -> Outcome {
        var findings = OperationsFiles.findings(evidence)
        let catalog = evidence.catalog
        guard !names.isEmpty else {
            return .failed(
                "no services to check",
                findings: findings + [
                    .error(
                        catalog.isEmpty
                            ? "found no Backstage catalog entities (apiVersion backstage.io/v1alpha1)"
                            : "found no Component of type service", at: start)
                ])
        }
        let groups = catalog.filter { $0.kind == "Group" }
        let systems = catalog.filter { $0.kind == "System" }
        let apis = catalog.filter { $0.kind == "API" }
        var tally = Tally()
        var complete = 0
        for service in names {
            let component = catalog.first {
                $0.kind == "Component"
                    && ($0.name.lowercased() == service.name.lowercased() || NameMatcher.matches($0.name, service.name))
            }
            guard let component else {
                tally.add(false)
                findings.append(
                    .error(
                        "service '\(service.name)' has no catalog Component", at: service.location ?? start,
                        hint:
                            "Describe it in catalog-info.yaml: kind Component, spec.type service, owner, lifecycle, system."
                    ))
                continue
            }
            var ok = true
            let label = "Component '\(component.name)'"
            func check(_ passed: Bool, _ message: String, at location: SourceLocation, hint: String? = nil) {
                tally.add(passed)
                if !passed {
                    ok = false
                    findings.append(.error(message, at: location, hint: hint))
                }
            }
            if options.require.contains(.owner) {
                if let owner = component.owner {
                    let group = groups.first { owner.value.names($0) }
                    check(
                        group != nil,
                        owner.value.kind == "user"
                            ? "\(label) is owned by a user (\(owner.value)); ownership belongs to a team Group"
                            : "\(label) is owned by '\(owner.value.name)', which is not a Group declared in the catalog",
                        at: owner.location, hint: "Declare the team as kind Group and name it as the owner.")
                } else {
                    check(false, "\(label) has no spec.owner", at: component.specLocation)
                }
            }
            if options.require.contains(.lifecycle) {
                if let lifecycle = component.lifecycle {
                    let known = ["experimental", "production", "deprecated"].contains(lifecycle.value.lowercased())
                    check(true, "", at: lifecycle.location)
                    if !known {
                        findings.append(
                            Finding(
                                .warning,
                                "\(label) has lifecycle '\(lifecycle.value)'; Backstage knows experimental, production and deprecated",
                                at: lifecycle.location))
                    }
                } else {
                    check(false, "\(label) has no spec.lifecycle", at: component.specLocation)
                }
            }
            if options.require.contains(.system) {
                if let system = component.system {
                    check(
                        systems.contains { system.value.names($0) },
                        "\(label) is part of system '\(system.value.name)', which the catalog does not declare",
                        at: system.location)
                } else {
                    check(false, "\(label) has no spec.system", at: component.specLocation)
                }
            }
            if options.apis {
                for reference in component.providesApis + component.consumesApis {
                    check(
                        apis.contains { reference.value.names($0) },
                        "\(label) \(component.providesApis.contains(reference) ? "provides" : "consumes") API '\(reference.value.name)', which is not declared as an API entity",
                        at: reference.location)
                }
            }
            if ok { complete += 1 }
        }
        if let glob = options.apiFiles {
            let files = handIn.filter { glob.matches($0) }
            for api in apis where ["openapi", "asyncapi"].contains(api.type?.lowercased() ?? "") {
                let target = api.definitionReference.map { Self.resolve($0, from: api.location.file) }
                let found =
                    target.map { path in handIn.contains(path) }
                    ?? files.contains { NameMatcher.matches(Self.baseName($0), api.name) }
                tally.add(found)
                if !found {
                    findings.append(
                        .error(
                            "API '\(api.name)' (\(api.type ?? "")) has no specification file\(target.map { ": '\($0)' is not in the hand-in" } ?? " matching '\(glob.pattern)'")",
                            at: api.nameLocation))
                }
            }
        }
        return .scored(
            OperationsFiles.withReadingProblems(tally.score, parts: Int(tally.total), evidence),
            "\(complete) of \(plural(names.count, "service")) have a complete catalog entry",
            findings: findings,
            measurements: [
                MeasuredValue("services catalogued", Double(complete), limit: "\(names.count)"),
                MeasuredValue("catalog entities", Double(catalog.count)),
            ])
    }

    static func baseName(_ path: String) -> String {
        let file = path.split(separator: "/").last.map(String.init) ?? path
        return String(file.split(separator: ".").first ?? Substring(file))
    }

    /// A `$text: ./openapi.yaml` target relative to the catalog file; URLs stay as written.
    static func resolve(_ target: String, from file: String) -> String {
        if target.contains("://") { return target }
        var parts = file.split(separator: "/").dropLast().map(String.init)
        for part in target.split(separator: "/") {
            if part == "." { continue }
            if part == ".." {
                _ = parts.popLast()
            } else {
                parts.append(String(part))
            }
        }
        return parts.joined(separator: "/")
    }
}
