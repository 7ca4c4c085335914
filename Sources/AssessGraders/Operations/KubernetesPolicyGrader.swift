public import AssessCore
import AssessFormats

/// Each workload is ready for production the way kube-score and kube-linter judge it: resource
/// requests and limits, liveness and readiness probes, enough replicas, a PodDisruptionBudget,
/// an autoscaler, and no `latest` image.
public struct KubernetesPolicyGrader: Grader {
    enum Check: String, Sendable, Hashable, CaseIterable {
        case resources, probes, replicas, pdb, hpa, service
        case imageTag = "image-tag"
    }

    public struct Options: Sendable, Hashable {
        var checks: CheckList<Check>
        var minReplicas: Int
        var workloads: [String]?
        var requests: [String]
        var limits: [String]
        var probes: [String]
    }

    public static let description = GraderDescription(
        kind: "k8s.policy",
        summary:
            "Checks every Deployment, StatefulSet, DaemonSet and Argo Rollout (or those named in `workloads`) against the rules picked in `checks`: `resources` (each container requests and limits cpu and memory, as kube-score's container-resources), `probes` (liveness and readiness probes), `replicas` (at least `min_replicas`, counting an HPA's minReplicas), `pdb` (a PodDisruptionBudget selects the pods), `hpa` (a HorizontalPodAutoscaler's scaleTargetRef names it), `service` (a Service selects the pods), `image-tag` (no `latest` or missing tag). Selectors are evaluated as the API server does: matchLabels and matchExpressions (In, NotIn, Exists, DoesNotExist); a request left out where a limit is set is the limit, as Kubernetes defaults it. Findings name the workload, the container and the field, at its line. Score: the share of workload × check pairs that pass.",
        options: [
            OptionDescription(
                "checks", .choices(Check.allCases.map(\.rawValue)), default: "[resources, probes, replicas, image-tag]",
                "The rules each workload must meet."),
            OptionDescription("min_replicas", .integer, default: "2", "Fewest replicas for `replicas`."),
            OptionDescription("workloads", .list(.string), "Only these workloads; default every one found."),
            OptionDescription(
                "requests", .list(.string), default: "[cpu, memory]", "Resources every container requests."),
            OptionDescription(
                "limits", .list(.string), default: "[cpu, memory]", "Resources every container limits."),
            OptionDescription(
                "probes", .choices(["liveness", "readiness", "startup"]), default: "[liveness, readiness]",
                "Probes every container has."),
        ],
        examples: [
            GraderExample(
                "Two replicas, resources, probes and a pinned image", with: "", paths: ["k8s/*.yaml"],
                files: ["k8s/checkout.yaml": Self.example(image: "shop/checkout:1.4.2", replicas: 2)], .passes),
            GraderExample(
                "One replica of checkout:latest", with: "", paths: ["k8s/*.yaml"],
                files: ["k8s/checkout.yaml": Self.example(image: "shop/checkout:latest", replicas: 1)], .fails),
        ])

    static func example(image: String, replicas: Int) -> String {
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata: { name: checkout, namespace: shop }
        spec:
          replicas: \(replicas)
          selector: { matchLabels: { app: checkout } }
          template:
            metadata: { labels: { app: checkout } }
            spec:
              containers:
              - name: checkout
                image: \(image)
                resources:
                  requests: { cpu: 100m, memory: 128Mi }
                  limits: { cpu: 500m, memory: 256Mi }
                livenessProbe: { httpGet: { path: /healthz, port: 8080 } }
                readinessProbe: { httpGet: { path: /ready, port: 8080 } }

        """
    }

    public let options: Options

    public init(options: Options) {
        self.options = options
    }

    public static func options(from reader: MappingReader) -> Options? {
        let checks = CheckList<Check>.read(
            "checks", from: reader, default: [.resources, .probes, .replicas, .imageTag])
        let probes = reader.strings("probes") ?? ["liveness", "readiness"]
        for probe in probes where !["liveness", "readiness", "startup"].contains(probe) {
            reader.log.error(
                at: reader.node("probes")?.location,
                "'probes' lists liveness, readiness or startup; found '\(probe)'")
        }
        let minimum = reader.declaredInt("min_replicas")
        if minimum < 1 {
            reader.log.error(at: reader.node("min_replicas")?.location, "'min_replicas' is at least 1")
        }
        guard let checks else { return nil }
        return Options(
            checks: checks, minReplicas: minimum, workloads: reader.strings("workloads"),
            requests: reader.strings("requests") ?? ["cpu", "memory"],
            limits: reader.strings("limits") ?? ["cpu", "memory"], probes: probes)
    }

    public func grade(_ job: GradingJob) async throws -> Outcome {
        judge(
            try await job.operationsEvidence(),
            input: job.files.first.map { SourceLocation(file: $0.path, line: 1, column: 1) })
    }

    /// The verdict on a hand-in already read (a test builds it in Swift); `input` is where
    /// findings about something missing from the input point.
    func judge(_ evidence: OperationsEvidence, input: SourceLocation?) -> Outcome {
        var findings = OperationsFiles.findings(evidence)
        var workloads = evidence.workloads
        if let names = options.workloads {
            for name in names where !workloads.contains(where: { $0.name == name }) {
                findings.append(
                    .error(
                        "no workload named '\(name)' (Deployment, StatefulSet, DaemonSet or Rollout)",
                        at: input))
            }
            workloads = workloads.filter { names.contains($0.name) }
        }
        guard !workloads.isEmpty else {
            return .failed(
                "no workloads found",
                findings: findings.isEmpty
                    ? [
                        .error(
                            "found no Deployment, StatefulSet, DaemonSet or Rollout",
                            at: input)
                    ] : findings)
        }
        var tally = Tally()
        var clean = 0
        for workload in workloads {
            var workloadTally = Tally()
            for check in options.checks.checks {
                let problems = self.problems(check, workload, evidence)
                workloadTally.add(problems.isEmpty)
                findings += problems
            }
            tally.add(score: workloadTally.score)
            if workloadTally.score >= 1 { clean += 1 }
        }
        // A budget's requirement the API server would reject is why it selects nothing.
        if options.checks.checks.contains(.pdb) {
            findings += evidence.disruptionBudgets.compactMap(\.selector).flatMap(\.problems).map {
                Finding(.error, $0.message, at: $0.location)
            }
        }
        // Missing names count as workloads that fail everything.
        let missing = (options.workloads ?? []).filter { name in !workloads.contains { $0.name == name } }
        for _ in missing { tally.add(false) }
        return .scored(
            OperationsFiles.withReadingProblems(tally.score, parts: Int(tally.total), evidence),
            "\(clean) of \(plural(workloads.count + missing.count, "workload")) meet \(options.checks.checks.map(\.rawValue).joined(separator: ", "))",
            findings: findings,
            measurements: [
                MeasuredValue("workloads passing", Double(clean), limit: "\(workloads.count + missing.count)")
            ])
    }

    static func labels(_ workload: KubernetesWorkload) -> String {
        workload.podLabels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")
    }

    func problems(_ check: Check, _ workload: KubernetesWorkload, _ evidence: OperationsEvidence) -> [Finding] {
        let name = "\(workload.kind) '\(workload.name)'"
        switch check {
        case .resources:
            return workload.containers.flatMap { container -> [Finding] in
                // Kubernetes copies a limit into a request that is not written.
                let missingRequests = options.requests.filter {
                    container.requests[$0] == nil && container.limits[$0] == nil
                }
                let missingLimits = options.limits.filter { container.limits[$0] == nil }
                let parts =
                    missingRequests.map { "resources.requests.\($0)" } + missingLimits.map { "resources.limits.\($0)" }
                guard !parts.isEmpty else { return [] }
                return [
                    .error(
                        "\(name) container '\(container.name)' has no \(parts.joined(separator: ", "))",
                        at: container.resourcesLocation ?? container.location,
                        hint: "Requests let the scheduler place the pod; limits stop one pod starving its neighbours.")
                ]
            }
        case .probes:
            return workload.containers.flatMap { container -> [Finding] in
                let present: [String: SourceLocation?] = [
                    "liveness": container.livenessProbe, "readiness": container.readinessProbe,
                    "startup": container.startupProbe,
                ]
                let missing = options.probes.filter { present[$0] == .some(nil) }
                guard !missing.isEmpty else { return [] }
                return [
                    .error(
                        "\(name) container '\(container.name)' has no \(missing.map { "\($0)Probe" }.joined(separator: " or "))",
                        at: container.location,
                        hint: "Readiness keeps traffic away until the pod can serve; liveness restarts a stuck one.")
                ]
            }
        case .replicas:
            let autoscaler = evidence.autoscalers.first { $0.scales(workload) }
            let replicas = autoscaler?.minReplicas ?? workload.replicas?.value ?? (autoscaler != nil ? 1 : 1)
            guard replicas < options.minReplicas, workload.kind != "DaemonSet" else { return [] }
            let source =
                autoscaler != nil
                ? "its HorizontalPodAutoscaler's minReplicas is \(replicas)"
                : workload.replicas == nil ? "replicas is not set (1)" : "replicas is \(replicas)"
            return [
                .error(
                    "\(name): \(source); needs at least \(options.minReplicas)",
                    at: autoscaler?.location ?? workload.replicas?.location ?? workload.nameLocation,
                    hint: "One replica means every restart and node drain is an outage.")
            ]
        case .pdb:
            guard !evidence.disruptionBudgets.contains(where: { $0.selects(workload) }) else { return [] }
            return [
                .error(
                    "\(name) has no PodDisruptionBudget selecting its pods (\(Self.labels(workload)))",
                    at: workload.nameLocation, hint: "A PodDisruptionBudget keeps some pods up while nodes are drained."
                )
            ]
        case .service:
            guard !evidence.services.contains(where: { $0.selects(workload) }) else { return [] }
            return [
                .error(
                    "\(name) has no Service selecting its pods (\(Self.labels(workload)))", at: workload.nameLocation,
                    hint: "A Service's selector names labels the pod template carries.")
            ]
        case .hpa:
            guard !evidence.autoscalers.contains(where: { $0.scales(workload) }) else { return [] }
            return [.error("\(name) has no HorizontalPodAutoscaler", at: workload.nameLocation)]
        case .imageTag:
            return workload.containers.compactMap { container in
                guard let image = container.image, let tag = container.imageTag, tag == "latest" else { return nil }
                return .error(
                    "\(name) container '\(container.name)' runs image '\(image.value)'\(image.value.hasSuffix(":latest") ? "" : " (no tag means latest)")",
                    at: image.location, hint: "Pin a version (or a digest) so a restart cannot change what runs.")
            }
        }
    }
}
