import AssessYAML

// The Python import grammar.
extension ImportParser {
    /// `import a.b`, `import a.b as c, d` (one import per module), `from a.b import c`, relative
    /// `from ..a import b` (target "..a") and `from . import x` (target "."). A statement is one
    /// logical line: parentheses and backslash continuations keep it going, a line break ends it.
    mutating func python() {
        var i = 0
        while i < tokens.count {
            if isWord(i, "from"), !isMember(i), let next = pythonFrom(at: i) {
                i = next
            } else if isWord(i, "import"), !isMember(i) {
                i = pythonImport(at: i)
            } else {
                i += 1
            }
        }
    }

    mutating func pythonFrom(at i: Int) -> Int? {
        var k = i + 1
        var target = ""
        while isPunct(k, ImportASCII.dot), !onNewLine(k) {
            target += "."
            k += 1
        }
        if !isWord(k, "import"), !onNewLine(k), let (name, next) = dottedName(at: k, sameLine: true) {
            target += name
            k = next
        }
        guard !target.isEmpty, isWord(k, "import"), !onNewLine(k) else { return nil }
        add(target, at: i, "from")
        return k + 1
    }

    mutating func pythonImport(at i: Int) -> Int {
        var k = i + 1
        while !onNewLine(k), !isWord(k, "import"), let (name, next) = dottedName(at: k, sameLine: true) {
            add(name, at: i, "import")
            k = next
            if isWord(k, "as"), !onNewLine(k) {
                k += 1
                if isName(k), !onNewLine(k) { k += 1 }
            }
            guard isPunct(k, ImportASCII.comma), !onNewLine(k) else { break }
            k += 1
        }
        return k
    }
}
