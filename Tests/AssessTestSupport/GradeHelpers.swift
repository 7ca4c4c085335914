public import AssessCore
import AssessGraders

/// Grades one criterion with `grader` and `with` over `files`: the shape every grader test
/// and every grader example runs in.
public func gradeSingle(
    grader kind: String, with options: String, paths: [String] = ["**"], files: [String: String],
    reviews: String? = nil, registry: GraderRegistry = .builtIn, required: Bool = true
) async throws -> CriterionResult {
    let tree = try TemporaryTree(files)
    return try await gradeSingle(
        grader: kind, with: options, paths: paths, submission: tree, reviews: reviews,
        registry: registry, required: required)
}

public func gradeSingle(
    grader kind: String, with options: String, paths: [String] = ["**"], submission tree: TemporaryTree,
    reviews: String? = nil, registry: GraderRegistry = .builtIn, required: Bool = true
) async throws -> CriterionResult {
    let needsInput = registry[kind]?.description.needsInput ?? true
    let quoted = paths.map { "'\($0)'" }.joined(separator: ", ")
    var rubric = """
        rubric: example
        pass: 50
        inputs:
          example: { paths: [\(quoted)], many: true, required: \(required) }
        criteria:
          - id: example
            grader: \(kind)
            hint: Example hint.

        """
    if needsInput { rubric += "    input: example\n" }
    if !options.isEmpty {
        rubric +=
            "    with: \(options.hasPrefix("{") ? options : "\n" + options.split(separator: "\n").map { "      \($0)" }.joined(separator: "\n"))\n"
    }
    let loaded = try RubricLoader(registry: registry).load(text: rubric, file: "example.yaml")
    let submission = try Submission(path: tree.path)
    let reviewScores =
        try reviews.map { text throws(RubricError) in try Reviews(text: text, file: "reviews.yaml", rubric: loaded) }
        ?? Reviews()
    let report = await Engine().grade(submission, against: loaded, reviews: reviewScores)
    return report.criteria[0]
}

/// Grades a shipped sample (`Submissions/<sample>`) against a shipped rubric
/// (`Rubrics/<rubric>.yaml`), with a reviews file (`Submissions/<reviews>`) when given: the
/// curriculum tests pin these outcomes.
public func gradeShippedSample(_ sample: String, rubric: String, reviews: String? = nil) async throws -> Report {
    let loaded = try RubricLoader(registry: .builtIn).load(file: repositoryRoot + "/Rubrics/\(rubric).yaml")
    let scores =
        try reviews.map { try Reviews.load(repositoryRoot + "/Submissions/\($0)", rubric: loaded) } ?? Reviews()
    return await Engine().grade(
        try Submission(path: repositoryRoot + "/Submissions/" + sample), against: loaded, reviews: scores)
}

/// The criteria of a report that did not pass, with their status.
public func shortfalls(_ report: Report) -> [String: CriterionStatus] {
    Dictionary(uniqueKeysWithValues: report.criteria.filter { $0.status != .passed }.map { ($0.id, $0.status) })
}
