public import AssessYAML
import Foundation

/// A number a design document commits to, read from its prose: "p95 under 120 ms", "99.95 %
/// availability", "10,000 events/s", "replicas converge within 100 ms", "10x read throughput".
/// Values are in the units thresholds use: milliseconds for times, a fraction for rates and
/// availability, per second for throughput, a factor for speed-ups. A claim says nothing of
/// whether it holds; `claims.evidence` judges that against the submission's measurements.
public struct NumericClaim: Sendable, Hashable, CustomStringConvertible {
    /// What the number is about, from the words around it.
    public enum Quantity: String, Sendable, Hashable, CaseIterable {
        /// Request latency (load tests; traces when no load test is handed in).
        case latency
        /// Time until a write is visible on every replica.
        case convergence
        /// Change-data-capture lag: commit to the event's capture.
        case captureLag = "capture-lag"
        /// Share of requests that succeed.
        case availability
        /// Share of requests that fail.
        case errorRate = "error-rate"
        /// Requests (calls, transactions, operations) per second.
        case throughput
        /// Events, messages or records per second: a stream's rate, not an HTTP load test's.
        case eventThroughput = "event-throughput"
        /// A before/after factor of throughput ("10x read throughput").
        case speedup
        /// A before/after factor of latency ("5x faster").
        case latencySpeedup = "latency-speedup"
    }

    public var quantity: Quantity
    /// The statistic the number bounds, when the text names one (`p95`, `median`, `average`);
    /// nil for a bound given without one ("within 100 ms").
    public var statistic: Threshold.Statistic?
    public var comparison: Threshold.Comparison
    /// In threshold units: ms, a 0…1 fraction, per second, or a factor.
    public var value: Double
    /// Half the unit of the last digit written, in `value`'s units ("14.5 %" → 0.0005, "0.12 s"
    /// → 5 ms): a figure stated to that precision is borne out by a measurement that rounds to it.
    public var resolution: Double = 0
    /// The words of the claim as written ("p95 under 120 ms").
    public var text: String
    public var location: SourceLocation

    public init(
        quantity: Quantity, statistic: Threshold.Statistic?, comparison: Threshold.Comparison, value: Double,
        text: String, location: SourceLocation
    ) {
        self.quantity = quantity
        self.statistic = statistic
        self.comparison = comparison
        self.value = value
        self.text = text
        self.location = location
    }

    /// The unit `value` is in, for messages.
    public var unit: String {
        switch quantity {
        case .latency, .convergence, .captureLag: return "ms"
        case .availability, .errorRate: return ""
        case .throughput, .eventThroughput: return "/s"
        case .speedup, .latencySpeedup: return "x"
        }
    }

    public var description: String {
        "\(quantity.rawValue) \(statistic.map { "\($0) " } ?? "")\(comparison.rawValue) \(value) \(unit) ('\(text)' at \(location))"
    }
}

/// Finds numeric claims in prose, sentence by sentence. A time needs a bound word ("under",
/// "within", "≤", "sub-"): "the page timed out (p99 2.3 s)" reports the past, it promises
/// nothing. Availability, throughput and speed-up figures are claims as they stand ("99.95 %
/// availability" is a floor). What a number is about comes from the words of its clause, then
/// of its sentence: replicas and convergence, capture lag, availability, errors; any other
/// time is request latency.
public struct NumericClaimParser: Sendable {
    public init() {}

    /// The claims in `text`, whose first line is at `location` (later lines count on from it).
    public func claims(in text: String, at location: SourceLocation) -> [NumericClaim] {
        var result: [NumericClaim] = []
        var lineOffset = 0
        for line in text.lines {
            defer { lineOffset += 1 }
            for sentence in Self.sentences(in: line) {
                let here = SourceLocation(
                    file: location.file, line: location.line + lineOffset,
                    column: (lineOffset == 0 ? location.column : 1)
                        + line.distance(from: line.startIndex, to: sentence.startIndex))
                result += claims(inSentence: sentence, at: here)
            }
        }
        return result
    }

    /// Sentences of one line: split after `.`, `;`, `!` or `?` followed by a space (a decimal
    /// point is not followed by one).
    static func sentences(in line: Substring) -> [Substring] {
        var result: [Substring] = []
        var start = line.startIndex
        var index = line.startIndex
        while index < line.endIndex {
            let next = line.index(after: index)
            if ".;!?".contains(line[index]), next == line.endIndex || line[next] == " " {
                result.append(line[start..<next])
                start = next
            }
            index = next
        }
        if start < line.endIndex { result.append(line[start...]) }
        return result.filter { $0.contains(where: \.isNumber) }
    }

    // MARK: - Patterns

    static let bound =
        #"(?<bound>under|below|less than|lower than|faster than|at most|within|no more than|not more than|up to|not exceed(?:ing)?|never exceeds?|stays? under|sub-|≤|<=|<|over|above|more than|greater than|at least|no less than|exceeds?|≥|>=|>)?"#
    static let number = #"(?<number>\d{1,3}(?:[,\u{202F}\u{2009}]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)"#

    nonisolated(unsafe) static let time = try! Regex(
        bound + #"\s*"# + number + #"\s*(?<unit>ms|msec|milliseconds?|µs|us|microseconds?|s|secs?|seconds?)(?![\w/])"#
    )
    .ignoresCase()
    nonisolated(unsafe) static let percent = try! Regex(bound + #"\s*"# + number + #"\s*(?:%|percent\b)"#)
        .ignoresCase()
    nonisolated(unsafe) static let rate = try! Regex(
        bound + #"\s*"# + number
            + #"\s*(?<kilo>k|thousand|m|million)?\s*(?<unit>(?:req(?:uest)?s?|events?|msgs?|messages?|ops|operations|writes|reads|transactions|records|orders|payments|calls)\s*(?:/|per)\s*(?:s\b|sec\b|second\b)|rps\b|tps\b|qps\b|/s\b)"#
    ).ignoresCase()
    nonisolated(unsafe) static let factor = try! Regex(
        #"(?<bound>at least\s*|over\s*|more than\s*|up to\s*)?(?<number>\d+(?:\.\d+)?)\s*(?:x|×|times)(?!\w)\s*(?<rest>[^,;]{0,40})"#
    ).ignoresCase()
    nonisolated(unsafe) static let statistic = try! Regex(
        #"\b(?:p\(?(?<p>\d{1,2}(?:\.\d+)?)\)?(?!\w|\.\d)|(?<nth>\d{1,2}(?:\.\d+)?)(?:th|st|nd|rd)[ -]percentile|(?<word>median|average|mean|avg|max(?:imum)?|worst[ -]case))"#
    ).ignoresCase()

    // MARK: - One sentence

    func claims(inSentence sentence: Substring, at location: SourceLocation) -> [NumericClaim] {
        let text = String(sentence)
        var claims: [NumericClaim] = []
        var used: [Range<String.Index>] = []
        func column(_ start: String.Index) -> SourceLocation {
            var index = start
            while index < text.endIndex, text[index].isWhitespace { index = text.index(after: index) }
            return SourceLocation(
                file: location.file, line: location.line,
                column: location.column + text.distance(from: text.startIndex, to: index))
        }
        func overlaps(_ range: Range<String.Index>) -> Bool { used.contains { $0.overlaps(range) } }

        // Factors first: "10x read throughput" is not "10 reads/s".
        for match in text.matches(of: Self.factor) {
            guard let number = Self.value(match["number"]?.substring) else { continue }
            let rest = (match["rest"]?.substring.map(String.init) ?? "").lowercased()
            let before = String(text[text.startIndex..<match.range.lowerBound].suffix(40)).lowercased()
            guard !Self.negated(before: match.range.lowerBound, in: text) else { continue }
            func kind(_ about: String) -> NumericClaim.Quantity? {
                if about.contains("throughput") || about.contains("read performance") || about.contains("more requests")
                    || about.contains("reads") || about.contains("capacity") || about.contains("performance")
                {
                    return .speedup
                }
                if about.contains("faster") || about.contains("latency") || about.contains("quicker") {
                    return .latencySpeedup
                }
                return nil
            }
            // The words after the factor say what grew; those before only when nothing follows.
            guard let quantity = kind(rest) ?? kind(before) else { continue }
            let comparison: Threshold.Comparison =
                match["bound"]?.substring?.lowercased().hasPrefix("up to") == true ? .lessOrEqual : .greaterOrEqual
            used.append(match.range)
            // The claim's words end with the word that says what grew: "10x read throughput".
            var end = match["rest"]?.range?.lowerBound ?? match.range.upperBound
            for word in ["throughput", "performance", "reads", "capacity", "faster", "latency", "quicker", "requests"] {
                if let restRange = match["rest"]?.range,
                    let hit = text.range(of: word, options: .caseInsensitive, range: restRange), hit.upperBound > end
                {
                    end = hit.upperBound
                    break
                }
            }
            claims.append(
                NumericClaim(
                    quantity: quantity, statistic: nil, comparison: comparison, value: number,
                    text: Self.trimmed(text[match.range.lowerBound..<end]), location: column(match.range.lowerBound)))
        }
        for match in text.matches(of: Self.rate) where !overlaps(match.range) {
            guard var number = Self.value(match["number"]?.substring) else { continue }
            switch match["kilo"]?.substring?.lowercased() {
            case "k", "thousand": number *= 1000
            case "m", "million": number *= 1_000_000
            default: break
            }
            guard !Self.negated(before: match.range.lowerBound, in: text) else { continue }
            let comparison = Self.comparison(match["bound"]?.substring) ?? .greaterOrEqual
            let unit = match["unit"]?.substring?.lowercased() ?? ""
            let events = ["event", "msg", "message", "record"].contains { unit.hasPrefix($0) }
            used.append(match.range)
            var claim = NumericClaim(
                quantity: events ? .eventThroughput : .throughput, statistic: nil, comparison: comparison,
                value: number, text: Self.trimmed(text[match.range]), location: column(match.range.lowerBound))
            claim.resolution = match["kilo"] == nil ? Self.resolution(match["number"]?.substring, scale: 1) : 0
            claims.append(claim)
        }
        for match in text.matches(of: Self.percent) where !overlaps(match.range) {
            guard let number = Self.value(match["number"]?.substring), number <= 100 else { continue }
            let found = Self.nearest(
                [
                    (.availability, ["availab", "uptime", "success", "succeed", "slo", "non-5xx", "non-error"]),
                    (
                        .errorRate,
                        [
                            "error", "failure", "failed request", "requests failed", "calls failed", "requests fail",
                            "calls fail", "5xx", "dropped",
                        ]
                    ),
                ], around: match.range, in: text, within: Self.clauseRange(around: match.range, in: text))
            guard var quantity = found, !Self.negated(before: match.range.lowerBound, in: text) else { continue }
            // "non-5xx requests: 99.99 %" is a success share, whatever word stood nearest.
            if quantity == .errorRate, number >= 50 { quantity = .availability }
            let stated = Self.comparison(match["bound"]?.substring)
            let comparison = stated ?? (quantity == .availability ? .greaterOrEqual : .lessOrEqual)
            used.append(match.range)
            var claim = NumericClaim(
                quantity: quantity, statistic: .rate, comparison: comparison, value: (number * 1e7).rounded() / 1e9,
                text: Self.trimmed(text[match.range]), location: column(match.range.lowerBound))
            claim.resolution = Self.resolution(match["number"]?.substring, scale: 0.01)
            claims.append(claim)
        }
        let statistics = text.matches(of: Self.statistic).compactMap {
            match -> (Range<String.Index>, Threshold.Statistic)? in
            if let p = match["p"]?.substring.flatMap({ Double($0) }), p > 0, p < 100 {
                return (match.range, .percentile(p))
            }
            if let p = match["nth"]?.substring.flatMap({ Double($0) }), p > 0, p < 100 {
                return (match.range, .percentile(p))
            }
            switch match["word"]?.substring?.lowercased() {
            case "median": return (match.range, .med)
            case "average", "mean", "avg": return (match.range, .avg)
            case .some(let word) where word.hasPrefix("max") || word.hasPrefix("worst"): return (match.range, .max)
            default: return nil
            }
        }
        for match in text.matches(of: Self.time) where !overlaps(match.range) {
            guard let comparison = Self.comparison(match["bound"]?.substring),
                var number = Self.value(match["number"]?.substring),
                let unit = match["unit"]?.substring?.lowercased()
            else { continue }
            guard !Self.negated(before: match.range.lowerBound, in: text) else { continue }
            var scale = 1.0
            if unit.hasPrefix("µ") || unit.hasPrefix("us") || unit.hasPrefix("micro") {
                scale = 0.001
            } else if unit.hasPrefix("s") {
                scale = 1000
            }
            number *= scale
            let kinds: [(NumericClaim.Quantity, [String])] = [
                (.convergence, ["converge", "replica", "replicat", "visible on", "staleness", "propagat"]),
                (.captureLag, ["lag", "capture", "cdc", "debezium", "change event", "projection"]),
                (.latency, ["latency", "response", "request", "percentile", "api", "page"]),
            ]
            let quantity =
                Self.nearest(
                    kinds, around: match.range, in: text, within: Self.clauseRange(around: match.range, in: text))
                ?? Self.nearest(kinds, around: match.range, in: text, within: text.startIndex..<text.endIndex)
                ?? .latency
            // The statistic nearest the number within its clause, preferring one before it.
            let clauseRange = Self.clauseRange(around: match.range, in: text)
            let statistic = statistics.filter { clauseRange.contains($0.0.lowerBound) }.min { a, b in
                Self.distance(a.0, match.range, in: text) < Self.distance(b.0, match.range, in: text)
            }
            var start = match.range.lowerBound
            if let statistic, statistic.0.lowerBound < start { start = statistic.0.lowerBound }
            used.append(match.range)
            var claim = NumericClaim(
                quantity: quantity, statistic: statistic?.1, comparison: comparison, value: number,
                text: Self.trimmed(text[start..<max(start, match.range.upperBound)]), location: column(start))
            claim.resolution = Self.resolution(match["number"]?.substring, scale: scale)
            claims.append(claim)
        }
        return claims.sorted { $0.location.column < $1.location.column }
    }

    // MARK: - Helpers

    static func comparison(_ word: Substring?) -> Threshold.Comparison? {
        guard let word = word?.lowercased(), !word.isEmpty else { return nil }
        switch word {
        case "under", "below", "less than", "lower than", "faster than", "<", "sub-", "stay under", "stays under":
            return .less
        case "at most", "within", "no more than", "not more than", "up to", "≤", "<=", "never exceed", "never exceeds",
            "not exceed", "not exceeding":
            return .lessOrEqual
        case "over", "above", "more than", "greater than", ">", "exceed", "exceeds": return .greater
        case "at least", "no less than", "≥", ">=": return .greaterOrEqual
        default: return nil
        }
    }

    /// Half the unit of the last digit of `text`, times `scale` (the unit's factor to `value`'s).
    static func resolution(_ text: Substring?, scale: Double) -> Double {
        guard let text, let dot = text.firstIndex(of: ".") else { return 0.5 * scale }
        let decimals = text[text.index(after: dot)...].prefix { $0.isNumber }.count
        return 0.5 * pow(10, -Double(decimals)) * scale
    }

    /// Whether the words just before `index` negate what follows ("not 10x faster").
    static func negated(before index: String.Index, in text: String) -> Bool {
        let before = text[text.startIndex..<index].suffix(12).lowercased()
        return before.hasSuffix("not ") || before.hasSuffix("n't ") || before.hasSuffix("not even ")
    }

    static func value(_ text: Substring?) -> Double? {
        guard let text else { return nil }
        return Double(text.filter { $0.isNumber || $0 == "." })
    }

    static func trimmed(_ text: Substring) -> String { text.trimmingCharacters(in: .whitespaces) }

    /// The kind whose word stands nearest the number within `range` (case-insensitive).
    static func nearest(
        _ kinds: [(NumericClaim.Quantity, [String])], around match: Range<String.Index>, in text: String,
        within range: Range<String.Index>
    ) -> NumericClaim.Quantity? {
        var best: (NumericClaim.Quantity, Int)?
        for (kind, words) in kinds {
            for word in words {
                var from = range.lowerBound
                while from < range.upperBound,
                    let hit = text.range(of: word, options: .caseInsensitive, range: from..<range.upperBound)
                {
                    let distance = Self.distance(hit, match, in: text) % 1000
                    if best == nil || distance < best!.1 { best = (kind, distance) }
                    from = hit.upperBound
                }
            }
        }
        return best?.0
    }

    /// The clause around a match: between the nearest `,`, `(`, `)`, ` and `, ` while ` on each side.
    static func clauseRange(around range: Range<String.Index>, in text: String) -> Range<String.Index> {
        let stops: Set<Character> = [",", "(", ")", ":", "—", "–"]
        var low = range.lowerBound
        while low > text.startIndex, !stops.contains(text[text.index(before: low)]) { low = text.index(before: low) }
        var high = range.upperBound
        while high < text.endIndex, !stops.contains(text[high]) { high = text.index(after: high) }
        return low..<high
    }

    static func clause(around range: Range<String.Index>, in text: String) -> String {
        String(text[clauseRange(around: range, in: text)])
    }

    static func distance(_ a: Range<String.Index>, _ b: Range<String.Index>, in text: String) -> Int {
        let penalty = a.lowerBound > b.upperBound ? 1000 : 0  // after the number: a weaker reading
        if a.upperBound <= b.lowerBound { return text.distance(from: a.upperBound, to: b.lowerBound) + penalty }
        if b.upperBound <= a.lowerBound { return text.distance(from: b.upperBound, to: a.lowerBound) + penalty }
        return 0
    }
}
