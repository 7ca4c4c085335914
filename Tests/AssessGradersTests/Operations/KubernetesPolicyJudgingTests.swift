import AssessCore
import AssessFormats
import AssessYAML
import Testing

@testable import AssessGraders

/// `k8s.policy` judges workloads built here in Swift (node trees, no manifest text), so each
/// test says which field makes the verdict and where the finding must land.
@Suite struct KubernetesPolicyJudgingTests {
    /// A node tree from Swift values: ordered pairs, arrays and scalars, one line per value.
    struct Tree {
        var line = 0
        mutating func node(_ value: Any) -> YAMLNode {
            line += 1
            let at = AssessYAML.SourceLocation(file: "k8s/deploy.yaml", line: line, column: 1)
            switch value {
            case let pairs as KeyValuePairs<String, Any>:
                let members = pairs.map { key, value in
                    YAMLNode.Pair(key: YAMLNode(.scalar(key, .plain), at: at), value: node(value))
                }
                return YAMLNode(.mapping(members, .block), at: at)
            case let items as [Any]:
                return YAMLNode(.sequence(items.map { node($0) }, .block), at: at)
            default:
                return YAMLNode(.scalar("\(value)", .plain), at: at)
            }
        }
    }

    static func deployment(replicas: Int, image: String) -> KubernetesWorkload? {
        var tree = Tree()
        let root = tree.node(
            [
                "apiVersion": "apps/v1", "kind": "Deployment",
                "metadata": ["name": "orders"] as KeyValuePairs<String, Any>,
                "spec": [
                    "replicas": replicas,
                    "selector": ["matchLabels": ["app": "orders"] as KeyValuePairs<String, Any>]
                        as KeyValuePairs<String, Any>,
                    "template": [
                        "metadata": ["labels": ["app": "orders"] as KeyValuePairs<String, Any>]
                            as KeyValuePairs<String, Any>,
                        "spec": ["containers": [["name": "orders", "image": image] as KeyValuePairs<String, Any>]]
                            as KeyValuePairs<String, Any>,
                    ] as KeyValuePairs<String, Any>,
                ] as KeyValuePairs<String, Any>,
            ] as KeyValuePairs<String, Any>)
        return ManifestObject(root).flatMap(KubernetesWorkload.init)
    }

    static func evidence(_ workloads: KubernetesWorkload?...) -> OperationsEvidence {
        var evidence = OperationsEvidence()
        evidence.workloads = workloads.compactMap { $0 }
        return evidence
    }

    static let grader = KubernetesPolicyGrader(
        options: .init(
            checks: CheckList(checks: [.replicas, .imageTag]), minReplicas: 2, workloads: nil, requests: [], limits: [],
            probes: []))
    static let input = AssessYAML.SourceLocation(file: "k8s/deploy.yaml", line: 1, column: 1)

    @Test func aPinnedImageWithReplicasPasses() throws {
        let workload = try #require(Self.deployment(replicas: 3, image: "registry.local/orders:1.4.2"))
        let outcome = Self.grader.judge(Self.evidence(workload), input: Self.input)
        #expect(outcome.status == .passed, "\(outcome.summary) \(outcome.findings)")
    }

    @Test func oneReplicaAndALatestTagFailBothChecksAtTheirFields() throws {
        let workload = try #require(Self.deployment(replicas: 1, image: "orders:latest"))
        let outcome = Self.grader.judge(Self.evidence(workload), input: Self.input)
        #expect(outcome.status == .failed, "\(outcome.summary) \(outcome.score)")
        let errors = outcome.findings.filter { $0.severity == .error }
        #expect(errors.count == 2, "\(errors)")
        #expect(errors.contains { $0.message.contains("replicas is 1") && $0.location == workload.replicas?.location })
    }

    @Test func oneCheckOfTwoMetIsPartial() throws {
        let workload = try #require(Self.deployment(replicas: 1, image: "registry.local/orders:1.4.2"))
        let outcome = Self.grader.judge(Self.evidence(workload), input: Self.input)
        #expect(outcome.status == .partial && outcome.score == 0.5, "\(outcome.summary) \(outcome.score)")
    }

    @Test func noWorkloadFailsAtTheInput() {
        let outcome = Self.grader.judge(Self.evidence(), input: Self.input)
        #expect(outcome.status == .failed, "\(outcome.summary)")
    }
}
