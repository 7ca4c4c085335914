import AssessFormats
import AssessYAML
import Testing

/// A rule file with one of each kind of problem promtool refuses, each placed where the
/// learner must edit: the key, the value, or the line and column inside the expression or
/// the template.
@Suite struct PrometheusRuleValidatorTests {
    func problems(_ text: String, file: String = "rules.yaml") -> [String] {
        OperationsEvidence(files: [(path: file, text: text)]).problems.map(\.description)
    }

    @Test func eachProblemAtItsPlace() {
        let text = """
            groups:
            - name: api
              interval: 1 minute
              rules:
              - record: api-errors:rate5m
                expr: sum(rate(http_requests_total{code=~"5.."}[5m]))
                for: 5m
              - alert: ApiErrors
                expr: |
                  sum(rate(http_requests_total{code=~"5.."}[5m]))
                    / sum(rate(http_requests_total[5m])) > (1 > 2)
                for: 2minutes
                labels: { severity: page, team-name: api }
                annotations:
                  summary: "{{ $labels.job } has errors"
                  runbok_url: https://runbooks.example.com/api
                severity: page
              - alert: ApiDown
                expr: absent(up{job="api"}) == 1 and 1
            - name: api
              rules: []

            """
        #expect(
            problems(text) == [
                "rules.yaml:3:13: error: 'interval' is not a Prometheus duration: '1 minute' (write whole numbers with units from y, w, d, h, m, s, ms, largest first: 90s, 1h30m)",
                "rules.yaml:5:13: error: recording rule name 'api-errors:rate5m' is not a valid metric name (letters, digits, '_' and ':', not starting with a digit)",
                "rules.yaml:7:10: error: 'for' is only valid on alerting rules (recording rule 'api-errors:rate5m' (group 'api'))",
                "rules.yaml:17:5: error: unknown key 'severity' in a rule (it takes 'record', 'alert', 'expr', 'for', 'keep_firing_for', 'labels', 'annotations')",
                "rules.yaml:12:10: error: 'for' is not a Prometheus duration: '2minutes' (write whole numbers with units from y, w, d, h, m, s, ms, largest first: 90s, 1h30m)",
                "rules.yaml:13:31: error: invalid label name 'team-name' in alert 'ApiErrors' (group 'api') (letters, digits and '_', not starting with a digit)",
                "rules.yaml:15:32: error: template in annotation 'summary' of alert 'ApiErrors' (group 'api'): unrecognized character in action: '}'",
                "rules.yaml:11:49: error: PromQL of alert 'ApiErrors' (group 'api'): comparisons between scalars must use BOOL modifier",
                "rules.yaml:19:11: error: PromQL of alert 'ApiDown' (group 'api'): set operator \"and\" not allowed in binary scalar expression",
                "rules.yaml:20:9: error: group name 'api' is repeated (first at 2:9); names must be unique per file",
            ])
    }

    @Test func newerGroupKeysAreWarningsAndPrometheusRuleObjectsAreChecked() {
        let text = """
            apiVersion: monitoring.coreos.com/v1
            kind: PrometheusRule
            metadata: { name: api }
            spec:
              groups:
              - name: api
                labels: { team: api }
                rules:
                - alert: ApiDown
                  expr: up{job="api"} == 0
                  keep_firing_for: 10m
                  annotations: { summary: "{{ $labels.instance }} is down" }
                - alert: ApiSlow
                  expr: histogram_quantile(0.99, rate(http_request_duration_seconds_bucket[5m])
            """
        #expect(
            problems(text, file: "k8s/rules.yaml") == [
                "k8s/rules.yaml:7:13: warning: 'labels' on a rule group is read only by recent Prometheus releases; promtool 2.x refuses it",
                "k8s/rules.yaml:14:84: error: PromQL of alert 'ApiSlow' (group 'api'): expected ')' to close the arguments of histogram_quantile(, found end of expression",
            ])
    }

    @Test(arguments: [
        ("0", 0.0), ("90s", 90), ("1h30m", 5400), ("1w2d", 777_600), ("500ms", 0.5), ("1y", 31_536_000),
    ])
    func readsPrometheusDurations(_ text: String, _ seconds: Double) {
        #expect(PrometheusDuration.parse(text)?.seconds == seconds)
    }

    @Test(arguments: ["", "2", "1.5m", "2minutes", "-2m", "1h1h", "30m1h", "5 m"])
    func refusesWhatPrometheusRefuses(_ text: String) {
        #expect(PrometheusDuration.parse(text) == nil)
    }
}
