public import AssessCore

/// One thing a report holds against a submission, as code-review tools show it: an error or
/// warning finding, or, for a criterion that fell short without any, the criterion itself.
/// Every shortfall has a place: the file the finding names, else the criterion's line in the
/// rubric. SARIF, GitLab Code Quality and GitHub annotations are all made from this list.
public struct Shortfall: Sendable, Hashable {
    public var criterion: CriterionResult
    public var severity: Finding.Severity
    public var message: String
    public var hint: String?
    /// Relative to the base of `ReportPaths` (or absolute); nil only when neither the finding
    /// nor the rubric gives a place.
    public var location: SourceLocation?
    /// Whether `location` is the criterion's line in the rubric rather than the learner's file.
    public var inRubric: Bool

    /// How much it matters: a failed required criterion first, then the points the criterion
    /// lost (weight × lost score), errors before warnings.
    public var importance: (Int, Double, Int) {
        (
            criterion.required && criterion.status != .passed && criterion.status != .pending ? 1 : 0,
            criterion.weight - criterion.points, severity == .error ? 1 : 0
        )
    }

    /// Every shortfall of `report`, in report order.
    public static func all(in report: Report, paths: ReportPaths) -> [Shortfall] {
        var out: [Shortfall] = []
        for c in report.criteria {
            let rubricLine = paths.criteria[c.id]
            let findings = c.findings.filter { $0.severity != .info }
            for finding in findings {
                var location = rubricLine
                var inRubric = true
                if var at = finding.location {
                    at.file = paths.file(at.file)
                    location = at
                    inRubric = false
                }
                out.append(
                    Shortfall(
                        criterion: c, severity: finding.severity, message: finding.message,
                        hint: finding.hint ?? c.hint, location: location, inRubric: inRubric))
            }
            if findings.isEmpty, [.failed, .partial, .error, .inconclusive].contains(c.status) {
                out.append(
                    Shortfall(
                        criterion: c, severity: c.status == .failed || c.status == .error ? .error : .warning,
                        message: "\(c.title): \(c.summary)", hint: c.hint, location: rubricLine, inRubric: true))
            }
        }
        return out
    }

    /// `all(in:paths:)`, most important first (stable within equal importance).
    public static func ranked(in report: Report, paths: ReportPaths) -> [Shortfall] {
        all(in: report, paths: paths).enumerated().sorted { a, b in
            let (x, y) = (a.element.importance, b.element.importance)
            if x != y { return x > y }
            return a.offset < b.offset
        }.map(\.element)
    }
}
