/// Every (key, version) change a stream delivered, for telling which of the application's
/// writes it lost: a set of 128-bit fingerprints rather than of `key\u{1F}version` strings.
///
/// A million-event stream inserted a million strings through `Set<String>` on the one thread
/// that hands events on in order (hashing each with SipHash and growing the set), then looked
/// up a million more for the write log: a tenth of `cdc.events`. A fingerprint is two words,
/// each from its own seeded hashes of the key and of the version (`NameNumbers.hash`, so
/// equal strings, canonically equivalent spellings included, make equal fingerprints, as they
/// made equal set members). The seeds are drawn per set from the system's random source: two
/// different changes share a fingerprint by chance about once in 2^128 pairs, and a log would
/// need the seeds to be written to collide. Its first word places it in an open-addressing
/// table; a write log's fingerprints are made where its lines are parsed (they need nothing
/// but the seed).
///
/// Should a probe still run long, the set moves every fingerprint into a `Set`, Swift's
/// flood-resistant hashing, and keeps them there.
public struct DeliveredChanges: Sendable {
    struct Fingerprint: Sendable, Hashable {
        var first: UInt64
        var second: UInt64
    }

    let seed: UInt64
    /// At most half full, a power of two long; `empty` marks a free slot.
    private var slots: [Fingerprint]
    public private(set) var count = 0
    /// Every fingerprint, once a probe ran past `NameNumbers.longestProbe` slots.
    private var fallback: Set<Fingerprint>?

    /// No fingerprint is this one (`fingerprint` sets the lowest bit of `second`).
    private static let empty = Fingerprint(first: 0, second: 0)

    public init() { self.init(seed: UInt64.random(in: .min ... .max)) }

    init(seed: UInt64) {
        self.seed = seed
        slots = [Fingerprint](repeating: Self.empty, count: 64)
    }

    public var isEmpty: Bool { count == 0 }

    /// The fingerprint of a change in this set.
    func fingerprint(key: String, version: String) -> Fingerprint {
        Self.fingerprint(key: key, version: version, seed: seed)
    }

    /// The fingerprint of a change in a set of this seed: pure, so any thread may make it.
    /// Four hashes under four seeds derived from `seed`: each word holds 64 bits of the key's
    /// and 64 of the version's, so two keys that share one hash still part on the other.
    static func fingerprint(key: String, version: String, seed: UInt64) -> Fingerprint {
        func derived(_ number: UInt64) -> UInt64 { NameNumbers.mix(seed &+ number &* 0x9E37_79B9_7F4A_7C15) }
        let first = NameNumbers.mix(
            NameNumbers.hash(key, seed: derived(1)) ^ NameNumbers.hash(version, seed: derived(2))
                &* 0xC2B2_AE3D_27D4_EB4F)
        let second = NameNumbers.mix(
            NameNumbers.hash(key, seed: derived(3)) ^ NameNumbers.hash(version, seed: derived(4))
                &* 0x1656_67B1_9E37_79F9)
        return Fingerprint(first: first, second: second | 1)
    }

    public mutating func insert(key: String, version: String) { insert(fingerprint(key: key, version: version)) }

    /// Adds a fingerprint made by `fingerprint(key:version:)` of this set.
    mutating func insert(_ fingerprint: Fingerprint) {
        if fallback != nil {
            if fallback!.insert(fingerprint).inserted { count += 1 }
            return
        }
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: fingerprint.first) & mask
        var probes = 0
        while slots[slot] != Self.empty {
            if slots[slot] == fingerprint { return }
            slot = (slot + 1) & mask
            probes += 1
            if probes > NameNumbers.longestProbe {
                fallback = Set(slots.filter { $0 != Self.empty })
                slots = []
                insert(fingerprint)
                return
            }
        }
        slots[slot] = fingerprint
        count += 1
        if count * 2 > slots.count { grow() }
    }

    public func contains(key: String, version: String) -> Bool { contains(fingerprint(key: key, version: version)) }

    func contains(_ fingerprint: Fingerprint) -> Bool {
        if let fallback { return fallback.contains(fingerprint) }
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: fingerprint.first) & mask
        while slots[slot] != Self.empty {
            if slots[slot] == fingerprint { return true }
            slot = (slot + 1) & mask
        }
        return false
    }

    private mutating func grow() {
        let old = slots
        slots = [Fingerprint](repeating: Self.empty, count: old.count * 2)
        let mask = slots.count - 1
        for filled in old where filled != Self.empty {
            var slot = Int(truncatingIfNeeded: filled.first) & mask
            while slots[slot] != Self.empty { slot = (slot + 1) & mask }
            slots[slot] = filled
        }
    }
}
