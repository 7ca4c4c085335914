/// Locust's `PREFIX_failures.csv`: `Method,Name,Error,Occurrences` (Locust 2.44 adds `First
/// Seen,Last Seen`), one row per distinct failure.
///
/// Mapping: each row → `errors[Error] += Occurrences`, and the failures of the endpoint it
/// names. The file does not hold the number of requests, so it gives no `http_req_failed`
/// rate on its own; read `_stats.csv` for that.
public enum LocustFailuresCSV: LoadTestFormat {
    public static let name = "Locust --csv failures"

    public static func recognizes(head: String, fileName: String) -> Bool {
        guard let table = LocustStatsCSV.headerTable(head) else { return false }
        return table.index("Error") != nil && table.index("Occurrences") != nil && table.index("Name") != nil
    }

    public static func read(_ source: LoadTestSource, options: LoadTestReadOptions) throws(LoadTestReadError)
        -> LoadTestRun
    {
        let text = source.text()
        let lines = ToolOutputText.lines(text)
        guard let headerLine = lines.first, let table = CSVTable(headerLine: headerLine.text),
            let errorColumn = table.index("Error"), let countColumn = table.index("Occurrences")
        else {
            throw LoadTestReadError(
                file: source.file, "expected Locust's failures header (Method,Name,Error,Occurrences)")
        }
        let nameColumn = table.index("Name")
        var recorder = LoadTestRecorder(file: source.file, tool: .locust, options: options)
        for (index, (number, line)) in lines.dropFirst().enumerated() {
            if line.isEmpty { continue }
            guard let fields = table.fields(line), fields.count == table.header.count else {
                if index == lines.count - 2, ToolOutputText.endsMidLine(text) {
                    recorder.markTruncated()
                } else {
                    recorder.problem(line: number, "expected \(table.header.count) columns as in the header")
                }
                continue
            }
            let row = CSVRow(fields: fields, line: line, number: number, separator: ",")
            guard let count = row.number(countColumn, into: &recorder, what: "Occurrences") else { continue }
            recorder.addError(fields[errorColumn], count: Int(count))
            if let name = row.text(nameColumn), !name.isEmpty {
                var endpoint = recorder.run.endpoints[name] ?? EndpointStats()
                endpoint.failures += count
                recorder.setEndpoint(name, endpoint)
            }
        }
        return recorder.finish()
    }
}
