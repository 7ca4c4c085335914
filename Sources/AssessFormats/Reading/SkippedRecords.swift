import AssessYAML

/// The records a streaming reader passed over: the first `limit` named at their file, line and
/// column, the rest only counted, so a log broken on every line reports a few places a learner
/// can look at rather than a million.
struct SkippedRecords: Sendable {
    let limit: Int
    /// What a record is called in the messages (`record`, `write`).
    let noun: String
    private(set) var count = 0
    private(set) var named: [ReadProblem] = []

    init(limit: Int, noun: String = "record") {
        self.limit = limit
        self.noun = noun
    }

    /// Counts a record a record stream skipped in `file`, naming it while under the limit.
    mutating func skip(_ problem: ReadProblem, in file: String) {
        count += 1
        if count <= limit {
            named.append(
                .warning(
                    "skipped a \(noun): \(problem.message)",
                    at: SourceLocation(file: file, line: problem.line, column: problem.column)))
        }
    }

    /// The named problems, then how many more were skipped in `file` when there were more.
    func problems(in file: String) -> [ReadProblem] {
        count > limit ? named + [.warning("\(count - limit) more \(noun)s skipped in \(file)", at: nil)] : named
    }
}
