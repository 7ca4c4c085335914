public import AssessYAML

/// The API groups Istio's traffic and security objects live in (every version: v1, v1beta1,
/// v1alpha3 share one schema).
enum IstioGroups {
    static let networking: Set<String> = ["networking.istio.io"]
    static let security: Set<String> = ["security.istio.io"]
}

/// An Istio VirtualService: the hosts it routes and its HTTP routes.
public struct VirtualService: Sendable, Hashable {
    public var name: String
    public var namespace: String
    public var hosts: [Located<String>]
    public var gateways: [String]
    public var http: [HTTPRoute]
    public var location: SourceLocation

    public init?(_ object: ManifestObject) {
        guard object.isKind("VirtualService", in: IstioGroups.networking) else { return nil }
        name = object.name
        namespace = object.namespace ?? "default"
        hosts = object.spec?["hosts"]?.locatedStrings ?? []
        gateways = object.spec?["gateways"]?.stringList ?? []
        http = (object.spec?["http"]?.sequence ?? []).map(HTTPRoute.init)
        location = object.location
    }
}

/// One `http` route of a VirtualService.
public struct HTTPRoute: Sendable, Hashable {
    public var name: String?
    public var destinations: [RouteDestination]
    public var timeout: Located<OperationsDuration>?
    public var retries: Retries?
    /// Where a `fault` (delay or abort injection) is written.
    public var fault: SourceLocation?
    public var hasMatch: Bool
    public var location: SourceLocation

    init(_ node: YAMLNode) {
        name = node["name"]?.string
        destinations = (node["route"]?.sequence ?? []).map(RouteDestination.init)
        timeout = node["timeout"].flatMap { node in
            node.string.flatMap(OperationsDuration.init).map { Located($0, at: node.location) }
        }
        retries = node["retries"].map(Retries.init)
        fault = node["fault"]?.location
        hasMatch = node["match"] != nil
        location = node.location
    }

    /// Each destination's share of the traffic: its weight over the sum of weights. Istio's
    /// weights are relative (they need not add up to 100); one destination without a weight
    /// takes everything.
    public var shares: [Double] {
        if destinations.count == 1 { return [1] }
        let weights = destinations.map { Double($0.weight?.value ?? 0) }
        let total = weights.reduce(0, +)
        return total > 0 ? weights.map { $0 / total } : weights.map { _ in 0 }
    }
}

public struct RouteDestination: Sendable, Hashable {
    public var host: String
    public var subset: Located<String>?
    public var port: Int?
    public var weight: Located<Int>?
    public var location: SourceLocation

    init(_ node: YAMLNode) {
        let destination = node["destination"]
        host = destination?["host"]?.string ?? ""
        subset = destination?["subset"]?.locatedString
        port = destination?["port"]?["number"]?.int
        weight = node["weight"].flatMap { node in node.int.map { Located($0, at: node.location) } }
        location = destination?.location ?? node.location
    }
}

public struct Retries: Sendable, Hashable {
    public var attempts: Int?
    public var perTryTimeout: Located<OperationsDuration>?
    public var retryOn: String?
    public var location: SourceLocation

    init(_ node: YAMLNode) {
        attempts = node["attempts"]?.int
        perTryTimeout = node["perTryTimeout"].flatMap { node in
            node.string.flatMap(OperationsDuration.init).map { Located($0, at: node.location) }
        }
        retryOn = node["retryOn"]?.string
        location = node.location
    }
}

/// An Istio DestinationRule: the host's subsets and traffic policy.
public struct DestinationRule: Sendable, Hashable {
    public var name: String
    public var namespace: String
    public var host: Located<String>
    public var subsets: [Located<String>]
    public var trafficPolicy: TrafficPolicy?
    /// Subsets' own traffic policies, by subset name.
    public var subsetPolicies: [String: TrafficPolicy]
    public var location: SourceLocation

    public init?(_ object: ManifestObject) {
        guard object.isKind("DestinationRule", in: IstioGroups.networking) else { return nil }
        name = object.name
        namespace = object.namespace ?? "default"
        host = object.spec?["host"]?.locatedString ?? Located("", at: object.location)
        var subsets: [Located<String>] = []
        var policies: [String: TrafficPolicy] = [:]
        for subset in object.spec?["subsets"]?.sequence ?? [] {
            guard let name = subset["name"]?.locatedString else { continue }
            subsets.append(name)
            if let policy = subset["trafficPolicy"] { policies[name.value] = TrafficPolicy(policy) }
        }
        self.subsets = subsets
        subsetPolicies = policies
        trafficPolicy = object.spec?["trafficPolicy"].map(TrafficPolicy.init)
        location = object.location
    }
}

public struct TrafficPolicy: Sendable, Hashable {
    public var outlierDetection: OutlierDetection?
    /// Where `connectionPool` is written.
    public var connectionPool: SourceLocation?
    /// `tls.mode`: DISABLE, SIMPLE, MUTUAL, ISTIO_MUTUAL.
    public var tlsMode: Located<String>?
    public var location: SourceLocation

    init(_ node: YAMLNode) {
        outlierDetection = node["outlierDetection"].map(OutlierDetection.init)
        connectionPool = node["connectionPool"]?.location
        tlsMode = node["tls"]?["mode"]?.locatedString
        location = node.location
    }
}

public struct OutlierDetection: Sendable, Hashable {
    public var consecutive5xxErrors: Int?
    public var consecutiveGatewayErrors: Int?
    /// The deprecated spelling, still in older tutorials.
    public var consecutiveErrors: Located<Int>?
    public var interval: OperationsDuration?
    public var baseEjectionTime: OperationsDuration?
    public var maxEjectionPercent: Int?
    public var location: SourceLocation

    init(_ node: YAMLNode) {
        consecutive5xxErrors = node["consecutive5xxErrors"]?.int
        consecutiveGatewayErrors = node["consecutiveGatewayErrors"]?.int
        consecutiveErrors = node["consecutiveErrors"].flatMap { node in node.int.map { Located($0, at: node.location) }
        }
        interval = node["interval"]?.string.flatMap(OperationsDuration.init)
        baseEjectionTime = node["baseEjectionTime"]?.string.flatMap(OperationsDuration.init)
        maxEjectionPercent = node["maxEjectionPercent"]?.int
        location = node.location
    }
}

/// An Istio PeerAuthentication: the mTLS mode for the mesh (root namespace, no selector), a
/// namespace (no selector) or a workload (selector), with port-level overrides.
public struct PeerAuthentication: Sendable, Hashable {
    public var name: String
    public var namespace: String
    public var selector: [String: String]?
    public var mode: Located<String>?
    /// Port-level modes; the ports are the workload's container ports.
    public var portLevel: [(port: String, mode: Located<String>)]
    public var location: SourceLocation

    public init?(_ object: ManifestObject) {
        guard object.isKind("PeerAuthentication", in: IstioGroups.security) else { return nil }
        name = object.name
        namespace = object.namespace ?? "default"
        selector = object.spec?["selector"]?["matchLabels"]?.stringMap
        mode = object.spec?["mtls"]?["mode"]?.locatedString
        portLevel = (object.spec?["portLevelMtls"]?.mapping ?? []).compactMap { pair in
            guard let port = pair.key.scalarText, let mode = pair.value["mode"]?.locatedString else { return nil }
            return (port, mode)
        }
        location = object.location
    }

    public static func == (a: Self, b: Self) -> Bool {
        a.name == b.name && a.namespace == b.namespace && a.selector == b.selector && a.mode == b.mode
            && a.location == b.location && a.portLevel.map(\.port) == b.portLevel.map(\.port)
            && a.portLevel.map(\.mode) == b.portLevel.map(\.mode)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(name)
        hasher.combine(namespace)
        hasher.combine(location)
    }
}

/// An Istio AuthorizationPolicy: its action and how many rules it has.
public struct AuthorizationPolicy: Sendable, Hashable {
    public var name: String
    public var namespace: String
    public var selector: [String: String]?
    /// ALLOW (the default), DENY, AUDIT, CUSTOM.
    public var action: String
    public var ruleCount: Int
    public var location: SourceLocation

    public init?(_ object: ManifestObject) {
        guard object.isKind("AuthorizationPolicy", in: IstioGroups.security) else { return nil }
        name = object.name
        namespace = object.namespace ?? "default"
        selector = object.spec?["selector"]?["matchLabels"]?.stringMap
        action = object.spec?["action"]?.string ?? "ALLOW"
        ruleCount = object.spec?["rules"]?.sequence?.count ?? 0
        location = object.location
    }
}
