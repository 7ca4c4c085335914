import Synchronization

/// The bytes a submission has had read whole in one run, each distinct file counted once.
/// A reference shared by every copy of the `Submission`, so that criteria grading in parallel
/// draw on one budget.
final class ReadBudget: Sendable {
    private let state = Mutex<(bytes: Int, files: Set<String>)>((0, []))

    /// Charges `file` unless it was read before; refuses it when it would take the total past
    /// `limit`, saying what the budget is and how much is spent.
    func charge(_ file: SubmissionFile, limit: Int) throws(SubmissionError) {
        let spent: Int? = state.withLock { state in
            if state.files.contains(file.path) { return nil }
            if state.bytes + file.size > limit { return state.bytes }
            state.bytes += file.size
            state.files.insert(file.path)
            return nil
        }
        if let spent {
            throw SubmissionError(
                path: file.path,
                reason:
                    "is \(file.size) bytes, and \(spent) bytes of this submission were already read; "
                    + "together over the \(limit)-byte budget per submission, so it was not read")
        }
    }
}
