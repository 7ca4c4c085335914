import AssessYAML

// The Go import grammar.
extension ImportParser {
    /// `import "a/b"`, `import alias "a/b"`, `import _ "a/b"`, `import . "a/b"` and the grouped
    /// `import ( … )`, where each path is located where it is written.
    mutating func go() {
        for i in tokens.indices where isWord(i, "import") && !isMember(i) {
            if isPunct(i + 1, ImportASCII.lparen) {
                var k = i + 2
                while k < tokens.count, !isPunct(k, ImportASCII.rparen) {
                    if isPunct(k, ImportASCII.semicolon) {
                        k += 1
                        continue
                    }
                    let path = (tokens[k].kind == .word || isPunct(k, ImportASCII.dot)) && isString(k + 1) ? k + 1 : k
                    guard let target = stringValue(path) else { break }
                    add(target, at: path, "import")
                    k = path + 1
                }
            } else {
                let path =
                    (tokens.indices.contains(i + 1) && tokens[i + 1].kind == .word) || isPunct(i + 1, ImportASCII.dot)
                    ? i + 2 : i + 1
                if let target = stringValue(path) { add(target, at: i, "import") }
            }
        }
    }
}
