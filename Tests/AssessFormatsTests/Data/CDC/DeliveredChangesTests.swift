import AssessTestSupport
import Testing

@testable import AssessFormats

/// `DeliveredChanges` against the `Set` of `key\u{1F}version` strings it replaced: the same
/// answers through growth, for changes that differ only in where key ends and version begins,
/// and after a run of colliding fingerprints sends it to its fallback.
@Suite struct DeliveredChangesTests {
    @Test func answersAsASetOfKeyAndVersionDoesThroughGrowth() {
        var generator = SplitMix64(seed: 7)
        var delivered = DeliveredChanges()
        var reference = Set<String>()
        func identity(_ key: String, _ version: String) -> String { key + "\u{1F}" + version }
        for _ in 0..<50_000 {
            let key = "order-\(Int.random(in: 0..<20_000, using: &generator))"
            let version = String(Int.random(in: 0..<8, using: &generator))
            delivered.insert(key: key, version: version)
            reference.insert(identity(key, version))
        }
        #expect(delivered.count == reference.count)
        for key in 0..<20_000 {
            for version in 0..<9 {
                let (k, v) = ("order-\(key)", String(version))
                #expect(delivered.contains(key: k, version: v) == reference.contains(identity(k, v)))
            }
        }
    }

    @Test func keyAndVersionAreNotOneString() {
        var delivered = DeliveredChanges()
        delivered.insert(key: "1", version: "11")
        delivered.insert(key: "caf\u{E9}", version: "1")
        #expect(delivered.contains(key: "1", version: "11"))
        #expect(!delivered.contains(key: "11", version: "1"))
        #expect(!delivered.contains(key: "1", version: "1"))
        #expect(!delivered.contains(key: "1\u{1F}1", version: "1"))
        // Precomposed and decomposed é are one String, so one key, as in the set of strings.
        #expect(delivered.contains(key: "caf\u{E9}", version: "1"))
        #expect(delivered.contains(key: "cafe\u{301}", version: "1"))
        #expect(!delivered.contains(key: "cafe", version: "1"))
        // The two names that once collided under every seed.
        delivered.insert(key: "\u{1}\u{0}\u{0}`@\u{0}\u{0}\u{0}kkkk\u{0}", version: "3")
        #expect(!delivered.contains(key: "\u{C775}\u{169A}Hbkkkk", version: "3"))
    }

    @Test func collidingFingerprintsFallBackAndKeepEveryChange() {
        // Fingerprints that all land in one slot, as a stream written against the mix would.
        var delivered = DeliveredChanges()
        let colliding = (0..<1_500).map { DeliveredChanges.Fingerprint(first: 7, second: UInt64($0) * 2 + 1) }
        for fingerprint in colliding + colliding { delivered.insert(fingerprint) }
        #expect(delivered.count == 1_500)
        #expect(colliding.allSatisfy { delivered.contains($0) })
        #expect(!delivered.contains(DeliveredChanges.Fingerprint(first: 7, second: 3_001)))
        delivered.insert(key: "late", version: "1")
        #expect(delivered.contains(key: "late", version: "1"))
        #expect(delivered.count == 1_501)
    }
}
