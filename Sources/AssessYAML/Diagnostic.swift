/// One problem found while reading a file, printed the way a compiler prints it:
/// `path:line:col: error: message`, then the offending line with a caret under the column.
public struct Diagnostic: Sendable, Hashable, Codable, Error, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable, Codable {
        case error, warning, note
    }

    public var severity: Severity
    public var location: SourceLocation?
    public var message: String

    public init(_ severity: Severity = .error, at location: SourceLocation?, _ message: String) {
        self.severity = severity
        self.location = location
        self.message = message
    }

    public static func error(at location: SourceLocation?, _ message: String) -> Diagnostic {
        Diagnostic(.error, at: location, message)
    }

    public static func warning(at location: SourceLocation?, _ message: String) -> Diagnostic {
        Diagnostic(.warning, at: location, message)
    }

    public var description: String {
        if let location { return "\(location): \(severity.rawValue): \(message)" }
        return "\(severity.rawValue): \(message)"
    }

    /// The diagnostic with the source line it points at and a caret under the column,
    /// when `source` (the whole text of the file) is given.
    public func rendered(source: String?) -> String {
        guard let location, let source, location.line >= 1 else { return description }
        var lineNumber = 1
        var lineText: Substring?
        for line in source.lines {
            if lineNumber == location.line {
                lineText = line
                break
            }
            lineNumber += 1
        }
        guard var text = lineText else { return description }
        if text.hasSuffix("\r") { text = text.dropLast() }
        let expanded = text.replacingTabs()
        let caretColumn = max(1, min(location.column, expanded.count + 1))
        let padding = String(repeating: " ", count: caretColumn - 1)
        return "\(description)\n    \(expanded)\n    \(padding)^"
    }
}

extension Substring {
    fileprivate func replacingTabs() -> String {
        String(map { $0 == "\t" ? " " : $0 })
    }
}

extension Array where Element == Diagnostic {
    /// True when any of these is an error (warnings and notes do not stop a load).
    public var containsErrors: Bool { contains { $0.severity == .error } }

    /// Sorted by file, line and column so output is stable and reads top to bottom.
    public func sortedByLocation() -> [Diagnostic] {
        enumerated().sorted { a, b in
            switch (a.element.location, b.element.location) {
            case let (l?, r?) where l != r: return l < r
            case (nil, _?): return false
            case (_?, nil): return true
            default: return a.offset < b.offset
            }
        }.map(\.element)
    }
}
