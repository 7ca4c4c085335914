/// Why `assess serve` could not start or do what was asked, with where: the file (database,
/// cohort, reviews folder) it concerns.
public enum ReviewError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The database at `path` could not be opened or written.
    case database(path: String, message: String)
    /// The cohort at `path` could not be graded.
    case cohort(path: String, message: String)
    /// A request the command line made that cannot be carried out (a duplicate account, say).
    case usage(String)

    public var description: String {
        switch self {
        case .database(let path, let message): "\(path): database: \(message)"
        case .cohort(let path, let message): "\(path): \(message)"
        case .usage(let message): message
        }
    }
}
