import AssessYAML

// The Swift import grammar.
extension ImportParser {
    /// `import X`, `import struct X.Y` (and the other declaration kinds), with any attributes or
    /// access modifiers in front (`@testable`, `@_exported`, `public`, `package`, …).
    mutating func swift() {
        let kinds = ["typealias", "struct", "class", "enum", "protocol", "let", "var", "func"]
        for i in tokens.indices where isWord(i, "import") && !isMember(i) {
            var j = i + 1
            if isWord(j, in: kinds), isName(j + 1) { j += 1 }
            if let (name, _) = dottedName(at: j, sameLine: true) { add(name, at: i, "import") }
        }
    }
}
