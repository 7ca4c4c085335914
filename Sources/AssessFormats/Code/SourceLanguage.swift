/// The programming languages whose imports `ImportScanner` understands, so that a layering
/// grader can tell which source files to read and how, without guessing from content.
public enum SourceLanguage: String, Sendable, Hashable, CaseIterable, Codable {
    case swift, java, kotlin, csharp, go, typescript, javascript, python

    /// By file extension: .swift, .java, .kt/.kts, .cs, .go, .ts/.tsx/.mts/.cts, .js/.jsx/.mjs/.cjs, .py;
    /// nil otherwise. The extension is matched case-insensitively (`Main.JAVA` is Java) because
    /// submissions come from case-insensitive file systems; a name that is only an extension
    /// (`.swift`) has none, as on the command line.
    public init?(path: String) {
        let name = path.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? path
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return nil }
        switch name[name.index(after: dot)...].lowercased() {
        case "swift": self = .swift
        case "java": self = .java
        case "kt", "kts": self = .kotlin
        case "cs": self = .csharp
        case "go": self = .go
        case "ts", "tsx", "mts", "cts": self = .typescript
        case "js", "jsx", "mjs", "cjs": self = .javascript
        case "py": self = .python
        default: return nil
        }
    }

    /// The extensions `init(path:)` recognises for this language, lower case, without the dot.
    public var fileExtensions: [String] {
        switch self {
        case .swift: ["swift"]
        case .java: ["java"]
        case .kotlin: ["kt", "kts"]
        case .csharp: ["cs"]
        case .go: ["go"]
        case .typescript: ["ts", "tsx", "mts", "cts"]
        case .javascript: ["js", "jsx", "mjs", "cjs"]
        case .python: ["py"]
        }
    }
}
