import Testing

@testable import AssessFormats

/// `NameNumbers` against the `Dictionary` numbering it replaced: every name numbered once, in
/// order of first sight, through growth, through a run of hashes that collide (the table then
/// falls back to a `Dictionary` and keeps every number), and with names told apart by bytes.
@Suite struct NameNumbersTests {
    /// What a `Dictionary` of byte strings gives: first sight, counted up.
    func expected(_ names: [String]) -> [Int32] {
        var numbers: [[UInt8]: Int32] = [:]
        return names.map { name in
            let bytes = Array(name.utf8)
            if let known = numbers[bytes] { return known }
            numbers[bytes] = Int32(numbers.count)
            return Int32(numbers.count - 1)
        }
    }

    @Test func namesAreNumberedOnFirstSightThroughGrowth() {
        var generator = SystemRandomNumberGenerator()
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
        let names = (0..<500).map { "k\($0)" } + (0..<500).map { "k\($0 * 7 % 500)" } + ["late"]
        var table = NameNumbers()
        let numbers = names.map { table.number($0, hash: 42) }
        #expect(numbers == expected(names))
        #expect(table.count == 501)
    }

    @Test func namesAreTheSameWhenTheirBytesAre() {
        // Precomposed and decomposed é are equal Strings and different keys.
        let composed = "caf\u{E9}"
        let decomposed = "cafe\u{301}"
        #expect(composed == decomposed)
        var table = NameNumbers()
        let hash = { (name: String) in NameNumbers.hash(name, seed: table.seed) }
        let first = table.number(composed, hash: hash(composed))
        let second = table.number(decomposed, hash: hash(decomposed))
        #expect(first != second)
        #expect(table.number(composed, hash: hash(composed)) == first)
        #expect(table.number(decomposed, hash: hash(decomposed)) == second)
        // The empty name, and names differing only past eight bytes or in their length.
        for name in ["", "abcdefgh1", "abcdefgh2", "abcdefgh", "abcdefgh\u{0}"] {
            _ = table.number(name, hash: hash(name))
        }
        #expect(table.count == 7)
    }

    @Test func theHashDependsOnTheSeed() {
        #expect(NameNumbers.hash("cart:1", seed: 1) != NameNumbers.hash("cart:1", seed: 2))
        #expect(NameNumbers.hash("cart:1", seed: 1) == NameNumbers.hash("cart:1", seed: 1))
    }
}
