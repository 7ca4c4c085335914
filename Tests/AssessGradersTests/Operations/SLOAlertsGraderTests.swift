import AssessCore
import AssessGraders
import AssessTestSupport
import Foundation
import Testing

/// Fixtures follow the Prometheus rule-file format (prometheus/model/rulefmt), the SRE
/// workbook's multi-window multi-burn-rate recipe (ch. 5, "Alerting on SLOs") and Sloth's
/// `prometheus/v1` spec (slok/sloth examples/getting-started.yml); written by hand.
@Suite struct SLOAlertsGraderTests {
    static func pair(_ slo: String, _ factor: String, _ long: String, _ short: String) -> String {
        """
        (job:slo_errors_per_request:ratio_rate\(long){slo="\(slo)"} > (\(factor) * (1 - 0.999))
               and job:slo_errors_per_request:ratio_rate\(short){slo="\(slo)"} > (\(factor) * (1 - 0.999)))
        """
    }

    static func alert(_ name: String, _ expr: String, labels: String = "severity: page", annotations: String? = nil)
        -> String
    {
        let annotations = annotations ?? "runbook_url: https://runbooks.example.com/\(name)"
        return """
              - alert: \(name)
                expr: |
                  \(expr)
                labels: { \(labels) }
                annotations: { \(annotations) }

            """
    }

    let sloth = """
        version: "prometheus/v1"
        service: "payments"
        slos:
          - name: "requests-availability"
            objective: 99.9
            sli:
              events:
                error_query: sum(rate(http_requests_total{job="payments",code=~"5.."}[{{.window}}]))
                total_query: sum(rate(http_requests_total{job="payments"}[{{.window}}]))
            alerting:
              name: PaymentsHighErrorRate
              annotations:
                runbook: https://runbooks.example.com/payments
              page_alert:
                labels: { severity: page }
              ticket_alert:
                labels: { severity: ticket }

        """

    /// The must-show: a fast pair but no slow pair for one SLO; a Sloth spec for another counts.
    @Test func fastPairWithoutSlowPairIsNamedAndSlothCountsAsAlerting() async throws {
        let rules =
            "groups:\n- name: checkout\n  rules:\n"
            + Self.alert("CheckoutFastBurn", Self.pair("checkout-availability", "14.4", "1h", "5m"))
        let r = try await gradeSingle(
            grader: "slo.alerts", with: "", files: ["alerts/checkout.yaml": rules, "slo/payments.yaml": sloth])
        #expect(r.status == .partial, "\(r.findings)")
        #expect(
            r.findings.map(\.description) == [
                "alerts/checkout.yaml:4:5: error: SLO 'checkout-availability' has the fast-burn pair in alert 'CheckoutFastBurn' but no slow-burn pair (6× over 6h and 30m)"
            ])
        #expect(r.summary == "1 of 2 SLOs have complete burn-rate alerting")
    }

    @Test func fastAndSlowPairsPass() async throws {
        let expr =
            Self.pair("checkout-availability", "14.4", "1h", "5m") + "\n      or\n      "
            + Self.pair("checkout-availability", "6", "6h", "30m")
        let rules = "groups:\n- name: checkout\n  rules:\n" + Self.alert("CheckoutBurn", expr)
        let r = try await gradeSingle(grader: "slo.alerts", with: "", files: ["alerts.yaml": rules])
        #expect(r.status == .passed, "\(r.findings)")
    }

    /// Sloth's own output: windows come from the recording rules, `0.0009999999999999432` is 1 - 0.999.
    @Test(.enabled(if: sharedCorpus != nil, "../shared/corpus is absent: Sloth's generated rules not checked"))
    func slothGeneratedRulesPassWithTicketPairsToo() async throws {
        let text = try String(
            contentsOfFile: try sharedCorpusPath("public/slo/prometheus-rules_sloth-generated_getting-started.yml"),
            encoding: .utf8)
        let r = try await gradeSingle(
            grader: "slo.alerts", with: "{ pairs: [fast, slow, ticket-fast, ticket-slow], annotations: [summary] }",
            files: ["rules.yml": text])
        #expect(r.status == .passed, "\(r.findings)")
        #expect(r.summary == "1 of 1 SLO have complete burn-rate alerting")
    }

    @Test func singleNumberThresholdsNeedTheObjective() async throws {
        let expr = """
            (errors:ratio_rate1h{slo="search"} > 0.0144 and errors:ratio_rate5m{slo="search"} > 0.0144)
                  or (errors:ratio_rate6h{slo="search"} > 0.006 and errors:ratio_rate30m{slo="search"} > 0.006)
            """
        let rules = "groups:\n- name: search\n  rules:\n" + Self.alert("SearchBurn", expr)
        let without = try await gradeSingle(grader: "slo.alerts", with: "", files: ["a.yaml": rules])
        #expect(without.status == .partial)
        #expect(
            without.findings.map(\.message).prefix(2) == [
                "SLO 'search' has no fast-burn pair (14.4× over 1h and 5m) and no slow-burn pair (6× over 6h and 30m)",
                "SLO 'search': alert 'SearchBurn' compares with 0.0144, one number: its burn-rate factor needs the SLO's objective (an SLO file, the 'objective' option, or write it as 14.4 * (1 - 0.999))",
            ])
        let with = try await gradeSingle(grader: "slo.alerts", with: "{ objective: 0.999 }", files: ["a.yaml": rules])
        #expect(with.status == .passed, "\(with.findings)")
    }

    @Test func missingSeverityAndRunbookArePartial() async throws {
        let expr = Self.pair("cart", "14.4", "1h", "5m") + " or " + Self.pair("cart", "6", "6h", "30m")
        let rules =
            "groups:\n- name: cart\n  rules:\n"
            + Self.alert("CartBurn", expr, labels: "team: cart", annotations: "summary: burning")
        let r = try await gradeSingle(grader: "slo.alerts", with: "", files: ["a.yaml": rules])
        #expect(r.status == .partial)
        #expect(
            r.findings.map(\.message) == [
                "alert 'CartBurn' has no 'severity' label",
                "alert 'CartBurn' has no 'runbook_url', 'runbook' or 'description' annotation",
            ])
        #expect(abs(r.score - 2.0 / 3.0) < 0.001)
    }

    @Test func anSLOWithoutAlertingFails() async throws {
        let openSLO = """
            apiVersion: openslo/v1
            kind: SLO
            metadata: { name: search-latency }
            spec:
              service: search
              timeWindow: [{ duration: 28d, isRolling: true }]
              budgetingMethod: Occurrences
              objectives: [{ op: lt, value: 300, target: 0.99 }]
            """
        let r = try await gradeSingle(grader: "slo.alerts", with: "", files: ["slo.yaml": openSLO])
        #expect(r.status == .failed)
        #expect(
            r.findings.map(\.description) == [
                "slo.yaml:1:1: error: SLO 'search-latency' (service search) has no burn-rate alerting: no Prometheus alert, Sloth alerting or OpenSLO burn-rate condition refers to it"
            ])
    }

    /// The must-show: a PromQL syntax error is a finding with the file, line and column.
    @Test func malformedPromQLIsAFindingAtItsPlace() async throws {
        let rules = """
            groups:
            - name: checkout
              rules:
              - alert: Broken
                expr: |
                  sum(rate(http_requests_total{code=~"5.."}[5m]) > 0.1
                labels: { severity: page, slo: checkout }
                annotations: { runbook_url: x }
              - alert: AlsoBroken
                expr: rate(x[5m] > 1
            """
        let r = try await gradeSingle(grader: "slo.alerts", with: "", files: ["rules.yaml": rules])
        #expect(r.status == .failed)
        #expect(
            r.findings.map(\.description).prefix(2) == [
                "rules.yaml:6:59: error: PromQL of alert 'Broken' (group 'checkout'): expected ')' to close sum(, found end of expression",
                "rules.yaml:10:25: error: PromQL of alert 'AlsoBroken' (group 'checkout'): expected ')' to close the arguments of rate(, found end of expression",
            ])
    }

    @Test func malformedYAMLAndOptions() async throws {
        let r = try await gradeSingle(
            grader: "slo.alerts", with: "", files: ["rules.yaml": "groups:\n  - name: x\n   rules: [\n"])
        #expect(r.status == .failed)
        #expect(r.findings.first?.location?.file == "rules.yaml")
        let node = try YAMLParser().parse("pairs: [fast, slwo, { factor: 2, long: 1h, short: 2h }]\n", file: "o.yaml")
        let error = try #require(throws: RubricError.self) { try SLOAlertsGrader.options(from: node) }
        #expect(
            error.diagnostics.map(\.description) == [
                "o.yaml:1:15: error: unknown pair 'slwo'; the named pairs are fast, slow, ticket-fast, ticket-slow; did you mean 'slow'?",
                "o.yaml:1:21: error: a pair's 'short' window must be shorter than its 'long' one",
            ])
    }
}
