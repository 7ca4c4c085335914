import AssessCore
import AssessFormats
import Foundation

extension GradingJob {
    /// A file of the input streamed from disk, or the finding that says why it cannot be.
    func stream(_ file: SubmissionFile) -> (source: LoadTestSource?, problem: Finding?) {
        do throws(SubmissionError) {
            return (LoadTestSource(file: file.path, blocks: try submission.open(file)), nil)
        } catch {
            return (nil, .error(error.description, at: SourceLocation(file: file.path, line: 1, column: 1)))
        }
    }
}
