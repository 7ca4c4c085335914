public import AssessYAML

/// Reads the text of a ```` ```mermaid ```` fence into a `MermaidDiagram`.
///
/// The parser is forgiving on purpose: a document is graded, not rendered, so one statement it
/// cannot read becomes a warning in `problems` and the statements around it are still read. A
/// statement is taken whole or not at all (a half-read chain adds no nodes), so a typo never
/// invents a node. It never throws, and every loop advances, so any input ends.
///
/// Columns count Unicode scalars, like `JSONReader`, from `start.column` for the first character
/// of every line: when the fence is indented and its lines were un-indented, pass the column of
/// the indentation so the locations are the file's.
public enum MermaidParser {
    /// `source` is the text inside a ```mermaid fence; `start` is the location of its first line in the file
    /// (so node locations are real file lines: line = start.line + index of the line in source).
    public static func parse(_ source: String, start: SourceLocation) -> MermaidDiagram {
        let lines = splitLines(source)
        var problems: [Diagnostic] = []
        func location(_ line: Int, _ column: Int) -> SourceLocation {
            SourceLocation(file: start.file, line: start.line + line, column: start.column + column)
        }
        guard let header = findHeader(lines, problems: &problems, location: location) else {
            if problems.isEmpty { problems.append(.warning(at: start, "the diagram is empty: no diagram type line")) }
            return MermaidDiagram(kind: .other, type: "", isParsed: false, problems: problems, location: start)
        }
        let kind = diagramKind(header.keyword)
        var diagram = MermaidDiagram(
            kind: kind, type: header.keyword, isParsed: kind != .other, problems: problems, location: start)
        guard kind != .other else { return diagram }
        let statements = StatementSplitter.split(
            lines, line: header.line, column: header.bodyColumn, semicolons: kind != .c4, brackets: kind == .flowchart)
        switch kind {
        case .flowchart:
            var builder = FlowchartBuilder()
            for statement in statements { builder.read(statement, at: location(statement.line, statement.column)) }
            builder.finish(into: &diagram)
        case .sequence:
            var builder = SequenceBuilder()
            for statement in statements { builder.read(statement, at: location(statement.line, statement.column)) }
            builder.finish(into: &diagram)
        case .c4:
            var builder = C4Builder()
            for statement in statements { builder.read(statement, at: location(statement.line, statement.column)) }
            builder.finish(into: &diagram)
        case .other:
            break
        }
        return diagram
    }

    static func diagramKind(_ keyword: String) -> MermaidDiagram.Kind {
        switch keyword {
        case "flowchart", "graph", "flowchart-elk": .flowchart
        case "sequenceDiagram": .sequence
        case "C4Context", "C4Container", "C4Component", "C4Dynamic", "C4Deployment": .c4
        default: .other
        }
    }

    /// Lines split on LF, CRLF or a lone CR (what cmark counts as line endings), as scalars.
    static func splitLines(_ source: String) -> [[Unicode.Scalar]] {
        var lines: [[Unicode.Scalar]] = [[]]
        var previousWasCR = false
        for scalar in source.unicodeScalars {
            if scalar == "\n" {
                if !previousWasCR { lines.append([]) }
                previousWasCR = false
            } else if scalar == "\r" {
                lines.append([])
                previousWasCR = true
            } else {
                lines[lines.count - 1].append(scalar)
                previousWasCR = false
            }
        }
        return lines
    }

    struct Header {
        var keyword: String
        var line: Int
        /// Where statements may start on the header line (after the keyword and a flowchart direction).
        var bodyColumn: Int
    }

    /// The first line that is not blank, front matter, a comment or a `%%{init}%%` directive.
    static func findHeader(
        _ lines: [[Unicode.Scalar]], problems: inout [Diagnostic], location: (Int, Int) -> SourceLocation
    ) -> Header? {
        var index = 0
        while index < lines.count, lines[index].trimmedScalars().isEmpty { index += 1 }
        if index < lines.count, MermaidText.string(lines[index].trimmedScalars()) == "---" {
            let opening = index
            index += 1
            while index < lines.count, MermaidText.string(lines[index].trimmedScalars()) != "---" { index += 1 }
            guard index < lines.count else {
                problems.append(.warning(at: location(opening, 0), "front matter opened with '---' is never closed"))
                return nil
            }
            index += 1
        }
        while index < lines.count {
            let text = lines[index].trimmedScalars()
            if text.isEmpty {
                index += 1
            } else if text.starts(with: "%%{".unicodeScalars) {
                index = StatementSplitter.endOfDirective(lines, from: index) + 1
            } else if text.starts(with: "%%".unicodeScalars) {
                index += 1
            } else {
                break
            }
        }
        guard index < lines.count else { return nil }
        let line = lines[index]
        var column = line.firstIndex { !$0.properties.isWhitespace } ?? 0
        let keywordStart = column
        while column < line.count, !line[column].properties.isWhitespace, line[column] != ";" { column += 1 }
        let keyword = MermaidText.string(line[keywordStart..<column])
        if diagramKind(keyword) == .flowchart {
            var after = column
            while after < line.count, line[after].properties.isWhitespace { after += 1 }
            var end = after
            while end < line.count, line[end].properties.isAlphabetic { end += 1 }
            let word = MermaidText.string(line[after..<end])
            if ["TB", "TD", "BT", "RL", "LR"].contains(word) {
                column = end
            } else if end == after, after < line.count, ["<", ">", "^", "v"].contains(line[after]),
                after + 1 == line.count || line[after + 1].properties.isWhitespace || line[after + 1] == ";"
            {
                column = after + 1
            }
        }
        return Header(keyword: keyword, line: index, bodyColumn: column)
    }
}
