public import AssessYAML

/// Everything an operations hand-in holds, read from its files in one pass: Kubernetes,
/// Istio and progressive-delivery objects, SLOs, Prometheus rules, chaos results and the
/// service catalog. Each file is read as manifests (YAML or JSON); its documents are sorted
/// by shape, and objects of kinds no model knows are kept in `objects` and otherwise ignored.
public struct OperationsEvidence: Sendable, Hashable {
    public var files: [ManifestFile] = []
    /// Problems reading the files (syntax errors, malformed rule files), with their locations.
    public var problems: [Diagnostic] = []

    public var objects: [ManifestObject] = []
    public var workloads: [KubernetesWorkload] = []
    public var services: [KubernetesService] = []
    public var disruptionBudgets: [PodDisruptionBudget] = []
    public var autoscalers: [HorizontalPodAutoscaler] = []
    public var virtualServices: [VirtualService] = []
    public var destinationRules: [DestinationRule] = []
    public var peerAuthentications: [PeerAuthentication] = []
    public var authorizationPolicies: [AuthorizationPolicy] = []
    public var rollouts: [ArgoRollout] = []
    public var analysisTemplates: [AnalysisTemplate] = []
    public var analysisRuns: [AnalysisRun] = []
    public var canaries: [FlaggerCanary] = []
    public var ruleFiles: [PrometheusRuleFile] = []
    public var objectives: [ServiceLevelObjective] = []
    public var journals: [ChaosJournal] = []
    public var experiments: [ChaosExperiment] = []
    public var chaosResults: [LitmusChaosResult] = []
    public var catalog: [CatalogEntity] = []

    public init() {}

    /// Reads `(path, text)` pairs. SLO references (`indicatorRef`, `conditionRef`) are resolved
    /// across all the files, so an SLI may live in another file than its SLO.
    public init(files: [(path: String, text: String)]) {
        self.init(manifests: files.map { ManifestReader().read($0.text, file: $0.path) })
    }

    /// Assembles the files `ManifestReader` read, in input order.
    public init(manifests: [ManifestFile]) {
        let everyObject = manifests.flatMap(\.objects)
        for file in manifests { add(file, resolving: everyObject) }
    }

    mutating func add(_ file: ManifestFile, resolving everyObject: [ManifestObject]) {
        files.append(file)
        problems += file.problems
        // An empty file, or one that is no YAML or JSON structure at all (a chaos journal
        // saved as plain text), was dropped without a word; it is a problem at its first line.
        if file.problems.isEmpty, file.documents.allSatisfy({ $0.mapping == nil && $0.sequence == nil }) {
            problems.append(
                .error(
                    at: SourceLocation(file: file.file, line: 1, column: 1),
                    file.documents.isEmpty
                        ? "'\(file.file)' is empty; there is nothing in it to read"
                        : "'\(file.file)' holds no YAML or JSON mapping; nothing in it was read"))
        }
        objects += file.objects
        for document in file.documents {
            if document["kind"] == nil, let rules = PrometheusRuleFile(document, in: file) {
                ruleFiles.append(rules)
                problems += rules.problems
            }
            if let journal = ChaosJournal(document) {
                journals.append(journal)
            } else if document["kind"] == nil, let experiment = ChaosExperiment(document) {
                experiments.append(experiment)
            }
        }
        for object in file.objects {
            if let workload = KubernetesWorkload(object) { workloads.append(workload) }
            if let rollout = ArgoRollout(object) { rollouts.append(rollout) }
            if let value = KubernetesService(object) { services.append(value) }
            if let value = PodDisruptionBudget(object) { disruptionBudgets.append(value) }
            if let value = HorizontalPodAutoscaler(object) { autoscalers.append(value) }
            if let value = VirtualService(object) { virtualServices.append(value) }
            if let value = DestinationRule(object) { destinationRules.append(value) }
            if let value = PeerAuthentication(object) { peerAuthentications.append(value) }
            if let value = AuthorizationPolicy(object) { authorizationPolicies.append(value) }
            if let value = AnalysisTemplate(object) { analysisTemplates.append(value) }
            if let value = AnalysisRun(object) { analysisRuns.append(value) }
            if let value = FlaggerCanary(object) { canaries.append(value) }
            if let value = LitmusChaosResult(object) { chaosResults.append(value) }
            if let value = CatalogEntity(object) { catalog.append(value) }
            if object.kind == "PrometheusRule", object.group == "monitoring.coreos.com", let spec = object.spec,
                let rules = PrometheusRuleFile(spec, in: file, standalone: false)
            {
                ruleFiles.append(rules)
                problems += rules.problems
            }
        }
        objectives += SLOReader.objectives(in: file, resolving: everyObject)
    }

    /// Every alerting and recording rule, across the rule files.
    public var rules: [PrometheusRule] { ruleFiles.flatMap(\.rules) }

    /// The file a location points into (to place positions inside its scalars).
    public func file(_ path: String) -> ManifestFile? { files.first { $0.file == path } }
}
