import AssessFormats
public import AssessYAML
import Crypto
import Foundation

/// What kind of lab output two submissions were found to share.
public enum EvidenceKind: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    /// The same bytes (SHA-256 of the file).
    case file
    /// A trace id in both trace exports (OTLP JSON, Jaeger, Zipkin).
    case traceID = "trace-id"
    /// A span id in both trace exports.
    case spanID = "span-id"
    /// A Debezium change at the same source position with the same source timestamp.
    case cdcPosition = "cdc-position"
    /// A run of k6 samples with the same metrics, values and spacing (a stream moved in time).
    case k6Samples = "k6-samples"
    /// A Temporal run id (the server draws one per run).
    case temporalRun = "temporal-run"
    /// A Redis INFO reply with every field equal.
    case redisSnapshot = "redis-info"
    /// A Redis server's `run_id` (random per server process).
    case redisServer = "redis-run-id"

    /// Shared ids needed before a pair is listed: one trace id, run id or whole file says it;
    /// span ids and sample windows need a few, so a coincidence is not a flag. Change positions
    /// need five: a class that runs the lab script in the same ten minutes gives every learner
    /// the same LSNs at timestamps a few hundred thousand milliseconds apart, and in 2,000
    /// generated submissions two such coincidences in one pair happened three times.
    public var minimumShared: Int {
        switch self {
        case .file, .traceID, .temporalRun, .redisSnapshot, .redisServer: return 1
        case .spanID: return 2
        case .k6Samples: return 3
        case .cdcPosition: return 5
        }
    }

    /// For messages: "trace id", "Debezium source positions with their ts_ms".
    public func noun(_ count: Int) -> String {
        let one = count == 1
        switch self {
        case .file: return one ? "identical file" : "identical files"
        case .traceID: return one ? "trace id" : "trace ids"
        case .spanID: return one ? "span id" : "span ids"
        case .cdcPosition:
            return one ? "Debezium source position with its ts_ms" : "Debezium source positions with their ts_ms"
        case .k6Samples: return one ? "window of k6 samples" : "windows of k6 samples"
        case .temporalRun: return one ? "Temporal run id" : "Temporal run ids"
        case .redisSnapshot: return one ? "identical Redis INFO snapshot" : "identical Redis INFO snapshots"
        case .redisServer: return one ? "Redis run_id" : "Redis run_ids"
        }
    }

    public static func < (a: EvidenceKind, b: EvidenceKind) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// One id an evidence file holds, where, and (for k6 samples) the time it starts at.
public struct EvidenceMark: Sendable, Hashable {
    public var kind: EvidenceKind
    public var id: String
    public var line: Int
    public var time: Double?

    public init(kind: EvidenceKind, id: String, line: Int = 1, time: Double? = nil) {
        self.kind = kind
        self.id = id
        self.line = line
        self.time = time
    }
}

/// Reads the ids of one evidence file with the format readers, streaming: its digest; trace and
/// span ids of a trace export; Debezium source positions with their `ts_ms`; windows of a k6
/// `--out json` stream keyed by metric, value and spacing (not by clock time, so a stream moved
/// in time keeps them); Temporal run ids; a Redis INFO reply's fields and `run_id`.
public struct EvidenceMarks: Sendable {
    /// Ids kept per kind and file: enough to pair copies, bounded for gigabyte exports.
    public var perKindLimit = 20_000
    /// k6 samples per window.
    public var window = 8

    public init() {}

    /// Files up to this size are read whole (one allocation of their size); larger ones are
    /// streamed in the reader's blocks. Reading thousands of small files through 4 MiB block
    /// buffers left the heap fragmented by a block per file.
    public var wholeFileLimit = 1 << 20

    /// The file's SHA-256 and the ids its format holds (none for a format not listed above).
    public func read(_ blocks: FileBlocks, file: String) -> (sha256: String, marks: [EvidenceMark]) {
        if let size = blocks.size, size <= wholeFileLimit {
            let bytes = Self.bytes(blocks, size: size)
            return (Self.sha256(bytes), marks(in: .memory(bytes), file: file))
        }
        return (Self.sha256(blocks), marks(in: .blocks(blocks), file: file))
    }

    /// A file's bytes, in memory or to be streamed.
    enum Content {
        case memory([UInt8])
        case blocks(FileBlocks)

        var source: (String) -> LoadTestSource {
            switch self {
            case .memory(let bytes): return { LoadTestSource(file: $0, bytes: bytes) }
            case .blocks(let blocks): return { LoadTestSource(file: $0, blocks: blocks) }
            }
        }

        var head: [UInt8] {
            switch self {
            case .memory(let bytes): return Array(bytes.prefix(64 << 10))
            case .blocks(let blocks):
                var head = [UInt8](repeating: 0, count: 64 << 10)
                let count = head.withUnsafeMutableBytes { blocks.peek($0) }
                head.removeSubrange(count...)
                return head
            }
        }

        var text: String {
            switch self {
            case .memory(let bytes): return String(decoding: bytes, as: UTF8.self)
            case .blocks(let blocks): return String(decoding: blocks.readAll(), as: UTF8.self)
            }
        }
    }

    func marks(in content: Content, file: String) -> [EvidenceMark] {
        let head = content.head
        let text = String(decoding: head, as: UTF8.self)
        if K6JSONLines.recognizes(head: text, fileName: file) {
            return k6Windows(content.source(file))
        } else if TemporalHistory.recognizes(text) {
            let ids = TemporalExecutionIDs(text: content.text, file: file)
            return ids.runIDs.prefix(perKindLimit).map {
                EvidenceMark(kind: .temporalRun, id: $0.id, line: $0.location.line)
            }
        } else if RedisInfo.recognizes(text) {
            return redis(content.text)
        } else if Self.looksLikeDebezium(text) {
            return changePositions(content.source(file))
        } else if TraceReader.detect(Data(head)) != nil {
            switch content {
            case .memory(let bytes): return traceIDs(TraceReader().read(Data(bytes), file: file))
            case .blocks(let blocks): return traceIDs(TraceReader().read(blocks, file: file))
            }
        }
        return []
    }

    static func bytes(_ blocks: FileBlocks, size: Int) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: size + 1)
        var offset = 0
        let filled = bytes.withUnsafeMutableBytes { blocks.fill($0, keeping: 0, at: &offset) }
        bytes.removeSubrange(min(filled, bytes.count)...)
        return bytes
    }

    static func sha256(_ bytes: [UInt8]) -> String {
        SHA256.hash(data: bytes).hexString
    }

    static func sha256(_ blocks: FileBlocks) -> String {
        var hasher = SHA256()
        var buffer = [UInt8](repeating: 0, count: 256 << 10)
        var offset = 0
        while true {
            let filled = buffer.withUnsafeMutableBytes { blocks.fill($0, keeping: 0, at: &offset) }
            hasher.update(data: buffer[0..<filled])
            if filled < buffer.count { break }
        }
        return hasher.finalize().hexString
    }

    /// A Debezium envelope names its `source` block and an `op`.
    static func looksLikeDebezium(_ head: String) -> Bool {
        head.contains("\"source\"") && head.contains("\"op\"")
            && (head.contains("\"connector\"") || head.contains("\"lsn\"") || head.contains("\"pos\""))
    }

    func traceIDs(_ set: TraceSet) -> [EvidenceMark] {
        var traces: [TraceID: Int] = [:]
        var spans: [SpanID: Int] = [:]
        for span in set.spans {
            if !span.traceID.isZero, traces.count < perKindLimit, traces[span.traceID] == nil {
                traces[span.traceID] = span.location.line
            }
            if span.spanID.value != 0, spans.count < perKindLimit, spans[span.spanID] == nil {
                spans[span.spanID] = span.location.line
            }
        }
        return traces.map { EvidenceMark(kind: .traceID, id: $0.key.description, line: $0.value) }
            + spans.map { EvidenceMark(kind: .spanID, id: $0.key.description, line: $0.value) }
    }

    /// A change's position and source time together: a fresh database replays the same LSNs
    /// for the same lab script, but not at the same millisecond.
    func changePositions(_ source: LoadTestSource) -> [EvidenceMark] {
        var marks: [EvidenceMark] = []
        var seen = Set<String>()
        DebeziumReader.read(source, fields: ChangeFields(), problem: { _ in }) { event in
            guard marks.count < perKindLimit, let position = event.position, let time = event.sourceTime, time > 0
            else { return }
            let id = "\(position) @ ts_ms \(Int64(time))"
            if seen.insert(id).inserted { marks.append(EvidenceMark(kind: .cdcPosition, id: id, line: event.line)) }
        }
        return marks
    }

    /// Windows of `window` consecutive samples whose values carry information (not 0 or 1
    /// counters, which every run has): each keyed by the metrics, the values and the time from
    /// the window's first sample, so the same stream moved by any constant keeps its keys; the
    /// window's start time rides along for the shift to be measured.
    func k6Windows(_ source: LoadTestSource) -> [EvidenceMark] {
        var marks: [EvidenceMark] = []
        var recent: [(point: K6PointStream.Point, metric: UInt64)] = []
        var metricHashes: [String: UInt64] = [:]
        K6PointStream.forEachPoint(source) { point in
            guard point.value != 0, point.value != 1 else { return true }
            let metric =
                metricHashes[point.metric]
                ?? {
                    var hash = Self.fnvBasis
                    for byte in point.metric.utf8 { hash = Self.mix(hash, UInt64(byte)) }
                    metricHashes[point.metric] = hash
                    return hash
                }()
            recent.append((point, metric))
            if recent.count > window { recent.removeFirst() }
            guard recent.count == window, Set(recent.map(\.point.value)).count * 2 >= window else { return true }
            // FNV-1a over each sample's metric, value bits and microseconds from the window's start.
            var hash = Self.fnvBasis
            let start = recent[0].point.time
            for sample in recent {
                hash = Self.mix(hash, sample.metric)
                hash = Self.mix(hash, sample.point.value.bitPattern)
                hash = Self.mix(hash, UInt64(bitPattern: Int64(((sample.point.time - start) * 1_000_000).rounded())))
            }
            // One window in four is kept, chosen by its key, so two copies keep the same ones.
            if hash & 3 == 0 {
                marks.append(
                    EvidenceMark(kind: .k6Samples, id: String(hash, radix: 16), line: recent[0].point.line, time: start)
                )
            }
            return marks.count < perKindLimit
        }
        return marks
    }

    static let fnvBasis: UInt64 = 0xCBF2_9CE4_8422_2325

    @inline(__always) static func mix(_ hash: UInt64, _ word: UInt64) -> UInt64 {
        let mixed = (hash ^ word) &* 0x100_0000_01B3
        return mixed ^ (mixed >> 29)
    }

    /// The reply's fields as one digest (line endings and order do not matter), and its run_id.
    func redis(_ text: String) -> [EvidenceMark] {
        let info = RedisInfo(text: text)
        guard info.fields.count >= 5 else { return [] }
        var hasher = SHA256()
        for (key, value) in info.fields.sorted(by: { $0.key < $1.key }) {
            hasher.update(data: Data("\(key)=\(value)\n".utf8))
        }
        let digest = hasher.finalize().prefix(16).hexString
        var marks = [EvidenceMark(kind: .redisSnapshot, id: digest)]
        if let runID = info.fields["run_id"], runID.count >= 16 {
            let line = text.lines.firstIndex {
                $0.hasPrefix("run_id:")
            }
            marks.append(EvidenceMark(kind: .redisServer, id: runID, line: (line ?? 0) + 1))
        }
        return marks
    }
}
