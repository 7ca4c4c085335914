public import AssessCore
import AssessFormats

/// Istio traffic configuration a reviewer would sign off for production: every routed subset
/// exists, a canary split where the rubric asks for one, retries with a per-try timeout, a
/// route timeout, outlier detection and a connection pool, and mTLS in STRICT mode.
public struct MeshTrafficGrader: Grader {
    enum Check: String, Sendable, Hashable, CaseIterable {
        case subsets, canary, retries, timeout
        case outlierDetection = "outlier-detection"
        case connectionPool = "connection-pool"
        case mtls
    }

    public struct Options: Sendable, Hashable {
        var checks: CheckList<Check>
        var hosts: [String]?
        var canaryHosts: [String]?
        var canaryShare: CountRange
    }

    public static let description = GraderDescription(
        kind: "mesh.traffic",
        summary:
            "Checks Istio VirtualServices, DestinationRules and PeerAuthentications: `subsets` (every subset a route sends traffic to is defined by a DestinationRule for that host), `canary` (a route splits traffic between destinations; the canary's share is its weight over the sum of weights, which need not be 100), `retries` (attempts with a `perTryTimeout`), `timeout` (every HTTP route has one), `outlier-detection` and `connection-pool` (on the DestinationRule of every routed host; the deprecated `consecutiveErrors` is flagged), `mtls` (STRICT mesh-wide or in every namespace used; PERMISSIVE or DISABLE anywhere is a finding). Score: the average over the checks of the share of routes, hosts or namespaces that pass.",
        options: [
            OptionDescription(
                "checks", .choices(Check.allCases.map(\.rawValue)),
                default: "[subsets, retries, timeout, outlier-detection, connection-pool, mtls]",
                "Which checks apply (`canary` is added when `canary` is given)."),
            OptionDescription("hosts", .list(.string), "Only these hosts' routes and rules; default every one."),
            OptionDescription(
                "canary", .structure("{hosts, share}"),
                "Hosts whose routes must split traffic, and the canary's share as `{min, max}` fractions (default `{min: 0.01, max: 0.5}`)."
            ),
        ],
        examples: [
            GraderExample(
                "Subsets defined, retries, timeout, outlier detection, pool and STRICT mTLS",
                with: "", paths: ["mesh/*.yaml"], files: ["mesh/reviews.yaml": Self.example(subset: "v2")], .passes),
            GraderExample(
                "A route to subset v3, which the DestinationRule does not define",
                with: "{ checks: [subsets] }", paths: ["mesh/*.yaml"],
                files: ["mesh/reviews.yaml": Self.example(subset: "v3")], .fails),
        ])

    static func example(subset: String) -> String {
        """
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: { name: reviews, namespace: shop }
        spec:
          hosts: [reviews]
          http:
          - route:
            - destination: { host: reviews, subset: v1 }
              weight: 90
            - destination: { host: reviews, subset: \(subset) }
              weight: 10
            timeout: 2s
            retries: { attempts: 2, perTryTimeout: 500ms, retryOn: "5xx,connect-failure" }
        ---
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata: { name: reviews, namespace: shop }
        spec:
          host: reviews
          trafficPolicy:
            connectionPool: { http: { http1MaxPendingRequests: 64 } }
            outlierDetection: { consecutive5xxErrors: 5, interval: 10s, baseEjectionTime: 30s }
          subsets:
          - { name: v1, labels: { version: v1 } }
          - { name: v2, labels: { version: v2 } }
        ---
        apiVersion: security.istio.io/v1
        kind: PeerAuthentication
        metadata: { name: default, namespace: istio-system }
        spec: { mtls: { mode: STRICT } }

        """
    }

    public let options: Options

    public init(options: Options) {
        self.options = options
    }

    public static func options(from reader: MappingReader) -> Options? {
        var checks = CheckList<Check>.read(
            "checks", from: reader,
            default: [.subsets, .retries, .timeout, .outlierDetection, .connectionPool, .mtls])
        var canaryHosts: [String]?
        var share = CountRange(min: 0.01, max: 0.5)
        if let canary = reader.node("canary") {
            if let sub = MappingReader(canary, keys: ["hosts", "share"], context: "'canary'", log: reader.log) {
                canaryHosts = sub.strings("hosts")
                share = CountRange.read("share", from: sub) ?? share
            }
            if checks?.contains(.canary) == false { checks?.checks.append(.canary) }
        }
        guard let checks else { return nil }
        return Options(checks: checks, hosts: reader.strings("hosts"), canaryHosts: canaryHosts, canaryShare: share)
    }

    public func grade(_ job: GradingJob) async throws -> Outcome {
        judge(
            try await job.operationsEvidence(),
            input: job.files.first.map { SourceLocation(file: $0.path, line: 1, column: 1) })
    }

    /// The picked checks on the routes, rules and peer authentications already read (a test
    /// reads them from text); `input` is where a finding about nothing found points.
    func judge(_ evidence: OperationsEvidence, input: SourceLocation?) -> Outcome {
        var findings = OperationsFiles.findings(evidence)
        let wanted = { (host: String) in self.options.hosts?.contains { MeshHost.same($0, host) } ?? true }
        let services = evidence.virtualServices.filter { $0.hosts.contains { wanted($0.value) } || $0.hosts.isEmpty }
        let rules = evidence.destinationRules.filter { wanted($0.host.value) }
        guard !services.isEmpty || !rules.isEmpty else {
            return .failed(
                "no Istio VirtualService or DestinationRule found",
                findings: findings + [
                    .error(
                        "found no VirtualService or DestinationRule (networking.istio.io)\(options.hosts.map { " for \($0.joined(separator: ", "))" } ?? "")",
                        at: input)
                ])
        }
        var parts: [(Check, Tally)] = []
        for check in options.checks.checks {
            var tally = Tally()
            switch check {
            case .subsets: checkSubsets(services, evidence.destinationRules, &tally, &findings)
            case .canary: checkCanary(services, &tally, &findings)
            case .retries, .timeout: checkRoutes(check, services, &tally, &findings)
            case .outlierDetection, .connectionPool:
                checkRules(check, services: services, rules: rules, &tally, &findings)
            case .mtls: checkMTLS(evidence, &tally, &findings)
            }
            parts.append((check, tally))
        }
        let score = parts.map { $0.1.total == 0 ? 1 : $0.1.score }.reduce(0, +) / Double(max(parts.count, 1))
        let failing = parts.filter { $0.1.total > 0 && $0.1.score < 1 }.map(\.0.rawValue)
        return .scored(
            OperationsFiles.withReadingProblems(score, parts: parts.count, evidence),
            failing.isEmpty
                ? "\(plural(services.count, "VirtualService")) and \(plural(rules.count, "DestinationRule")) pass \(options.checks.checks.map(\.rawValue).joined(separator: ", "))"
                : "fails \(failing.joined(separator: ", ")) across \(plural(services.count, "VirtualService")) and \(plural(rules.count, "DestinationRule"))",
            findings: findings,
            measurements: parts.map { MeasuredValue("\($0.0.rawValue) passing", $0.1.score, unit: "ratio", limit: "1") }
        )
    }

    func checkSubsets(
        _ services: [VirtualService], _ rules: [DestinationRule], _ tally: inout Tally, _ findings: inout [Finding]
    ) {
        for service in services {
            for route in service.http {
                for destination in route.destinations {
                    guard let subset = destination.subset else { continue }
                    let hostRules = rules.filter { MeshHost.same($0.host.value, destination.host) }
                    if hostRules.contains(where: { $0.subsets.contains { $0.value == subset.value } }) {
                        tally.add(true)
                        continue
                    }
                    tally.add(false)
                    let defined = hostRules.flatMap(\.subsets).map(\.value)
                    findings.append(
                        .error(
                            hostRules.isEmpty
                                ? "VirtualService '\(service.name)' routes host '\(destination.host)' to subset '\(subset.value)', but no DestinationRule is for host '\(destination.host)'"
                                : "VirtualService '\(service.name)' routes host '\(destination.host)' to subset '\(subset.value)', which no DestinationRule for that host defines (it has \(defined.map { "'\($0)'" }.joined(separator: ", ")))",
                            at: subset.location,
                            hint:
                                "Define the subset (its pod labels) in the host's DestinationRule, or Envoy answers 503 for that route."
                        ))
                }
            }
        }
    }

    func checkCanary(_ services: [VirtualService], _ tally: inout Tally, _ findings: inout [Finding]) {
        let hosts = options.canaryHosts ?? []
        func split(_ service: VirtualService) -> (HTTPRoute, Double)? {
            for route in service.http where route.destinations.count >= 2 {
                let shares = route.shares
                let positive = shares.filter { $0 > 0 }
                if positive.count >= 2, let canary = positive.min() { return (route, canary) }
            }
            return nil
        }
        let subjects: [(String, [VirtualService])] =
            hosts.isEmpty
            ? [("any host", services)]
            : hosts.map { host in (host, services.filter { $0.hosts.contains { MeshHost.same($0.value, host) } }) }
        for (host, candidates) in subjects {
            let found = candidates.lazy.compactMap { service in split(service).map { (service, $0.0, $0.1) } }.first
            guard let (service, route, share) = found else {
                tally.add(false)
                findings.append(
                    .error(
                        "no route for \(host == "any host" ? "any host" : "host '\(host)'") splits traffic between a stable and a canary destination",
                        at: candidates.first?.location,
                        hint: "Route to two subsets with weights (e.g. 90 and 10) so a canary takes a small share."))
                continue
            }
            let ok = options.canaryShare.contains(share)
            tally.add(ok)
            findings.append(
                ok
                    ? .info(
                        "VirtualService '\(service.name)' sends \((share * 100).compact(places: 1)) % to its canary",
                        at: route.location)
                    : .error(
                        "VirtualService '\(service.name)' sends \((share * 100).compact(places: 1)) % to its canary; expected \(options.canaryShare.percentText)",
                        at: route.destinations.first?.weight?.location ?? route.location))
        }
    }

    func checkRoutes(_ check: Check, _ services: [VirtualService], _ tally: inout Tally, _ findings: inout [Finding]) {
        for service in services {
            for (index, route) in service.http.enumerated() {
                let label = "VirtualService '\(service.name)' route \(route.name.map { "'\($0)'" } ?? "#\(index + 1)")"
                if check == .timeout {
                    tally.add(route.timeout != nil)
                    if route.timeout == nil {
                        findings.append(
                            .error(
                                "\(label) has no timeout (Istio sets none by default)", at: route.location,
                                hint: "Give every route a timeout shorter than its callers' own."))
                    }
                    continue
                }
                guard let retries = route.retries, (retries.attempts ?? 0) > 0 else {
                    tally.add(false)
                    findings.append(
                        .error(
                            "\(label) has no retries", at: route.retries?.location ?? route.location,
                            hint: "Retry idempotent calls a few times with `perTryTimeout` and `retryOn`."))
                    continue
                }
                tally.add(retries.perTryTimeout != nil)
                if retries.perTryTimeout == nil {
                    findings.append(
                        .error(
                            "\(label) retries \(retries.attempts ?? 0) times without a perTryTimeout",
                            at: retries.location))
                } else if let perTry = retries.perTryTimeout?.value, let timeout = route.timeout?.value,
                    perTry.seconds * Double(retries.attempts ?? 1) > timeout.seconds
                {
                    findings.append(
                        .info(
                            "\(label): \(retries.attempts ?? 0) tries of \(perTry.text) outlast the route timeout of \(timeout.text); later retries are cut off",
                            at: retries.location))
                }
            }
        }
    }

    func checkRules(
        _ check: Check, services: [VirtualService], rules: [DestinationRule], _ tally: inout Tally,
        _ findings: inout [Finding]
    ) {
        // The hosts traffic is routed to, each judged on its DestinationRule.
        var hosts: [(String, SourceLocation)] = []
        for service in services {
            for destination in service.http.flatMap(\.destinations)
            where !hosts.contains(where: { MeshHost.same($0.0, destination.host) })
                && (options.hosts?.contains { MeshHost.same($0, destination.host) } ?? true)
            {
                hosts.append((destination.host, destination.location))
            }
        }
        for rule in rules where !hosts.contains(where: { MeshHost.same($0.0, rule.host.value) }) {
            hosts.append((rule.host.value, rule.host.location))
        }
        let what = check == .outlierDetection ? "outlier detection" : "a connection pool"
        for (host, location) in hosts {
            guard let rule = rules.first(where: { MeshHost.same($0.host.value, host) }) else {
                tally.add(false)
                findings.append(
                    .error(
                        "host '\(host)' has no DestinationRule, so no \(what)", at: location,
                        hint: "Add a DestinationRule for the host with a trafficPolicy."))
                continue
            }
            let policies = [rule.trafficPolicy].compactMap { $0 } + rule.subsetPolicies.values
            if check == .outlierDetection {
                let detection = policies.lazy.compactMap(\.outlierDetection).first
                tally.add(detection != nil)
                if let detection {
                    if let deprecated = detection.consecutiveErrors {
                        findings.append(
                            Finding(
                                .warning,
                                "DestinationRule '\(rule.name)' uses the deprecated 'consecutiveErrors'; write 'consecutive5xxErrors'",
                                at: deprecated.location))
                    }
                } else {
                    findings.append(
                        .error(
                            "DestinationRule '\(rule.name)' (host '\(rule.host.value)') has no outlierDetection",
                            at: rule.trafficPolicy?.location ?? rule.location,
                            hint: "Eject hosts that keep failing: consecutive5xxErrors, interval, baseEjectionTime."))
                }
            } else {
                let pool = policies.contains { $0.connectionPool != nil }
                tally.add(pool)
                if !pool {
                    findings.append(
                        .error(
                            "DestinationRule '\(rule.name)' (host '\(rule.host.value)') has no connectionPool",
                            at: rule.trafficPolicy?.location ?? rule.location,
                            hint:
                                "Bound connections and pending requests so one slow host cannot take every caller down."
                        ))
                }
            }
        }
    }

    func checkMTLS(_ evidence: OperationsEvidence, _ tally: inout Tally, _ findings: inout [Finding]) {
        let policies = evidence.peerAuthentications
        let root = "istio-system"
        let meshWide = policies.first { $0.namespace == root && $0.selector == nil }
        let strictMesh = meshWide?.mode?.value.uppercased() == "STRICT"
        for policy in policies {
            if let mode = policy.mode, mode.value.uppercased() != "STRICT", mode.value.uppercased() != "UNSET" {
                tally.add(false)
                findings.append(
                    .error(
                        "PeerAuthentication '\(policy.name)' in namespace '\(policy.namespace)' sets mTLS \(mode.value); production needs STRICT",
                        at: mode.location, hint: "PERMISSIVE accepts plaintext; use it only while migrating."))
            }
            for (port, mode) in policy.portLevel where mode.value.uppercased() != "STRICT" {
                tally.add(false)
                findings.append(
                    .error(
                        "PeerAuthentication '\(policy.name)' sets mTLS \(mode.value) on port \(port)", at: mode.location
                    ))
            }
        }
        for rule in evidence.destinationRules {
            if let mode = rule.trafficPolicy?.tlsMode, mode.value.uppercased() == "DISABLE" {
                tally.add(false)
                findings.append(
                    .error(
                        "DestinationRule '\(rule.name)' disables TLS to '\(rule.host.value)'; with STRICT servers its calls fail",
                        at: mode.location))
            }
        }
        if strictMesh {
            tally.add(true)
            return
        }
        var namespaces = Set<String>()
        for service in evidence.virtualServices { namespaces.insert(service.namespace) }
        for rule in evidence.destinationRules { namespaces.insert(rule.namespace) }
        for workload in evidence.workloads { namespaces.insert(workload.namespace) }
        namespaces.remove(root)
        if namespaces.isEmpty { namespaces.insert("default") }
        for namespace in namespaces.sorted() {
            let strict = policies.contains {
                $0.namespace == namespace && $0.selector == nil && $0.mode?.value.uppercased() == "STRICT"
            }
            tally.add(strict)
            if !strict {
                findings.append(
                    .error(
                        "namespace '\(namespace)' has no STRICT mTLS: no mesh-wide PeerAuthentication in \(root) and none for the namespace",
                        at: meshWide?.location ?? policies.first?.location,
                        hint:
                            "Apply a PeerAuthentication named default with mtls.mode STRICT in \(root) (mesh-wide) or in the namespace."
                    ))
            }
        }
    }
}

extension CountRange {
    /// `1 %…50 %` for shares written as fractions.
    var percentText: String {
        switch (min, max) {
        case let (lo?, hi?): return "\((lo * 100).compact(places: 1)) %…\((hi * 100).compact(places: 1)) %"
        case let (lo?, nil): return "at least \((lo * 100).compact(places: 1)) %"
        case let (nil, hi?): return "at most \((hi * 100).compact(places: 1)) %"
        default: return "any share"
        }
    }
}
