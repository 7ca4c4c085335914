import AssessFormats
import AssessYAML
import Testing

/// Selectors as the Kubernetes API reference defines `LabelSelector` (matchLabels ANDed with
/// matchExpressions; NotIn and DoesNotExist hold for a pod without the key), checked on the
/// examples of the "Labels and Selectors" concept page.
@Suite struct LabelSelectorTests {
    func selector(_ yaml: String) throws -> LabelSelector {
        LabelSelector(try YAMLParser().parse(yaml, file: "s.yaml"))
    }

    @Test func matchLabelsAndEveryOperator() throws {
        let s = try selector(
            """
            matchLabels: { component: redis }
            matchExpressions:
              - { key: tier, operator: In, values: [cache] }
              - { key: environment, operator: NotIn, values: [dev] }
              - { key: partition, operator: Exists }
              - { key: canary, operator: DoesNotExist }
            """)
        #expect(s.problems.isEmpty)
        #expect(s.description == "component=redis, tier in (cache), environment notin (dev), partition, !canary")
        let pod = ["component": "redis", "tier": "cache", "partition": "a"]
        #expect(s.matches(pod))
        #expect(s.matches(pod.merging(["environment": "production"]) { $1 }))
        #expect(!s.matches(pod.merging(["environment": "dev"]) { $1 }))
        #expect(!s.matches(pod.merging(["canary": "true"]) { $1 }))
        #expect(!s.matches(pod.merging(["tier": "web"]) { $1 }))
        #expect(!s.matches(pod.filter { $0.key != "partition" }))
        #expect(!s.matches(pod.merging(["component": "memcached"]) { $1 }))
    }

    @Test func requirementsTheAPIServerRejectsSelectNothing() throws {
        let s = try selector(
            """
            matchExpressions:
              - { key: app, operator: Equals, values: [cart] }
              - { key: tier, operator: In }
              - { key: zone, operator: Exists, values: [a] }
            """)
        #expect(
            s.problems.map(\.description) == [
                "s.yaml:2:27: error: matchExpressions operator 'Equals' on 'app' is not In, NotIn, Exists or DoesNotExist",
                "s.yaml:3:5: error: matchExpressions 'tier In' needs at least one value",
                "s.yaml:4:5: error: matchExpressions 'zone Exists' takes no values",
            ])
        #expect(!s.matches(["app": "cart", "tier": "web", "zone": "a"]))
    }

    @Test func anEmptySelectorMatchesEveryPod() throws {
        let s = try selector("{}")
        #expect(s.isEmpty && s.matches(["app": "anything"]))
    }
}
