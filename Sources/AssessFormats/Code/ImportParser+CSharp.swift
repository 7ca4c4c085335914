import AssessYAML

// The C# import grammar.
extension ImportParser {
    /// `using A.B;`, `using static A.B.C;`, `using Alias = A.B.C;`, `global using …;`. The `using`
    /// statement (`using (…)`, `using var x = …;`, `await using …`) is not a directive and is skipped:
    /// a directive is a name followed by `;`, or a single name, `=` and a name followed by `;`.
    mutating func csharp() {
        for i in tokens.indices where isWord(i, "using") && !isMember(i) {
            let global = isWord(i - 1, "global") && !onNewLine(i)
            guard startsStatement(global ? i - 1 : i, others: [ImportASCII.lbrace, ImportASCII.rbrace]) else {
                continue
            }
            var j = i + 1
            var isStatic = false
            if isWord(j, "static") {
                isStatic = true
                j += 1
            }
            if isWord(j, "unsafe") { j += 1 }
            guard let (name, k) = csharpName(at: j) else { continue }
            var target = name
            if isPunct(k, ImportASCII.equals), k == j + 1 {
                guard let (aliased, end) = csharpName(at: k + 1), isPunct(end, ImportASCII.semicolon) else { continue }
                target = aliased
            } else if !isPunct(k, ImportASCII.semicolon) {
                continue
            }
            add(target, at: i, (global ? "global " : "") + (isStatic ? "using static" : "using"))
        }
    }

    /// `A.B.C`, `global::A.B`, `A.B<C, D>`, and the index after it.
    func csharpName(at start: Int) -> (String, Int)? {
        guard isName(start) else { return nil }
        var name = text(start)
        var k = start + 1
        while k < tokens.count {
            if isPunct(k, ImportASCII.dot), isName(k + 1) {
                name += "." + text(k + 1)
                k += 2
            } else if isPunct(k, ImportASCII.colon), isPunct(k + 1, ImportASCII.colon), isName(k + 2) {
                name += "::" + text(k + 2)
                k += 3
            } else if isPunct(k, ImportASCII.less) {
                var depth = 0
                var generic = ""
                let limit = min(tokens.count, k + ImportParser.lookahead)
                repeat {
                    let t = tokens[k]
                    if t.kind == .punct {
                        if [ImportASCII.semicolon, ImportASCII.equals, ImportASCII.lbrace, ImportASCII.rbrace].contains(
                            t.punct)
                        {
                            return nil
                        }
                        if t.punct == ImportASCII.less { depth += 1 }
                        if t.punct == ImportASCII.greater { depth -= 1 }
                        generic += t.punct == ImportASCII.comma ? ", " : String(UnicodeScalar(t.punct))
                    } else if isWord(k, "using") {
                        return nil
                    } else {
                        generic += text(k)
                    }
                    k += 1
                } while depth > 0 && k < limit
                guard depth == 0 else { return nil }
                name += generic
            } else {
                break
            }
        }
        return (name, k)
    }
}
