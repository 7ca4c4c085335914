import AssessYAML

// The TypeScript and JavaScript import grammar.
extension ImportParser {
    /// Static imports (with `type`, default, named, namespace and side-effect clauses, over any number
    /// of lines), TypeScript's `import x = require("…")`, re-exports (`export … from`), `require("…")`
    /// and dynamic `import("…")`, each only with a literal module name.
    mutating func javaScript() {
        var i = 0
        while i < tokens.count {
            var next: Int?
            if isWord(i, "import"), !isMember(i) {
                next = javaScriptImport(at: i)
            } else if isWord(i, "export"), !isMember(i) {
                next = javaScriptExport(at: i)
            } else if isWord(i, "require"), !isMember(i), isPunct(i + 1, ImportASCII.lparen),
                let target = stringValue(i + 2), isPunct(i + 3, ImportASCII.rparen)
            {
                add(target, at: i, "require")
                next = i + 4
            }
            i = next ?? i + 1
        }
    }

    mutating func javaScriptImport(at i: Int) -> Int? {
        var k = i + 1
        if isPunct(k, ImportASCII.lparen) {
            guard let target = stringValue(k + 1),
                isPunct(k + 2, ImportASCII.rparen) || isPunct(k + 2, ImportASCII.comma)
            else { return nil }
            add(target, at: i, "import()")
            return k + 3
        }
        if let target = stringValue(k) {
            add(target, at: i, "import")
            return k + 1
        }
        var form = "import"
        if isWord(k, "type"),
            isPunct(k + 1, ImportASCII.lbrace) || isPunct(k + 1, ImportASCII.star)
                || (isName(k + 1) && !(isWord(k + 1, "from") && isString(k + 2)))
        {
            form = "import type"
            k += 1
        }
        let limit = min(tokens.count, k + ImportParser.lookahead)
        while k < limit {
            if isWord(k, "from"), isString(k + 1) {
                guard let target = stringValue(k + 1) else { return nil }
                add(target, at: i, form)
                return k + 2
            }
            if isPunct(k, ImportASCII.equals) {  // import fs = require("fs"), not import x = A.B
                guard isWord(k + 1, "require"), isPunct(k + 2, ImportASCII.lparen), let target = stringValue(k + 3),
                    isPunct(k + 4, ImportASCII.rparen)
                else { return nil }
                add(target, at: i, form)
                return k + 5
            }
            if isBinding(k) || isPunct(k, ImportASCII.star) || isPunct(k, ImportASCII.comma) {
                k += 1
            } else if isPunct(k, ImportASCII.lbrace), let end = braceList(at: k, limit: limit) {
                k = end
            } else {
                return nil
            }
        }
        return nil
    }

    /// `export { a, b as c } from "…"`, `export * from "…"`, `export * as ns from "…"`, `export type …`.
    mutating func javaScriptExport(at i: Int) -> Int? {
        var k = i + 1
        var form = "export"
        if isWord(k, "type"), isPunct(k + 1, ImportASCII.lbrace) || isPunct(k + 1, ImportASCII.star) {
            form = "export type"
            k += 1
        }
        if isPunct(k, ImportASCII.star) {
            k += 1
            if isWord(k, "as") {
                guard isName(k + 1) || isString(k + 1) else { return nil }
                k += 2
            }
        } else if isPunct(k, ImportASCII.lbrace),
            let end = braceList(at: k, limit: min(tokens.count, k + ImportParser.lookahead))
        {
            k = end
        } else {
            return nil
        }
        guard isWord(k, "from"), let target = stringValue(k + 1) else { return nil }
        add(target, at: i, form)
        return k + 2
    }

    /// A name in an import or export clause. `import` and `export` are reserved, so meeting one means
    /// the clause was not one after all (and stops a run of broken statements being read over and over).
    func isBinding(_ i: Int) -> Bool {
        i < tokens.count && tokens[i].kind == .word && !isWord(i, "import") && !isWord(i, "export")
    }

    /// `{ a, type B, c as d, "e-f" as g }`: the index after the `}`, or nil if it is not such a list.
    func braceList(at start: Int, limit: Int) -> Int? {
        var k = start + 1
        while k < limit {
            if isPunct(k, ImportASCII.rbrace) { return k + 1 }
            guard isBinding(k) || isString(k) || isPunct(k, ImportASCII.comma) else { return nil }
            k += 1
        }
        return nil
    }
}
