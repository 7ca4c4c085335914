import Foundation

/// One row change as Debezium delivered it, reduced to what delivery checks need: which key it
/// touched, where in the database's log it came from, and when it happened and was captured.
public struct ChangeEvent: Sendable, Hashable {
    /// Debezium's `op` letters (`Envelope.Operation`), plus the tombstone Kafka carries after a
    /// delete (a record whose value is null).
    public enum Operation: String, Sendable, Hashable, CaseIterable {
        case create = "c", update = "u", delete = "d", read = "r", truncate = "t", message = "m"
        case tombstone, unknown

        /// The operation's place in `allCases`.
        var index: Int {
            switch self {
            case .create: 0
            case .update: 1
            case .delete: 2
            case .read: 3
            case .truncate: 4
            case .message: 5
            case .tombstone: 6
            case .unknown: 7
            }
        }
    }

    /// The 1-based line the record starts on.
    public var line: Int
    public var operation: Operation
    /// The row's key: the rubric's key field read from `after` (or `before`), else the record's
    /// Kafka key as written.
    public var key: String?
    public var position: SourcePosition?
    /// `source.ts_ms`: when the change happened in the database (ms since the epoch).
    public var sourceTime: Double?
    /// `ts_ms`: when the connector processed it.
    public var processedTime: Double?
    /// A snapshot read (`source.snapshot` true/first/last/…, or `op: r`), not a streamed change.
    public var snapshot: Bool
    /// `source.table` (or `collection`), for messages.
    public var table: String?
    /// The rubric's version field, from `after` (from `before` for a delete).
    public var version: String?
    public var transactionID: String?

    public init(line: Int, operation: Operation) {
        self.line = line
        self.operation = operation
        snapshot = false
    }

    /// How far capture lagged behind the database, in ms, for streamed changes that carry both
    /// times (snapshot rows carry a read time, or 0, so they say nothing about lag).
    public var captureLag: Double? {
        guard !snapshot, operation == .create || operation == .update || operation == .delete, let sourceTime,
            sourceTime > 0,
            let processedTime
        else { return nil }
        return processedTime - sourceTime
    }
}

/// Where a change sits in the source database's log, as each connector records it: PostgreSQL
/// `lsn`, MySQL/MariaDB binlog `file`, `pos` and `row` (or the `gtid`), MongoDB `sec` and
/// `ord`, SQL Server `commit_lsn`/`change_lsn`/`event_serial_no`, Oracle `scn`. Positions of
/// one connector compare part by part, so "went backwards" means the same for all of them.
public struct SourcePosition: Sendable, Hashable, Comparable, CustomStringConvertible {
    public enum Part: Sendable, Hashable, Comparable, CustomStringConvertible {
        case number(Int64)
        case text(String)

        public static func < (lhs: Part, rhs: Part) -> Bool {
            switch (lhs, rhs) {
            case (.number(let a), .number(let b)): return a < b
            case (.text(let a), .text(let b)): return a < b
            case (.number, .text): return true
            case (.text, .number): return false
            }
        }

        public var description: String {
            switch self {
            case .number(let n): return String(n)
            case .text(let t): return t
            }
        }
    }

    /// The names of the parts (`lsn`; `file`, `pos`, `row`), for messages.
    public var names: [String]
    public var parts: [Part]

    public init(names: [String], parts: [Part]) {
        self.names = names
        self.parts = parts
    }

    public static func < (lhs: SourcePosition, rhs: SourcePosition) -> Bool {
        lhs.parts.lexicographicallyPrecedes(rhs.parts)
    }

    public var description: String {
        zip(names, parts).map { "\($0) \($1)" }.joined(separator: ", ")
    }

    /// `["lsn"]`, shared by every PostgreSQL position (names of equal positions compare by identity first).
    static let lsnNames = ["lsn"]

    /// The position a connector's `source` block gives, or nil when it names none.
    static func from(connector: String?, source: (String) -> String?) -> SourcePosition? {
        func number(_ name: String) -> Part? {
            guard let text = source(name) else { return nil }
            if let n = Int64(text) { return .number(n) }
            if let d = Double(text), d.rounded() == d, let n = Int64(exactly: d) { return .number(n) }
            return .text(text)
        }
        func text(_ name: String) -> Part? { source(name).map(Part.text) }
        // The common case first, without building the candidate lists: one event in a million-
        // event stream should cost one small array, not five.
        if connector == "postgresql" { return number("lsn").map { SourcePosition(names: lsnNames, parts: [$0]) } }
        let candidates: [[(String, Part?)]]
        switch connector ?? "" {
        case "mysql", "mariadb":
            candidates = [
                [("file", text("file")), ("pos", number("pos")), ("row", number("row"))], [("gtid", text("gtid"))],
            ]
        case "mongodb": candidates = [[("sec", number("sec")), ("ord", number("ord"))]]
        case "sqlserver", "db2", "informix":
            candidates = [
                [
                    ("commit_lsn", text("commit_lsn")), ("change_lsn", text("change_lsn")),
                    ("event_serial_no", number("event_serial_no")),
                ]
            ]
        case "oracle": candidates = [[("scn", number("scn"))]]
        default:
            candidates = [
                [("lsn", number("lsn"))], [("file", text("file")), ("pos", number("pos")), ("row", number("row"))],
                [("sec", number("sec")), ("ord", number("ord"))], [("scn", number("scn"))],
            ]
        }
        for candidate in candidates {
            let present = candidate.filter { $0.1 != nil }
            // The first part is what orders; later ones (row, ord) only break ties.
            guard let first = candidate.first, first.1 != nil else { continue }
            return SourcePosition(names: present.map(\.0), parts: present.map { $0.1! })
        }
        return nil
    }
}
