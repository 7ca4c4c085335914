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

    public static func options(from node: YAMLNode?) throws(RubricError) -> Options {
        try OptionsReader.read(node, for: description) { reader -> Options? in
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

    public func grade(_ job: GradingJob) async throws -> Outcome {
        let evidence = try await job.traceEvidence()
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
struct TraceExpressionError: Error {
    var offset: Int
    var message: String
}

/// A span's property by name: `service.name`, `name`, `kind`, `status`, the `tracetest.span.*`
/// built-ins, else the attribute (span, then resource), in current or older HTTP conventions.
enum SpanProperty {
    /// Current ↔ older OpenTelemetry names (HTTP semantic conventions 1.21 renamed them).
    static let aliases: [String: [String]] = {
        let pairs = [
            ("http.response.status_code", "http.status_code"), ("http.request.method", "http.method"),
            ("url.full", "http.url"), ("url.path", "http.target"), ("url.scheme", "http.scheme"),
            ("server.address", "net.peer.name"), ("server.address", "net.host.name"), ("server.port", "net.peer.port"),
            ("server.port", "net.host.port"), ("client.address", "http.client_ip"),
            ("network.peer.address", "net.sock.peer.addr"), ("network.protocol.version", "http.flavor"),
            ("user_agent.original", "http.user_agent"), ("http.request.body.size", "http.request_content_length"),
            ("http.response.body.size", "http.response_content_length"),
            ("messaging.destination.name", "messaging.destination"),
        ]
        var map: [String: [String]] = [:]
        for (current, older) in pairs {
            map[current, default: []].append(older)
            map[older, default: []].append(current)
        }
        return map
    }()

    static func value(_ name: String, of span: Span) -> AttributeValue? {
        switch name {
        case "service.name", "tracetest.span.service": return .string(span.service)
        case "name", "tracetest.span.name": return .string(span.name)
        case "kind", "span.kind", "tracetest.span.kind": return .string(span.kind.name)
        case "status", "otel.status_code", "tracetest.span.status": return .string(span.status.description)
        case "tracetest.span.type": return .string(type(of: span))
        case "trace_id", "traceId": return .string(span.traceID.description)
        case "span_id", "spanId": return .string(span.spanID.description)
        default: break
        }
        if let value = span.attribute(name) { return value }
        for alias in aliases[name] ?? [] {
            if let value = span.attribute(alias) { return value }
        }
        return nil
    }

    /// Tracetest's span type: from the attributes' namespace.
    static func type(of span: Span) -> String {
        let keys = span.attributes.map(\.key)
        for (prefix, type) in [
            ("http.", "http"), ("db.", "database"), ("rpc.", "rpc"), ("messaging.", "messaging"), ("faas.", "faas"),
        ]
        where keys.contains(where: { $0.hasPrefix(prefix) }) {
            return type
        }
        return span.events.contains(where: \.isException) ? "exception" : "general"
    }
}

/// A comparison between a span's value and a literal.
enum Comparator: String, Sendable, Hashable, CaseIterable {
    case equal = "=", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
    case contains, notContains = "not-contains"

    func holds(_ lhs: AttributeValue, _ rhs: Literal) -> Bool {
        if let number = rhs.number, let value = lhs.number {
            switch self {
            case .equal: return value == number
            case .notEqual: return value != number
            case .less: return value < number
            case .lessOrEqual: return value <= number
            case .greater: return value > number
            case .greaterOrEqual: return value >= number
            case .contains: return lhs.description.contains(rhs.text)
            case .notContains: return !lhs.description.contains(rhs.text)
            }
        }
        let text = lhs.description
        switch self {
        case .equal: return text == rhs.text
        case .notEqual: return text != rhs.text
        case .contains: return text.contains(rhs.text)
        case .notContains: return !text.contains(rhs.text)
        case .less: return text < rhs.text
        case .lessOrEqual: return text <= rhs.text
        case .greater: return text > rhs.text
        case .greaterOrEqual: return text >= rhs.text
        }
    }
}

/// A literal on the right of a filter or an assertion: text, a number, or a duration (kept in nanoseconds).
struct Literal: Sendable, Hashable, CustomStringConvertible {
    var text: String
    var number: Double?
    var isDuration = false

    var description: String { number != nil && !isDuration ? text : (isDuration ? text : "\"\(text)\"") }

    init(_ text: String, quoted: Bool) {
        self.text = text
        guard !quoted else { return }
        if let number = Double(text) {
            self.number = number
            return
        }
        let units: [(String, Double)] = [
            ("ns", 1), ("us", 1e3), ("µs", 1e3), ("ms", 1e6), ("s", 1e9), ("m", 6e10), ("h", 3.6e12),
        ]
        for (unit, scale) in units where text.hasSuffix(unit) {
            if let value = Double(text.dropLast(unit.count)) {
                number = value * scale
                isDuration = true
                return
            }
        }
    }
}

/// A small tokenizer over selector and assertion text, with offsets for errors.
struct ExpressionLexer {
    let characters: [Character]
    var position = 0

    init(_ text: String) { characters = Array(text) }

    var atEnd: Bool { position >= characters.count }

    mutating func skipSpaces() { while !atEnd, characters[position] == " " { position += 1 } }

    mutating func take(_ word: String) -> Bool {
        let word = Array(word)
        guard position + word.count <= characters.count, Array(characters[position..<position + word.count]) == word
        else { return false }
        position += word.count
        return true
    }

    /// A name: letters, digits and `._-:/` (attribute keys such as `http.response.status_code`).
    mutating func name() -> String {
        let start = position
        while !atEnd,
            characters[position].isLetter || characters[position].isNumber || "._-:/".contains(characters[position])
        {
            position += 1
        }
        return String(characters[start..<position])
    }

    mutating func comparator() throws(TraceExpressionError) -> Comparator {
        skipSpaces()
        for word in ["not-contains", "contains", "<=", ">=", "!=", "==", "=", "<", ">"] where take(word) {
            return word == "==" ? .equal : Comparator(rawValue: word)!
        }
        throw TraceExpressionError(
            offset: position,
            message: "expected a comparison (= != < <= > >= contains not-contains) at column \(position + 1)")
    }

    /// `"quoted"`, `'quoted'` or a bare word up to a space or `]`.
    mutating func literal(stopAt stops: String = " ]") throws(TraceExpressionError) -> Literal {
        skipSpaces()
        guard !atEnd else {
            throw TraceExpressionError(offset: position, message: "expected a value after the comparison")
        }
        let quote = characters[position]
        if quote == "\"" || quote == "'" {
            let start = position
            position += 1
            var text = ""
            while !atEnd, characters[position] != quote {
                if characters[position] == "\\", position + 1 < characters.count { position += 1 }
                text.append(characters[position])
                position += 1
            }
            guard !atEnd else {
                throw TraceExpressionError(offset: start, message: "the quote opened here is never closed")
            }
            position += 1
            return Literal(text, quoted: true)
        }
        let start = position
        while !atEnd, !stops.contains(characters[position]) { position += 1 }
        return Literal(String(characters[start..<position]), quoted: false)
    }
}

/// `span[service.name="payments" kind="server"]:first span[name contains "SELECT"], span[…]`.
struct SpanSelector: Sendable, Hashable {
    struct Filter: Sendable, Hashable {
        var name: String
        var comparator: Comparator
        var value: Literal
    }

    enum Pseudo: Sendable, Hashable {
        case first, last, nthChild(Int)
    }

    /// One `span[...]` step; a chain is a path from ancestor to descendant.
    struct Step: Sendable, Hashable {
        var filters: [Filter]
        var pseudo: Pseudo?

        func matches(_ span: Span) -> Bool {
            filters.allSatisfy { filter in
                guard let value = SpanProperty.value(filter.name, of: span) else {
                    return filter.comparator == .notEqual || filter.comparator == .notContains
                }
                return filter.comparator.holds(value, filter.value)
            }
        }
    }

    var chains: [[Step]]

    init(_ text: String) throws(TraceExpressionError) {
        var lexer = ExpressionLexer(text)
        var chains: [[Step]] = []
        var chain: [Step] = []
        while true {
            lexer.skipSpaces()
            if lexer.atEnd { break }
            if lexer.take(",") {
                guard !chain.isEmpty else {
                    throw TraceExpressionError(offset: lexer.position - 1, message: "a ',' with no selector before it")
                }
                chains.append(chain)
                chain = []
                continue
            }
            guard lexer.take("span") else {
                throw TraceExpressionError(
                    offset: lexer.position,
                    message: "expected 'span[…]' at column \(lexer.position + 1) of the selector")
            }
            var step = Step(filters: [], pseudo: nil)
            if lexer.take("[") {
                while true {
                    lexer.skipSpaces()
                    if lexer.take("]") { break }
                    guard !lexer.atEnd else {
                        throw TraceExpressionError(offset: lexer.position, message: "the '[' is never closed with ']'")
                    }
                    let at = lexer.position
                    let name = lexer.name()
                    guard !name.isEmpty else {
                        throw TraceExpressionError(
                            offset: at, message: "expected an attribute name at column \(at + 1)")
                    }
                    let comparator = try lexer.comparator()
                    step.filters.append(Filter(name: name, comparator: comparator, value: try lexer.literal()))
                }
            }
            if lexer.take(":first") {
                step.pseudo = .first
            } else if lexer.take(":last") {
                step.pseudo = .last
            } else if lexer.take(":nth_child(") {
                let at = lexer.position
                let digits = lexer.name()
                guard let n = Int(digits), n >= 1, lexer.take(")") else {
                    throw TraceExpressionError(
                        offset: at, message: "':nth_child' takes a number from 1, as in ':nth_child(2)'")
                }
                step.pseudo = .nthChild(n)
            }
            chain.append(step)
        }
        guard !chain.isEmpty else {
            throw TraceExpressionError(offset: lexer.position, message: "the selector is empty; write span[…]")
        }
        chains.append(chain)
        self.chains = chains
    }

    /// The selected spans' indices, in file order, each once.
    func select(in forest: TraceForest) -> [Int] {
        var selected = Set<Int>()
        for chain in chains {
            var current = Self.apply(chain[0], to: Array(0..<forest.spans.count), in: forest)
            for step in chain.dropFirst() {
                var descendants: [Int] = []
                var seen = Set<Int>()
                var stack = current
                while let index = stack.popLast() {
                    for child in forest.children(of: index) where seen.insert(Int(child)).inserted {
                        descendants.append(Int(child))
                        stack.append(Int(child))
                    }
                }
                current = Self.apply(step, to: descendants.sorted(), in: forest)
            }
            selected.formUnion(current)
        }
        return selected.sorted()
    }

    private static func apply(_ step: Step, to candidates: [Int], in forest: TraceForest) -> [Int] {
        let matching = candidates.filter { step.matches(forest.spans[$0]) }
        switch step.pseudo {
        case nil: return matching
        case .first:
            return matching.min { forest.spans[$0].startNanos < forest.spans[$1].startNanos }.map { [$0] } ?? []
        case .last: return matching.max { forest.spans[$0].startNanos < forest.spans[$1].startNanos }.map { [$0] } ?? []
        case .nthChild(let n):
            let sorted = matching.sorted { forest.spans[$0].startNanos < forest.spans[$1].startNanos }
            return n <= sorted.count ? [sorted[n - 1]] : []
        }
    }
}

/// `attr:http.response.status_code = 200`, `duration < 100ms`, `count >= 1`.
struct SpanAssertion: Sendable, Hashable, CustomStringConvertible {
    enum Subject: Sendable, Hashable {
        case attribute(String)
        case duration
        case count
    }

    var subject: Subject
    var comparator: Comparator
    var value: Literal
    var text: String

    var description: String { "'\(text)'" }

    init(_ text: String) throws(TraceExpressionError) {
        self.text = text
        var lexer = ExpressionLexer(text)
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
