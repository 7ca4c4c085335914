import Foundation

/// The points of k6's `--out json` stream one by one, in file order: metric name, time (epoch
/// seconds) and value, without the aggregation `K6JSONLines` does. For comparing two streams
/// sample by sample (one run handed in twice with its clock moved), where a summary would not
/// tell them apart from two honest runs. Lines are streamed; `Metric` declarations and lines
/// that are not k6 records are skipped.
public enum K6PointStream {
    public struct Point: Sendable, Hashable {
        public var metric: String
        /// Seconds since the epoch, from the point's RFC 3339 `time`.
        public var time: Double
        public var value: Double
        /// The 1-based line the point is on.
        public var line: Int

        public init(metric: String, time: Double, value: Double, line: Int) {
            self.metric = metric
            self.time = time
            self.value = value
            self.line = line
        }
    }

    /// Calls `body` with each `Point` record that has a metric, a time and a numeric value;
    /// returns false from `body` to stop.
    public static func forEachPoint(_ source: LoadTestSource, _ body: (Point) -> Bool) {
        var clock = TimestampCache()
        var names: [[UInt8]: String] = [:]
        source.forEachLine { line, number, _ in
            guard line.count > 2 else { return true }
            var scanner = JSONLineScanner(line)
            var isPoint = false
            var metric: JSONLineScanner.RawString?
            var time: Double?
            var value: Double?
            do throws(JSONLineScanner.SyntaxError) {
                try scanner.members { (s, key) throws(JSONLineScanner.SyntaxError) in
                    if s.equals(key, "type") {
                        isPoint = s.equals(try s.string(), "Point")
                    } else if s.equals(key, "metric") {
                        metric = try s.string()
                    } else if s.equals(key, "data") {
                        try s.members { (s, key) throws(JSONLineScanner.SyntaxError) in
                            if s.equals(key, "time") {
                                let raw = try s.string()
                                time = clock.seconds(UnsafeRawBufferPointer(rebasing: line[raw.start..<raw.end]))
                            } else if s.equals(key, "value") {
                                value = try s.number()
                            } else {
                                try s.skipValue()
                            }
                        }
                    } else {
                        try s.skipValue()
                    }
                }
            } catch {
                return true
            }
            guard isPoint, let metric, let time, let value else { return true }
            let bytes = Array(UnsafeRawBufferPointer(rebasing: line[metric.start..<metric.end]))
            let name: String
            if let known = names[bytes] {
                name = known
            } else {
                name = scanner.decode(metric)
                names[bytes] = name
            }
            return body(Point(metric: name, time: time, value: value, line: number))
        }
    }
}
