import AssessCore

/// Document fingerprints by winnowing (Schleimer, Wilkerson and Aiken, 2003, the method behind
/// MOSS) over word k-grams of a Markdown document: markup stripped, case folded, words reduced
/// to a crude stem, so that a passage copied with its emphasis, list markers or word endings
/// changed still matches. Code fences (mermaid among them) are their own token stream: a
/// shared diagram is not a shared paragraph.
public struct Winnowing: Sendable, Hashable {
    /// Words per k-gram: five words is about the shortest run that is rarely shared by chance.
    public var k: Int
    /// Hashes per window: every shared run of `k + window - 1` words is guaranteed a fingerprint.
    public var window: Int

    public init(k: Int = 5, window: Int = 4) {
        self.k = max(1, k)
        self.window = max(1, window)
    }

    /// One selected k-gram: its hash and the line its first word is on.
    public struct Fingerprint: Sendable, Hashable {
        public var hash: UInt64
        public var line: Int
    }

    /// A word of a document and where it stands.
    struct Token {
        var text: Substring
        var line: Int
    }

    /// The fingerprints of a document, prose and code streams together (their hashes are kept
    /// apart by a seed, so a word run in prose never equals the same run in code).
    public func fingerprints(of text: String) -> [Fingerprint] {
        let (prose, code) = Self.tokens(of: text)
        return winnow(prose, seed: 0x9E37_79B9_7F4A_7C15) + winnow(code, seed: 0xC2B2_AE3D_27D4_EB4F)
    }

    func winnow(_ tokens: [Token], seed: UInt64) -> [Fingerprint] {
        guard tokens.count >= k else { return [] }
        var grams: [UInt64] = []
        grams.reserveCapacity(tokens.count - k + 1)
        let words = tokens.map { StableHash.fnv1a($0.text.utf8) }
        for start in 0...(tokens.count - k) {
            var hash = seed
            for offset in 0..<k { hash = (hash ^ words[start + offset]) &* 0x100_0000_01B3 &+ UInt64(offset) }
            grams.append(hash)
        }
        var selected: [Fingerprint] = []
        var last = -1
        let width = min(window, grams.count)
        for start in 0...(grams.count - width) {
            // The rightmost minimum of the window; recorded once however many windows share it.
            var best = start
            for index in start..<(start + width) where grams[index] <= grams[best] { best = index }
            if best != last {
                selected.append(Fingerprint(hash: grams[best], line: tokens[best].line))
                last = best
            }
        }
        return selected
    }

    /// The prose words and the code words of a Markdown text, each with its 1-based line.
    static func tokens(of text: String) -> (prose: [Token], code: [Token]) {
        var prose: [Token] = []
        var code: [Token] = []
        var fence: Substring?
        var lineNumber = 0
        for line in text.lines {
            lineNumber += 1
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            if let open = fence {
                if trimmed.hasPrefix(open) {
                    fence = nil
                } else {
                    code += words(in: line, line: lineNumber, stem: false)
                }
                continue
            }
            if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") {
                fence = trimmed.prefix(3)
                continue
            }
            prose += words(in: line, line: lineNumber, stem: true)
        }
        return (prose, code)
    }

    /// Letters and digits in runs, lower-cased; markup (`#`, `*`, `|`, link targets) falls away
    /// as separators. Link destinations are dropped: `[text](url)` reads as its text.
    static func words(in line: Substring, line number: Int, stem: Bool) -> [Token] {
        var result: [Token] = []
        var current = ""
        var inDestination = false
        var previous: Character = " "
        func flush() {
            if !current.isEmpty {
                let word = stem ? Self.stem(current) : current
                result.append(Token(text: Substring(word), line: number))
                current = ""
            }
        }
        for character in line {
            if inDestination {
                if character == ")" { inDestination = false }
                previous = character
                continue
            }
            if character == "(" && previous == "]" {
                flush()
                inDestination = true
                previous = character
                continue
            }
            if character.isLetter || character.isNumber {
                current.append(contentsOf: character.lowercased())
            } else if character == "'" || character == "’" {
                // don't → dont
            } else {
                flush()
            }
            previous = character
        }
        flush()
        return result
    }

    /// A crude English stem: enough that "services", "serviced" and "servicing" meet, not a
    /// linguist's Porter stemmer.
    static func stem(_ word: String) -> String {
        guard word.count > 4, word.allSatisfy(\.isLetter) else { return word }
        for suffix in ["ations", "ation", "ments", "ment", "ings", "ing", "ies", "ied", "es", "ed", "ly", "s"] {
            if word.hasSuffix(suffix), word.count - suffix.count >= 3 {
                return String(word.dropLast(suffix.count))
            }
        }
        return word
    }
}
