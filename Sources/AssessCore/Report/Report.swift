/// The result of grading one submission against one rubric. Every reporter is a pure
/// function of this value; its JSON form (`assess.report/v1`) is documented field by field
/// in docs/report-format.md and is byte-identical for the same rubric and submission.
public struct Report: Sendable, Hashable, Codable {
    public static let schemaVersion = "assess.report/v1"

    public var schema: String
    public var rubric: RubricInfo
    public var submission: SubmissionInfo
    public var criteria: [CriterionResult]
    public var score: ScoreSummary
    public var verdict: Verdict
    /// The highest band reached, when the verdict is `passed`.
    public var band: String?
    /// Required criteria that did not pass.
    public var failedGates: [String]

    public init(
        rubric: RubricInfo, submission: SubmissionInfo, criteria: [CriterionResult], score: ScoreSummary,
        verdict: Verdict, band: String?, failedGates: [String]
    ) {
        self.schema = Report.schemaVersion
        self.rubric = rubric
        self.submission = submission
        self.criteria = criteria
        self.score = score
        self.verdict = verdict
        self.band = band
        self.failedGates = failedGates
    }

    /// The report a learner may see: hidden criteria left out (their points still count).
    public var learnerView: Report {
        var copy = self
        copy.criteria = criteria.filter { $0.visibility == .visible }
        return copy
    }
}

public enum Verdict: String, Sendable, Hashable, Codable {
    case passed, failed
    /// Some criterion awaits a reviewer; `ScoreSummary.range` says what is still attainable.
    case provisional
}

public struct RubricInfo: Sendable, Hashable, Codable {
    public var id: String
    public var title: String
    public var version: String?
    public var pass: Double
    public var bands: [Band]
    /// sha256 of the rubric and every file it extends, so a regrade can be audited.
    public var sha256: String
    /// The plugins that graded, with the sha256 of their programs; absent when none.
    public var plugins: [PluginDigest]?
}

public struct SubmissionInfo: Sendable, Hashable, Codable {
    public var name: String
    public var learner: String?
    /// Every file a criterion graded, with its digest.
    public var files: [FileDigest]
    /// Files an input matched but that were refused (outside the root, too large); absent when none.
    public var refused: [String]?
}

public struct FileDigest: Sendable, Hashable, Codable {
    public var path: String
    public var bytes: Int
    public var sha256: String

    public init(path: String, bytes: Int, sha256: String) {
        self.path = path
        self.bytes = bytes
        self.sha256 = sha256
    }
}

public struct CriterionResult: Sendable, Hashable, Codable {
    public var id: String
    public var title: String
    public var grader: String
    public var weight: Double
    public var required: Bool
    public var visibility: Visibility
    public var status: CriterionStatus
    /// 0…1.
    public var score: Double
    /// weight × score.
    public var points: Double
    public var summary: String
    public var findings: [Finding]
    public var measurements: [MeasuredValue]
    public var hint: String?
    public var review: ReviewNote?
    /// Pictures of the evidence (absent when the grader drew none).
    public var charts: [Chart]?
}

/// What a reviewer said, as the report shows it.
public struct ReviewNote: Sendable, Hashable, Codable {
    public var reviewer: String?
    public var comment: String?
    public var level: String?

    public init(reviewer: String? = nil, comment: String? = nil, level: String? = nil) {
        self.reviewer = reviewer
        self.comment = comment
        self.level = level
    }
}

public struct ScoreSummary: Sendable, Hashable, Codable {
    public var points: Double
    public var possible: Double
    /// points / possible × 100.
    public var percent: Double
    public var pass: Double
    /// While anything is pending: the percent with every pending criterion at 0 (`min`) and at
    /// full marks (`max`). Absent otherwise.
    public var range: ScoreRange?
}

public struct ScoreRange: Sendable, Hashable, Codable {
    public var min: Double
    public var max: Double

    public init(min: Double, max: Double) {
        self.min = min
        self.max = max
    }
}
