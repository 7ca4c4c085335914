public import AssessYAML

/// A workload that runs pods: a Deployment, StatefulSet, DaemonSet, or an Argo `Rollout`
/// (which carries the same pod template and replaces the Deployment it rolls out).
public struct KubernetesWorkload: Sendable, Hashable {
    public var kind: String
    public var name: String
    public var namespace: String
    /// `spec.replicas`, when written (Kubernetes defaults it to 1).
    public var replicas: Located<Int>?
    public var selector: [String: String]
    /// The pod template's labels.
    public var podLabels: [String: String]
    public var containers: [KubernetesContainer]
    public var location: SourceLocation
    public var nameLocation: SourceLocation
    /// Where the pod spec is (`spec.template.spec`), for findings about the pod as a whole.
    public var podSpecLocation: SourceLocation

    public static let kinds: Set<String> = ["Deployment", "StatefulSet", "DaemonSet", "Rollout"]

    public init?(_ object: ManifestObject) {
        guard Self.kinds.contains(object.kind),
            object.group == "apps" || object.group == "argoproj.io"
                || object.group == "extensions" || (object.kind == "Rollout" && object.group.isEmpty)
        else { return nil }
        let spec = object.spec
        kind = object.kind
        name = object.name
        namespace = object.namespace ?? "default"
        replicas = spec?["replicas"].flatMap { node in node.int.map { Located($0, at: node.location) } }
        selector = spec?["selector"]?["matchLabels"]?.stringMap ?? [:]
        let template = spec?["template"]
        podLabels = template?["metadata"]?["labels"]?.stringMap ?? [:]
        let podSpec = template?["spec"]
        containers = (podSpec?["containers"]?.sequence ?? []).map(KubernetesContainer.init)
        location = object.location
        nameLocation = object.nameLocation
        podSpecLocation = podSpec?.location ?? template?.location ?? spec?.location ?? object.location
    }
}

/// A container of a pod template: its image, resources and probes.
public struct KubernetesContainer: Sendable, Hashable {
    public var name: String
    public var image: Located<String>?
    public var requests: [String: String]
    public var limits: [String: String]
    public var resourcesLocation: SourceLocation?
    public var livenessProbe: SourceLocation?
    public var readinessProbe: SourceLocation?
    public var startupProbe: SourceLocation?
    public var location: SourceLocation

    init(_ node: YAMLNode) {
        name = node["name"]?.string ?? ""
        image = node["image"]?.locatedString
        requests = node["resources"]?["requests"]?.stringMap ?? [:]
        limits = node["resources"]?["limits"]?.stringMap ?? [:]
        resourcesLocation = node["resources"]?.location
        livenessProbe = node["livenessProbe"]?.location
        readinessProbe = node["readinessProbe"]?.location
        startupProbe = node["startupProbe"]?.location
        location = node.location
    }

    /// The image's tag: `latest` when none is written (as the container runtime assumes);
    /// nil when the image is pinned by digest.
    public var imageTag: String? {
        guard let image = image?.value else { return nil }
        if image.contains("@") { return nil }
        let last = image.split(separator: "/").last.map(String.init) ?? image
        guard let colon = last.lastIndex(of: ":") else { return "latest" }
        return String(last[last.index(after: colon)...])
    }
}

/// A Service: which pods it selects.
public struct KubernetesService: Sendable, Hashable {
    public var name: String
    public var namespace: String
    public var selector: [String: String]
    public var location: SourceLocation

    public init?(_ object: ManifestObject) {
        guard object.kind == "Service", object.apiVersion == "v1" else { return nil }
        name = object.name
        namespace = object.namespace ?? "default"
        selector = object.spec?["selector"]?.stringMap ?? [:]
        location = object.location
    }
}

/// A PodDisruptionBudget: which pods it protects and how many may go at once.
public struct PodDisruptionBudget: Sendable, Hashable {
    public var name: String
    public var namespace: String
    public var selector: [String: String]
    public var minAvailable: String?
    public var maxUnavailable: String?
    public var location: SourceLocation

    public init?(_ object: ManifestObject) {
        guard object.kind == "PodDisruptionBudget" else { return nil }
        name = object.name
        namespace = object.namespace ?? "default"
        selector = object.spec?["selector"]?["matchLabels"]?.stringMap ?? [:]
        minAvailable = object.spec?["minAvailable"]?.string
        maxUnavailable = object.spec?["maxUnavailable"]?.string
        location = object.location
    }

    /// Whether the budget selects the workload's pods (every matchLabel present on them).
    public func selects(_ workload: KubernetesWorkload) -> Bool {
        namespace == workload.namespace && !selector.isEmpty
            && selector.allSatisfy { workload.podLabels[$0.key] == $0.value }
    }
}

/// A HorizontalPodAutoscaler: which workload it scales, between which bounds.
public struct HorizontalPodAutoscaler: Sendable, Hashable {
    public var name: String
    public var namespace: String
    public var targetKind: String
    public var targetName: String
    public var minReplicas: Int?
    public var maxReplicas: Int?
    public var location: SourceLocation

    public init?(_ object: ManifestObject) {
        guard object.kind == "HorizontalPodAutoscaler" else { return nil }
        name = object.name
        namespace = object.namespace ?? "default"
        targetKind = object.spec?["scaleTargetRef"]?["kind"]?.string ?? ""
        targetName = object.spec?["scaleTargetRef"]?["name"]?.string ?? ""
        minReplicas = object.spec?["minReplicas"]?.int
        maxReplicas = object.spec?["maxReplicas"]?.int
        location = object.location
    }

    public func scales(_ workload: KubernetesWorkload) -> Bool {
        namespace == workload.namespace && targetName == workload.name
            && (targetKind.isEmpty || targetKind == workload.kind)
    }
}
