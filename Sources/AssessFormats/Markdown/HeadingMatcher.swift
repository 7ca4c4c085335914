/// How headings, column names and section names are compared: case, punctuation, emoji,
/// leading numbering ("2.1") and a plural "s" do not matter; a name also matches a heading
/// that contains it as whole words ("Bounded Contexts (8-12)" matches "bounded context").
///
/// Sections are found more loosely than columns, because learners title sections in their own
/// words: a heading that holds the name's words in order with a few of its own between them
/// ("API and Versioning Strategy" for "API Strategy"), or a heading that is the name without a
/// generic qualifier ("Migration" for "Migration Strategy"), is still the section a reviewer
/// would read. `closeness` ranks these so the closest heading wins.
public enum HeadingMatcher {
    /// How closely a heading matches a wanted name, loosest first.
    public enum Closeness: Int, Sendable, Hashable, Comparable, CustomStringConvertible {
        /// The heading is the name without a generic qualifier ("Migration" for "Migration Strategy").
        case withoutQualifier = 1
        /// The name's words appear in order with at most `maxGap` other words between each pair.
        case wordsInOrder = 2
        /// The name's words appear together ("Bounded Contexts (8-12)").
        case contained = 3
        /// The same words.
        case exact = 4

        public static func < (a: Closeness, b: Closeness) -> Bool { a.rawValue < b.rawValue }

        public var description: String {
            switch self {
            case .withoutQualifier: return "without its qualifier"
            case .wordsInOrder: return "its words in order"
            case .contained: return "contained"
            case .exact: return "exact"
            }
        }
    }

    /// Words a section name may carry that say what kind of text it is, not what it is about.
    static let qualifiers: Set<String> = ["strategy", "plan", "approach", "overview", "outline"]

    /// Most other words allowed between two of the name's words ("API and Versioning Strategy").
    static let maxGap = 2

    public static func normalize(_ text: String) -> [String] {
        let words = text.lowercased().unicodeScalars.map { scalar -> Character in
            CharacterSetLike.isWordScalar(scalar) ? Character(scalar) : " "
        }
        var tokens = String(words).split(separator: " ").map(String.init)
        while let first = tokens.first, first.allSatisfy(\.isNumber) { tokens.removeFirst() }
        return tokens.map { $0.count > 3 && $0.hasSuffix("s") && !$0.hasSuffix("ss") ? String($0.dropLast()) : $0 }
    }

    /// Whether a heading or column contains any of `names` as whole words, together.
    public static func matches(_ heading: String, any names: [String]) -> Bool {
        names.contains { (closeness(heading, name: $0) ?? .withoutQualifier) >= .contained }
    }

    /// The closest match of `heading` to any of `names`, nil when none matches at all.
    public static func closeness(_ heading: String, any names: [String]) -> Closeness? {
        closeness(words: normalize(heading), any: names.map(normalize))
    }

    /// The closest match of normalized heading words to any of the normalized names: each
    /// heading and name normalized once, however many they are compared with.
    static func closeness(words: [String], any names: [[String]]) -> Closeness? {
        names.compactMap { closeness(words: words, wanted: $0) }.max()
    }

    /// How closely `heading` matches one wanted `name`.
    public static func closeness(_ heading: String, name: String) -> Closeness? {
        closeness(words: normalize(heading), wanted: normalize(name))
    }

    static func closeness(words: [String], wanted: [String]) -> Closeness? {
        guard !wanted.isEmpty, !words.isEmpty else { return nil }
        if words == wanted { return .exact }
        if wanted.count <= words.count,
            (0...(words.count - wanted.count)).contains(where: { Array(words[$0..<($0 + wanted.count)]) == wanted })
        {
            return .contained
        }
        if wanted.count > 1, inOrder(wanted, in: words) { return .wordsInOrder }
        let core = wanted.filter { !qualifiers.contains($0) }
        if !core.isEmpty, core.count < wanted.count, words == core { return .withoutQualifier }
        return nil
    }

    /// `wanted` as a subsequence of `words`, each next word at most `maxGap` words after the last.
    static func inOrder(_ wanted: [String], in words: [String]) -> Bool {
        for start in words.indices where words[start] == wanted[0] {
            var position = start
            var found = true
            for word in wanted.dropFirst() {
                let window = (position + 1)..<min(words.count, position + 2 + maxGap)
                guard let next = window.first(where: { words[$0] == word }) else {
                    found = false
                    break
                }
                position = next
            }
            if found { return true }
        }
        return false
    }
}

enum CharacterSetLike {
    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        // ASCII first: the property table look-up is the costly part, and most text is ASCII.
        if scalar.isASCII {
            let value = scalar.value | 0x20
            return (0x61...0x7A).contains(value) || ("0"..."9").contains(scalar)
        }
        return scalar.properties.isAlphabetic
    }
}
