/// A report that could not be written, and where.
public struct ReportWriteError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file, or `-` for standard output.
    public var path: String
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String {
        path == ReportWriter.standardOutputName
            ? "cannot write to standard output: \(reason)" : "cannot write '\(path)': \(reason)"
    }
}
