import AssessCore
import AssessGraders
import AssessTestSupport
import Foundation
import Testing

/// SLOs declared in one format and alerted on in another count as alerted: an OpenSLO file
/// (`slo/slos.yaml`) names the SLOs, a Sloth spec (`slo/payments.sloth.yaml`, the input of
/// `sloth generate`) carries the payments SLOs' page and ticket alerting, and the Prometheus
/// rules Sloth generated for checkout (`alerts/checkout-slo.rules.yaml`, accepted by
/// `promtool check rules` 2.42) alert on `slo:sli_error:ratio_rate*{sloth_service, sloth_slo}`.
/// The bundle is written as a team outside the course would write it (its own names, Sloth's
/// own output layout), not from the shipped samples.
@Suite struct SLOAlertsAcrossFormatsTests {
    static let openSLO = """
        # Service level objectives of the shop (OpenSLO v1).
        # Payments' burn-rate alerting lives in its Sloth spec (payments.sloth.yaml);
        # checkout's alerts were generated with `sloth generate` into alerts/.
        apiVersion: openslo/v1
        kind: Service
        metadata:
          name: payments
          displayName: Payments
        spec:
          description: Card and wallet payments
        ---
        apiVersion: openslo/v1
        kind: SLO
        metadata:
          name: payments-availability
          displayName: Payments availability
        spec:
          service: payments
          description: Share of payment requests answered without a server error
          budgetingMethod: Occurrences
          timeWindow:
            - duration: 28d
              isRolling: true
          indicator:
            metadata:
              name: payments-non-5xx
            spec:
              ratioMetric:
                counter: true
                good:
                  metricSource:
                    type: Prometheus
                    spec:
                      query: sum(rate(http_server_requests_seconds_count{service="payments",status!~"5.."}[1m]))
                total:
                  metricSource:
                    type: Prometheus
                    spec:
                      query: sum(rate(http_server_requests_seconds_count{service="payments"}[1m]))
          objectives:
            - displayName: Almost every payment succeeds
              target: 0.999
        ---
        apiVersion: openslo/v1
        kind: SLO
        metadata:
          name: payments-latency
          displayName: Payments latency
        spec:
          service: payments
          description: Share of payment requests answered within 400 ms
          budgetingMethod: Occurrences
          timeWindow:
            - duration: 28d
              isRolling: true
          indicator:
            metadata:
              name: payments-fast
            spec:
              ratioMetric:
                counter: true
                good:
                  metricSource:
                    type: Prometheus
                    spec:
                      query: sum(rate(http_server_requests_seconds_bucket{service="payments",le="0.4"}[1m]))
                total:
                  metricSource:
                    type: Prometheus
                    spec:
                      query: sum(rate(http_server_requests_seconds_count{service="payments"}[1m]))
          objectives:
            - displayName: Fast payments
              target: 0.99
        ---
        apiVersion: openslo/v1
        kind: SLO
        metadata:
          name: checkout-availability
          displayName: Checkout availability
        spec:
          service: checkout
          budgetingMethod: Occurrences
          timeWindow:
            - duration: 30d
              isRolling: true
          indicator:
            metadata:
              name: checkout-non-5xx
            spec:
              ratioMetric:
                counter: true
                good:
                  metricSource:
                    type: Prometheus
                    spec:
                      query: sum(rate(http_server_requests_seconds_count{service="checkout",status!~"5.."}[1m]))
                total:
                  metricSource:
                    type: Prometheus
                    spec:
                      query: sum(rate(http_server_requests_seconds_count{service="checkout"}[1m]))
          objectives:
            - target: 0.999

        """

    static let sloth = """
        # sloth generate -i slo/payments.sloth.yaml -o alerts/payments.rules.yaml
        version: "prometheus/v1"
        service: "payments"
        labels:
          owner: "team-payments"
          repo: "shop/payments"
        slos:
          - name: "availability"
            objective: 99.9
            description: "Payment requests without a server error."
            sli:
              events:
                error_query: sum(rate(http_server_requests_seconds_count{service="payments",status=~"5.."}[{{.window}}]))
                total_query: sum(rate(http_server_requests_seconds_count{service="payments"}[{{.window}}]))
            alerting:
              name: PaymentsAvailabilityBudgetBurn
              labels:
                category: "availability"
              annotations:
                runbook: "https://wiki.shop.example/runbooks/payments-availability"
              page_alert:
                labels:
                  severity: critical
              ticket_alert:
                labels:
                  severity: warning
          - name: "latency"
            objective: 99
            description: "Payment requests answered within 400 ms."
            sli:
              events:
                error_query: |
                  sum(rate(http_server_requests_seconds_count{service="payments"}[{{.window}}]))
                  -
                  sum(rate(http_server_requests_seconds_bucket{service="payments",le="0.4"}[{{.window}}]))
                total_query: sum(rate(http_server_requests_seconds_count{service="payments"}[{{.window}}]))
            alerting:
              name: PaymentsLatencyBudgetBurn
              annotations:
                runbook: "https://wiki.shop.example/runbooks/payments-latency"
              page_alert:
                labels:
                  severity: critical
              ticket_alert:
                labels:
                  severity: warning

        """

    /// What `sloth generate` writes for a checkout availability SLO (page 14.4x 5m/1h and
    /// 6x 30m/6h, ticket 3x 2h/1d and 1x 6h/3d).
    static let generated = """
        ---
        # Code generated by Sloth (v0.11.0): https://github.com/slok/sloth.
        # DO NOT EDIT.

        groups:
        - name: sloth-slo-sli-recordings-checkout-availability
          rules:
          - record: slo:sli_error:ratio_rate5m
            expr: |
              (sum(rate(http_server_requests_seconds_count{service="checkout",status=~"5.."}[5m])))
              /
              (sum(rate(http_server_requests_seconds_count{service="checkout"}[5m])))
            labels:
              owner: team-checkout
              sloth_id: checkout-availability
              sloth_service: checkout
              sloth_slo: availability
              sloth_window: 5m
          - record: slo:sli_error:ratio_rate30m
            expr: |
              (sum(rate(http_server_requests_seconds_count{service="checkout",status=~"5.."}[30m])))
              /
              (sum(rate(http_server_requests_seconds_count{service="checkout"}[30m])))
            labels:
              owner: team-checkout
              sloth_id: checkout-availability
              sloth_service: checkout
              sloth_slo: availability
              sloth_window: 30m
          - record: slo:sli_error:ratio_rate1h
            expr: |
              (sum(rate(http_server_requests_seconds_count{service="checkout",status=~"5.."}[1h])))
              /
              (sum(rate(http_server_requests_seconds_count{service="checkout"}[1h])))
            labels:
              owner: team-checkout
              sloth_id: checkout-availability
              sloth_service: checkout
              sloth_slo: availability
              sloth_window: 1h
          - record: slo:sli_error:ratio_rate2h
            expr: |
              (sum(rate(http_server_requests_seconds_count{service="checkout",status=~"5.."}[2h])))
              /
              (sum(rate(http_server_requests_seconds_count{service="checkout"}[2h])))
            labels:
              owner: team-checkout
              sloth_id: checkout-availability
              sloth_service: checkout
              sloth_slo: availability
              sloth_window: 2h
          - record: slo:sli_error:ratio_rate6h
            expr: |
              (sum(rate(http_server_requests_seconds_count{service="checkout",status=~"5.."}[6h])))
              /
              (sum(rate(http_server_requests_seconds_count{service="checkout"}[6h])))
            labels:
              owner: team-checkout
              sloth_id: checkout-availability
              sloth_service: checkout
              sloth_slo: availability
              sloth_window: 6h
          - record: slo:sli_error:ratio_rate1d
            expr: |
              (sum(rate(http_server_requests_seconds_count{service="checkout",status=~"5.."}[1d])))
              /
              (sum(rate(http_server_requests_seconds_count{service="checkout"}[1d])))
            labels:
              owner: team-checkout
              sloth_id: checkout-availability
              sloth_service: checkout
              sloth_slo: availability
              sloth_window: 1d
          - record: slo:sli_error:ratio_rate3d
            expr: |
              (sum(rate(http_server_requests_seconds_count{service="checkout",status=~"5.."}[3d])))
              /
              (sum(rate(http_server_requests_seconds_count{service="checkout"}[3d])))
            labels:
              owner: team-checkout
              sloth_id: checkout-availability
              sloth_service: checkout
              sloth_slo: availability
              sloth_window: 3d
          - record: slo:sli_error:ratio_rate30d
            expr: |
              sum_over_time(slo:sli_error:ratio_rate5m{sloth_id="checkout-availability", sloth_service="checkout", sloth_slo="availability"}[30d])
              / ignoring (sloth_window)
              count_over_time(slo:sli_error:ratio_rate5m{sloth_id="checkout-availability", sloth_service="checkout", sloth_slo="availability"}[30d])
            labels:
              owner: team-checkout
              sloth_id: checkout-availability
              sloth_service: checkout
              sloth_slo: availability
              sloth_window: 30d
        - name: sloth-slo-meta-recordings-checkout-availability
          rules:
          - record: slo:objective:ratio
            expr: vector(0.9990000000000001)
            labels:
              owner: team-checkout
              sloth_id: checkout-availability
              sloth_service: checkout
              sloth_slo: availability
          - record: slo:error_budget:ratio
            expr: vector(1-0.999)
            labels:
              owner: team-checkout
              sloth_id: checkout-availability
              sloth_service: checkout
              sloth_slo: availability
          - record: slo:current_burn_rate:ratio
            expr: |
              slo:sli_error:ratio_rate5m{sloth_id="checkout-availability", sloth_service="checkout", sloth_slo="availability"}
              / on(sloth_id, sloth_slo, sloth_service) group_left
              slo:error_budget:ratio{sloth_id="checkout-availability", sloth_service="checkout", sloth_slo="availability"}
            labels:
              owner: team-checkout
              sloth_id: checkout-availability
              sloth_service: checkout
              sloth_slo: availability
        - name: sloth-slo-alerts-checkout-availability
          rules:
          - alert: CheckoutAvailabilityBudgetBurn
            expr: |
              (
                  max(slo:sli_error:ratio_rate5m{sloth_id="checkout-availability", sloth_service="checkout", sloth_slo="availability"} > (14.4 * 0.0009999999999999432)) without (sloth_window)
                  and
                  max(slo:sli_error:ratio_rate1h{sloth_id="checkout-availability", sloth_service="checkout", sloth_slo="availability"} > (14.4 * 0.0009999999999999432)) without (sloth_window)
              )
              or
              (
                  max(slo:sli_error:ratio_rate30m{sloth_id="checkout-availability", sloth_service="checkout", sloth_slo="availability"} > (6 * 0.0009999999999999432)) without (sloth_window)
                  and
                  max(slo:sli_error:ratio_rate6h{sloth_id="checkout-availability", sloth_service="checkout", sloth_slo="availability"} > (6 * 0.0009999999999999432)) without (sloth_window)
              )
            labels:
              severity: critical
              sloth_severity: page
            annotations:
              runbook: https://wiki.shop.example/runbooks/checkout-availability
              summary: '{{$labels.sloth_service}} {{$labels.sloth_slo}} SLO error budget burn rate is over expected.'
              title: (page) {{$labels.sloth_service}} {{$labels.sloth_slo}} SLO error budget burn rate is too fast.
          - alert: CheckoutAvailabilityBudgetBurn
            expr: |
              (
                  max(slo:sli_error:ratio_rate2h{sloth_id="checkout-availability", sloth_service="checkout", sloth_slo="availability"} > (3 * 0.0009999999999999432)) without (sloth_window)
                  and
                  max(slo:sli_error:ratio_rate1d{sloth_id="checkout-availability", sloth_service="checkout", sloth_slo="availability"} > (3 * 0.0009999999999999432)) without (sloth_window)
              )
              or
              (
                  max(slo:sli_error:ratio_rate6h{sloth_id="checkout-availability", sloth_service="checkout", sloth_slo="availability"} > (1 * 0.0009999999999999432)) without (sloth_window)
                  and
                  max(slo:sli_error:ratio_rate3d{sloth_id="checkout-availability", sloth_service="checkout", sloth_slo="availability"} > (1 * 0.0009999999999999432)) without (sloth_window)
              )
            labels:
              severity: warning
              sloth_severity: ticket
            annotations:
              runbook: https://wiki.shop.example/runbooks/checkout-availability
              summary: '{{$labels.sloth_service}} {{$labels.sloth_slo}} SLO error budget burn rate is over expected.'
              title: (ticket) {{$labels.sloth_service}} {{$labels.sloth_slo}} SLO error budget burn rate is too fast.

        """

    static let bundle = [
        "slo/slos.yaml": openSLO, "slo/payments.sloth.yaml": sloth, "alerts/checkout-slo.rules.yaml": generated,
    ]

    @Test func alertingInSlothAndGeneratedRulesCountsForTheOpenSLOs() async throws {
        let r = try await gradeSingle(grader: "slo.alerts", with: "", files: Self.bundle)
        #expect(r.status == .passed, "\(r.findings)")
        #expect(r.summary == "3 of 3 SLOs have complete burn-rate alerting", "\(r.findings)")
        #expect(!r.findings.contains { $0.severity == .error }, "\(r.findings)")
    }

    /// Without the Sloth spec the payments SLOs have no alerting, and the finding is placed
    /// at the OpenSLO declaration; checkout's generated rules still count.
    @Test func withoutTheSlothSpecThePaymentsSLOsHaveNoAlerting() async throws {
        var files = Self.bundle
        files["slo/payments.sloth.yaml"] = nil
        let r = try await gradeSingle(grader: "slo.alerts", with: "", files: files)
        #expect(r.summary == "1 of 3 SLOs have complete burn-rate alerting", "\(r.findings)")
        let errors = r.findings.filter { $0.severity == .error }.map(\.description)
        #expect(
            errors == [
                "slo/slos.yaml:12:1: error: SLO 'payments-availability' (service payments) has no burn-rate alerting: no Prometheus alert, Sloth alerting or OpenSLO burn-rate condition refers to it",
                "slo/slos.yaml:44:1: error: SLO 'payments-latency' (service payments) has no burn-rate alerting: no Prometheus alert, Sloth alerting or OpenSLO burn-rate condition refers to it",
            ], "\(errors)")
    }

    /// A Sloth spec links by service as well as name: the same SLO names under another
    /// service leave the payments SLOs unalerted (and are SLOs of their own).
    @Test func aSlothSpecForAnotherServiceDoesNotCount() async throws {
        var files = Self.bundle
        files["slo/payments.sloth.yaml"] = Self.sloth.replacingOccurrences(
            of: "service: \"payments\"", with: "service: \"billing\"")
        let r = try await gradeSingle(grader: "slo.alerts", with: "", files: files)
        #expect(r.summary == "3 of 5 SLOs have complete burn-rate alerting", "\(r.findings)")
    }

    /// Page alerting switched off in Sloth leaves only the ticket pairs: the fast and slow
    /// pairs are missing for that SLO.
    @Test func slothWithoutPageAlertsLacksTheFastAndSlowPairs() async throws {
        var files = Self.bundle
        files["slo/payments.sloth.yaml"] = Self.sloth.replacingOccurrences(
            of:
                "      page_alert:\n        labels:\n          severity: critical\n      ticket_alert:\n        labels:\n          severity: warning\n  - name: \"latency\"",
            with: "      page_alert:\n        disable: true\n  - name: \"latency\"")
        let r = try await gradeSingle(grader: "slo.alerts", with: "", files: files)
        #expect(r.summary == "2 of 3 SLOs have complete burn-rate alerting", "\(r.findings)")
        #expect(
            r.findings.contains {
                $0.severity == .error && $0.message.hasPrefix("SLO 'payments-availability' (service payments) has ")
                    && $0.message.contains("no fast-burn pair")
            }, "\(r.findings)")
    }
}
