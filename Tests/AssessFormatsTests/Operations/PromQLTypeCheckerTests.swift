import AssessFormats
import Testing

/// Types as prometheus/promql/parser's `checkAST` gives them, and its messages; the expected
/// positions are 1-based line:column inside the expression, as promtool prints them.
@Suite struct PromQLTypeCheckerTests {
    func type(_ text: String) throws -> PromQLValueType {
        try PromQLTypeChecker().check(try PromQLParser().parse(text))
    }

    func problem(_ text: String) -> String? {
        do {
            _ = try type(text)
            return nil
        } catch let error as PromQLSyntaxError {
            return error.description
        } catch {
            return "\(error)"
        }
    }

    @Test(arguments: [
        ("1 + 2", PromQLValueType.scalar),
        ("\"text\"", .string),
        ("up", .instantVector),
        ("up[5m]", .rangeVector),
        ("(up[5m])", .rangeVector),
        ("rate(up[5m])[30m:1m]", .rangeVector),
        ("scalar(up) * 2", .scalar),
        ("time() - process_start_time_seconds", .instantVector),
        ("1 > bool 2", .scalar),
        ("histogram_quantile(0.99, sum by (le) (rate(x_bucket[5m])))", .instantVector),
        ("round(up) + round(up, 10) + hour() + label_join(up, \"a\", \",\", \"b\", \"c\", \"d\")", .instantVector),
        ("count_values(\"code\", up)", .instantVector),
        ("pi()", .scalar),
        ("{__name__=~\"job:.*\"}", .instantVector),
    ])
    func typesExpressions(_ text: String, _ expected: PromQLValueType) throws {
        #expect(try type(text) == expected)
    }

    @Test(arguments: [
        ("sum(rat(x[5m]))", "1:5: unknown function with name \"rat\""),
        ("rate(x)", "1:6: expected type range vector in call to function \"rate\", got instant vector"),
        ("abs(x[5m])", "1:5: expected type instant vector in call to function \"abs\", got range vector"),
        ("histogram_quantile(x)", "1:1: expected 2 argument(s) in call to \"histogram_quantile\", got 1"),
        ("round(x, 1, 2)", "1:1: expected at most 2 argument(s) in call to \"round\", got 3"),
        ("label_join(x, \"a\")", "1:1: expected at least 3 argument(s) in call to \"label_join\", got 2"),
        ("quantile(\"0.9\", x)", "1:10: expected type scalar in aggregation parameter, got string"),
        ("count_values(1, x)", "1:14: expected type string in aggregation parameter, got scalar"),
        ("sum(x[5m])", "1:5: expected type instant vector in aggregation expression, got range vector"),
        ("1 > 2", "1:1: comparisons between scalars must use BOOL modifier"),
        ("x and 1", "1:1: set operator \"and\" not allowed in binary scalar expression"),
        ("x and on(job) group_left y", "1:1: no grouping allowed for \"and\" operation"),
        ("1 + on(job) x", "1:1: vector matching only allowed between instant vectors"),
        ("x[5m] / 2", "1:1: binary expression must contain only scalar and instant vector types"),
        (
            "-\"a\"",
            "1:1: unary expression only allowed on expressions of type scalar or instant vector, got \"string\""
        ),
        ("x[5m][30m:1m]", "1:1: subquery is only allowed on instant vector, got range vector"),
        ("{job=\"\"}", "1:1: vector selector must contain at least one non-empty matcher"),
        ("{job=~\".*\"}", "1:1: vector selector must contain at least one non-empty matcher"),
        ("x{code=~\"(5..\"}", "1:3: error parsing regexp: `(5..` is not a valid regular expression"),
    ])
    func findsWhatPrometheusRefuses(_ text: String, _ expected: String) {
        #expect(problem(text) == expected)
    }

    /// Parse errors that depend on the grammar rather than the types.
    @Test(arguments: [
        ("x{a:b=\"1\"}", "1:4: unexpected character inside braces: ':'"),
        ("sum(x) offset 5m", nil as String?),
    ])
    func grammarProblems(_ text: String, _ expected: String?) {
        if let expected {
            #expect(problem(text) == expected)
        } else {
            #expect(problem(text) != nil)
        }
    }

    @Test func positionsInsideAMultiLineExpression() {
        #expect(
            problem("sum(\n  rate(x[5m])\n) / abs(\n  y[1h]\n)")
                == "4:3: expected type instant vector in call to function \"abs\", got range vector")
    }
}
