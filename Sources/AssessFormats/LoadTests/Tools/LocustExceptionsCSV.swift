/// Locust's `PREFIX_exceptions.csv`: `Count,Message,Traceback,Nodes`, one row per distinct
/// exception raised in the locustfile's own code (not a failed request: those are in
/// `_failures.csv`). Locust writes it on every `--csv` run, usually with the header alone.
///
/// Mapping: each row → `errors["exception: Message"] += Count`. The file holds no requests, so
/// on its own it gives no request metrics; it is read as part of its run's set of files
/// (`LoadTestFileSet`), where it adds the exceptions to the run's errors.
public enum LocustExceptionsCSV: LoadTestFormat {
    public static let name = "Locust --csv exceptions"

    public static func recognizes(head: String, fileName: String) -> Bool {
        guard let table = LocustStatsCSV.headerTable(head) else { return false }
        return table.index("Count") != nil && table.index("Message") != nil && table.index("Traceback") != nil
    }

    public static func read(_ source: LoadTestSource, options: LoadTestReadOptions) throws(LoadTestReadError)
        -> LoadTestRun
    {
        let text = source.text()
        // A traceback spans lines inside quotes, so the file is split into records, not lines.
        let records = ToolOutputText.csvRecords(text)
        guard let header = records.first, let table = CSVTable(headerLine: header.text),
            let countColumn = table.index("Count"), let messageColumn = table.index("Message")
        else {
            throw LoadTestReadError(
                file: source.file, "expected Locust's exceptions header (Count,Message,Traceback,Nodes)")
        }
        var recorder = LoadTestRecorder(file: source.file, tool: .locust, options: options)
        for record in records.dropFirst() where !record.text.isEmpty {
            guard let fields = table.fields(record.text), fields.count == table.header.count else {
                recorder.problem(line: record.number, "expected \(table.header.count) columns as in the header")
                continue
            }
            let row = CSVRow(fields: fields, line: record.text, number: record.number, separator: ",")
            guard let count = row.number(countColumn, into: &recorder, what: "Count") else { continue }
            recorder.addError("exception: " + fields[messageColumn], count: Int(count))
        }
        return recorder.finish()
    }
}
