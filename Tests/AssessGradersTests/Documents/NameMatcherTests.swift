import Testing

@testable import AssessGraders

/// `NameMatcher.words` reads ASCII characters without the Unicode property tables; the words
/// must be those the plain reading (every character through its properties) gives.
@Suite struct NameMatcherTests {
    /// The reading before the ASCII shortcut: every character through its Unicode properties.
    static func plainWords(_ name: String) -> [String] {
        var words: [String] = []
        var current = ""
        var previousLower = false
        for character in name {
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

    @Test(arguments: [
        "OrderService", "order-service", "Order Management", "orders_v2API", "HTTPServer2Go", "  Ordering  ",
        "Bestell\u{00FC}bersicht", "Zahlungs\u{00C4}nderung", "\u{00C9}tatCommande", "caf\u{00E9}Menu", "line\r\nbreak",
        "x\u{0301}yZ", "\u{0130}stanbulHub", "\u{FF21}\u{FF22}c", "a1B2c3D", "\u{00B2}squared", "", "---", "CatalogBC",
    ])
    func wordsAreThoseOfThePlainReading(_ name: String) {
        #expect(NameMatcher.words(name) == Self.plainWords(name))
    }
}
