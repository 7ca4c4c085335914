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
