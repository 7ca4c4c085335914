public import AssessYAML

/// An Argo Rollouts `Rollout` with a canary (or blue-green) strategy.
public struct ArgoRollout: Sendable, Hashable {
    public enum Step: Sendable, Hashable {
        case setWeight(Int)
        case pause(OperationsDuration?)
        /// An inline analysis step, with its template names.
        case analysis([String])
        case other(String)
    }

    public var name: String
    public var namespace: String
    public var strategy: String
    public var steps: [Located<Step>]
    /// `istio`, `nginx`, `smi`, `appMesh`, …: how traffic is split.
    public var trafficRouting: String?
    /// Templates of the background analysis (`strategy.canary.analysis`).
    public var backgroundAnalysis: [String]
    public var location: SourceLocation
    public var strategyLocation: SourceLocation
    /// The pod template's labels and the workload it is.
    public var workload: KubernetesWorkload?

    public init?(_ object: ManifestObject) {
        guard object.kind == "Rollout", object.group == "argoproj.io" else { return nil }
        name = object.name
        namespace = object.namespace ?? "default"
        let strategyNode = object.spec?["strategy"]
        let canary = strategyNode?["canary"]
        strategy = canary != nil ? "canary" : strategyNode?["blueGreen"] != nil ? "blueGreen" : "none"
        strategyLocation = strategyNode?.location ?? object.location
        steps = (canary?["steps"]?.sequence ?? []).map { node in
            let step: Step
            if let weight = node["setWeight"]?.int {
                step = .setWeight(weight)
            } else if let pause = node["pause"] {
                step = .pause(pause["duration"]?.string.flatMap(OperationsDuration.init))
            } else if let analysis = node["analysis"] {
                step = .analysis(Self.templateNames(analysis))
            } else {
                step = .other(node.mapping?.first?.key.scalarText ?? "")
            }
            return Located(step, at: node.location)
        }
        trafficRouting = canary?["trafficRouting"]?.mapping?.first?.key.scalarText
        backgroundAnalysis = canary?["analysis"].map(Self.templateNames) ?? []
        location = object.location
        workload = KubernetesWorkload(object)
    }

    static func templateNames(_ analysis: YAMLNode) -> [String] {
        (analysis["templates"]?.sequence ?? []).compactMap {
            $0["templateName"]?.string ?? $0["clusterTemplateName"]?.string
        }
    }

    /// The traffic weights the steps set, in order.
    public var weights: [Int] {
        steps.compactMap {
            if case .setWeight(let weight) = $0.value { return weight }
            return nil
        }
    }

    /// Every analysis template the rollout runs, in steps or in the background.
    public var analysisTemplates: [String] {
        backgroundAnalysis
            + steps.flatMap {
                if case .analysis(let names) = $0.value { return names }
                return []
            }
    }
}

/// An Argo `AnalysisTemplate` (or `ClusterAnalysisTemplate`): the metrics it measures.
public struct AnalysisTemplate: Sendable, Hashable {
    public var name: String
    public var metrics: [AnalysisMetric]
    public var location: SourceLocation

    public init?(_ object: ManifestObject) {
        guard object.kind == "AnalysisTemplate" || object.kind == "ClusterAnalysisTemplate",
            object.group == "argoproj.io"
        else { return nil }
        name = object.name
        metrics = (object.spec?["metrics"]?.sequence ?? []).map(AnalysisMetric.init)
        location = object.location
    }
}

public struct AnalysisMetric: Sendable, Hashable {
    public var name: String
    public var successCondition: String?
    public var failureCondition: String?
    public var failureLimit: Int?
    /// The provider (`prometheus`, `web`, `job`, `datadog`, …) and its query when it has one.
    public var provider: String?
    public var query: String?
    public var location: SourceLocation

    init(_ node: YAMLNode) {
        name = node["name"]?.string ?? ""
        successCondition = node["successCondition"]?.string
        failureCondition = node["failureCondition"]?.string
        failureLimit = node["failureLimit"]?.int
        provider = node["provider"]?.mapping?.first?.key.scalarText
        query = provider.flatMap { node["provider"]?[$0]?["query"]?.string }
        location = node.location
    }
}

/// An Argo `AnalysisRun`: the result of an analysis, with each metric's measurements.
public struct AnalysisRun: Sendable, Hashable {
    public struct MetricResult: Sendable, Hashable {
        public var name: String
        public var phase: String
        public var failed: Int
        /// Measured values, as strings (Argo stores them so; Prometheus results print as vectors).
        public var values: [String]
    }

    public var name: String
    /// Pending, Running, Successful, Failed, Error, Inconclusive.
    public var phase: String
    public var message: String?
    public var metricResults: [MetricResult]
    /// The Rollout that owns the run, from `ownerReferences` or the `rollout` label.
    public var rollout: String?
    public var location: SourceLocation

    public init?(_ object: ManifestObject) {
        guard object.kind == "AnalysisRun", object.group == "argoproj.io" else { return nil }
        name = object.name
        phase = object.status?["phase"]?.string ?? ""
        message = object.status?["message"]?.string
        metricResults = (object.status?["metricResults"]?.sequence ?? []).map { node in
            MetricResult(
                name: node["name"]?.string ?? "", phase: node["phase"]?.string ?? "", failed: node["failed"]?.int ?? 0,
                values: (node["measurements"]?.sequence ?? []).compactMap { $0["value"]?.string })
        }
        let owners = object.node["metadata"]?["ownerReferences"]?.sequence ?? []
        rollout =
            owners.first { $0["kind"]?.string == "Rollout" }?["name"]?.string ?? object.labels["rollout"]
        location = object.location
    }
}

/// A Flagger `Canary`: the target, the analysis (interval, threshold, weights, metrics) and,
/// when handed in from `kubectl get canary -o yaml`, its status.
public struct FlaggerCanary: Sendable, Hashable {
    public struct Metric: Sendable, Hashable {
        public var name: String
        public var min: Double?
        public var max: Double?
        public var interval: OperationsDuration?
        public var templateRef: String?
        public var location: SourceLocation
    }

    public var name: String
    public var namespace: String
    public var target: String
    public var interval: OperationsDuration?
    /// Failed checks before the canary is rolled back.
    public var threshold: Located<Int>?
    public var maxWeight: Int?
    public var stepWeight: Int?
    public var stepWeights: [Int]
    /// Blue/green and A/B analyses iterate instead of stepping weights.
    public var iterations: Int?
    public var metrics: [Metric]
    public var phase: String?
    public var failedChecks: Int?
    public var location: SourceLocation
    public var analysisLocation: SourceLocation

    public init?(_ object: ManifestObject) {
        guard object.kind == "Canary", object.group == "flagger.app" else { return nil }
        name = object.name
        namespace = object.namespace ?? "default"
        target = object.spec?["targetRef"]?["name"]?.string ?? object.name
        let analysis = object.spec?["analysis"] ?? object.spec?["canaryAnalysis"]
        interval = analysis?["interval"]?.string.flatMap(OperationsDuration.init)
        threshold = analysis?["threshold"].flatMap { node in node.int.map { Located($0, at: node.location) } }
        maxWeight = analysis?["maxWeight"]?.int
        stepWeight = analysis?["stepWeight"]?.int
        stepWeights = (analysis?["stepWeights"]?.sequence ?? []).compactMap(\.int)
        iterations = analysis?["iterations"]?.int
        metrics = (analysis?["metrics"]?.sequence ?? []).map { node in
            Metric(
                name: node["name"]?.string ?? "", min: node["thresholdRange"]?["min"]?.lenientDouble,
                max: node["thresholdRange"]?["max"]?.lenientDouble,
                interval: node["interval"]?.string.flatMap(OperationsDuration.init),
                templateRef: node["templateRef"]?["name"]?.string, location: node.location)
        }
        phase = object.status?["phase"]?.string
        failedChecks = object.status?["failedChecks"]?.int
        location = object.location
        analysisLocation = analysis?.location ?? object.spec?.location ?? object.location
    }

    /// The traffic weights the analysis steps through.
    public var weights: [Int] {
        if !stepWeights.isEmpty { return stepWeights }
        guard let step = stepWeight, step > 0, let max = maxWeight, max >= step else { return [] }
        return Array(stride(from: step, through: max, by: step))
    }
}
