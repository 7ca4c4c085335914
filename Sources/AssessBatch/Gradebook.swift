public import AssessCore
import Foundation

/// One submission's line in the gradebook: what it scored, or why it could not be graded.
public struct GradebookRow: Sendable, Hashable, Codable {
    public enum Status: String, Sendable, Hashable, Codable {
        /// Every criterion was judged.
        case graded
        /// Something could not be graded (archive refused, files refused, a grader failed); `errors` says what.
        case error
    }

    public var id: String
    public var learner: String?
    public var status: Status
    public var score: Double?
    public var verdict: Verdict?
    public var band: String?
    /// While reviews are pending: the percent with every pending criterion at 0 and at full
    /// marks. Absent otherwise (and in rows written before it existed).
    public var attainable: ScoreRange?
    /// Criterion id → points earned.
    public var points: [String: Double]
    /// Criterion id → status, for the cohort summary.
    public var statuses: [String: CriterionStatus]
    public var errors: [String]
    /// The submission as the batch found it (folder or archive), relative to the cohort folder.
    public var source: String
    /// sha256 over the rubric's digest and the submission's content: a row is reused on resume
    /// only while this is unchanged.
    public var key: String
}

/// A cohort's results: what `gradebook.csv` and the summaries are made from, and what
/// `assess merge` and `assess rubric impact` read back.
public struct Gradebook: Sendable, Hashable, Codable {
    public static let schemaVersion = "assess.gradebook/v1"

    public struct Column: Sendable, Hashable, Codable {
        public var id: String
        public var title: String
        public var weight: Double
    }

    public var schema: String
    public var rubric: String
    /// The rubric's title (the assignment's name in an LMS import); absent in gradebooks
    /// written before it was kept.
    public var title: String?
    public var rubricSHA256: String
    public var pass: Double
    public var criteria: [Column]
    /// Every submission id in the cohort folder (all shards see the same list), sorted.
    public var cohort: [String]
    /// Rows of the submissions graded here, sorted by id.
    public var rows: [GradebookRow]

    public init(rubric: Rubric, cohort: [String], rows: [GradebookRow]) {
        schema = Gradebook.schemaVersion
        self.rubric = rubric.id
        title = rubric.title
        rubricSHA256 = rubric.sha256
        pass = rubric.pass
        criteria = rubric.criteria.map { Column(id: $0.id, title: $0.title, weight: $0.weight) }
        self.cohort = cohort.sorted()
        self.rows = rows.sorted { $0.id < $1.id }
    }

    /// Ids of the cohort with no row here.
    public var missing: [String] {
        let have = Set(rows.map(\.id))
        return cohort.filter { !have.contains($0) }
    }

    /// `gradebook.csv`: RFC 4180, one row per submission, a points column per criterion
    /// (`pending` while a reviewer has not scored it), and the attainable range of a
    /// provisional submission. Cells are safe to open in a spreadsheet (`CSVField`).
    public var csv: String {
        var lines = [
            (["id", "learner", "status", "score", "verdict", "band"] + criteria.map(\.id) + [
                "attainable_min", "attainable_max", "errors",
            ]).map { CSVField($0).description }.joined(separator: ",")
        ]
        for row in rows {
            var fields = [
                row.id, row.learner ?? "", row.status.rawValue, row.score.map { $0.compact(places: 2) } ?? "",
                row.verdict?.rawValue ?? "", row.band ?? "",
            ]
            fields += criteria.map { column in
                row.statuses[column.id] == .pending
                    ? "pending" : row.points[column.id].map { $0.compact(places: 2) } ?? ""
            }
            fields += [
                row.attainable.map { $0.min.compact(places: 2) } ?? "",
                row.attainable.map { $0.max.compact(places: 2) } ?? "",
            ]
            fields.append(row.errors.joined(separator: "; "))
            lines.append(fields.map { CSVField($0).description }.joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// Stable JSON: sorted keys, so equal gradebooks are equal bytes.
    public var json: Data {
        StableJSON.encode(self)
    }
}

/// A deterministic share of a cohort, stable when submissions are added: a submission belongs
/// to shard `index` of `total` by a hash of its id, not its place in a listing.
public struct Shard: Sendable, Hashable, CustomStringConvertible {
    /// 1-based.
    public var index: Int
    public var total: Int

    public init?(index: Int, total: Int) {
        guard total >= 1, (1...total).contains(index) else { return nil }
        self.index = index
        self.total = total
    }

    /// `K/N`, 1-based.
    public init?(_ text: String) {
        let parts = text.split(separator: "/")
        guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]) else { return nil }
        self.init(index: k, total: n)
    }

    /// From the environment of a Kubernetes indexed Job (`JOB_COMPLETION_INDEX`, 0-based, with
    /// the total given) or a GitLab parallel job (`CI_NODE_INDEX` 1-based, `CI_NODE_TOTAL`).
    public static func fromEnvironment(_ environment: [String: String], total: Int?) -> Shard? {
        if let index = environment["JOB_COMPLETION_INDEX"].flatMap(Int.init), let total {
            return Shard(index: index + 1, total: total)
        }
        if let index = environment["CI_NODE_INDEX"].flatMap(Int.init),
            let total = environment["CI_NODE_TOTAL"].flatMap(Int.init)
        {
            return Shard(index: index, total: total)
        }
        return nil
    }

    public var description: String { "\(index)/\(total)" }

    public func contains(_ id: String) -> Bool {
        Int(StableHash.fnv1a(id.utf8) % UInt64(total)) == index - 1
    }
}
