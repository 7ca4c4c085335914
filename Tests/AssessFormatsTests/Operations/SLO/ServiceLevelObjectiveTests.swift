import AssessFormats
import AssessYAML
import Testing

/// `SLOReader` on SLO documents as texts: OpenSLO v1 (SLO, SLI, AlertPolicy, AlertCondition
/// objects referring to each other, as the OpenSLO specification's README lays them out),
/// OpenSLO v1alpha as Sloth reads it, Sloth's `prometheus/v1` spec and its
/// `PrometheusServiceLevel` CRD (the shapes of Sloth's README examples, Apache-2.0; the texts
/// here are written for the test).
@Suite struct ServiceLevelObjectiveTests {
    func read(_ text: String, _ file: String = "slo.yaml") -> (ManifestFile, [ServiceLevelObjective]) {
        let manifest = ManifestReader().read(text, file: file)
        return (manifest, SLOReader.objectives(in: manifest, resolving: manifest.objects))
    }

    static let openSLO = """
        apiVersion: openslo/v1
        kind: SLO
        metadata:
          name: checkout-availability
          displayName: Checkout availability
          labels:
            team: payments
        spec:
          description: 99.5% of checkout requests succeed
          service: checkout
          indicatorRef: checkout-success-ratio
          timeWindow:
            - duration: 28d
              isRolling: true
          budgetingMethod: Occurrences
          objectives:
            - displayName: Good
              target: 0.995
          alertPolicies:
            - alertPolicyRef: checkout-fast-burn
        ---
        apiVersion: openslo/v1
        kind: SLI
        metadata:
          name: checkout-success-ratio
          displayName: Checkout success ratio
        spec:
          ratioMetric:
            counter: true
            good:
              metricSource:
                type: Prometheus
                spec:
                  query: sum(rate(http_requests_total{service="checkout",code!~"5.."}[5m]))
            total:
              metricSource:
                type: Prometheus
                spec:
                  query: sum(rate(http_requests_total{service="checkout"}[5m]))
        ---
        apiVersion: openslo/v1
        kind: AlertPolicy
        metadata:
          name: checkout-fast-burn
        spec:
          alertWhenBreaching: true
          conditions:
            - conditionRef: checkout-burn-2x
        ---
        apiVersion: openslo/v1
        kind: AlertCondition
        metadata:
          name: checkout-burn-2x
        spec:
          severity: page
          condition:
            kind: burnrate
            op: gte
            threshold: 2
            lookbackWindow: 1h
            alertAfter: 5m

        """

    @Test func openSLOv1WithReferencedIndicatorPolicyAndCondition() throws {
        let (manifest, slos) = read(Self.openSLO)
        #expect(manifest.problems.isEmpty)
        #expect(slos.count == 1)
        let slo = try #require(slos.first)
        #expect(slo.format == .openSLO)
        #expect(slo.name == "checkout-availability")
        #expect(slo.service == "checkout")
        #expect(slo.displayName == "Checkout availability")
        #expect(slo.description == "99.5% of checkout requests succeed")
        #expect(slo.objectives.map(\.value) == [0.995])
        #expect(slo.objectives.map(\.location.description) == ["slo.yaml:18:15"])
        #expect(slo.objective == 0.995)
        #expect(slo.windows.map(\.value.seconds) == [28 * 86400])
        #expect(slo.windows.map(\.value.text) == ["28d"])
        #expect(slo.windows.map(\.location.description) == ["slo.yaml:13:17"])
        #expect(slo.labels == ["team": "payments"])
        #expect(slo.thresholdOperator == nil)
        #expect(slo.location.description == "slo.yaml:1:1")
        #expect(
            slo.indicatorText
                == #"checkout-availability Checkout availability 99.5% of checkout requests succeed Good checkout-success-ratio Checkout success ratio sum(rate(http_requests_total{service="checkout",code!~"5.."}[5m])) sum(rate(http_requests_total{service="checkout"}[5m]))"#
        )
        guard case .openSLO(let conditions) = slo.alerting else {
            Issue.record("expected OpenSLO alerting, got \(slo.alerting)")
            return
        }
        #expect(conditions.map(\.name) == ["checkout-burn-2x"])
        #expect(conditions.map(\.severity) == ["page"])
        #expect(conditions.map(\.threshold) == [2])
        #expect(conditions.map { $0.lookbackWindow?.seconds } == [3600])
        #expect(conditions.map { $0.alertAfter?.seconds } == [300])
        // The condition is placed at its own object, where the learner wrote it.
        #expect(conditions.map(\.location.description) == ["slo.yaml:50:1"])
    }

    @Test func aPolicyOrConditionThatIsNotThereLeavesNoAlerting() throws {
        let text = Self.openSLO.replacingOccurrences(
            of: "alertPolicyRef: checkout-fast-burn", with: "alertPolicyRef: checkout-slow-burn")
        let slo = try #require(read(text).1.first)
        #expect(slo.alerting == SLOAlerting.none)
        // A condition of another kind is not a burn rate.
        let threshold = Self.openSLO.replacingOccurrences(of: "kind: burnrate", with: "kind: threshold")
        #expect(try #require(read(threshold).1.first).alerting == SLOAlerting.none)
    }

    @Test func openSLOInlineIndicatorLatencyAndPercentTargets() throws {
        let text = """
            apiVersion: openslo/v1
            kind: SLO
            metadata:
              name: search-latency
            spec:
              service: search
              indicator:
                metadata:
                  name: search-p99
                spec:
                  thresholdMetric:
                    metricSource:
                      type: Prometheus
                      spec:
                        query: histogram_quantile(0.99, sum by (le) (rate(search_seconds_bucket[5m])))
              timeWindow:
                - duration: 1w
                  isRolling: true
              budgetingMethod: Timeslices
              objectives:
                - op: lte
                  value: 0.3
                  targetPercent: "99"
                - op: lte
                  value: 1
                  target: high

            """
        let slo = try #require(read(text).1.first)
        // A target that is not a number is left out; the percent is read as a fraction.
        #expect(slo.objectives.map(\.value) == [0.99])
        #expect(slo.thresholdOperator == "lte")
        #expect(slo.windows.map(\.value.seconds) == [7 * 86400])
        #expect(
            slo.indicatorText.hasSuffix(
                "search-p99 histogram_quantile(0.99, sum by (le) (rate(search_seconds_bucket[5m]))) thresholdMetric"))
        #expect(slo.alerting == SLOAlerting.none)
    }

    @Test func openSLOv1alphaAsSlothReadsIt() throws {
        let text = """
            apiVersion: openslo/v1alpha
            kind: SLO
            metadata:
              name: sloth-slo-my-service
              displayName: Requests Availability
            spec:
              service: my-service
              description: "Common SLO based on availability for HTTP request responses."
              budgetingMethod: Occurrences
              objectives:
                - ratioMetrics:
                    good:
                      source: prometheus
                      queryType: promql
                      query: sum(rate(http_request_duration_seconds_count{job="myservice",code!~"(5..|429)"}[{{.window}}]))
                    total:
                      source: prometheus
                      queryType: promql
                      query: sum(rate(http_request_duration_seconds_count{job="myservice"}[{{.window}}]))
                  target: 0.999
              timeWindows:
                - count: 30
                  isRolling: true
                  unit: Day

            """
        let slo = try #require(read(text).1.first)
        #expect(slo.format == .openSLO)
        #expect(slo.objectives.map(\.value) == [0.999])
        #expect(slo.windows.map(\.value.seconds) == [30 * 86400])
        #expect(slo.windows.map(\.value.text) == ["30d"])
        #expect(slo.windows.map(\.location.description) == ["slo.yaml:22:7"])
        #expect(slo.indicatorText.contains(#"code!~"(5..|429)""#))
        #expect(slo.indicatorText.contains("Requests Availability"))
    }

    @Test func slothPrometheusV1Spec() throws {
        let text = """
            version: "prometheus/v1"
            service: "myservice"
            labels:
              owner: "myteam"
              tier: "2"
            slos:
              # We allow failing (5xx and 429) 1 request every 1000 requests (99.9%).
              - name: "requests-availability"
                objective: 99.9
                description: "Common SLO based on availability for HTTP request responses."
                labels:
                  category: availability
                sli:
                  events:
                    error_query: sum(rate(http_request_duration_seconds_count{job="myservice",code=~"(5..|429)"}[{{.window}}]))
                    total_query: sum(rate(http_request_duration_seconds_count{job="myservice"}[{{.window}}]))
                alerting:
                  name: "MyServiceHighErrorRate"
                  labels:
                    category: "availability"
                  annotations:
                    summary: "High error rate on 'myservice' requests responses"
                  page_alert:
                    labels:
                      severity: "pageteam"
                      routing_key: "myteam"
                  ticket_alert:
                    labels:
                      severity: "slack"
                      slack_channel: "#alerts-myteam"
              - name: "requests-latency"
                objective: "99"
                sli:
                  raw:
                    error_ratio_query: |
                      1 - (sum(rate(http_request_duration_seconds_bucket{le="0.25"}[{{.window}}]))
                        / sum(rate(http_request_duration_seconds_count[{{.window}}])))
                alerting:
                  page_alert:
                    disable: true
              - name: "no-alerts"
                objective: 95
                sli:
                  plugin:
                    id: "sloth-common/kubernetes/apiserver/availability"

            """
        let (manifest, slos) = read(text, "sloth.yml")
        #expect(manifest.objects.isEmpty)  // a Sloth spec has no `kind`
        #expect(slos.map(\.name) == ["requests-availability", "requests-latency", "no-alerts"])
        #expect(slos.allSatisfy { $0.format == .sloth && $0.service == "myservice" })
        let objectives = slos.map { $0.objective ?? -1 }
        #expect(zip(objectives, [0.999, 0.99, 0.95]).allSatisfy { abs($0 - $1) < 1e-12 }, "\(objectives)")
        #expect(slos[0].objectives.map(\.location.description) == ["sloth.yml:9:16"])
        // Sloth's period is its command line's (30 days by default), placed at the SLO.
        #expect(slos.map { $0.windows.map(\.value.text) } == [["30d"], ["30d"], ["30d"]])
        #expect(slos[0].windows.map(\.location.description) == ["sloth.yml:8:5"])
        #expect(
            slos[0].labels == ["owner": "myteam", "tier": "2", "category": "availability"])
        #expect(slos[1].labels == ["owner": "myteam", "tier": "2"])
        #expect(slos[0].indicatorText.hasPrefix("requests-availability Common SLO based on availability"))
        #expect(
            slos[0].indicatorText.hasSuffix(#"http_request_duration_seconds_count{job="myservice"}[{{.window}}]))"#))
        #expect(slos[1].indicatorText.contains(#"le="0.25""#))
        #expect(slos[2].indicatorText == "no-alerts  sloth-common/kubernetes/apiserver/availability")

        guard case .sloth(let alerting) = slos[0].alerting else {
            Issue.record("expected Sloth alerting, got \(slos[0].alerting)")
            return
        }
        #expect(alerting.name == "MyServiceHighErrorRate")
        #expect(alerting.page && alerting.ticket)
        #expect(alerting.labels == ["category": "availability"])
        #expect(alerting.pageLabels == ["severity": "pageteam", "routing_key": "myteam"])
        #expect(alerting.ticketLabels == ["severity": "slack", "slack_channel": "#alerts-myteam"])
        #expect(alerting.annotations == ["summary": "High error rate on 'myservice' requests responses"])
        #expect(alerting.location.description == "sloth.yml:18:7")
        guard case .sloth(let latencyAlerting) = slos[1].alerting else {
            Issue.record("expected Sloth alerting, got \(slos[1].alerting)")
            return
        }
        #expect(!latencyAlerting.page && latencyAlerting.ticket)
        #expect(slos[2].alerting == SLOAlerting.none)
    }

    @Test func slothPrometheusServiceLevelCRD() throws {
        let text = """
            apiVersion: sloth.slok.dev/v1
            kind: PrometheusServiceLevel
            metadata:
              name: sloth-slo-home-wifi
              namespace: monitoring
              labels:
                app: sloth
            spec:
              service: "home-wifi"
              labels:
                cluster: "valhalla"
              slos:
                - name: "good-wifi-client-satisfaction"
                  objective: 95
                  description: "Will warn us that we don't have a good wifi at home."
                  sli:
                    events:
                      errorQuery: sum_over_time((count(unifipoller_client_satisfaction_ratio < 0.75))[{{.window}}:]) OR vector(0)
                      totalQuery: sum_over_time((count(unifipoller_client_satisfaction_ratio))[{{.window}}:])
                  alerting:
                    name: "GoodWifiClientSatisfaction"
                    pageAlert:
                      disable: true
                    ticketAlert:
                      labels:
                        severity: warning

            """
        let slos = read(text, "k8s/slo.yaml").1
        let slo = try #require(slos.first)
        #expect(slos.count == 1)
        #expect(slo.format == .sloth)
        #expect(slo.service == "home-wifi")
        #expect(slo.objective == 0.95)
        #expect(slo.labels == ["app": "sloth", "cluster": "valhalla"])
        #expect(slo.indicatorText.contains("unifipoller_client_satisfaction_ratio < 0.75"))
        guard case .sloth(let alerting) = slo.alerting else {
            Issue.record("expected Sloth alerting, got \(slo.alerting)")
            return
        }
        #expect(!alerting.page && alerting.ticket)
        #expect(alerting.ticketLabels == ["severity": "warning"])
        // The snake_case keys of the plain spec mean nothing in the CRD.
        let snake = text.replacingOccurrences(of: "errorQuery", with: "error_query")
        #expect(try #require(read(snake).1.first).indicatorText.contains("< 0.75") == false)
    }

    @Test func aBrokenDocumentIsLocatedAndTheOtherSLOsAreRead() throws {
        let text = """
            apiVersion: openslo/v1
            kind: SLO
            metadata: { name: broken
            spec: { service: a }
            ---
            apiVersion: openslo/v1
            kind: SLO
            metadata: { name: fine }
            spec:
              service: b
              objectives: [{ target: 0.9 }]

            """
        let (manifest, slos) = read(text)
        #expect(slos.map(\.name) == ["fine"])
        #expect(
            manifest.problems.map(\.description) == [
                "slo.yaml:4:5: error: while parsing a flow mapping (started at 3:11): did not find expected ',' or '}'"
            ])
        // Kinds other than SLO, and SLO kinds of other groups, are not SLOs.
        let other = read("apiVersion: example.com/v1\nkind: SLO\nmetadata: { name: x }\nspec: { service: y }\n").1
        #expect(other.isEmpty)
    }
}
