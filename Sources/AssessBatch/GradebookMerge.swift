import Foundation

/// Joins the outputs of shards (`--shard K/N`, CI matrix jobs, Kubernetes indexed Jobs) into
/// one gradebook, equal to what one machine would have written.
public enum GradebookMerge {
    public struct Result: Sendable {
        public var gradebook: Gradebook
        /// Cohort ids no shard graded.
        public var missing: [String]
    }

    public static func merge(_ outs: [String]) throws(MergeError) -> Result {
        var gradebooks: [(String, Gradebook)] = []
        for out in outs {
            guard let data = FileManager.default.contents(atPath: out + "/gradebook.json") else {
                throw MergeError("'\(out)' has no gradebook.json: is it the --out of an assess batch run?")
            }
            do {
                gradebooks.append((out, try JSONDecoder().decode(Gradebook.self, from: data)))
            } catch {
                throw MergeError("'\(out)/gradebook.json' cannot be read: \(error)")
            }
        }
        guard var merged = gradebooks.first?.1 else { throw MergeError("nothing to merge") }
        var owner: [String: String] = [:]
        var rows: [GradebookRow] = []
        var cohort = Set<String>()
        for (out, gradebook) in gradebooks {
            guard gradebook.rubricSHA256 == merged.rubricSHA256 else {
                throw MergeError(
                    "'\(out)' was graded with a different rubric (\(gradebook.rubric) \(gradebook.rubricSHA256.prefix(12))) than '\(gradebooks[0].0)' (\(merged.rubricSHA256.prefix(12)))"
                )
            }
            for row in gradebook.rows {
                if let first = owner[row.id] {
                    throw MergeError("submission '\(row.id)' is in both '\(first)' and '\(out)': shards overlap")
                }
                owner[row.id] = out
                rows.append(row)
            }
            cohort.formUnion(gradebook.cohort)
        }
        merged.cohort = cohort.sorted()
        merged.rows = rows.sorted { $0.id < $1.id }
        return Result(gradebook: merged, missing: merged.missing)
    }
}

public struct MergeError: Error, Sendable, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
