import AssessCore

/// Whether two names for the same service or bounded context agree, the way a reviewer
/// reads them: case, hyphens, camelCase, plurals and filler words ("service", "context",
/// "api") do not matter, and a stem matches its longer form ("Order" ~ "Ordering").
enum NameMatcher {
    static let filler: Set<String> = [
        "service", "services", "svc", "context", "contexts", "bounded", "api", "the", "ms", "microservice", "module",
        "system", "bc",
    ]

    /// The lower-cased words of a name: split at anything not a letter or digit and at
    /// camelCase humps.
    static func words(_ name: String) -> [String] {
        var words: [String] = []
        var current = ""
        var previousLower = false
        for character in name {
            // ASCII first, as the heading matcher does: the Unicode property look-ups and the
            // lower-cased copy of each character were most of a consistency check's time.
            if let ascii = character.asciiValue {
                let upper = (0x41...0x5A).contains(ascii)
                let lower = (0x61...0x7A).contains(ascii)
                if upper || lower || (0x30...0x39).contains(ascii) {
                    if upper && previousLower && !current.isEmpty {
                        words.append(current)
                        current = ""
                    }
                    current.append(Character(Unicode.Scalar(upper ? ascii | 0x20 : ascii)))
                    previousLower = lower
                    continue
                }
                if !current.isEmpty { words.append(current) }
                current = ""
                previousLower = false
                continue
            }
            if character.isLetter || character.isNumber {
                if character.isUppercase && previousLower && !current.isEmpty {
                    words.append(current)
                    current = ""
                }
                current.append(Character(character.lowercased()))
                previousLower = character.isLowercase
            } else {
                if !current.isEmpty { words.append(current) }
                current = ""
                previousLower = false
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    static func key(_ name: String) -> String {
        let words = words(name)
        let kept = words.filter { !filler.contains($0) }
        return (kept.isEmpty ? words : kept).map(singular).joined()
    }

    /// Whether `text` names `name` among other words ("Bookstore orders API" names `orders`):
    /// some run of its words matches the name's words.
    static func names(_ text: String, _ name: String) -> Bool {
        let haystack = words(text)
        let needle = words(name)
        guard !needle.isEmpty, haystack.count >= needle.count else { return false }
        return (0...(haystack.count - needle.count)).contains { start in
            matches(haystack[start..<start + needle.count].joined(separator: " "), needle.joined(separator: " "))
        }
    }

    static func singular(_ word: String) -> String {
        if word.count > 4, word.hasSuffix("ies") { return String(word.dropLast(3)) + "y" }
        if word.count > 3, word.hasSuffix("s"), !word.hasSuffix("ss") { return String(word.dropLast()) }
        return word
    }

    static func matches(_ a: String, _ b: String) -> Bool {
        let x = key(a)
        let y = key(b)
        guard !x.isEmpty, !y.isEmpty else { return false }
        if x == y { return true }
        let (short, long) = x.count <= y.count ? (x, y) : (y, x)
        if short.count >= 4, long.hasPrefix(short) { return true }
        return short.count >= 6 && distance(short, long) <= 1
    }

    static func distance(_ a: String, _ b: String) -> Int { Suggestion.editDistance(a, b) }
}
