import Foundation

/// Everything a grader may use to judge one criterion: the criterion, its input's files
/// (reads confined to the submission root), a reviewer's entry, and the time it has.
public struct GradingJob: Sendable {
    public var criterion: CriterionInfo
    /// The resolved files of the criterion's input (empty for graders that read none).
    public var files: [SubmissionFile]
    /// The input's declared format (`markdown`, `json`, `auto`, …).
    public var format: String
    public var submission: Submission
    /// The reviewer's entry for this criterion, when a reviews file has one.
    public var review: Review?
    public var timeout: Duration
    /// Values the run's criteria share (files parsed once for all the criteria that read them).
    public var cache: GradingRunCache = GradingRunCache()

    /// The file's bytes; refused (with a reason) when it leads outside the submission.
    public func read(_ file: SubmissionFile) throws(SubmissionError) -> Data {
        try submission.read(file)
    }

    /// The file's text, as UTF-8.
    public func text(_ file: SubmissionFile) throws(SubmissionError) -> String {
        try submission.text(file)
    }
}

/// The parts of a criterion a grader may show in its findings.
public struct CriterionInfo: Sendable, Hashable, Codable {
    public var id: String
    public var title: String
    public var weight: Double
}
