#!/usr/bin/env python3
"""Writes the Prometheus rule-file mutation corpus under Tests/Conformance/promtool/ and records
promtool's verdict on every case in verdicts.json beside the cases.

Each case is a shipped rule file (Submissions/) or an example from the Prometheus documentation
with at most one change. The verdict is what `promtool check rules CASE` says, run from the
corpus folder: exit status 0 is "valid", anything else "invalid", and the message is promtool's
standard error, trimmed. `line` is the first line the mutation changed (where Assess must place
an error). Run it again after editing the cases: `python3 scripts/promtool-corpus.py`.
"""
import json, os, subprocess, sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "Tests", "Conformance", "promtool")
PHASE4 = open(os.path.join(ROOT, "Submissions/phase4-operations/pass/alerts/slo-burn-rate.yaml")).read()
FINTECH = open(os.path.join(ROOT, "Submissions/capstone-fintech/pass/alerts/payments.yaml")).read()

# prometheus/docs/configuration/recording_rules.md
DOCS_RECORDING = """groups:
  - name: example
    rules:
    - record: code:prometheus_http_requests_total:sum
      expr: sum by (code) (prometheus_http_requests_total)
"""
# prometheus/docs/configuration/alerting_rules.md (without the group `labels` newer releases take)
DOCS_ALERTING = """groups:
- name: example
  rules:
  - alert: HighRequestLatency
    expr: job:request_latency_seconds:mean5m{job="myjob"} > 0.5
    for: 10m
    labels:
      severity: page
    annotations:
      summary: High request latency
"""
# prometheus/docs/configuration/alerting_rules.md, "Templating"
DOCS_TEMPLATES = """groups:
- name: example
  rules:

  # Alert for any instance that is unreachable for >5 minutes.
  - alert: InstanceDown
    expr: up == 0
    for: 5m
    labels:
      severity: page
    annotations:
      summary: "Instance {{ $labels.instance }} down"
      description: "{{ $labels.instance }} of job {{ $labels.job }} has been down for more than 5 minutes."

  # Alert for any instance that has a median request latency >1s.
  - alert: APIHighRequestLatency
    expr: api_http_request_latencies_second{quantile="0.5"} > 1
    for: 10m
    annotations:
      summary: "High request latency on {{ $labels.instance }}"
      description: "{{ $labels.instance }} has a median request latency above 1s (current value: {{ $value }}s)"
"""
BASES = {"phase4": PHASE4, "fintech": FINTECH, "docs-recording": DOCS_RECORDING,
         "docs-alerting": DOCS_ALERTING, "docs-templates": DOCS_TEMPLATES}

CHECKOUT_5XX = 'sum(rate(istio_requests_total{destination_service_name="checkout",response_code=~"5.."}[5m]))'
DOCS_EXPR = 'expr: sum by (code) (prometheus_http_requests_total)'
LATENCY = 'expr: job:request_latency_seconds:mean5m{job="myjob"} > 0.5'
PAGE1H = 'slo:sli_error:ratio_rate1h{slo="checkout-availability"} > (14.4 * (1 - 0.999))'

# (name, base, old, new[, line]): `new` replaces the first `old` in the base (old=None keeps it
# whole); `line` is where Assess must place an error when it is not the first changed line
# (a removed line, a key repeated further down).
CASES = [
    ("phase4-as-shipped", "phase4", None, None),
    ("fintech-as-shipped", "fintech", None, None),
    ("docs-recording-as-published", "docs-recording", None, None),
    ("docs-alerting-as-published", "docs-alerting", None, None),
    ("docs-templates-as-published", "docs-templates", None, None),
    # The twelve.
    ("unknown-function", "phase4", CHECKOUT_5XX, CHECKOUT_5XX.replace("sum(rate(", "sum(rat(")),
    ("rate-without-range", "phase4", CHECKOUT_5XX, CHECKOUT_5XX.replace("[5m]", "")),
    ("for-in-words", "phase4", "for: 2m", "for: 2minutes"),
    ("unbalanced-template", "phase4", "summary: checkout is burning its availability",
     "summary: checkout {{ $labels.service is burning its availability"),
    ("unknown-rule-key", "phase4", "    for: 2m\n", "    for: 2m\n    severity: page\n"),
    ("invalid-record-name", "phase4", "record: slo:sli_error:ratio_rate5m", "record: slo-sli-error-ratio-rate5m"),
    ("invalid-label-name", "phase4", "labels: { severity: page, slo: checkout-availability",
     "labels: { severity: page, slo-name: checkout-availability"),
    ("scalar-comparison-without-bool", "phase4", PAGE1H, "1 > (14.4 * (1 - 0.999))"),
    ("range-on-aggregate", "phase4", CHECKOUT_5XX,
     'rate(sum(istio_requests_total{destination_service_name="checkout",response_code=~"5.."})[5m])'),
    ("duplicate-group", "phase4", "- name: slo-checkout-latency-recordings", "- name: slo-checkout-availability-recordings"),
    ("alert-and-record", "phase4", "  - alert: CheckoutAvailabilityErrorBudgetBurn\n",
     "  - alert: CheckoutAvailabilityErrorBudgetBurn\n    record: checkout:burn\n"),
    ("yaml-tab", "phase4", "    for: 2m\n", "\tfor: 2m\n"),
    # Keys and shapes.
    ("unknown-group-key", "docs-alerting", "  rules:", "  rule:"),
    ("group-interval", "docs-alerting", "  rules:", "  interval: 30s\n  rules:"),
    ("group-interval-in-words", "docs-alerting", "  rules:", "  interval: 30 seconds\n  rules:"),
    ("group-limit", "docs-alerting", "  rules:", "  limit: 10\n  rules:"),
    ("group-without-name", "docs-alerting", "- name: example", "- name: \"\""),
    ("rule-without-expr", "docs-alerting", "    " + LATENCY + "\n", "", 4),
    ("rule-without-name", "docs-alerting", "  - alert: HighRequestLatency\n    expr:", "  - expr:"),
    ("duplicate-key", "docs-alerting", "  - alert: HighRequestLatency\n", "  - expr: vector(1)\n", 5),
    ("alert-name-with-spaces", "docs-alerting", "alert: HighRequestLatency", "alert: High request latency"),
    ("invalid-annotation-name", "docs-alerting", "      summary: High", "      summary-text: High"),
    ("labels-as-list", "docs-alerting", "    labels:\n      severity: page", "    labels:\n      - severity: page"),
    ("rules-as-mapping", "docs-recording", "    rules:\n    - record", "    rules:\n      record"),
    ("annotation-key-typo", "docs-alerting", "    annotations:", "    annotation:"),
    ("keep-firing-for", "docs-alerting", "    for: 10m\n", "    for: 10m\n    keep_firing_for: 5m\n"),
    ("for-on-recording-rule", "docs-recording", DOCS_EXPR, DOCS_EXPR + "\n      for: 5m"),
    ("annotations-on-recording-rule", "docs-recording", DOCS_EXPR, DOCS_EXPR + "\n      annotations: { summary: x }"),
    ("reserved-label-name", "docs-alerting", "      severity: page", "      __severity: page"),
    ("label-value-template", "docs-alerting", "      severity: page", "      severity: \"{{ if gt $value 1.0 }}page{{ else }}ticket{{ end }}\""),
    # Durations.
    ("for-compound-duration", "phase4", "for: 2m", "for: 1h30m"),
    ("for-without-unit", "phase4", "for: 2m", "for: 2"),
    ("for-negative", "phase4", "for: 2m", "for: -2m"),
    ("for-fractional", "phase4", "for: 2m", "for: 1.5m"),
    ("for-milliseconds", "docs-alerting", "for: 10m", "for: 500ms"),
    ("for-units-repeated", "docs-alerting", "for: 10m", "for: 1h1h"),
    ("for-units-out-of-order", "docs-alerting", "for: 10m", "for: 30m1h"),
    ("for-days-and-weeks", "docs-alerting", "for: 10m", "for: 1w2d"),
    # Templates.
    ("template-pipeline", "docs-templates", "(current value: {{ $value }}s)", "(current value: {{ $value | humanizeDuration }})"),
    ("template-unknown-function", "docs-templates", "(current value: {{ $value }}s)", "(current value: {{ $value | humanise }})"),
    ("template-undefined-variable", "docs-templates", "{{ $labels.instance }} down", "{{ $label.instance }} down"),
    ("template-stray-end", "docs-templates", "{{ $labels.instance }} down", "{{ $labels.instance }} down{{ end }}"),
    ("template-unclosed-if", "docs-templates", "{{ $labels.instance }} down", "{{ if $labels.instance }}{{ $labels.instance }} down"),
    ("template-range", "docs-templates", "{{ $labels.instance }} down", "{{ range $k, $v := $labels }}{{ $k }}={{ $v }} {{ end }}down"),
    ("template-printf", "docs-templates", "(current value: {{ $value }}s)", "(current value: {{ printf \\\"%.2f\\\" $value }}s)"),
    ("template-query", "docs-templates", "(current value: {{ $value }}s)", "({{ with query \\\"up\\\" }}{{ . | first | value }}{{ end }})"),
    ("template-empty-action", "docs-templates", "(current value: {{ $value }}s)", "(current value: {{ }}s)"),
    ("template-comment", "docs-templates", "(current value: {{ $value }}s)", "(current value: {{/* seconds */}}{{ $value }}s)"),
    ("template-trim-markers", "docs-templates", "(current value: {{ $value }}s)", "(current value: {{- $value -}}s)"),
    ("template-else-if", "docs-templates", "(current value: {{ $value }}s)", "({{ if gt $value 5.0 }}very slow{{ else if gt $value 2.0 }}slow{{ else }}{{ $value }}s{{ end }})"),
    ("template-declared-variable", "docs-templates", "(current value: {{ $value }}s)", "({{ $v := $value }}current value: {{ $v }}s)"),
    ("template-variable-out-of-scope", "docs-templates", "(current value: {{ $value }}s)", "({{ with $value }}{{ $v := . }}{{ end }}current value: {{ $v }}s)"),
    ("template-unclosed-action", "docs-templates", "(current value: {{ $value }}s)", "(current value: {{ $value s)"),
    ("template-in-label", "docs-alerting", "      severity: page", "      severity: \"{{ $labels.severity | toLower }}\""),
    ("template-bad-label", "docs-alerting", "      severity: page", "      severity: \"{{ $labels.severity | lower }}\""),
    ("template-unclosed-string", "docs-templates", "(current value: {{ $value }}s)", "(current value: {{ printf \\\"%.2f $value }}s)"),
    # PromQL: types and functions.
    ("histogram-quantile", "docs-recording", DOCS_EXPR, "expr: histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket[5m])))"),
    ("histogram-quantile-one-argument", "docs-recording", DOCS_EXPR, "expr: histogram_quantile(sum by (le) (rate(http_request_duration_seconds_bucket[5m])))"),
    ("rate-two-arguments", "docs-recording", DOCS_EXPR, "expr: rate(prometheus_http_requests_total[5m], 1)"),
    ("string-for-vector", "docs-recording", DOCS_EXPR, "expr: abs(\"prometheus_http_requests_total\")"),
    ("quantile-string-parameter", "docs-recording", DOCS_EXPR, "expr: quantile(\"0.9\", prometheus_http_requests_total)"),
    ("count-values", "docs-recording", DOCS_EXPR, "expr: count_values(\"code\", prometheus_http_requests_total)"),
    ("label-replace", "docs-recording", DOCS_EXPR, "expr: label_replace(up, \"host\", \"$1\", \"instance\", \"(.*):.*\")"),
    ("label-replace-four-arguments", "docs-recording", DOCS_EXPR, "expr: label_replace(up, \"host\", \"$1\", \"instance\")"),
    ("absent-over-time-instant", "docs-recording", DOCS_EXPR, "expr: absent_over_time(up)"),
    ("predict-linear", "docs-alerting", LATENCY, "expr: predict_linear(node_filesystem_avail_bytes[6h], 4 * 3600) < 0"),
    ("scalar-comparison-with-bool", "docs-recording", DOCS_EXPR, "expr: 1 > bool 2"),
    ("bool-on-vector-comparison", "docs-alerting", LATENCY, "expr: job:request_latency_seconds:mean5m{job=\"myjob\"} > bool 0.5"),
    ("set-operator-with-scalar", "docs-alerting", LATENCY, "expr: job:request_latency_seconds:mean5m{job=\"myjob\"} and 0.5"),
    ("vector-matching", "docs-recording", DOCS_EXPR, "expr: sum by (job, code) (rate(http_requests_total[5m])) / on (job) group_left sum by (job) (rate(http_requests_total[5m]))"),
    ("label-in-on-and-group-left", "docs-recording", DOCS_EXPR, "expr: up * on (job, instance) group_left (instance) process_start_time_seconds"),
    ("metric-name-in-grouping", "docs-recording", DOCS_EXPR, "expr: sum by (job:name) (up)"),
    ("group-right-with-labels", "docs-recording", DOCS_EXPR, "expr: process_start_time_seconds * on (instance) group_right (job, version) up"),
    ("group-left-on-set-operator", "docs-recording", DOCS_EXPR, "expr: up and on (job) group_left process_start_time_seconds"),
    ("trailing-grouping", "docs-recording", DOCS_EXPR, "expr: sum(prometheus_http_requests_total) by (code)"),
    ("grouping-twice", "docs-recording", DOCS_EXPR, "expr: sum by (code) (prometheus_http_requests_total) by (code)"),
    ("grouping-on-function", "docs-recording", DOCS_EXPR, "expr: abs by (code) (prometheus_http_requests_total)"),
    ("subquery", "docs-recording", DOCS_EXPR, "expr: max_over_time(rate(prometheus_http_requests_total[5m])[30m:1m])"),
    ("range-on-function", "docs-recording", DOCS_EXPR, "expr: max_over_time(rate(prometheus_http_requests_total[5m])[30m])"),
    ("offset-on-aggregate", "docs-recording", DOCS_EXPR, "expr: sum(prometheus_http_requests_total) offset 5m"),
    ("offset-and-at", "docs-recording", DOCS_EXPR, "expr: rate(prometheus_http_requests_total[5m] offset 1h @ end())"),
    ("empty-selector", "docs-recording", DOCS_EXPR, "expr: sum by (code) ({code=\"\"})"),
    ("name-matcher", "docs-recording", DOCS_EXPR, "expr: sum by (code) ({__name__=\"prometheus_http_requests_total\"})"),
    ("unclosed-braces", "docs-recording", DOCS_EXPR, "expr: sum by (code) (prometheus_http_requests_total{code=\"200\")"),
    ("bad-regex", "docs-recording", DOCS_EXPR, "expr: sum by (code) (prometheus_http_requests_total{code=~\"(5..\"})"),
    ("assignment-for-equality", "docs-alerting", LATENCY, "expr: up = 0"),
    ("not-operator", "docs-alerting", LATENCY, "expr: !up"),
    ("hex-and-exponent", "docs-recording", DOCS_EXPR, "expr: prometheus_http_requests_total * 0x10 + 1e3"),
    ("atan2", "docs-recording", DOCS_EXPR, "expr: prometheus_http_requests_total atan2 up"),
    ("subquery-on-range", "docs-recording", DOCS_EXPR, "expr: max_over_time(prometheus_http_requests_total[5m][30m:1m])"),
    ("unary-on-string", "docs-recording", DOCS_EXPR, "expr: -\"code\""),
    ("vector-matching-with-scalar", "docs-recording", DOCS_EXPR, "expr: 1 + on (job) prometheus_http_requests_total"),
    ("colon-in-matcher-label", "docs-recording", DOCS_EXPR, "expr: prometheus_http_requests_total{code:class=\"2xx\"}"),
    ("aggregate-two-arguments", "docs-recording", DOCS_EXPR, "expr: sum(prometheus_http_requests_total, up)"),
    ("binary-on-range", "docs-recording", DOCS_EXPR, "expr: prometheus_http_requests_total[5m] / 2"),
    ("round-optional-argument", "docs-recording", DOCS_EXPR, "expr: round(prometheus_http_requests_total, 10) + round(up)"),
    ("label-join-variadic", "docs-recording", DOCS_EXPR, "expr: label_join(up, \"target\", \":\", \"job\", \"instance\")"),
    ("hour-without-argument", "docs-recording", DOCS_EXPR, "expr: hour() + day_of_week(timestamp(up))"),
    ("bool-on-arithmetic", "docs-recording", DOCS_EXPR, "expr: up + bool 1"),
    ("regex-matcher", "docs-recording", DOCS_EXPR, "expr: sum by (code) (prometheus_http_requests_total{code=~\"5..|429\", handler!~\"/-/.*\"})"),
    ("matches-empty-only", "docs-recording", DOCS_EXPR, "expr: sum by (code) ({code=~\".*\"})"),
    ("string-expression", "docs-recording", DOCS_EXPR, "expr: '\"code\"'"),
    ("vector-of-time", "docs-alerting", LATENCY, "expr: time() - process_start_time_seconds < 300"),
    ("sort-in-aggregate", "docs-recording", DOCS_EXPR, "expr: topk(3, sum by (code) (rate(prometheus_http_requests_total[5m])))"),
    ("topk-missing-parameter", "docs-recording", DOCS_EXPR, "expr: topk(sum by (code) (rate(prometheus_http_requests_total[5m])))"),
    ("fintech-unknown-function", "fintech", "sum(rate(", "sum(irat("),
    ("fintech-for-typo", "fintech", "for: 2m", "for: 2mn"),
]


def render(name, base, old, new):
    text = BASES[base]
    if old is None:
        return text, None
    assert old in text, (name, old)
    index = text.index(old)
    mutated = text[:index] + new + text[index + len(old):]
    # The first line that differs.
    for number, (a, b) in enumerate(zip(text.splitlines(), mutated.splitlines()), start=1):
        if a != b:
            return mutated, number
    return mutated, len(mutated.splitlines())


def main():
    os.makedirs(OUT, exist_ok=True)
    names = set()
    verdicts = []
    for name, base, old, new, *at in CASES:
        assert name not in names, name
        names.add(name)
        text, line = render(name, base, old, new)
        line = at[0] if at else line
        path = name + ".yaml"
        with open(os.path.join(OUT, path), "w") as f:
            f.write(text)
        run = subprocess.run(["promtool", "check", "rules", path], cwd=OUT, capture_output=True, text=True)
        verdict = "valid" if run.returncode == 0 else "invalid"
        verdicts.append({"case": path, "base": base, "line": line, "verdict": verdict,
                         "message": run.stderr.strip()})
    version = subprocess.run(["promtool", "--version"], capture_output=True, text=True)
    tool = (version.stdout or version.stderr).splitlines()[0]
    with open(os.path.join(OUT, "verdicts.json"), "w") as f:
        json.dump({"tool": tool, "command": "promtool check rules CASE", "cases": verdicts}, f, indent=1)
        f.write("\n")
    counts = {v: sum(1 for c in verdicts if c["verdict"] == v) for v in ("valid", "invalid")}
    print(f"{len(verdicts)} cases: {counts['valid']} valid, {counts['invalid']} invalid ({tool})")


if __name__ == "__main__":
    sys.exit(main())
