import Foundation
import Testing

@testable import AssessGraders

/// A concept's synonym is looked for by its literal first, and by ICU's case-insensitive regex
/// only where the literal stands. The two must always agree with the regex alone: on plain
/// text, on text with curly quotes, dashes and emoji (folded, the literal used), and on text
/// whose letters case folding may turn into ASCII (`ß`, the Kelvin sign, `ſ`, `ﬁ`), where the
/// regex always runs.
@Suite struct SearchTextTests {
    static let synonyms = [
        "saga", "compensating transaction", "anti-corruption layer", "customer/supplier", "behaviour", "normalise",
        "catalogue", "cache", "policy", "p99", "2PC", "idempotency key", "strangler fig", "open host service",
        "analyse", "colour", "fix", "strasse", "kelvin", "service", "file", "café", "/sag[ae]s?/",
    ]

    static let texts = [
        "Checkout runs as a Saga with compensating transactions.",
        "The ACL (anti‐corruption layer) keeps the Customer–Supplier model out — “on purpose” 🙂.",
        "Behaviors are normalized; the catalog is cached; policies apply at p99s over 2PC.",
        "An idempotency-key per request; Strangler-Fig migration; OPEN HOST SERVICES.",
        "We analyzed the colors and fixes.",
        "Die Straße ist lang.",
        "Temperatures in \u{212A}elvin.",
        "A long-s \u{17F}ervice and a \u{FB01}le.",
        "Un café, s'il vous plaît.",
        "Nothing to see here.",
        "",
    ]

    @Test func theLiteralNeverHidesAMatchTheRegexFinds() throws {
        var skipped = 0
        for synonym in Self.synonyms {
            let pattern = try Pattern.synonym(synonym)
            for text in Self.texts {
                let searched = SearchText(text)
                #expect(
                    pattern.firstMatch(in: searched) == pattern.firstMatch(in: text), "\(synonym) in \(text)")
                if let literal = pattern.literal, !searched.mayContain(literal) { skipped += 1 }
            }
        }
        // The literal must also spare work: most pairs above hold no match.
        #expect(skipped > Self.synonyms.count * Self.texts.count / 2, "\(skipped)")
    }

    @Test func aSynonymsLiteralIsWhatEveryMatchStartsWith() throws {
        #expect(try Pattern.synonym("Saga").literal == Array("saga".utf8))
        #expect(try Pattern.synonym("anti-corruption layer").literal == Array("anti".utf8))
        #expect(try Pattern.synonym("colour").literal == Array("colo".utf8))
        #expect(try Pattern.synonym("normalise").literal == Array("normali".utf8))
        #expect(try Pattern.synonym("p99").literal == Array("p99".utf8))
        #expect(try Pattern.synonym("café").literal == Array("caf".utf8))
        // A rubric's own regex has no literal the reader can trust.
        #expect(try Pattern.synonym("/sag[ae]s?/").literal == nil)
    }

    /// Every character folded away is one ICU's case-insensitive matching never takes for an
    /// ASCII letter or digit.
    @Test func noCharacterFoldedAwayMatchesAnASCIILetterInAnyCase() throws {
        var text = ""
        for value in UInt32(0x80)...0x1FAFF where SearchText.neverFoldsToASCII(value) {
            if let scalar = Unicode.Scalar(value) { text.unicodeScalars.append(scalar) }
        }
        #expect(text.unicodeScalars.count > 5_000)
        let anyLetter = try NSRegularExpression(pattern: "[a-z0-9]", options: [.caseInsensitive])
        let found = anyLetter.firstMatch(in: text, range: NSRange(text.startIndex..., in: text))
        #expect(found == nil, "\(found.map { (text as NSString).substring(with: $0.range) } ?? "")")
        // The check can fail: the Kelvin sign is such a character.
        #expect(anyLetter.firstMatch(in: "\u{212A}", range: NSRange(location: 0, length: 1)) != nil)
    }

    @Test func textWhoseLettersMayFoldOntoASCIIIsNotFolded() {
        #expect(SearchText("plain “quoted” text — fine 🙂").folded != nil)
        #expect(SearchText("Straße").folded == nil)
        #expect(SearchText("\u{212A}elvin").folded == nil)
        #expect(SearchText("\u{FB01}le").folded == nil)
        #expect(SearchText("Crème").folded == nil)
        #expect(SearchText("ABC").folded == Array("abc".utf8))
    }
}
