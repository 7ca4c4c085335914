public import AssessYAML

/// A workload that runs pods: a Deployment, StatefulSet, DaemonSet, or an Argo `Rollout`
/// (which carries the same pod template and replaces the Deployment it rolls out).
public struct KubernetesWorkload: Sendable, Hashable {
    public var kind: String
    /// The API group (`apps`, `argoproj.io`).
    public var group: String
    public var name: String
    public var namespace: String
    /// `spec.replicas`, when written (Kubernetes defaults it to 1).
    public var replicas: Located<Int>?
    /// `spec.selector`: the pods the workload owns, and the pods an autoscaler of it scales.
    public var selector: LabelSelector
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
        group = object.group
        name = object.name
        namespace = object.namespace ?? "default"
        replicas = spec?["replicas"].flatMap { node in node.int.map { Located($0, at: node.location) } }
        selector = spec?["selector"].map(LabelSelector.init) ?? LabelSelector()
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
    /// `spec.selector`, a map of labels every selected pod carries.
    public var selector: LabelSelector
    public var location: SourceLocation

    public init?(_ object: ManifestObject) {
        guard object.kind == "Service", object.apiVersion == "v1" else { return nil }
        name = object.name
        namespace = object.namespace ?? "default"
        let node = object.spec?["selector"]
        selector = LabelSelector(equality: node?.stringMap ?? [:], location: node?.location)
        location = object.location
    }

    /// Whether the Service routes to the workload's pods. A Service without a selector selects
    /// no pods (its endpoints are managed by hand), as the endpoints controller reads it.
    public func selects(_ workload: KubernetesWorkload) -> Bool {
        namespace == workload.namespace && !selector.isEmpty && selector.matches(workload.podLabels)
    }
}

/// A PodDisruptionBudget: which pods it protects and how many may go at once.
public struct PodDisruptionBudget: Sendable, Hashable {
    public var name: String
    public var namespace: String
    /// `spec.selector`; nil when the budget has none.
    public var selector: LabelSelector?
    public var minAvailable: String?
    public var maxUnavailable: String?
    public var location: SourceLocation

    public init?(_ object: ManifestObject) {
        guard object.kind == "PodDisruptionBudget" else { return nil }
        name = object.name
        namespace = object.namespace ?? "default"
        selector = object.spec?["selector"].map(LabelSelector.init)
        minAvailable = object.spec?["minAvailable"]?.string
        maxUnavailable = object.spec?["maxUnavailable"]?.string
        location = object.location
    }

    /// Whether the budget selects the workload's pods: its matchLabels and matchExpressions
    /// hold for the pod template's labels. In policy/v1 an empty selector (`{}`) selects every
    /// pod of the namespace; a budget without one selects none.
    public func selects(_ workload: KubernetesWorkload) -> Bool {
        guard namespace == workload.namespace, let selector else { return false }
        return selector.matches(workload.podLabels)
    }
}

/// A HorizontalPodAutoscaler: which workload it scales, between which bounds.
public struct HorizontalPodAutoscaler: Sendable, Hashable {
    public var name: String
    public var namespace: String
    public var targetKind: String
    public var targetName: String
    /// The API group of `scaleTargetRef.apiVersion` (`apps`), empty when none is written.
    public var targetGroup: String
    public var minReplicas: Int?
    public var maxReplicas: Int?
    public var location: SourceLocation

    public init?(_ object: ManifestObject) {
        guard object.kind == "HorizontalPodAutoscaler" else { return nil }
        name = object.name
        namespace = object.namespace ?? "default"
        targetKind = object.spec?["scaleTargetRef"]?["kind"]?.string ?? ""
        targetName = object.spec?["scaleTargetRef"]?["name"]?.string ?? ""
        let apiVersion = object.spec?["scaleTargetRef"]?["apiVersion"]?.string ?? ""
        targetGroup = apiVersion.contains("/") ? String(apiVersion.prefix { $0 != "/" }) : ""
        minReplicas = object.spec?["minReplicas"]?.int
        maxReplicas = object.spec?["maxReplicas"]?.int
        location = object.location
    }

    /// Whether the autoscaler scales the workload: its `scaleTargetRef` names the workload's
    /// kind, name and (when written) API group, in its namespace. (The pods it then scales are
    /// those the workload's own `selector` picks, as the scale subresource reports them.)
    public func scales(_ workload: KubernetesWorkload) -> Bool {
        namespace == workload.namespace && targetName == workload.name
            && (targetKind.isEmpty || targetKind == workload.kind)
            && (targetGroup.isEmpty || targetGroup == workload.group)
    }
}
