import AssessYAML
/// What a stream of events shows about delivery: order per key, duplicates, gaps, the rate
/// it sustained and how long events took end to end. Fed one record at a time; memory grows
/// with the number of keys and of open gaps (and of ids, when duplicates are found by id).
public struct EventStreamAnalysis: Sendable {
    public enum ViolationKind: String, Sendable, Hashable, CaseIterable {
        case reordered, duplicate, gap
    }

    public struct Violation: Sendable, Hashable {
        public var kind: ViolationKind
        public var line: Int
        public var message: String
    }

    struct KeyState: Sendable {
        var highest: Int64
        var highestLine: Int
        /// Sequence numbers skipped over and not seen yet, with the line that skipped them.
        var holes: [Int64: Int] = [:]
    }

    public private(set) var events = 0
    public private(set) var counts: [ViolationKind: Int] = [:]
    public private(set) var examples: [Violation] = []
    public private(set) var latency = LatencyHistogram()
    public private(set) var perSecond: [Int64: Int] = [:]
    public let exampleLimit: Int
    private var keys: [String: KeyState] = [:]
    private var ids: Set<String> = []
    /// Gaps wider than this are counted as one gap rather than remembered number by number.
    static let holeLimit: Int64 = 10_000

    public init(exampleLimit: Int = 5) { self.exampleLimit = exampleLimit }

    mutating func note(_ kind: ViolationKind, line: Int, _ message: String, count: Int = 1) {
        counts[kind, default: 0] += count
        if examples.filter({ $0.kind == kind }).count < exampleLimit {
            examples.append(Violation(kind: kind, line: line, message: message))
        }
    }

    public mutating func add(_ event: EventRecord) {
        events += 1
        if let stamp = event.consumedTime ?? event.time { perSecond[Int64(Int(saturating: stamp.rounded(.down))), default: 0] += 1 }
        if let produced = event.time, let consumed = event.consumedTime {
            latency.record(milliseconds: (consumed - produced) * 1000)
        }
        if let id = event.id {
            if !ids.insert(id).inserted {
                note(.duplicate, line: event.line, "event '\(id)' delivered again")
                return
            }
        }
        guard let sequence = event.sequence else { return }
        let scope = event.key ?? event.partition ?? ""
        let label = event.key.map { "key '\($0)'" } ?? event.partition.map { "partition \($0)" } ?? "the stream"
        guard var state = keys[scope] else {
            keys[scope] = KeyState(highest: sequence, highestLine: event.line)
            return
        }
        if sequence > state.highest {
            let skipped = sequence - state.highest - 1
            if skipped > 0 {
                if skipped <= Self.holeLimit {
                    for missing in (state.highest + 1)..<sequence { state.holes[missing] = event.line }
                } else {
                    note(.gap, line: event.line, "\(label) jumps from \(state.highest) to \(sequence)")
                }
            }
            state.highest = sequence
            state.highestLine = event.line
        } else if let skippedAt = state.holes.removeValue(forKey: sequence) {
            note(
                .reordered, line: event.line,
                "\(label): \(sequence) arrives after \(state.highest) (line \(state.highestLine)); it was due before line \(skippedAt)"
            )
        } else if event.id == nil {
            note(.duplicate, line: event.line, "\(label): \(sequence) delivered again")
        } else {
            note(.reordered, line: event.line, "\(label): \(sequence) arrives after \(state.highest)")
        }
        keys[scope] = state
    }

    /// Call at the end: holes still open are gaps.
    public mutating func finish() {
        for (scope, state) in keys.sorted(by: { $0.key < $1.key }) where !state.holes.isEmpty {
            let label = scope.isEmpty ? "the stream" : "'\(scope)'"
            // Consecutive missing numbers form one gap.
            let missing = state.holes.keys.sorted()
            var runStart = missing[0]
            var previous = missing[0]
            func close(_ end: Int64) {
                let line = state.holes[runStart] ?? 0
                let what = runStart == end ? "\(runStart) is missing" : "\(runStart)–\(end) are missing"
                note(.gap, line: line, "\(label): \(what) (skipped at this line)")
            }
            for number in missing.dropFirst() {
                if number != previous + 1 {
                    close(previous)
                    runStart = number
                }
                previous = number
            }
            close(previous)
        }
        keys.removeAll()
    }

    /// Events per second over the whole stream, first event to last.
    public var overallRate: Double? {
        guard let first = perSecond.keys.min(), let last = perSecond.keys.max(), last > first else { return nil }
        return Double(events) / Double(last - first + 1)
    }

    /// The lowest rate over any `window` consecutive whole seconds (the first and last
    /// seconds, usually partial, left out); nil when the stream is shorter.
    public func sustainedRate(window: Int) -> Double? {
        guard let first = perSecond.keys.min(), let last = perSecond.keys.max() else { return nil }
        let start = first + 1
        let end = last - 1
        guard end - start + 1 >= Int64(window) else { return nil }
        var lowest = Double.infinity
        var sum = 0
        for second in start...end {
            sum += perSecond[second] ?? 0
            if second - start >= Int64(window) { sum -= perSecond[second - Int64(window)] ?? 0 }
            if second - start + 1 >= Int64(window) { lowest = min(lowest, Double(sum) / Double(window)) }
        }
        return lowest
    }
}
