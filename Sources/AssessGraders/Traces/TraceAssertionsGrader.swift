public import AssessCore
import AssessFormats
import Foundation

/// Checks in the spirit of Tracetest: a selector picks spans
/// (`span[service.name="payments" kind="server"]`), assertions judge them
/// (`attr:http.response.status_code = 200`, `duration < 100ms`, `count >= 1`).
public struct TraceAssertionsGrader: Grader {
    public struct Options: Sendable, Hashable {
        var specs: [Spec]
    }

    struct Spec: Sendable, Hashable {
        var name: String
        var selector: SpanSelector
        var assertions: [SpanAssertion]
        var location: SourceLocation
    }

    public static let description = GraderDescription(
        kind: "trace.assertions",
        summary:
            "Tracetest-style specs: each `selector` picks spans — `span[service.name=\"payments\" kind=\"server\"]`, filters joined by spaces (all must hold), `=`, `!=`, `contains`; several selectors with `,`; a child with `span[…] span[…]`; `:first`, `:last`, `:nth_child(n)` — and each of its `assertions` must hold: `attr:NAME OP VALUE` on every selected span, `duration OP 100ms`, `count OP N` on how many were selected (OP: = != < <= > >= contains not-contains). Attribute names are matched in both the current and the older OpenTelemetry HTTP conventions (`http.response.status_code` / `http.status_code`, `http.request.method` / `http.method`, `url.full` / `http.url`, …). Score: per spec, the mean share of spans each assertion holds on; overall the mean of the specs."
            + traceInputNote,
        options: [
            OptionDescription(
                "specs", .structure("list of {name, selector, assertions}"),
                "Each spec: a `selector` string, a list of `assertions`, and an optional `name` for the report.")
        ],
        examples: [
            GraderExample(
                "orders answers 201 within 100 ms",
                with: """
                    specs:
                      - name: orders creates the order
                        selector: span[service.name="orders" kind="server"]
                        assertions: ['attr:http.status_code = 201', 'duration < 100ms', 'count >= 1']
                    """, paths: ["traces/*.jsonl"], files: ["traces/export.jsonl": TraceExamples.whole], .passes),
            GraderExample(
                "payments is never called",
                with: """
                    specs:
                      - selector: span[service.name="payments"]
                        assertions: ['count >= 1']
                    """, paths: ["traces/*.jsonl"], files: ["traces/export.jsonl": TraceExamples.whole], .fails),
        ])

    public let options: Options

    public init(options: Options) {
        self.options = options
    }

    public static func options(from reader: MappingReader) -> Options? {
        guard let list = reader.require("specs") else { return nil }
        guard let items = list.sequence, !items.isEmpty else {
            reader.log.error(at: list.location, "'specs' is a list of {selector, assertions}, found \(list.found)")
            return nil
        }
        var specs: [Spec] = []
        for (number, item) in items.enumerated() {
            guard
                let spec = MappingReader(
                    item, keys: ["name", "selector", "assertions"], context: "a spec", log: reader.log)
            else { continue }
            let selectorText = spec.string("selector", required: true)
            var selector: SpanSelector?
            if let selectorText, let node = spec.node("selector") {
                do throws(TraceExpressionError) {
                    selector = try SpanSelector(selectorText)
                } catch {
                    reader.log.error(at: shifted(node, by: error.offset), error.message)
                }
            }
            var assertions: [SpanAssertion] = []
            if let node = spec.require("assertions") {
                for entry in node.sequence ?? [node] {
                    guard let text = entry.string else {
                        reader.log.error(
                            at: entry.location, "expected an assertion such as 'count >= 1', found \(entry.found)")
                        continue
                    }
                    do throws(TraceExpressionError) {
                        assertions.append(try SpanAssertion(text))
                    } catch {
                        reader.log.error(at: shifted(entry, by: error.offset), error.message)
                    }
                }
            }
            if let selector {
                specs.append(
                    Spec(
                        name: spec.string("name") ?? selectorText ?? "spec \(number + 1)", selector: selector,
                        assertions: assertions, location: item.location))
            }
        }
        return Options(specs: specs)
    }

    /// The column of a problem inside a quoted or plain scalar.
    private static func shifted(_ node: YAMLNode, by offset: Int) -> SourceLocation {
        var location = node.location
        if case .scalar(_, let style) = node.content,
            style == .plain || style == .singleQuoted || style == .doubleQuoted
        {
            location.column += offset + (style == .plain ? 0 : 1)
        }
        return location
    }

    public func grade(_ job: GradingJob) async throws -> Outcome { judge(try await job.traceEvidence()) }

    /// The verdict on traces already read and assembled (a test builds the forest in Swift).
    func judge(_ evidence: TraceEvidence) -> Outcome {
        if let empty = evidence.emptyOutcome { return empty }
        let forest = evidence.forest
        let spans = forest.spans
        var scores: [Double] = []
        var findings: [Finding] = []
        var measurements: [MeasuredValue] = []
        var failingTrace: Trace?
        for spec in options.specs {
            let selected = spec.selector.select(in: forest)
            measurements.append(MeasuredValue("'\(spec.name)' spans selected", Double(selected.count)))
            var parts: [Double] = []
            for assertion in spec.assertions {
                if assertion.subject == .count {
                    let holds = assertion.holds(count: selected.count)
                    parts.append(holds ? 1 : 0)
                    if !holds {
                        findings.append(
                            .error(
                                "'\(spec.name)': \(assertion) fails: the selector picks \(plural(selected.count, "span"))",
                                at: spec.location))
                    }
                    continue
                }
                guard !selected.isEmpty else {
                    parts.append(0)
                    findings.append(
                        .error(
                            "'\(spec.name)': \(assertion) cannot hold: the selector picks no span", at: spec.location))
                    continue
                }
                var failures: [(Int, String)] = []
                for index in selected {
                    if let problem = assertion.problem(with: spans[index]) { failures.append((index, problem)) }
                }
                parts.append(Double(selected.count - failures.count) / Double(selected.count))
                if let (first, problem) = failures.first {
                    if failingTrace == nil { failingTrace = forest.traces[Int(forest.traceIndex[first])] }
                    findings.append(
                        .error(
                            "'\(spec.name)': \(assertion) fails on \(failures.count) of \(plural(selected.count, "span")); \(spans[first].label) \(problem)",
                            at: spans[first].location))
                    for (other, problem) in failures.dropFirst().prefix(4) {
                        findings.append(.info("also \(spans[other].label) \(problem)", at: spans[other].location))
                    }
                }
            }
            let score = parts.isEmpty ? (selected.isEmpty ? 0 : 1) : parts.reduce(0, +) / Double(parts.count)
            if parts.isEmpty && selected.isEmpty {
                findings.append(.error("'\(spec.name)': the selector picks no span", at: spec.location))
            }
            scores.append(score)
        }
        let score = scores.isEmpty ? 1 : scores.reduce(0, +) / Double(scores.count)
        let passed = scores.filter { $0 >= 1 }.count
        var outcome = Outcome.scored(
            score, "\(passed) of \(plural(scores.count, "spec")) hold over \(plural(spans.count, "span"))",
            findings: findings + evidence.findings, measurements: measurements)
        if let failingTrace {
            outcome.charts.append(forest.waterfall(failingTrace, title: "A trace that fails an assertion"))
        }
        return outcome
    }
}

/// Where a selector or an assertion stops making sense.
/// `attr:http.response.status_code = 200`, `duration < 100ms`, `count >= 1`.
struct SpanAssertion: Sendable, Hashable, CustomStringConvertible {
    enum Subject: Sendable, Hashable {
        case attribute(String)
        case duration
        case count
    }

    var subject: Subject
    var comparator: SpanComparator
    var value: Literal
    var text: String

    var description: String { "'\(text)'" }

    init(_ text: String) throws(TraceExpressionError) {
        self.text = text
        var lexer = SpanExpressionLexer(text)
        lexer.skipSpaces()
        let at = lexer.position
        let lhs = lexer.name()
        switch lhs {
        case "count", "attr:tracetest.selected_spans.count": subject = .count
        case "duration", "attr:tracetest.span.duration": subject = .duration
        case _ where lhs.hasPrefix("attr:") && lhs.count > 5: subject = .attribute(String(lhs.dropFirst(5)))
        default:
            throw TraceExpressionError(
                offset: at,
                message:
                    "an assertion starts with 'attr:NAME', 'duration' or 'count' (found '\(lhs)'), as in 'attr:http.response.status_code = 200'"
            )
        }
        comparator = try lexer.comparator()
        value = try lexer.literal(stopAt: "")
        lexer.skipSpaces()
        if subject == .count, value.number == nil || value.isDuration {
            throw TraceExpressionError(
                offset: lexer.position, message: "'count' compares with a number, as in 'count >= 1'")
        }
        if subject == .duration {
            guard let number = value.number else {
                throw TraceExpressionError(
                    offset: lexer.position, message: "'duration' compares with a duration such as 100ms")
            }
            // A bare number is milliseconds, as in k6 thresholds.
            if !value.isDuration {
                value.number = number * 1e6
                value.isDuration = true
            }
        }
    }

    func holds(count: Int) -> Bool { comparator.holds(.int(Int64(count)), value) }

    /// Why the span fails the assertion, or nil when it holds.
    func problem(with span: Span) -> String? {
        switch subject {
        case .count: return nil
        case .duration:
            return comparator.holds(.int(span.durationNanos), value) ? nil : "lasts \(msText(span.durationNanos))"
        case .attribute(let name):
            guard let actual = SpanProperty.value(name, of: span) else {
                return comparator == .notEqual || comparator == .notContains ? nil : "has no '\(name)'"
            }
            return comparator.holds(actual, value) ? nil : "has \(name) = \(actual)"
        }
    }
}
