import Foundation

/// A reviewer's scores for the manual criteria of one submission, read from
/// `--reviews FILE`: YAML keyed by criterion id.
///
/// ```yaml
/// boundaries-judgement: { level: good, comment: "Orders and Payments share a table.", reviewer: dana }
/// naming: { points: 3 }
/// ```
public struct Reviews: Sendable, Hashable {
    public var entries: [String: Review]

    public init(entries: [String: Review] = [:]) {
        self.entries = entries
    }

    /// Reads a reviews file, checking its criterion ids against `rubric`.
    public init(text: String, file: String, rubric: Rubric) throws(RubricError) {
        let node: YAMLNode
        do { node = try YAMLParser().parse(text, file: file) } catch { throw RubricError(error) }
        let log = DiagnosticLog()
        var entries: [String: Review] = [:]
        if !node.isNull {
            guard let pairs = node.mapping else {
                throw RubricError(
                    [.error(at: node.location, "expected a mapping of criterion ids to reviews, found \(node.found)")],
                    sources: [file: text])
            }
            let ids = rubric.criteria.map(\.id)
            let reviewed = rubric.criteria.filter { $0.grader is any ReviewedGrader }.map(\.id)
            for pair in pairs {
                guard let id = pair.key.string else { continue }
                guard let criterion = rubric.criteria.first(where: { $0.id == id }) else {
                    log.error(
                        at: pair.key.location,
                        "no criterion '\(id)' in rubric '\(rubric.id)'\(Suggestion.didYouMean(id, in: reviewed.isEmpty ? ids : reviewed))"
                    )
                    continue
                }
                guard let grader = criterion.grader as? any ReviewedGrader else {
                    let others = reviewed.isEmpty ? "" : "; the criteria a reviewer scores are \(reviewed.joined(separator: ", "))"
                    log.error(
                        at: pair.key.location,
                        "criterion '\(id)' is graded by \(criterion.graderKind), not by a reviewer, so it takes no review\(others)"
                    )
                    continue
                }
                guard
                    let reader = MappingReader(
                        pair.value, keys: ["level", "points", "score", "comment", "reviewer"],
                        context: "the review of '\(id)'", log: log)
                else { continue }
                let review = Review(
                    level: reader.string("level"), points: reader.double("points"), score: reader.double("score"),
                    comment: reader.string("comment"), reviewer: reader.string("reviewer"),
                    location: pair.value.location)
                if let score = review.score, !(0...1).contains(score) {
                    log.error(
                        at: reader.node("score")?.location,
                        "a review 'score' is a fraction in 0…1, found \(score.compact)")
                }
                for problem in grader.problems(in: review) {
                    log.error(
                        at: reader.node(problem.key)?.location ?? pair.value.location,
                        "the review of '\(id)': \(problem.message)")
                }
                entries[id] = review
            }
        }
        if log.hasErrors { throw RubricError(log.diagnostics, sources: [file: text]) }
        self.entries = entries
    }

    /// Where a review is, as reports show it: "reviews" and the line, not the path the reviewer
    /// typed, so the same review file gives the same report wherever it was read from.
    static func reportLocation(_ location: SourceLocation) -> SourceLocation {
        SourceLocation(file: "reviews", line: location.line, column: location.column)
    }

    /// Reads a reviews file from disk.
    public static func load(_ path: String, rubric: Rubric) throws(RubricError) -> Reviews {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw RubricError([.error(at: nil, "cannot read reviews file '\(path)'")])
        }
        return try Reviews(text: text, file: path, rubric: rubric)
    }
}

/// One reviewer's judgement of one criterion: a level, points or a fraction, and a comment.
public struct Review: Sendable, Hashable, Codable {
    public var level: String?
    public var points: Double?
    public var score: Double?
    public var comment: String?
    public var reviewer: String?
    public var location: SourceLocation?

    public init(
        level: String? = nil, points: Double? = nil, score: Double? = nil, comment: String? = nil,
        reviewer: String? = nil, location: SourceLocation? = nil
    ) {
        self.level = level
        self.points = points
        self.score = score
        self.comment = comment
        self.reviewer = reviewer
        self.location = location
    }

    /// True when the entry says nothing scorable (a comment alone).
    public var isUnscored: Bool { level == nil && points == nil && score == nil }
}
