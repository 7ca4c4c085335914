public import AssessCore

/// A reviewer's judgement where no program can judge: a level or points from `--reviews`.
/// Until the reviewer scores it, the criterion is `pending` and the verdict provisional.
public struct ManualGrader: ReviewedGrader {
    public struct Options: Sendable, Hashable {
        /// Level name → fraction of the weight, highest first.
        public var levels: [(name: String, score: Double)]
        /// Most points a reviewer may give (scored as points / this).
        public var points: Double?

        public static func == (a: Options, b: Options) -> Bool {
            a.points == b.points && a.levels.map(\.name) == b.levels.map(\.name)
                && a.levels.map(\.score) == b.levels.map(\.score)
        }

        public func hash(into hasher: inout Hasher) {
            hasher.combine(points)
            for level in levels {
                hasher.combine(level.name)
                hasher.combine(level.score)
            }
        }
    }

    public static let description = GraderDescription(
        kind: "manual",
        summary:
            "Scored by a reviewer in the reviews file (`--reviews`): a `level` from `levels`, `points` out of `points`, or a `score` in 0…1, with a comment. Unscored criteria are `pending`.",
        needsInput: false,
        options: [
            OptionDescription(
                "levels", .map(.fraction),
                "Named levels a reviewer picks from, e.g. `{ excellent: 1.0, good: 0.75, weak: 0.4, missing: 0 }`."),
            OptionDescription("points", .number, "Most points a reviewer may give; the score is points given ÷ this."),
        ],
        examples: [
            GraderExample(
                "A reviewer rates the boundaries 'good'", with: "levels: { excellent: 1.0, good: 0.75, missing: 0 }",
                reviews: "example: { level: excellent, comment: Cohesive contexts. }", .passes),
            GraderExample(
                "A reviewer gives 0 of 5 points", with: "points: 5", reviews: "example: { points: 0 }", .fails),
        ])

    public let options: Options

    public init(options: Options) {
        self.options = options
    }

    public static func options(from reader: MappingReader) -> Options? {
        var levels: [(String, Double)] = []
        if let node = reader.node("levels") {
            if let pairs = node.mapping, !pairs.isEmpty {
                for pair in pairs {
                    guard let name = pair.key.string,
                        let score = pair.value.expectDouble(for: name, log: reader.log)
                    else { continue }
                    if !(0...1).contains(score) {
                        reader.log.error(
                            at: pair.value.location,
                            "level '\(name)' is worth \(score.compact); levels are fractions in 0…1")
                    }
                    levels.append((name, score))
                }
            } else {
                reader.log.error(
                    at: node.location,
                    "expected a mapping of level names to fractions for 'levels', found \(node.found)")
            }
        }
        let points = reader.double("points")
        if let points, points <= 0 {
            reader.log.error(at: reader.node("points")?.location, "'points' must be above 0")
        }
        if points != nil, !levels.isEmpty {
            reader.log.error(at: reader.node("points")?.location, "give either 'levels' or 'points', not both")
        }
        return Options(levels: levels.sorted { $0.1 > $1.1 }, points: points)
    }

    public func problems(in review: Review) -> [(key: String, message: String)] {
        var problems: [(key: String, message: String)] = []
        let names = options.levels.map(\.name)
        if let level = review.level, !names.contains(level) {
            problems.append(
                (
                    "level",
                    names.isEmpty
                        ? "this criterion has no levels; give \(options.points.map { "'points' out of \($0.compact)" } ?? "a 'score' in 0…1")"
                        : "unknown level '\(level)'\(Suggestion.didYouMean(level, in: names)); the levels are \(names.joined(separator: ", "))"
                ))
        }
        if let given = review.points {
            if let most = options.points {
                if !(0...most).contains(given) {
                    problems.append(("points", "points must be in 0…\(most.compact), found \(given.compact)"))
                }
            } else {
                problems.append(
                    (
                        "points",
                        "this criterion takes no points; give \(names.isEmpty ? "a 'score' in 0…1" : "a 'level' (\(names.joined(separator: ", ")))")"
                    ))
            }
        }
        return problems
    }

    public func grade(_ job: GradingJob) async throws -> Outcome {
        guard let review = job.review, !review.isUnscored else {
            return .pending("awaiting a reviewer's score")
        }
        let comment = review.comment.map { [Finding.info("reviewer: \($0)", at: review.location)] } ?? []
        let by = review.reviewer.map { " by \($0)" } ?? ""
        if let level = review.level {
            guard let match = options.levels.first(where: { $0.name == level }) else {
                let names = options.levels.map(\.name)
                let known =
                    names.isEmpty
                    ? "this criterion has no levels; give 'points' or 'score'"
                    : "levels are \(names.joined(separator: ", "))"
                return .error(
                    "the review gives unknown level '\(level)'",
                    findings: [
                        .error(
                            "unknown level '\(level)'\(Suggestion.didYouMean(level, in: names)); \(known)",
                            at: review.location)
                    ])
            }
            return .scored(match.score, "reviewed '\(level)'\(by)", findings: comment)
        }
        if let given = review.points {
            guard let most = options.points else {
                return .error(
                    "the review gives points, but this criterion has none",
                    findings: [
                        .error(
                            "'points' given for a criterion scored by \(options.levels.isEmpty ? "'score'" : "'level'")",
                            at: review.location)
                    ])
            }
            guard (0...most).contains(given) else {
                return .error(
                    "the review gives \(given.compact) points, outside 0…\(most.compact)",
                    findings: [
                        .error("points must be in 0…\(most.compact), found \(given.compact)", at: review.location)
                    ])
            }
            return .scored(
                given / most, "reviewed \(given.compact)/\(most.compact) points\(by)", findings: comment,
                measurements: [MeasuredValue("points", given, limit: "<= \(most.compact)")])
        }
        let score = review.score ?? 0
        return .scored(score, "reviewed \(Int((score * 100).rounded()))%\(by)", findings: comment)
    }
}
