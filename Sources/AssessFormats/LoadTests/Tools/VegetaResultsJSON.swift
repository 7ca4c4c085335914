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
            let line = Substring(ToolOutputText.string(buffer))
            let fields = JSONLineFields(line)
            guard fields.isValid else {
                if cut {
                    reader.recorder.markTruncated()
                } else {
                    reader.recorder.problem(
                        line: number, column: fields.errorColumn ?? 1, fields.errorMessage ?? "not a JSON object")
                }
                return !cut
            }
            guard let stamp = fields.string("timestamp"), let start = ToolOutputText.rfc3339(stamp) else {
                reader.recorder.problem(line: number, "expected \"timestamp\" as an RFC 3339 time")
                return true
            }
            guard let code = fields.int64("code"), let latency = fields.int64("latency") else {
                reader.recorder.problem(line: number, "expected \"code\" and \"latency\" (ns) as numbers")
                return true
            }
            reader.result(
                start: start, code: Int(code), latencyNanoseconds: latency, bytesIn: fields.double("bytes_in"),
                error: fields.string("error") ?? "", url: fields.string("url"))
            return true
        }
        return try reader.finish(file: source.file)
    }
}
