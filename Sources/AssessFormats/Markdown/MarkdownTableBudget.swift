public import AssessYAML

/// The cells a GitHub table may make cmark-gfm allocate, checked before the text reaches it.
///
/// cmark-gfm pads every row of a table to its header's width, and the Debian build (0.29.0
/// gfm.6) has no cap on that padding: a 19 KB table whose header has 5,000 columns over a
/// thousand one-letter rows asks for seven million cell nodes (1.4 GB), 904 KB aborts the
/// process. cmark cannot be interrupted once called, so the only bound is on what it is
/// given: a table whose header width times its row count is over `maxCells` has its
/// delimiter row blanked (every line keeps its number, the rest of the document is read)
/// and a problem says which table was left out and why.
public struct MarkdownTableBudget: Sendable, Hashable {
    /// Most cells (header width × rows, padding included) one table may ask for. A real
    /// design document's widest tables hold a few thousand; this is a few tens of MB in cmark.
    public var maxCells: Int

    public init(maxCells: Int = 200_000) {
        self.maxCells = maxCells
    }

    /// `text` with every over-budget table defused, and one error per table left out.
    public func apply(to text: String, file: String) -> (String, [Diagnostic]) {
        guard text.utf8.contains(UInt8(ascii: "|")) || text.utf8.contains(UInt8(ascii: "-")) else { return (text, []) }
        // Lines split on the byte: "\r\n" is one `Character`, so splitting on the character "\n"
        // would leave a CRLF document one line long (and its tables unchecked), and slowly.
        let lines = text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map {
            Substring($0)
        }
        var problems: [Diagnostic] = []
        var blanked: [Range<String.Index>] = []
        var index = 1
        while index < lines.count {
            guard let columns = Self.delimiterColumns(lines[index]), !Self.isBlank(lines[index - 1]) else {
                index += 1
                continue
            }
            var end = index + 1
            while end < lines.count, !Self.isBlank(lines[end]) { end += 1 }
            let rows = end - index - 1
            let (cells, overflow) = columns.multipliedReportingOverflow(by: rows + 1)
            if overflow || cells > maxCells {
                problems.append(
                    .error(
                        at: SourceLocation(file: file, line: index, column: 1),
                        "a table of \(columns) columns over \(rows) rows (\(cells) cells once padded) is over the "
                            + "\(maxCells)-cell reading budget; the table was not read"))
                blanked.append(lines[index].startIndex..<lines[index].endIndex)
            }
            index = end
        }
        guard !problems.isEmpty else { return (text, []) }
        var defused = ""
        var kept = text.startIndex
        for range in blanked {
            defused += text[kept..<range.lowerBound]
            kept = range.upperBound
        }
        defused += text[kept...]
        return (defused, problems)
    }

    /// The column count of a GFM delimiter row (`| --- | :-: |`), or nil when the line is none.
    static func delimiterColumns(_ line: Substring) -> Int? {
        let space: (UInt8) -> Bool = { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: "\r") }
        var bytes = line.utf8[...]
        while let first = bytes.first, space(first) { bytes = bytes.dropFirst() }
        while let last = bytes.last, space(last) { bytes = bytes.dropLast() }
        if bytes.first == UInt8(ascii: "|") { bytes = bytes.dropFirst() }
        if bytes.last == UInt8(ascii: "|") { bytes = bytes.dropLast() }
        guard !bytes.isEmpty else { return nil }
        var columns = 0
        for cell in bytes.split(separator: UInt8(ascii: "|"), omittingEmptySubsequences: false) {
            var inner = cell.drop(while: space)
            while let last = inner.last, space(last) { inner = inner.dropLast() }
            if inner.first == UInt8(ascii: ":") { inner = inner.dropFirst() }
            if inner.last == UInt8(ascii: ":") { inner = inner.dropLast() }
            guard !inner.isEmpty, inner.allSatisfy({ $0 == UInt8(ascii: "-") }) else { return nil }
            columns += 1
        }
        return columns
    }

    static func isBlank(_ line: Substring) -> Bool {
        line.utf8.allSatisfy { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: "\r") }
    }
}
