/// `vegeta encode --to csv`: see `VegetaResultsReader`.
public enum VegetaResultsCSV: LoadTestFormat {
    public static let name = "vegeta results (CSV)"

    public static func recognizes(head: String, fileName: String) -> Bool {
        let first = head.prefix { $0 != "\n" }
        let fields = first.split(separator: ",", maxSplits: 5, omittingEmptySubsequences: false)
        guard fields.count >= 6 else { return false }
        return fields[0].count >= 16 && fields[0].count <= 20 && fields[0].allSatisfy(\.isNumber)
            && fields[1...4].allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isNumber) }
    }

    public static func read(_ source: LoadTestSource, options: LoadTestReadOptions) throws(LoadTestReadError)
        -> LoadTestRun
    {
        var reader = VegetaResultsReader(file: source.file, options: options)
        source.forEachLine { buffer, number, cut in
            if buffer.isEmpty { return true }
            if cut {
                // Go's csv writer ends every record with a newline.
                reader.recorder.markTruncated()
                return false
            }
            let line = Substring(ToolOutputText.string(buffer))
            guard let fields = ToolOutputText.csvFields(line), fields.count >= 6 else {
                reader.recorder.problem(line: number, "expected a vegeta CSV result (timestamp,code,latency,…)")
                return true
            }
            let names = ["the timestamp (ns)", "the status code", "the latency (ns)"]
            var numbers: [Int64] = []
            for index in 0..<3 {
                guard let value = Int64(fields[index]) else {
                    reader.recorder.problem(
                        line: number, column: ToolOutputText.column(ofField: index, in: line),
                        "\(names[index]) should be a whole number, found '\(fields[index])'")
                    return true
                }
                numbers.append(value)
            }
            let seconds = Double(numbers[0] / 1_000_000_000) + Double(numbers[0] % 1_000_000_000) / 1e9
            reader.result(
                start: seconds, code: Int(numbers[1]), latencyNanoseconds: numbers[2], bytesIn: Double(fields[4]),
                error: fields[5], url: fields.count > 10 ? fields[10] : nil)
            return true
        }
        return try reader.finish(file: source.file)
    }
}
