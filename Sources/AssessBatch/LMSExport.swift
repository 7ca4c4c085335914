import Foundation

/// The gradebook in the shapes LMS grade imports read, written beside `gradebook.csv`:
///
/// - `canvas.csv`, Canvas's gradebook import: the columns `Student`, `ID`, `SIS User ID`,
///   `SIS Login ID`, `Section`, then one column per assignment (here the rubric's title), and
///   a `Points Possible` row beneath the header. Canvas matches a student by `ID` or
///   `SIS Login ID`: the learner id from `assess.yaml` goes in `SIS Login ID` (and
///   `Student`), the Canvas `ID` is left for Canvas to fill.
/// - `moodle.csv`, Moodle's "Import grades: CSV file": a user column (`Username`), a grade
///   column and a feedback column, which the import page maps to the user field and the
///   grade item.
///
/// The score is the percent (out of 100). A provisional submission (a review pending) has no
/// grade yet: its cell is empty, so an import never records a grade a reviewer can still
/// change; a row that could not be graded is empty too. Cells are defused like every CSV.
public enum LMSExport {
    public static let canvasHeader = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
    public static let moodleHeader = ["Username", "Grade", "Feedback"]

    public static func canvas(_ gradebook: Gradebook, assignment: String) -> String {
        var lines = [line(canvasHeader + [assignment])]
        lines.append(line(["Points Possible", "", "", "", "", "100"]))
        for row in gradebook.rows {
            let learner = row.learner ?? row.id
            lines.append(line([learner, "", "", learner, "", grade(row)]))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    public static func moodle(_ gradebook: Gradebook) -> String {
        var lines = [line(moodleHeader)]
        for row in gradebook.rows {
            lines.append(line([row.learner ?? row.id, grade(row), feedback(row)]))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// The percent of a graded row with a final verdict; empty otherwise.
    static func grade(_ row: GradebookRow) -> String {
        guard row.status == .graded, row.verdict == .passed || row.verdict == .failed, let score = row.score else {
            return ""
        }
        return score.compact(places: 2)
    }

    static func feedback(_ row: GradebookRow) -> String {
        guard row.status == .graded else { return "not graded: " + row.errors.joined(separator: "; ") }
        switch row.verdict {
        case .passed?: return "passed" + (row.band.map { " (\($0))" } ?? "")
        case .failed?: return "failed"
        case .provisional?:
            return "awaiting a reviewer"
                + (row.attainable.map { "; attainable \($0.min.compact(places: 2))–\($0.max.compact(places: 2))%" } ?? "")
        case nil: return ""
        }
    }

    static func line(_ fields: [String]) -> String {
        fields.map { CSVField($0).description }.joined(separator: ",")
    }
}
