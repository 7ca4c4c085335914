import AssessFormats
import AssessTestSupport
import Foundation
import Testing

/// Expressions follow the PromQL grammar (prometheus/promql/parser: lex.go and generated_parser.y)
/// and the rules in the Prometheus docs' querying pages; the corpus supplies real rule files.
@Suite struct PromQLParserTests {
    let parser = PromQLParser()

    /// A compact rendering of a tree, to pin its shape (and so the precedence rules).
    func shape(_ e: PromQLExpression) -> String {
        switch e.kind {
        case .number(let v): return v.isFinite && v.rounded() == v ? String(Int(v)) : String(v)
        case .string(let s): return "\"\(s)\""
        case .selector(let s):
            let matchers = s.matchers.map { "\($0.label)\($0.op)\"\($0.value)\"" }.joined(separator: ",")
            return (s.name ?? "") + (matchers.isEmpty ? "" : "{\(matchers)}") + (s.range.map { "[\($0.text)]" } ?? "")
                + (s.offset.map { " offset \($0.text)" } ?? "")
        case .call(let name, let args): return "\(name)(\(args.map(shape).joined(separator: ", ")))"
        case .aggregation(let a):
            let grouping = a.grouping.map { " \($0.0)(\($0.1.joined(separator: ",")))" } ?? ""
            return
                "\(a.op)\(grouping)(\((a.parameter.map { [shape($0)] } ?? []).joined())\(a.parameter == nil ? "" : ", ")\(shape(a.expression)))"
        case .binary(let b):
            var op = b.op
            if b.returnsBool { op += " bool" }
            if let matching = b.matching { op += " \(matching)(\(b.matchingLabels.joined(separator: ",")))" }
            if let grouping = b.grouping { op += " \(grouping)" }
            return "(\(shape(b.lhs)) \(op) \(shape(b.rhs)))"
        case .unary(let op, let operand): return "\(op)\(shape(operand))"
        case .parenthesised(let inner): return shape(inner)
        case .subquery(let s): return "\(shape(s.expression))[\(s.range.text):\(s.step?.text ?? "")]"
        }
    }

    @Test(arguments: [
        ("up == 0", "(up == 0)"),
        ("1 + 2 * 3 ^ 2 ^ 2", "(1 + (2 * (3 ^ (2 ^ 2))))"),
        ("-2 ^ 2", "-(2 ^ 2)"),
        ("a or b and c unless d", "(a or ((b and c) unless d))"),
        ("a - b - c", "((a - b) - c)"),
        (
            #"http_requests_total{job="api", code=~"5..",}[5m] offset 1h"#,
            #"http_requests_total{job="api",code=~"5.."}[5m] offset 1h"#
        ),
        ("sum by (job) (rate(x[5m]))", "sum by(job)(rate(x[5m]))"),
        ("sum(rate(x[1h30m])) without (instance)", "sum without(instance)(rate(x[1h30m]))"),
        ("topk(3, x)", "topk(3, x)"),
        ("a / on(job) group_left(env) b", "(a / on(job) group_left b)"),
        ("x > bool 1", "(x > bool 1)"),
        ("rate(x[5m])[30m:1m]", "rate(x[5m])[30m:1m]"),
        ("count_over_time(up[5m:])", "count_over_time(up[5m:])"),
        (#"{__name__="up"}"#, #"{__name__="up"}"#),
        (
            "slo:sli_error:ratio_rate5m > (14.4 * 0.0009999999999999432)",
            "(slo:sli_error:ratio_rate5m > (14.4 * 0.0009999999999999432))"
        ),
        ("x @ 1609746000", "x"),
        (
            "histogram_quantile(0.99, sum by (le) (rate(d_bucket[5m])))",
            "histogram_quantile(0.99, sum by(le)(rate(d_bucket[5m])))"
        ),
        ("1e3 + 0x1F + Inf", "((1000 + 31) + inf)"),
        ("vector(1-0.9990000000000001)", "vector((1 - 0.9990000000000001))"),
    ])
    func parsesWithPrometheusPrecedence(_ text: String, _ expected: String) throws {
        #expect(shape(try parser.parse(text)) == expected)
    }

    @Test(arguments: [
        ("sum(rate(x[5m])", "1:16: expected ')' to close sum(, found end of expression"),
        ("rate(x[5])", "1:8: expected a duration such as 5m for a range, found '5'"),
        (#"x{job="a"[5m]"#, "1:10: expected '}' to close the braces opened at 1:2, found '['"),
        ("x{job=a}", "1:7: expected a quoted value for label 'job', found 'a'"),
        ("(x + 1)[5m]", "1:8: a range [5m] needs a vector selector before it (or ':' for a subquery)"),
        ("x >", "1:4: unexpected end of expression"),
        ("x\n  and and y", "2:7: unexpected keyword 'and'"),
        ("x $ y", "1:3: unexpected character '$'"),
        (#"x{job="a}"#, "1:7: unterminated string"),
        ("sum by job (x)", "1:8: expected '(' after 'by', found 'job'"),
    ])
    func syntaxErrorsSayWhereAndWhat(_ text: String, _ expected: String) throws {
        let error = try #require(throws: PromQLSyntaxError.self) { try parser.parse(text) }
        #expect(error.description == expected)
    }

    @Test func helpersFindMetricsWindowsAndConstants() throws {
        let e = try parser.parse(
            #"sum(rate(errors_total{job="cart"}[5m])) / sum(rate(requests_total[1h])) > 14.4 * (1 - 0.999)"#)
        #expect(e.metricNames == ["errors_total", "requests_total"])
        #expect(e.ranges.map(\.seconds) == [300, 3600])
        guard case .binary(let comparison) = e.kind else {
            Issue.record("not a comparison")
            return
        }
        #expect(comparison.isComparison)
        #expect(abs((comparison.rhs.constantValue ?? 0) - 0.0144) < 1e-9)
        #expect(try parser.parse("(a and b) or (c and d) or e").operands(of: "or").count == 3)
    }

    /// Every expression in the corpus's rule files and promtool tests parses.
    @Test(.enabled(if: sharedCorpus != nil, "../shared/corpus is absent: real rule files not checked"))
    func everyCorpusRuleParses() throws {
        let folder = try sharedCorpusPath("public/slo/")
        var count = 0
        for name in [
            "prometheus-rules_rulefmt-test.yaml", "prometheus-rules_sloth-generated_getting-started.yml",
            "promtool-unittest_rules.yml",
        ] {
            let file = ManifestReader().read(try String(contentsOfFile: folder + name, encoding: .utf8), file: name)
            #expect(file.problems.isEmpty, "\(name): \(file.problems)")
            let rules = try #require(file.documents.compactMap { PrometheusRuleFile($0, in: file) }.first)
            for rule in rules.rules {
                #expect(rule.expression != nil, "\(name) \(rule.name): \(rule.syntaxError?.value ?? "")")
                count += 1
            }
        }
        #expect(count == 6 + 17 + 5)
        let tests = ManifestReader().read(
            try String(contentsOfFile: folder + "promtool-unittest.yml", encoding: .utf8), file: "t.yml")
        for test in tests.documents.first?["tests"]?.sequence ?? [] {
            for case let expr? in (test["promql_expr_test"]?.sequence ?? []).map({ $0["expr"]?.string }) {
                #expect((try? parser.parse(expr)) != nil, "\(expr)")
            }
        }
    }
}
