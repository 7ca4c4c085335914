/// Why a batch could not run at all (as opposed to a submission that could not be graded,
/// which is a gradebook row in error).
public struct BatchError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    /// Another batch holds the output folder.
    public var locked: Bool

    public init(_ message: String, locked: Bool = false) {
        self.message = message
        self.locked = locked
    }

    public var description: String { message }
}
