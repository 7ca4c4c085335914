import Foundation

/// How a rubric's synonym for a concept is matched: as a reviewer reads, not as a string
/// compares. The phrase's words are whole words in any case; its last word may be inflected
/// ("fallback" finds "fallbacks", "deprecate" finds "deprecated"); a space also matches a
/// hyphen or slash ("strangler fig" finds "Strangler-Fig"), and a hyphen or slash may also be
/// a space or nothing ("anti-corruption" finds "anticorruption", "customer-supplier" finds
/// "customer/supplier"); British and American spellings are one word ("behaviour",
/// "behavior"; "normalise", "normalize"; "catalogue", "catalog").
extension Pattern {
    /// `/regex/` as written; anything else a phrase matched as above.
    static func synonym(_ text: String) throws -> Pattern {
        if text.count > 2, text.hasPrefix("/"), text.hasSuffix("/") {
            return try Pattern(String(text.dropFirst().dropLast()), ignoreCase: true)
        }
        var words: [(word: String, joinedLoosely: Bool)] = []
        var current = ""
        var loose = false
        for character in text {
            if character == " " || character == "-" || character == "/" {
                if !current.isEmpty {
                    words.append((current, loose))
                    current = ""
                    loose = false
                }
                loose = loose || character != " "
            } else {
                current.append(character)
            }
        }
        if !current.isEmpty { words.append((current, loose)) }
        guard !words.isEmpty else {
            return try Pattern(NSRegularExpression.escapedPattern(for: text), ignoreCase: true)
        }
        var regex = "\\b"
        for (index, entry) in words.enumerated() {
            if index > 0 { regex += entry.joinedLoosely ? "[\\s/\\-‐–]*" : "[\\s/\\-‐–]+" }
            regex += wordPattern(entry.word, inflected: index == words.count - 1)
        }
        let first = wordPattern(words[0].word, inflected: words.count == 1)
        return try Pattern(regex + "\\b", ignoreCase: true, literal: requiredLiteral(first))
    }

    /// The letters and digits a word's pattern starts with that every match holds: read up to
    /// the first character that is not a plain ASCII letter or digit, or that a quantifier
    /// makes optional or repeatable. Lowercased; matching is in any case.
    static func requiredLiteral(_ pattern: String) -> [UInt8] {
        let bytes = Array(pattern.utf8)
        var literal: [UInt8] = []
        for (index, byte) in bytes.enumerated() {
            let letter = (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A
            guard letter || (byte >= 0x30 && byte <= 0x39) else { break }
            if index + 1 < bytes.count, [0x3F, 0x2A, 0x2B, 0x7B, 0x7C].contains(bytes[index + 1]) { break }
            literal.append(letter ? byte | 0x20 : byte)
        }
        return literal
    }

    /// One word, with its spelling variants and, when `inflected`, its plural and verb forms.
    /// Words with digits or symbols ("p99", "2PC", "ACL") only take a plural "s".
    static func wordPattern(_ word: String, inflected: Bool) -> String {
        let lower = word.lowercased()
        guard lower.count >= 4, lower.allSatisfy({ $0.isLetter && $0.isASCII }) else {
            return NSRegularExpression.escapedPattern(for: word) + (inflected ? "s?" : "")
        }
        func cut(_ n: Int) -> String { String(lower.dropLast(n)) }
        // The stem with its spelling variants, the word's own ending, and how it inflects.
        var stem = lower
        var ending = ""
        var kind = Inflection.plain
        if lower.hasSuffix("isation") || lower.hasSuffix("ization") {
            stem = cut(7) + "i[sz]ation"
        } else if lower.count >= 6, lower.hasSuffix("ise") || lower.hasSuffix("ize") {
            stem = cut(3) + "i[sz]"
            ending = "e"
            kind = .silentE
        } else if lower.count >= 6, lower.hasSuffix("yse") || lower.hasSuffix("yze") {
            stem = cut(3) + "y[sz]"
            ending = "e"
            kind = .silentE
        } else if lower.count >= 6, lower.hasSuffix("our") {
            stem = cut(3) + "ou?r"
        } else if lower.hasSuffix("ogue") {
            stem = cut(4) + "og"
            ending = "(?:ue)?"
        } else if lower.hasSuffix("e") {
            stem = cut(1)
            ending = "e"
            kind = .silentE
        } else if lower.hasSuffix("y"), let before = lower.dropLast().last, !"aeiou".contains(before) {
            stem = cut(1)
            ending = "y"
            kind = .consonantY
        } else if ["s", "x", "z", "ch", "sh"].contains(where: { lower.hasSuffix($0) }) {
            kind = .sibilant
        }
        guard inflected else { return stem + ending }
        switch kind {
        case .plain: return stem + ending + "(?:s|es|ed|ing|'s)?"
        case .silentE: return stem + "(?:e|es|ed|ing|e's)"
        case .consonantY: return stem + "(?:y|ies|ied|ying|y's)"
        case .sibilant: return stem + "(?:es|ed|ing)?"
        }
    }

    private enum Inflection {
        case plain, silentE, consonantY, sibilant
    }
}
