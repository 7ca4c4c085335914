import AssessFormats
import Testing

/// Alert templates as the Prometheus docs write them ("Templating" in alerting_rules.md and
/// template_examples.md), and the mistakes Go's text/template refuses, with its messages.
@Suite struct GoTemplateCheckerTests {
    func check(_ text: String) -> String? { GoTemplateChecker().check(text)?.description }

    @Test(arguments: [
        "Instance {{ $labels.instance }} down",
        "{{ $labels.instance }} of job {{ $labels.job }} has been down for more than 5 minutes.",
        "current value: {{ $value | humanizePercentage }}",
        "{{ printf \"%.2f\" $value }}s on {{ .Labels.instance }}",
        "{{ with query \"up\" }}{{ . | first | value | humanize }}{{ end }}",
        "{{ range $k, $v := $labels }}{{ $k }}={{ $v }} {{ end }}",
        "{{ if gt $value 5.0 }}slow{{ else if gt $value 2.0 }}slowish{{ else }}fine{{ end }}",
        "{{- $labels.job -}} / {{/* a comment */}}{{ $externalURL }}",
        "{{ $v := $value }}{{ $v }}",
        "no template at all",
        "{{ `raw` }} {{ 'c' }} {{ -1.5e3 }} {{ true }} {{ (len $labels) }}",
    ])
    func acceptsWhatPrometheusAccepts(_ text: String) {
        #expect(check(text) == nil)
    }

    @Test(arguments: [
        ("{{ $labels.service is burning", "1:20: function \"is\" not defined"),
        ("{{ $value | humanise }}", "1:13: function \"humanise\" not defined"),
        ("{{ $label.instance }}", "1:4: undefined variable \"$label\""),
        ("down{{ end }}", "1:8: unexpected {{end}}"),
        ("{{ if $value }}high", "1:20: unexpected EOF"),
        ("{{ }}", "1:1: missing value for command"),
        ("{{ with $value }}{{ $v := . }}{{ end }}{{ $v }}", "1:43: undefined variable \"$v\""),
        ("{{ printf \"%.2f $value }}", "1:26: unterminated quoted string"),
        ("{{ $value ", "1:11: unclosed action"),
        ("{{ else }}", "1:4: unexpected {{else}}"),
        ("{{ $value | }}", "1:11: missing value for command"),
        ("{{ humanize ($value }}", "1:14: unclosed left paren"),
        ("line one\n  {{ $nope }}", "2:6: undefined variable \"$nope\""),
    ])
    func refusesWhatGoRefuses(_ text: String, _ expected: String) {
        #expect(check(text) == expected)
    }
}
