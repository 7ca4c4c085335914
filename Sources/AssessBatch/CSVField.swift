/// One cell of a CSV file Assess writes, as RFC 4180 quotes it and as OWASP advises against
/// formula injection: a cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return —
/// a learner id `=HYPERLINK(…)` from `assess.yaml`, an archive's name — is prefixed with `'`
/// and quoted, so a spreadsheet shows it as text instead of running it.
public struct CSVField: CustomStringConvertible {
    public var description: String

    public init(_ value: String) {
        var text = value
        let formula = text.unicodeScalars.first.map { ["=", "+", "-", "@", "\t", "\r"].contains($0) } ?? false
        if formula { text = "'" + text }
        if formula || text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            text = "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        description = text
    }
}
