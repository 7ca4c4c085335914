/// A grader scored by a reviewer from the reviews file (`manual`). Its entries are checked
/// when the file is read, so a typo in a level or points out of range is a usage error at its
/// line and column, never a criterion silently scored 0 that flips a provisional verdict.
public protocol ReviewedGrader: Grader {
    /// What is wrong with `review` for this criterion: the key at fault (`level`, `points`,
    /// `score`) and a message saying what would be right.
    func problems(in review: Review) -> [(key: String, message: String)]
}
