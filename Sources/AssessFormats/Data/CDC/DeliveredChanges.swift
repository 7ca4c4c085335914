/// Every (key, version) change a stream delivered, for telling which of the application's
/// writes it lost: a set of 128-bit fingerprints rather than of `key\u{1F}version` strings.
///
/// A million-event stream inserted a million strings through `Set<String>` on the one thread
/// that hands events on in order (hashing each with SipHash and growing the set), then looked
/// up a million more for the write log: a tenth of `cdc.events`. A fingerprint is two 64-bit
/// hashes of the key and the version, seeded per set from the system's random source, so no
/// log can be written to collide with it; two different changes share one with a chance of
/// about one in 2^128 per pair, far below a disk's error rate. Its first word places it in an
/// open-addressing table of fingerprints; a write log's lookups can be fingerprinted where its
/// lines are parsed (`fingerprint(key:version:)` reads nothing but the seed).
///
/// Should a probe still run long (a weakness of the mix, or bad luck), the set moves every
/// fingerprint into a `Set`, Swift's flood-resistant hashing, and keeps them there.
///
/// Changes are the same when the bytes of their key and version are: a store's keys are
/// bytes, so a key written precomposed in one log and decomposed in the other is two keys.
public struct DeliveredChanges: Sendable {
    public struct Fingerprint: Sendable, Hashable {
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
    public func fingerprint(key: String, version: String) -> Fingerprint {
        Self.fingerprint(key: key, version: version, seed: seed)
    }

    /// The fingerprint of a change in a set of this seed: pure, so any thread may make it.
    static func fingerprint(key: String, version: String, seed: UInt64) -> Fingerprint {
        let keyHash = NameNumbers.hash(key, seed: seed)
        let versionHash = NameNumbers.hash(version, seed: seed ^ 0x9E37_79B9_7F4A_7C15)
        // Two words from the pair's 128 bits of state, each mixing both.
        let first = NameNumbers.mix(keyHash &+ versionHash &* 0xC2B2_AE3D_27D4_EB4F)
        let second = NameNumbers.mix(keyHash ^ (versionHash << 32 | versionHash >> 32) ^ seed) | 1
        return Fingerprint(first: first, second: second)
    }

    public mutating func insert(key: String, version: String) { insert(fingerprint(key: key, version: version)) }

    /// Adds a fingerprint made by `fingerprint(key:version:)` of this set.
    public mutating func insert(_ fingerprint: Fingerprint) {
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

    public func contains(_ fingerprint: Fingerprint) -> Bool {
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
