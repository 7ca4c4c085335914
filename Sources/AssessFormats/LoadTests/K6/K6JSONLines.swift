import AssessYAML
import Foundation

/// k6's `--out json` stream: one JSON object per line, `Metric` records declaring each
/// metric's type and `Point` records with `time` (RFC 3339, local offset), `value` (ms for
/// time metrics) and string `tags` (k6 docs, "JSON output"). Key order differs between k6
/// versions (`metric` first or last), so both are read; lines for metrics no threshold asks
/// about are skipped after reading their name, which is what makes a gigabyte log quick.
public enum K6JSONLines: LoadTestFormat {
    public static let name = "k6 --out json"

    public static func recognizes(head: String, fileName: String) -> Bool {
        guard let first = head.lines.first(where: { !$0.isEmpty }) else { return false }
        return first.hasPrefix("{") && first.contains("\"metric\"")
            && (first.contains("\"type\":\"Metric\"") || first.contains("\"type\":\"Point\""))
    }

    public static func read(_ source: LoadTestSource, options: LoadTestReadOptions) throws(LoadTestReadError)
        -> LoadTestRun
    {
        var reader = Reader(recorder: LoadTestRecorder(file: source.file, tool: .k6, options: options))
        var records = 0
        let overlong = source.forEachLine { line, number, unterminated in
            if reader.line(line, number: number, unterminated: unterminated) { records += 1 }
            return true
        }
        if let message = LoadTestSource.overlongMessage(overlong) {
            reader.recorder.problem(line: overlong[0], message)
        }
        if records == 0, let first = reader.recorder.run.problems.first {
            throw LoadTestReadError(file: source.file, line: first.line, column: first.column, first.message)
        }
        return reader.recorder.finish()
    }

    /// What one metric name means to the reader: its kind, and whether it is kept.
    struct KnownMetric {
        var bytes: [UInt8]
        var name: String
        var kind: LoadMetric.Kind?
        var kept: Bool
        /// The recorder's slot, made when the first point arrives (its kind is known by then).
        var slot: Int?
    }

    struct Reader {
        var recorder: LoadTestRecorder
        var known: [KnownMetric] = []
        var point = PointTags()
        var previousTags = PreviousTags()
        var clock = TimestampCache()

        init(recorder: LoadTestRecorder) {
            self.recorder = recorder
            point.keys.reserveCapacity(32)
            point.values.reserveCapacity(32)
        }

        static let prefix = Array(#"{"metric":""#.utf8)
        static let suffixKey = Array(#""metric":""#.utf8)

        /// The metric name where k6 puts it, first or last, without parsing the line; nil
        /// when the line has another shape (then it is parsed in full).
        @inline(__always) func fastName(_ line: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer? {
            let n = line.count
            let base = line.baseAddress!
            if n > 12, memcmp(base, Self.prefix, 11) == 0 {
                var i = 11
                while i < n, line[i] != 0x22 {
                    if line[i] == 0x5C { return nil }
                    i += 1
                }
                return i < n ? UnsafeRawBufferPointer(rebasing: line[11..<i]) : nil
            }
            guard n > 14, line[n - 1] == 0x7D, line[n - 2] == 0x22 else { return nil }
            var i = n - 3
            while i > 0, line[i] != 0x22 {
                if line[i] == 0x5C { return nil }
                i -= 1
            }
            // line[i] is the opening quote of the name; before it must be `,"metric":`.
            guard i >= 10, memcmp(base + i - 9, Self.suffixKey, 10) == 0, line[i - 10] == 0x2C || line[i - 10] == 0x7B
            else { return nil }
            return UnsafeRawBufferPointer(rebasing: line[(i + 1)..<(n - 2)])
        }

        mutating func metricIndex(_ bytes: UnsafeRawBufferPointer) -> Int {
            for index in known.indices where known[index].bytes.count == bytes.count {
                if known[index].bytes.withUnsafeBytes({ memcmp($0.baseAddress!, bytes.baseAddress!, bytes.count) })
                    == 0
                {
                    return index
                }
            }
            let name = String(decoding: bytes, as: UTF8.self)
            known.append(
                KnownMetric(
                    bytes: Array(bytes), name: name, kind: K6JSONLines.builtInKind(name),
                    kept: recorder.options.keeps(name)))
            return known.count - 1
        }

        /// Reads one line; true when it was a k6 record.
        mutating func line(_ line: UnsafeRawBufferPointer, number: Int, unterminated: Bool) -> Bool {
            guard line.count > 0 else { return false }
            if let name = fastName(line) {
                let index = metricIndex(name)
                if !known[index].kept { return true }
            }
            var scanner = JSONLineScanner(line)
            var type: JSONLineScanner.RawString?
            var metric: JSONLineScanner.RawString?
            var dataType: JSONLineScanner.RawString?
            var dataName: JSONLineScanner.RawString?
            var time: JSONLineScanner.RawString?
            var value: Double?
            point.keys.removeAll(keepingCapacity: true)
            point.values.removeAll(keepingCapacity: true)
            do throws(JSONLineScanner.SyntaxError) {
                try scanner.members { (s, key) throws(JSONLineScanner.SyntaxError) in
                    if s.equals(key, "type") {
                        type = try s.string()
                    } else if s.equals(key, "metric") {
                        metric = try s.string()
                    } else if s.equals(key, "data") {
                        try s.members { (s, key) throws(JSONLineScanner.SyntaxError) in
                            if s.equals(key, "time") {
                                time = try s.string()
                            } else if s.equals(key, "value") {
                                value = try s.number()
                            } else if s.equals(key, "tags") {
                                if s.null() { return }
                                s.skipWhitespace()
                                let start = s.position
                                if previousTags.matches(s.bytes, at: start) {
                                    // The same tags as the last record read: k6 writes a request's
                                    // points one after another, each with its request's tags.
                                    s.position = start + previousTags.bytes.count
                                    previousTags.appendRanges(at: start, keys: &point.keys, values: &point.values)
                                    return
                                }
                                // A record may name `tags` twice: only this object's own are remembered.
                                let first = point.keys.count
                                try s.members { (s, key) throws(JSONLineScanner.SyntaxError) in
                                    if s.null() { return }
                                    let raw = try s.string()
                                    point.keys.append(key)
                                    point.values.append(raw)
                                }
                                previousTags.remember(
                                    UnsafeRawBufferPointer(rebasing: s.bytes[start..<s.position]), from: start,
                                    keys: point.keys[first...], values: point.values[first...])
                            } else if s.equals(key, "type") {
                                dataType = try s.string()
                            } else if s.equals(key, "name") {
                                dataName = try s.string()
                            } else {
                                try s.skipValue()
                            }
                        }
                    } else {
                        try s.skipValue()
                    }
                }
                scanner.skipWhitespace()
                if !scanner.atEnd { throw scanner.error("unexpected text after the record") }
            } catch {
                if unterminated {
                    recorder.markTruncated()
                } else {
                    recorder.problem(line: number, column: error.column, "not a k6 JSON record: \(error.message)")
                }
                return false
            }
            guard let type else {
                recorder.problem(line: number, "a k6 JSON record needs a 'type' (Metric or Point)")
                return false
            }
            guard let metricRaw = metric ?? dataName else {
                recorder.problem(line: number, "a k6 JSON record needs a 'metric' name")
                return false
            }
            let index = metricIndex(UnsafeRawBufferPointer(rebasing: line[metricRaw.start..<metricRaw.end]))
            if scanner.equals(type, "Metric") {
                if let dataType, let kind = LoadMetric.Kind(rawValue: scanner.decode(dataType)) {
                    known[index].kind = kind
                }
                return true
            }
            guard scanner.equals(type, "Point") else {
                recorder.problem(line: number, "unknown k6 record type '\(scanner.decode(type))'")
                return false
            }
            guard known[index].kept else { return true }
            guard let value else {
                recorder.problem(line: number, "a k6 Point needs a numeric 'value'")
                return false
            }
            let seconds = time.flatMap {
                clock.seconds(UnsafeRawBufferPointer(rebasing: line[$0.start..<$0.end]))
            }
            if time != nil, seconds == nil {
                recorder.problem(line: number, "the Point's 'time' is not an RFC 3339 timestamp")
                return false
            }
            let slot =
                known[index].slot ?? recorder.slot(forMetric: known[index].name, kind: known[index].kind ?? .trend)
            known[index].slot = slot
            // Moved out of `self` for the call, not copied: the closure reads them while the
            // recorder, another part of `self`, is being changed, and a copy would retain and
            // release four buffers per point.
            var tags = PointTags()
            swap(&tags, &point)
            defer { swap(&tags, &point) }
            recorder.point(slot: slot, time: seconds, value: value) { wanted in
                var wanted = wanted
                return wanted.withUTF8 { want -> String? in
                    for (i, key) in tags.keys.enumerated() where key.end - key.start == want.count && !key.escaped {
                        guard memcmp(line.baseAddress! + key.start, want.baseAddress!, want.count) == 0 else {
                            continue
                        }
                        let raw = tags.values[i]
                        let bytes = UnsafeRawBufferPointer(rebasing: line[raw.start..<raw.end])
                        if !raw.escaped, bytes.count == tags.endpointBytes.count,
                            tags.endpointBytes.withUnsafeBytes({
                                memcmp($0.baseAddress!, bytes.baseAddress!, bytes.count)
                            }
                            )
                                == 0
                        {
                            return tags.endpoint
                        }
                        let text = scanner.decode(raw)
                        if !raw.escaped, want.count == 4 {  // "name": the same URL comes again and again
                            tags.endpointBytes = Array(bytes)
                            tags.endpoint = text
                        }
                        return text
                    }
                    return nil
                }
            }
            return true
        }
    }

    /// The tags of the record being read, where they lie in its line, and the endpoint named
    /// last (its bytes and its text: the same URL comes again and again).
    struct PointTags {
        var keys: [JSONLineScanner.RawString] = []
        var values: [JSONLineScanner.RawString] = []
        var endpointBytes: [UInt8] = []
        var endpoint = ""
    }

    /// The last tags object read, byte for byte, with where its keys and values lie in it. A
    /// JSON object ends itself, so a record whose tags begin with exactly these bytes has these
    /// tags, and their places are known without scanning them again.
    struct PreviousTags {
        private(set) var bytes: [UInt8] = []
        private var keys: [JSONLineScanner.RawString] = []
        private var values: [JSONLineScanner.RawString] = []

        func matches(_ line: UnsafeRawBufferPointer, at start: Int) -> Bool {
            guard !bytes.isEmpty, line.count - start >= bytes.count else { return false }
            return bytes.withUnsafeBytes { memcmp($0.baseAddress!, line.baseAddress! + start, $0.count) } == 0
        }

        /// Appends the remembered keys and values, placed as if the object began at `start`.
        func appendRanges(
            at start: Int, keys outKeys: inout [JSONLineScanner.RawString],
            values outValues: inout [JSONLineScanner.RawString]
        ) {
            for key in keys {
                outKeys.append(.init(start: key.start + start, end: key.end + start, escaped: key.escaped))
            }
            for value in values {
                outValues.append(.init(start: value.start + start, end: value.end + start, escaped: value.escaped))
            }
        }

        mutating func remember(
            _ object: UnsafeRawBufferPointer, from start: Int, keys newKeys: ArraySlice<JSONLineScanner.RawString>,
            values newValues: ArraySlice<JSONLineScanner.RawString>
        ) {
            bytes.removeAll(keepingCapacity: true)
            bytes.append(contentsOf: object)
            keys.removeAll(keepingCapacity: true)
            values.removeAll(keepingCapacity: true)
            for key in newKeys {
                keys.append(.init(start: key.start - start, end: key.end - start, escaped: key.escaped))
            }
            for value in newValues {
                values.append(.init(start: value.start - start, end: value.end - start, escaped: value.escaped))
            }
        }
    }

    /// The kinds of k6's built-in metrics, for points that come before their Metric record.
    static func builtInKind(_ name: String) -> LoadMetric.Kind? {
        switch name {
        case "http_reqs", "iterations", "data_sent", "data_received", "dropped_iterations", "grpc_reqs": return .counter
        case "http_req_failed", "checks": return .rate
        case "vus", "vus_max": return .gauge
        case "http_req_duration", "http_req_blocked", "http_req_connecting", "http_req_tls_handshaking",
            "http_req_sending", "http_req_waiting", "http_req_receiving", "iteration_duration", "grpc_req_duration",
            "ws_session_duration", "ws_connecting":
            return .trend
        default: return nil
        }
    }
}
