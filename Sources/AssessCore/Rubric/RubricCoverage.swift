import Foundation

/// What a rubric really measures, objective by objective: the criteria that assess each one,
/// their weight and share of the rubric, and whether a program or only a reviewer judges it.
/// A course lead reads it to see that every objective of a checkpoint is assessed, and how much.
public struct RubricCoverage: Sendable {
    /// One criterion as it counts towards an objective.
    public struct Assessment: Sendable, Hashable {
        public var criterion: String
        public var weight: Double
        public var required: Bool
        /// Judged by a reviewer (`manual`), not by a program.
        public var byReviewer: Bool
        /// Why a reviewer judges it (the criterion's description), when it says.
        public var reason: String?
    }

    public struct Entry: Sendable, Hashable {
        public var objective: Objective
        public var assessments: [Assessment]
        /// Sum of the weights of the criteria that cover the objective.
        public var weight: Double
        /// That weight as a percentage of all the rubric's weight.
        public var share: Double

        /// Covered, but only by criteria a reviewer scores.
        public var reviewerOnly: Bool { !assessments.isEmpty && assessments.allSatisfy(\.byReviewer) }
    }

    public var rubric: String
    public var title: String
    public var pass: Double
    public var entries: [Entry]
    /// Criteria that name no objective (housekeeping such as links or placeholders).
    public var uncovering: [String]
    public var totalWeight: Double

    public init(_ rubric: Rubric) {
        self.rubric = rubric.id
        title = rubric.title
        pass = rubric.pass
        totalWeight = rubric.criteria.reduce(0) { $0 + $1.weight }
        let total = totalWeight
        entries = rubric.objectives.map { objective in
            let assessments = rubric.criteria.filter { $0.covers.contains(objective.id) }.map { criterion in
                let manual = criterion.grader is any ReviewedGrader
                return Assessment(
                    criterion: criterion.id, weight: criterion.weight, required: criterion.required,
                    byReviewer: manual,
                    reason: manual ? criterion.description?.trimmingCharacters(in: .whitespacesAndNewlines) : nil)
            }
            let weight = assessments.reduce(0) { $0 + $1.weight }
            return Entry(
                objective: objective, assessments: assessments, weight: weight,
                share: total > 0 ? weight / total * 100 : 0)
        }
        uncovering = rubric.criteria.filter(\.covers.isEmpty).map(\.id)
    }

    /// Objectives no criterion assesses.
    public var uncovered: [Objective] { entries.filter(\.assessments.isEmpty).map(\.objective) }

    /// The coverage as plain text: one block per objective.
    public func text() -> String {
        var out = "\(rubric): \(title) (pass mark \(pass.compact(places: 1))%)\n"
        out += "\(entries.count) objectives, \(entries.count - uncovered.count) covered\n"
        for entry in entries {
            out += "\n\(entry.objective.id): \(entry.objective.text)\n"
            guard !entry.assessments.isEmpty else {
                out += "  NOT COVERED: no criterion assesses it\n"
                continue
            }
            out +=
                "  \(entry.share.compact(places: 1))% of the weight (\(entry.weight.compact(places: 1)) of \(totalWeight.compact(places: 1)))"
                + (entry.reviewerOnly ? ", judged by a reviewer only" : "") + "\n"
            for assessment in entry.assessments {
                out += "  - \(assessment.criterion) (\(Self.describe(assessment)))\n"
                if let reason = assessment.reason { out += "      why a reviewer: \(Self.oneLine(reason))\n" }
            }
        }
        if !uncovering.isEmpty {
            out += "\ncriteria that cover no objective: \(uncovering.joined(separator: ", "))\n"
        }
        return out
    }

    /// The coverage as a Markdown table: objective, criteria, share.
    public func markdown() -> String {
        var out = "| objective | criteria | weight |\n| --- | --- | --- |\n"
        for entry in entries {
            let criteria =
                entry.assessments.isEmpty
                ? "**not covered**"
                : entry.assessments.map { "`\($0.criterion)`\($0.byReviewer ? " (reviewer)" : "")" }.joined(
                    separator: ", ")
            out +=
                "| \(entry.objective.text) (`\(entry.objective.id)`) | \(criteria) | \(entry.share.compact(places: 1))% |\n"
        }
        return out
    }

    static func describe(_ assessment: Assessment) -> String {
        var parts = ["weight \(assessment.weight.compact(places: 1))"]
        if assessment.required { parts.append("required") }
        parts.append(assessment.byReviewer ? "reviewer" : "automated")
        return parts.joined(separator: ", ")
    }

    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
    }
}
