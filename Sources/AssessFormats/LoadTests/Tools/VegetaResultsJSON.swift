/// `vegeta encode --to json`: see `VegetaResultsReader`.
public enum VegetaResultsJSON: LoadTestFormat {
    public static let name = "vegeta results (JSON lines)"

    public static func recognizes(head: String, fileName: String) -> Bool {
        let first = head.prefix { $0 != "\n" }
        return first.hasPrefix("{") && first.contains("\"latency\"") && first.contains("\"code\"")
            && first.contains("\"timestamp\"")
    }

    public static func read(_ source: LoadTestSource, options: LoadTestReadOptions) throws(LoadTestReadError)
        -> LoadTestRun
    {
        var reader = VegetaResultsReader(file: source.file, options: options)
        source.forEachLine { buffer, number, cut in
            if buffer.isEmpty { return true }
            var scanner = JSONLineScanner(buffer)
            var stamp: String?
            var code: Double?
            var latency: Double?
            var bytesIn: Double?
            var error: String?
            var url: String?
            do throws(JSONLineScanner.SyntaxError) {
                try scanner.members { (s, key) throws(JSONLineScanner.SyntaxError) in
                    if s.null() { return }
                    if s.equals(key, "timestamp") {
                        stamp = s.decode(try s.string())
                    } else if s.equals(key, "code") {
                        code = try s.number()
                    } else if s.equals(key, "latency") {
                        latency = try s.number()
                    } else if s.equals(key, "bytes_in") {
                        bytesIn = try s.number()
                    } else if s.equals(key, "error") {
                        error = s.decode(try s.string())
                    } else if s.equals(key, "url") {
                        url = s.decode(try s.string())
                    } else {
                        try s.skipValue()
                    }
                }
            } catch {
                if cut {
                    reader.recorder.markTruncated()
                } else {
                    reader.recorder.problem(line: number, column: error.column, "not a JSON object: \(error.message)")
                }
                return !cut
            }
            guard let stamp, let start = ToolOutputText.rfc3339(stamp) else {
                reader.recorder.problem(line: number, "expected \"timestamp\" as an RFC 3339 time")
                return true
            }
            guard let code, let latency, let whole = Int64(exactly: latency.rounded()) else {
                reader.recorder.problem(line: number, "expected \"code\" and \"latency\" (ns) as numbers")
                return true
            }
            reader.result(
                start: start, code: Int(code), latencyNanoseconds: whole, bytesIn: bytesIn,
                error: error ?? "", url: url)
            return true
        }
        return try reader.finish(file: source.file)
    }
}
