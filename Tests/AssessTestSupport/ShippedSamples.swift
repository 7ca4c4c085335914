public import AssessCore
import AssessGraders
import Foundation

/// The sample submissions under `Submissions/` (every folder with an `assess.yaml`), each
/// graded against the rubric its manifest names, as `assess grade` would find it.
public enum ShippedSamples {
    /// Paths relative to the repository root (`Submissions/phase1-fail`), sorted.
    public static var all: [String] {
        let root = repositoryRoot + "/Submissions"
        let files = FileManager.default.enumerator(atPath: root)?.allObjects as? [String] ?? []
        return files.filter { $0 == "assess.yaml" || $0.hasSuffix("/assess.yaml") }
            .map { "Submissions/" + ($0 as NSString).deletingLastPathComponent }.sorted()
    }

    /// The sample graded (with its reviews file `<sample>.reviews.yaml` when asked and present),
    /// and the rubric that graded it.
    public static func grade(_ sample: String, reviews: Bool = false) async throws -> (Report, Rubric) {
        let submission = try Submission(path: repositoryRoot + "/" + sample)
        let rubric = try RubricCatalog(directory: repositoryRoot + "/Rubrics", loader: RubricLoader(registry: .builtIn))
            .rubric(for: nil, submission: submission)
        let reviewsFile = repositoryRoot + "/" + sample + ".reviews.yaml"
        let scores =
            reviews && FileManager.default.fileExists(atPath: reviewsFile)
            ? try Reviews.load(reviewsFile, rubric: rubric) : Reviews()
        return (await Engine().grade(submission, against: rubric, reviews: scores), rubric)
    }
}
