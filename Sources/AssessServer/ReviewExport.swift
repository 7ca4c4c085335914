import AssessBatch
import AssessCore
import Foundation

/// What the app hands back to the command line: one reviews file per submission in exactly
/// the `--reviews` format, and the gradebook that `assess batch COHORT --reviews FOLDER/reviews`
/// writes from those files — made by that same `BatchRunner`, so the two agree byte for byte —
/// with the Canvas and Moodle imports beside it and the audit log as CSV.
struct ReviewExport: Sendable {
    var app: ReviewApp

    func write(to folder: String) async throws(ReviewError) -> Gradebook {
        let cohort = app.cohort
        let scores: [StoredScore]
        let audit: [AuditRow]
        do {
            scores = try await app.store.allScores()
            audit = try await app.store.audit(submission: nil)
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw ReviewError.database(path: folder, message: "\(error)")
        }
        let reviews = folder + "/reviews"
        try Self.writeReviews(scores, ids: cohort.ids, rubric: cohort.rubric, to: reviews)
        // The app's own batch folder: rows whose reviews file did not change are reused.
        let runner = BatchRunner(
            rubric: cohort.rubric, cohort: cohort.cohort, out: cohort.work + "/batch", jobs: app.options.jobs,
            reviews: reviews)
        do {
            let outcome = try await runner.run()
            try BatchRunner.writeCohortFiles(outcome.gradebook, to: folder)
            try Data(Self.auditCSV(audit).utf8).write(
                to: URL(fileURLWithPath: folder + "/audit.csv"), options: .atomic)
            return outcome.gradebook
        } catch {
            throw ReviewError.cohort(path: cohort.cohort, message: "cannot export the gradebook: \(error)")
        }
    }

    /// One `ID.yaml` per submission with at least one saved entry; files of submissions with
    /// none are removed, so the folder says exactly what the database says.
    static func writeReviews(_ scores: [StoredScore], ids: [String], rubric: Rubric, to folder: String)
        throws(ReviewError)
    {
        let bySubmission = Dictionary(grouping: scores, by: \.submission)
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            for id in ids {
                let path = folder + "/" + id + ".yaml"
                guard let entries = bySubmission[id], !entries.isEmpty else {
                    try? FileManager.default.removeItem(atPath: path)
                    continue
                }
                let text = reviewsFile(entries, rubric: rubric)
                // Unchanged bytes are not rewritten: the batch's resume key reads them.
                if FileManager.default.contents(atPath: path) == Data(text.utf8) { continue }
                try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
            }
        } catch {
            throw ReviewError.cohort(path: folder, message: "cannot write the reviews files: \(error)")
        }
    }

    /// A reviews file as `assess grade --reviews` reads it: one flow mapping per criterion, in
    /// the rubric's order, strings double-quoted (JSON string syntax is YAML's double-quoted
    /// syntax for everything JSON emits).
    static func reviewsFile(_ scores: [StoredScore], rubric: Rubric) -> String {
        let byCriterion = Dictionary(uniqueKeysWithValues: scores.map { ($0.criterion, $0) })
        var lines = ["# \(rubric.id): reviews exported by assess serve"]
        for criterion in rubric.criteria {
            guard let score = byCriterion[criterion.id] else { continue }
            var fields: [String] = []
            if let level = score.level { fields.append("level: \(quoted(level))") }
            if let points = score.points { fields.append("points: \(points.shown)") }
            if let comment = score.fullComment { fields.append("comment: \(quoted(comment))") }
            fields.append("reviewer: \(quoted(score.reviewer))")
            lines.append("\(criterion.id): { \(fields.joined(separator: ", ")) }")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func quoted(_ text: String) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return (try? String(decoding: encoder.encode(text), as: UTF8.self)) ?? "\"\""
    }

    /// The audit log, one row per change, as RFC 4180 CSV with formula-safe cells.
    static func auditCSV(_ rows: [AuditRow]) -> String {
        var lines = [
            [
                "id", "at", "actor", "submission", "criterion", "action", "old", "new", "rubric_sha256",
                "submission_sha256",
            ]
            .map { CSVField($0).description }.joined(separator: ",")
        ]
        for row in rows {
            lines.append(
                [
                    String(row.id), row.at, row.actor, row.submission, row.criterion ?? "", row.action, row.old ?? "",
                    row.new ?? "", row.rubricSHA256, row.submissionSHA256,
                ].map { CSVField($0).description }.joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }
}
