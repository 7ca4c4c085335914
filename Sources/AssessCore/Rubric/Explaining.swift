/// A configured grader that can say, in a learner's words, everything it enforces: every
/// number (words per section, counts, rows, ratios) and every name it looks for. `assess
/// rubric explain` prints these, so a hand-in written from the brief alone can pass; graders
/// that do not conform have their `with:` options and numeric defaults printed instead.
public protocol Explaining {
    /// One sentence per requirement, each ending with a full stop.
    var requirements: [String] { get }
}
