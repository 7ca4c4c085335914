import AssessYAML

// The Java and Kotlin import grammar.
extension ImportParser {
    /// `import a.b.C;`, `import a.b.*;`, `import static a.b.C.m;`, `import module java.base;`.
    mutating func java() {
        for i in tokens.indices where isWord(i, "import") && !isMember(i) {
            var j = i + 1
            var form = "import"
            if isWord(j, "static"), isName(j + 1) {
                form = "import static"
                j += 1
            } else if isWord(j, "module"), isName(j + 1) {  // `import module.x.Y;` is a package named module
                form = "import module"
                j += 1
            }
            if let (name, _) = dottedName(at: j, star: true) { add(name, at: i, form) }
        }
    }

    /// `import a.b.C`, `import a.b.*`, `import a.b.C as D`. `import` is a soft keyword in Kotlin,
    /// so only a statement's first word counts.
    mutating func kotlin() {
        for i in tokens.indices where isWord(i, "import") && !isMember(i) && startsStatement(i) {
            if let (name, _) = dottedName(at: i + 1, star: true, sameLine: true) { add(name, at: i, "import") }
        }
    }
}
