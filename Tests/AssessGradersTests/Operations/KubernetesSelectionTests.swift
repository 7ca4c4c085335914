import AssessCore
import AssessGraders
import AssessTestSupport
import Foundation
import Testing

/// k8s.policy selects pods as the API server does. The manifests are written for these tests
/// as an operator would, in the shapes of the Kubernetes docs' "Specifying a Disruption
/// Budget" and "Labels and Selectors" pages: set-based selectors on a StatefulSet and its
/// budget, a Service, an autoscaler naming its target by group, kind and name.
@Suite struct KubernetesSelectionTests {
    let zookeeper = """
        apiVersion: apps/v1
        kind: StatefulSet
        metadata:
          name: zk
          namespace: coordination
        spec:
          serviceName: zk-hs
          replicas: 3
          selector:
            matchExpressions:
              - { key: app.kubernetes.io/name, operator: In, values: [zookeeper] }
              - { key: track, operator: NotIn, values: [canary] }
          template:
            metadata:
              labels:
                app.kubernetes.io/name: zookeeper
                app.kubernetes.io/component: ensemble
            spec:
              containers:
                - name: kubernetes-zookeeper
                  image: registry.k8s.io/kubernetes-zookeeper:1.0-3.4.10
        ---
        apiVersion: v1
        kind: Service
        metadata: { name: zk-hs, namespace: coordination }
        spec:
          clusterIP: None
          selector: { app.kubernetes.io/name: zookeeper }
          ports: [{ port: 2888, name: server }]

        """

    func budget(_ selector: String) -> String {
        """
        apiVersion: policy/v1
        kind: PodDisruptionBudget
        metadata:
          name: zk-pdb
          namespace: coordination
        spec:
          maxUnavailable: 1
          selector:
        \(selector)

        """
    }

    func grade(_ files: [String: String], checks: String) async throws -> CriterionResult {
        try await gradeSingle(grader: "k8s.policy", with: "{ checks: [\(checks)] }", paths: ["k8s/*.yaml"], files: files)
    }

    @Test func aBudgetWithMatchExpressionsSelectsThePods() async throws {
        let pdb = budget(
            """
                matchExpressions:
                  - { key: app.kubernetes.io/name, operator: In, values: [zookeeper, zk] }
                  - { key: app.kubernetes.io/component, operator: Exists }
                  - { key: track, operator: DoesNotExist }
            """)
        let r = try await grade(["k8s/zk.yaml": zookeeper, "k8s/pdb.yaml": pdb], checks: "pdb")
        #expect(r.status == .passed, "\(r.findings)")
    }

    @Test func aBudgetWhoseExpressionExcludesThePodsDoesNotCount() async throws {
        let pdb = budget(
            """
                matchLabels: { app.kubernetes.io/name: zookeeper }
                matchExpressions:
                  - { key: app.kubernetes.io/component, operator: NotIn, values: [ensemble] }
            """)
        let r = try await grade(["k8s/zk.yaml": zookeeper, "k8s/pdb.yaml": pdb], checks: "pdb")
        #expect(r.status == .failed)
        #expect(
            r.findings.map(\.description).contains(
                "k8s/zk.yaml:4:9: error: StatefulSet 'zk' has no PodDisruptionBudget selecting its pods (app.kubernetes.io/component=ensemble, app.kubernetes.io/name=zookeeper)"
            ), "\(r.findings)")
    }

    @Test func anOperatorTheAPIServerRejectsIsReportedAtItsLine() async throws {
        let pdb = budget(
            """
                matchExpressions:
                  - { key: app.kubernetes.io/name, operator: Equals, values: [zookeeper] }
            """)
        let r = try await grade(["k8s/zk.yaml": zookeeper, "k8s/pdb.yaml": pdb], checks: "pdb")
        #expect(r.status == .failed)
        #expect(
            r.findings.map(\.description).contains(
                "k8s/pdb.yaml:10:50: error: matchExpressions operator 'Equals' on 'app.kubernetes.io/name' is not In, NotIn, Exists or DoesNotExist"
            ), "\(r.findings)")
    }

    @Test func aServiceSelectsByEqualityOnly() async throws {
        #expect(try await grade(["k8s/zk.yaml": zookeeper], checks: "service").status == .passed)
        let elsewhere = zookeeper.replacingOccurrences(
            of: "selector: { app.kubernetes.io/name: zookeeper }", with: "selector: { app.kubernetes.io/name: etcd }")
        let r = try await grade(["k8s/zk.yaml": elsewhere], checks: "service")
        #expect(r.status == .failed)
        #expect(r.findings.first?.message.hasPrefix("StatefulSet 'zk' has no Service selecting its pods") == true)
    }

    @Test func anAutoscalerNamesItsTargetByGroupKindAndName() async throws {
        func hpa(_ apiVersion: String, _ kind: String) -> String {
            """
            apiVersion: autoscaling/v2
            kind: HorizontalPodAutoscaler
            metadata: { name: zk, namespace: coordination }
            spec:
              scaleTargetRef: { apiVersion: \(apiVersion), kind: \(kind), name: zk }
              minReplicas: 3
              maxReplicas: 5
              metrics:
                - type: Resource
                  resource: { name: cpu, target: { type: Utilization, averageUtilization: 70 } }

            """
        }
        let right = try await grade(["k8s/zk.yaml": zookeeper, "k8s/hpa.yaml": hpa("apps/v1", "StatefulSet")], checks: "hpa")
        #expect(right.status == .passed, "\(right.findings)")
        let wrongKind = try await grade(["k8s/zk.yaml": zookeeper, "k8s/hpa.yaml": hpa("apps/v1", "Deployment")], checks: "hpa")
        #expect(wrongKind.status == .failed)
        let wrongGroup = try await grade(
            ["k8s/zk.yaml": zookeeper, "k8s/hpa.yaml": hpa("argoproj.io/v1alpha1", "StatefulSet")], checks: "hpa")
        #expect(wrongGroup.status == .failed)
    }
}
