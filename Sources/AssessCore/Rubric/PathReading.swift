/// A configured grader that reads submission files by globs of its own, besides or instead of
/// its input's files (`consistency.names` reading catalog components from `catalog-info.yaml`).
/// The brief and `assess init` offer the input's paths; a test holds every one of them to be a
/// path such a grader reads, so a learner following the brief is never graded on nothing.
public protocol PathReading {
    /// The globs read in place of the input's files; empty when the grader reads its input.
    var pathsRead: [String] { get }
}
