/// Collects diagnostics while a file is read, so every problem is reported in one run
/// instead of stopping at the first. Owned by one load; never shared between threads.
public final class DiagnosticLog {
    public private(set) var diagnostics: [Diagnostic] = []

    public init() {}

    public func error(at location: SourceLocation?, _ message: String) {
        diagnostics.append(.error(at: location, message))
    }

    public func warning(at location: SourceLocation?, _ message: String) {
        diagnostics.append(.warning(at: location, message))
    }

    public func append(contentsOf more: [Diagnostic]) {
        diagnostics.append(contentsOf: more)
    }

    public var hasErrors: Bool { diagnostics.containsErrors }
}
