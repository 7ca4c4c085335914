/// A CSV file with a header row, read row by row with columns looked up by name, so a tool
/// that adds, drops or reorders columns between versions (Locust, hey, Kafka) is still read.
struct CSVTable {
    let header: [String]
    let separator: Character
    private let positions: [String: Int]

    /// The header's names, lower-cased and trimmed, so `"# requests"` and `Request Count` style
    /// variants can be matched without caring about case or quoting.
    init?(headerLine: Substring, separator: Character = ",") {
        guard let fields = ToolOutputText.csvFields(headerLine, separator: separator), fields.count > 1 else {
            return nil
        }
        header = fields.map { $0.trimmingCharacters(in: .whitespaces) }
        self.separator = separator
        var positions: [String: Int] = [:]
        for (index, name) in header.enumerated() where positions[Self.key(name)] == nil {
            positions[Self.key(name)] = index
        }
        self.positions = positions
    }

    static func key(_ name: String) -> String { name.trimmingCharacters(in: .whitespaces).lowercased() }

    /// The position of the first of `names` the header has.
    func index(_ names: String...) -> Int? {
        for name in names { if let index = positions[Self.key(name)] { return index } }
        return nil
    }

    /// One data row: its fields, or a problem message when the row cannot be split.
    func fields(_ line: Substring) -> [String]? {
        guard let fields = ToolOutputText.csvFields(line, separator: separator) else { return nil }
        return fields.map { $0.trimmingCharacters(in: .whitespaces) }
    }
}

/// Reads numbers out of one CSV row, noting each unreadable cell as a problem at its column.
struct CSVRow {
    let fields: [String]
    let line: Substring
    let number: Int
    let separator: Character

    /// The cell at `index` as a number; nil (and no problem) for an absent column, an empty
    /// cell or `N/A`; nil and a problem for anything else that is not a number.
    func number(_ index: Int?, into recorder: inout LoadTestRecorder, what: String) -> Double? {
        guard let index, index < fields.count else { return nil }
        let text = fields[index]
        if text.isEmpty || text == "N/A" { return nil }
        if let value = ToolOutputText.number(text) { return value }
        recorder.problem(
            line: number, column: ToolOutputText.column(ofField: index, in: line, separator: separator),
            "\(what) should be a number, found '\(text)'")
        return nil
    }

    func text(_ index: Int?) -> String? {
        guard let index, index < fields.count else { return nil }
        return fields[index]
    }
}
