public import AssessYAML

/// One dependency a source file declares: the thing it imports and where the statement is, so
/// that a layering grader can say "adapters/db.ts:3:1 imports ../domain" and point at the line.
public struct SourceImport: Sendable, Hashable, Codable {
    /// What is imported, as written: "com.shop.orders.adapters.PostgresOrderRepository", "../adapters/db",
    /// "github.com/shop/orders/internal/adapters", "orders.adapters.db", "..adapters", "Foundation".
    /// Java and Kotlin wildcards keep their star ("com.shop.orders.domain.*"); Kotlin, Python, Go and
    /// C# aliases are dropped (the target of `using Repo = Shop.Orders.Repo;` is "Shop.Orders.Repo");
    /// C# `global::` qualifiers and generic arguments stay ("System.Collections.Generic.List<int>").
    public var target: String
    /// Where the import statement starts (the `import`/`using`/`from`/`require` keyword; for a Go grouped
    /// import, the line of the path). Attributes and modifiers in front of the keyword (`@testable`,
    /// `public`, C#'s `global`) are not counted: the location is always the keyword's own.
    public var location: SourceLocation
    /// The statement's keyword form: "import" everywhere a plain import is meant; "import static" and
    /// "import module" (Java); "using", "using static", "global using", "global using static" (C#);
    /// "import type", "export", "export type", "require", "import()" (TypeScript/JavaScript);
    /// "from" (Python `from … import …`).
    public var form: String

    public init(target: String, location: SourceLocation, form: String) {
        self.target = target
        self.location = location
        self.form = form
    }
}

/// Finds the import statements of a source file without compiling it: a small lexer that knows each
/// language's comments and string literals (so `// import fake.Thing` and `"import x from 'y'"` are
/// never reported) followed by a per-language reader of the import grammar on the token stream.
///
/// It never fails: text that is not valid code yields whatever imports can still be recognised, and
/// every loop advances, so garbage and truncated files are safe. The work is linear in the file size.
///
/// Known approximations: Swift bare regex literals (`/…/`) are read as operators (a quote inside one
/// starts a string that ends with the line), JavaScript's `/` is told apart from a regex by the token
/// before it (the usual heuristic), JSX text is read as code, and C# raw interpolated strings are read
/// without their holes. Only odd code trips these, and then only the imports next to it are at risk.
public enum ImportScanner {
    public static func imports(in text: String, language: SourceLanguage, file: String) -> [SourceImport] {
        let bytes = Array(text.utf8)
        var lexer = ImportLexer(bytes: bytes, language: language)
        var parser = ImportParser(bytes: bytes, tokens: lexer.run(), file: file)
        switch language {
        case .swift: parser.swift()
        case .java: parser.java()
        case .kotlin: parser.kotlin()
        case .csharp: parser.csharp()
        case .go: parser.go()
        case .typescript, .javascript: parser.javaScript()
        case .python: parser.python()
        }
        return parser.found
    }

    /// The imports of `text` in the language `SourceLanguage(path: file)` names, or nil when the
    /// file's extension is not one of a known language (so the caller can skip it).
    public static func imports(in text: String, file: String) -> [SourceImport]? {
        guard let language = SourceLanguage(path: file) else { return nil }
        return imports(in: text, language: language, file: file)
    }
}
