public import AssessCore
import AssessFormats

/// A table with the columns a reviewer expects, enough rows, and cells that make sense:
/// an SLO table with SLI, target and window; a service catalogue with owners.
public struct MarkdownTableGrader: Grader {
    public struct Options: Sendable, Hashable {
        var section: SectionNames?
        var columns: [SectionNames]
        var minRows: Int
        var checks: [ColumnCheck]

        struct ColumnCheck: Sendable, Hashable {
            var column: SectionNames
            var nonEmpty: Bool
            var matches: Pattern?
            var min: Double?
            var max: Double?
        }
    }

    public static let description = GraderDescription(
        kind: "markdown.table",
        summary:
            "Finds the table (in `section`, or anywhere) with the most of the required columns (header names with synonyms) and checks its columns, its row count and, per column, that cells are non-empty, match a regex or hold numbers in a range. Score: the mean of columns found, rows (n/min_rows) and cells passing their checks.",
        options: [
            OptionDescription("section", .names, "Look only in this section."),
            OptionDescription(
                "columns", .list(.names),
                "Required columns, e.g. `[SLI, [Target, Objective], Window]`."),
            OptionDescription("min_rows", .integer, default: "1", "Fewest data rows."),
            OptionDescription(
                "checks", .structure("mapping of column → {non_empty, matches, min, max}"),
                "Per-column cell checks; numbers may carry units or a % sign (`99.9%`, `250ms`)."),
        ],
        examples: [
            GraderExample(
                "An SLO table",
                with: "{ columns: [SLI, [Target, Objective], Window], checks: { Target: { min: 90, max: 100 } } }",
                paths: ["slo.md"],
                files: [
                    "slo.md":
                        "## SLOs\n| SLI | Target | Window |\n| --- | --- | --- |\n| checkout latency p95 < 300ms | 99.9% | 28d |\n"
                ],
                .passes),
            GraderExample(
                "The window column is missing and a target is out of range",
                with: "{ columns: [SLI, Target, Window], checks: { Target: { min: 90, max: 100 } } }",
                paths: ["slo.md"],
                files: ["slo.md": "| SLI | Target |\n| --- | --- |\n| availability | 9.99 |\n"], .fails),
        ])

    public let options: Options

    public init(options: Options) {
        self.options = options
    }

    public static func options(from reader: MappingReader) -> Options? {
        var columns: [SectionNames] = []
        if let list = reader.require("columns") {
            for entry in list.sequence ?? [list] {
                if let names = entry.expectStrings(for: "columns", log: reader.log), !names.isEmpty {
                    columns.append(SectionNames(names: names))
                }
            }
        }
        var checks: [Options.ColumnCheck] = []
        if let map = reader.node("checks") {
            for pair in map.mapping ?? [] {
                guard let column = pair.key.string,
                    let sub = MappingReader(
                        pair.value, keys: ["non_empty", "matches", "min", "max"],
                        context: "the checks of column '\(column)'", log: reader.log)
                else { continue }
                let names =
                    columns.first { HeadingMatcher.matches(column, any: $0.names) } ?? SectionNames(names: [column])
                checks.append(
                    .init(
                        column: names, nonEmpty: sub.bool("non_empty") ?? false,
                        matches: Pattern.read("matches", from: sub),
                        min: sub.double("min"), max: sub.double("max")))
            }
            if map.mapping == nil {
                reader.log.error(
                    at: map.location,
                    "expected a mapping of column names to checks for 'checks', found \(map.found)")
            }
        }
        let minRows = reader.declaredInt("min_rows")
        if minRows < 0 { reader.log.error(at: reader.node("min_rows")?.location, "'min_rows' cannot be negative") }
        return Options(
            section: SectionNames.read("section", from: reader), columns: columns, minRows: minRows, checks: checks)
    }

    public func grade(_ job: GradingJob) async throws -> Outcome {
        judge(try job.markdownDocuments())
    }

    /// The documents' best-matching table: its columns, its rows, and each checked cell.
    func judge(_ documents: [MarkdownDocument]) -> Outcome {
        let tables: [MarkdownTable]
        if let section = options.section {
            tables = documents.flatMap { $0.sections(named: section.names).flatMap { $0.allBlocks.flatMap(\.tables) } }
        } else {
            tables = documents.flatMap(\.tables)
        }
        let scope = options.section.map { " in section \($0)" } ?? ""
        guard let table = tables.max(by: { matchedColumns($0) < matchedColumns($1) }) else {
            return .failed(
                "no table\(scope)",
                findings: [
                    documentFinding(
                        documents,
                        "no table\(scope); expected columns \(options.columns.map(\.description).joined(separator: ", "))"
                    )
                ])
        }
        var findings: [Finding] = []
        let missing = options.columns.filter { table.column(named: $0.names) == nil }
        for column in missing {
            findings.append(
                .error(
                    "the table has no column \(column); its columns are \(table.header.map { "'\($0.text)'" }.joined(separator: ", "))",
                    at: table.location))
        }
        var parts = [
            options.columns.isEmpty ? 1 : Double(options.columns.count - missing.count) / Double(options.columns.count)
        ]
        if options.minRows > 0 {
            parts.append(min(1, Double(table.rows.count) / Double(options.minRows)))
            if table.rows.count < options.minRows {
                findings.append(
                    .error(
                        "the table has \(plural(table.rows.count, "row")); it needs at least \(options.minRows)",
                        at: table.location))
            }
        }
        var checked = 0
        var good = 0
        for check in options.checks {
            guard let index = table.column(named: check.column.names) else { continue }
            for row in table.rows {
                checked += 1
                guard index < row.count else {
                    findings.append(
                        .error(
                            "row has no '\(table.header[index].text)' cell", at: row.first?.location ?? table.location))
                    continue
                }
                if let problem = problem(with: row[index].text, check) {
                    findings.append(.error("'\(table.header[index].text)' \(problem)", at: row[index].location))
                } else {
                    good += 1
                }
            }
        }
        if checked > 0 { parts.append(Double(good) / Double(checked)) }
        let score = parts.reduce(0, +) / Double(parts.count)
        return .scored(
            score,
            "table\(scope) with \(plural(table.rows.count, "row")), \(options.columns.count - missing.count) of \(plural(options.columns.count, "required column"))",
            findings: findings,
            measurements: [MeasuredValue("rows", Double(table.rows.count), limit: ">= \(options.minRows)")])
    }

    private func matchedColumns(_ table: MarkdownTable) -> Int {
        options.columns.filter { table.column(named: $0.names) != nil }.count
    }

    private func problem(with cell: String, _ check: Options.ColumnCheck) -> String? {
        if check.nonEmpty, cell.isEmpty || cell == "-" || cell == "—" { return "is empty" }
        if let pattern = check.matches, !pattern.firstMatch(in: cell) {
            return "'\(cell)' does not match /\(pattern.source)/"
        }
        if check.min != nil || check.max != nil {
            guard let number = Self.number(in: cell) else { return "'\(cell)' is not a number" }
            if let min = check.min, number < min { return "\(number.compact) is below \(min.compact)" }
            if let max = check.max, number > max { return "\(number.compact) is above \(max.compact)" }
        }
        return nil
    }

    /// The first number in a cell: `99.9%` → 99.9, `250 ms` → 250, `1,000 rps` → 1000.
    static func number(in cell: String) -> Double? {
        var digits = ""
        var started = false
        for character in cell {
            if character.isNumber || (character == "." && started) || (character == "-" && !started) {
                digits.append(character)
                started = started || character.isNumber
            } else if character == ",", started {
                continue
            } else if started {
                break
            }
        }
        return Double(digits)
    }
}
