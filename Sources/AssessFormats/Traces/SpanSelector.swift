import Foundation

/// The span-selector language of Tracetest, as `trace.assertions` takes it: a selector picks
/// spans (`span[service.name="payments" kind="server"]:first span[name contains "SELECT"]`),
/// and an assertion's right-hand side is a `Literal` compared by a `SpanComparator`. A query over
/// the trace model, like `NodeQuery` over a YAML tree: what the selected spans must satisfy is
/// the grader's business.

/// Where a selector or assertion stops making sense: an offset into its text and why.
public struct TraceExpressionError: Error, Sendable {
    public var offset: Int
    public var message: String

    public init(offset: Int, message: String) {
        self.offset = offset
        self.message = message
    }
}

/// A span's property by name: `service.name`, `name`, `kind`, `status`, the `tracetest.span.*`
/// built-ins, else the attribute (span, then resource), in current or older HTTP conventions.
public enum SpanProperty {
    /// Current ↔ older OpenTelemetry names (HTTP semantic conventions 1.21 renamed them).
    public static let aliases: [String: [String]] = {
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

    public static func value(_ name: String, of span: Span) -> AttributeValue? {
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
    public static func type(of span: Span) -> String {
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
public enum SpanComparator: String, Sendable, Hashable, CaseIterable {
    case equal = "=", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
    case contains, notContains = "not-contains"

    public func holds(_ lhs: AttributeValue, _ rhs: Literal) -> Bool {
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
public struct Literal: Sendable, Hashable, CustomStringConvertible {
    public var text: String
    public var number: Double?
    public var isDuration = false

    public var description: String { number != nil && !isDuration ? text : (isDuration ? text : "\"\(text)\"") }

    public init(_ text: String, quoted: Bool) {
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
public struct SpanExpressionLexer {
    public let characters: [Character]
    public var position = 0

    public init(_ text: String) { characters = Array(text) }

    public var atEnd: Bool { position >= characters.count }

    public mutating func skipSpaces() { while !atEnd, characters[position] == " " { position += 1 } }

    public mutating func take(_ word: String) -> Bool {
        let word = Array(word)
        guard position + word.count <= characters.count, Array(characters[position..<position + word.count]) == word
        else { return false }
        position += word.count
        return true
    }

    /// A name: letters, digits and `._-:/` (attribute keys such as `http.response.status_code`).
    public mutating func name() -> String {
        let start = position
        while !atEnd,
            characters[position].isLetter || characters[position].isNumber || "._-:/".contains(characters[position])
        {
            position += 1
        }
        return String(characters[start..<position])
    }

    public mutating func comparator() throws(TraceExpressionError) -> SpanComparator {
        skipSpaces()
        for word in ["not-contains", "contains", "<=", ">=", "!=", "==", "=", "<", ">"] where take(word) {
            return word == "==" ? .equal : SpanComparator(rawValue: word)!
        }
        throw TraceExpressionError(
            offset: position,
            message: "expected a comparison (= != < <= > >= contains not-contains) at column \(position + 1)")
    }

    /// `"quoted"`, `'quoted'` or a bare word up to a space or `]`.
    public mutating func literal(stopAt stops: String = " ]") throws(TraceExpressionError) -> Literal {
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
public struct SpanSelector: Sendable, Hashable {
    public struct Filter: Sendable, Hashable {
        public var name: String
        public var comparator: SpanComparator
        public var value: Literal
    }

    public enum Pseudo: Sendable, Hashable {
        case first, last, nthChild(Int)
    }

    /// One `span[...]` step; a chain is a path from ancestor to descendant.
    public struct Step: Sendable, Hashable {
        public var filters: [Filter]
        public var pseudo: Pseudo?

        public func matches(_ span: Span) -> Bool {
            filters.allSatisfy { filter in
                guard let value = SpanProperty.value(filter.name, of: span) else {
                    return filter.comparator == .notEqual || filter.comparator == .notContains
                }
                return filter.comparator.holds(value, filter.value)
            }
        }
    }

    public var chains: [[Step]]

    public init(_ text: String) throws(TraceExpressionError) {
        var lexer = SpanExpressionLexer(text)
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
    public func select(in forest: TraceForest) -> [Int] {
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
