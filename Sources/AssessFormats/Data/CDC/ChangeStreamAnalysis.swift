import Foundation

/// Delivery checks over a change stream, fed one event at a time: the same source position
/// delivered twice for a key (Debezium is at-least-once), a key's position going backwards,
/// capture lag, snapshot against streamed counts. Memory grows with the number of keys, not
/// of events: each key keeps its furthest position and the last few it saw.
public struct ChangeStreamAnalysis: Sendable {
    public enum ViolationKind: String, Sendable, Hashable { case duplicate, reordered }

    public struct Violation: Sendable, Hashable {
        public var kind: ViolationKind
        public var line: Int
        public var key: String
        public var message: String
    }

    struct KeyState: Sendable {
        var furthest: SourcePosition
        var furthestLine: Int
        /// Recent positions, oldest first, to tell a redelivery from a change out of order.
        var recent: [Recent]
    }

    /// A recent position with its hash and line: a redelivery is looked for by hash, in the
    /// key's one array of them, and only a hash that matches compares positions (each
    /// position's parts are an array of their own, a cache miss apiece when every recent
    /// position was compared).
    struct Recent: Sendable {
        var hash: UInt64
        var line: Int
        var position: SourcePosition
    }

    /// A position's parts mixed into one word: equal positions give equal words.
    static func hash(_ position: SourcePosition) -> UInt64 {
        var hash = UInt64(position.parts.count)
        for part in position.parts {
            switch part {
            case .number(let n): hash = NameNumbers.mix(hash ^ UInt64(bitPattern: n))
            case .text(let t): hash = NameNumbers.mix(hash ^ NameNumbers.hash(t, seed: 0))
            }
        }
        return hash
    }

    /// How many recent positions each key remembers: a redelivery after a consumer restart
    /// replays the last uncommitted batch, which for one key is rarely more than a few.
    static let recentPerKey = 16

    public let exampleLimit: Int
    public private(set) var events = 0
    public private(set) var snapshotEvents = 0
    public private(set) var streamedEvents = 0
    public private(set) var tombstones = 0
    /// How many events of each operation were read.
    public var operations: [ChangeEvent.Operation: Int] {
        var counts: [ChangeEvent.Operation: Int] = [:]
        for (index, operation) in ChangeEvent.Operation.allCases.enumerated() where operationCounts[index] > 0 {
            counts[operation] = operationCounts[index]
        }
        return counts
    }
    /// Counts by `ChangeEvent.Operation.allCases` order: a dictionary update per event cost a hash.
    var operationCounts = [Int](repeating: 0, count: ChangeEvent.Operation.allCases.count)
    public private(set) var counts: [ViolationKind: Int] = [:]
    public private(set) var examples: [Violation] = []
    public private(set) var lag = LatencyHistogram()
    /// Events with no position the checks can use.
    public private(set) var unpositioned = 0
    /// Each row's number in `states`: the dictionary is looked up once per event, and the
    /// state is then changed in place in the array (through `Dictionary.Values` every touch
    /// copied the state out, a retain and release of each of its arrays).
    var rows: [String: Int] = [:]
    var states: [KeyState] = []
    var snapshotKeys: [String: Int] = [:]
    /// Every delivered change's key and version, when versions are read, for lost changes.
    public private(set) var delivered = DeliveredChanges()

    public init(exampleLimit: Int = 5) { self.exampleLimit = exampleLimit }

    public mutating func add(_ event: ChangeEvent) {
        events += 1
        operationCounts[event.operation.index] += 1
        if event.operation == .tombstone {
            tombstones += 1
            return
        }
        if let key = event.key, let version = event.version {
            delivered.insert(key: key, version: version)
        }
        if let lag = event.captureLag { self.lag.record(milliseconds: max(0, lag)) }
        if event.snapshot {
            snapshotEvents += 1
            // Snapshot rows share one position; a row read twice is the duplicate.
            if let key = event.key.map({ (event.table ?? "") + "/" + $0 }) {
                if let first = snapshotKeys[key] {
                    note(.duplicate, event.line, event.key!, "snapshot row read again (first at line \(first))")
                } else {
                    snapshotKeys[key] = event.line
                }
            }
            return
        }
        streamedEvents += 1
        guard let position = event.position else {
            unpositioned += 1
            return
        }
        // A row is its table and its key: `orders` 1 and `customers` 1 are two rows, and a
        // multi-topic dump interleaves them.
        let key = (event.table ?? "") + "/" + (event.key ?? "")
        let shown = event.key ?? "(the stream)"
        let hash = Self.hash(position)
        guard let index = rows[key] else {
            rows[key] = states.count
            states.append(
                KeyState(
                    furthest: position, furthestLine: event.line,
                    recent: [Recent(hash: hash, line: event.line, position: position)]))
            return
        }
        for at in states[index].recent.indices
        where states[index].recent[at].hash == hash && states[index].recent[at].position == position {
            let first = states[index].recent[at].line
            note(.duplicate, event.line, shown, "\(position) delivered again (first at line \(first))")
            return
        }
        if position < states[index].furthest {
            let (furthest, line) = (states[index].furthest, states[index].furthestLine)
            note(
                .reordered, event.line, shown,
                "\(position) arrives after \(furthest) (line \(line)): the key's changes went backwards")
        } else {
            states[index].furthest = position
            states[index].furthestLine = event.line
        }
        states[index].recent.append(Recent(hash: hash, line: event.line, position: position))
        if states[index].recent.count > Self.recentPerKey { states[index].recent.removeFirst() }
    }

    mutating func note(_ kind: ViolationKind, _ line: Int, _ key: String, _ message: String) {
        counts[kind, default: 0] += 1
        if examples.filter({ $0.kind == kind }).count < exampleLimit {
            examples.append(Violation(kind: kind, line: line, key: key, message: "key \(key): \(message)"))
        }
    }
}
