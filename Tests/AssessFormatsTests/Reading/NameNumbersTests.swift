import AssessTestSupport
import Testing

@testable import AssessFormats

/// `NameNumbers` against the `Dictionary` numbering it replaced: every name numbered once, in
/// order of first sight, through growth, through a run of hashes that collide (the table then
/// falls back to a `Dictionary` and keeps every number), and names equal as `String`s are one.
@Suite struct NameNumbersTests {
    /// What a `Dictionary` of strings gives: first sight, counted up.
    func expected(_ names: [String]) -> [Int32] {
        var numbers: [String: Int32] = [:]
        return names.map { name in
            if let known = numbers[name] { return known }
            numbers[name] = Int32(numbers.count)
            return Int32(numbers.count - 1)
        }
    }

    @Test func namesAreNumberedOnFirstSightThroughGrowth() {
        var generator = SplitMix64(seed: 24)
        // Short keys (held in the string itself) and long ones, each seen many times.
        let pool = (0..<20_000).map { index in
            index % 3 == 0 ? "customer/\(index)/profile/preferences" : "cart:\(index)"
        }
        let names = (0..<100_000).map { _ in pool.randomElement(using: &generator)! }
        var table = NameNumbers()
        let numbers = names.map { table.number($0, hash: NameNumbers.hash($0, seed: table.seed)) }
        #expect(numbers == expected(names))
        #expect(table.names.count == Set(names).count)
    }

    @Test func hashesThatAllCollideFallBackAndKeepEveryNumber() {
        // Every name given the same hash, as a log written against the mix would: probes run
        // long, the table falls back to a Dictionary, and numbers stay first-sight.
        let names = (0..<1_500).map { "k\($0)" } + (0..<1_500).map { "k\($0 * 7 % 1_500)" } + ["late"]
        var table = NameNumbers()
        let numbers = names.map { table.number($0, hash: 42) }
        #expect(numbers == expected(names))
        #expect(table.count == 1_501)
    }

    @Test func namesEqualAsStringsAreOneName() {
        // Precomposed and decomposed é, and the Kelvin sign and K, are equal Strings: one name
        // each, as they were one Dictionary key.
        var table = NameNumbers()
        let hash = { (name: String) in NameNumbers.hash(name, seed: table.seed) }
        for (one, other) in [("caf\u{E9}", "cafe\u{301}"), ("K", "\u{212A}"), ("\u{1E69}", "s\u{323}\u{307}")] {
            #expect(one == other)
            #expect(hash(one) == hash(other))
            #expect(table.number(one, hash: hash(one)) == table.number(other, hash: hash(other)))
        }
        #expect(table.count == 3)
        // The empty name, and names differing only past eight bytes, in their length, or in
        // trailing zero bytes.
        for name in ["", "abcdefgh1", "abcdefgh2", "abcdefgh", "abcdefgh\u{0}", "abcdefgh\u{0}\u{0}"] {
            _ = table.number(name, hash: hash(name))
        }
        #expect(table.count == 9)
    }

    /// Two names of one block count whose lengths differ and whose tails are zero bytes: with
    /// the length mixed in only at the start they collided under every seed.
    @Test func namesOfOtherLengthsDoNotCollideUnderAnySeed() {
        let longer = "\u{1}\u{0}\u{0}`@\u{0}\u{0}\u{0}kkkk\u{0}"
        let shorter = "\u{C775}\u{169A}Hbkkkk"
        for seed: UInt64 in [0, 1, 42, 0x9E37_79B9_7F4A_7C15, .max] {
            #expect(NameNumbers.hash(longer, seed: seed) != NameNumbers.hash(shorter, seed: seed))
        }
        let padded = (0...8).map { String(repeating: "\u{0}", count: $0) }
        for seed: UInt64 in [0, 7] { #expect(Set(padded.map { NameNumbers.hash($0, seed: seed) }).count == 9) }
    }

    @Test func theHashDependsOnTheSeed() {
        #expect(NameNumbers.hash("cart:1", seed: 1) != NameNumbers.hash("cart:1", seed: 2))
        #expect(NameNumbers.hash("cart:1", seed: 1) == NameNumbers.hash("cart:1", seed: 1))
    }
}
