import Foundation

/// Names numbered densely on first sight, looked up by a hash the caller computed earlier.
///
/// A replica log names a key (and a replica) on every line; numbering them through a
/// `Dictionary` hashed each name on the one thread that hands records on in order, a tenth of
/// grading. Here the hash is made where the line is parsed, on both cores (`hash(_:seed:)`
/// needs nothing but the seed), and numbering is a probe and one comparison of the name.
///
/// Names are the same when they are equal `String`s, as they were as `Dictionary` keys:
/// canonically equivalent spellings (`café` precomposed and decomposed) are one name. So a
/// name with other than ASCII is hashed in its composed form (NFC); ASCII, the usual case, is
/// hashed as it is.
///
/// The hash is seeded per table from the system's random source, so a log would need the seed
/// to be written to collide with it; and should a probe still run long (a weakness of the mix,
/// or bad luck far beyond any real log), the table stops trusting it and numbers every later
/// name through a `Dictionary`, Swift's own flood-resistant hashing. Either way a name keeps
/// its number.
struct NameNumbers: Sendable {
    /// Mixed into every hash; shared by whoever computes hashes for this table.
    let seed: UInt64
    private(set) var names: [String] = []
    /// Open addressing, a power of two long, at most half full: a name's hash and number
    /// (-1 when empty), side by side so a probe reads one cache line.
    private var slots: [Slot]
    /// Set once a probe ran longer than `longestProbe`: every name, by `Dictionary`.
    private var fallback: [String: Int32]?

    /// Probes past this many slots, in a table at most half full, are not chance: the odds of
    /// one are far below one in 2^100 per name.
    static let longestProbe = 1024

    private struct Slot {
        var hash: UInt64 = 0
        var number: Int32 = -1
    }

    init(seed: UInt64 = UInt64.random(in: .min ... .max)) {
        self.seed = seed
        slots = [Slot](repeating: Slot(), count: 64)
    }

    var count: Int { names.count }

    /// The hash `number(_:hash:)` expects for `name` (pure, so any thread may compute it).
    static func hash(_ name: String, seed: UInt64) -> UInt64 {
        var name = name
        let plain = name.withUTF8 { bytes in hashBytes(bytes, seed: seed) }
        if plain.isASCII { return plain.hash }
        var composed = name.precomposedStringWithCanonicalMapping
        return composed.withUTF8 { bytes in hashBytes(bytes, seed: seed).hash }
    }

    /// Bytes hashed eight at a time, the length mixed in last (so names of other lengths that
    /// end in zero bytes part), and whether every byte was ASCII.
    static func hashBytes(_ bytes: UnsafeBufferPointer<UInt8>, seed: UInt64) -> (hash: UInt64, isASCII: Bool) {
        let raw = UnsafeRawBufferPointer(bytes)
        var state = seed
        var high: UInt64 = 0
        var index = 0
        while index + 8 <= raw.count {
            let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            high |= word
            state = mix(state ^ word)
            index += 8
        }
        if index < raw.count {
            var word: UInt64 = 0
            for (shift, byte) in raw[index...].enumerated() { word |= UInt64(byte) << UInt64(shift * 8) }
            high |= word
            state = mix(state ^ word)
        }
        let hash = mix(state ^ seed ^ (UInt64(raw.count) &* 0x9E37_79B9_7F4A_7C15))
        return (hash, high & 0x8080_8080_8080_8080 == 0)
    }

    /// A 64-bit finaliser (the xor-shift-multiply steps of MurmurHash3's fmix64).
    @inline(__always) static func mix(_ value: UInt64) -> UInt64 {
        var x = value
        x ^= x >> 33
        x = x &* 0xFF51_AFD7_ED55_8CCD
        x ^= x >> 33
        x = x &* 0xC4CE_B9FE_1A85_EC53
        x ^= x >> 33
        return x
    }

    /// `name`'s number, given on first sight; `hash` is `NameNumbers.hash(name, seed: seed)`.
    mutating func number(_ name: String, hash: UInt64) -> Int32 {
        if fallback != nil { return numberByDictionary(name) }
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        var probes = 0
        while slots[slot].number >= 0 {
            if slots[slot].hash == hash, names[Int(slots[slot].number)] == name {
                return slots[slot].number
            }
            slot = (slot + 1) & mask
            probes += 1
            if probes > Self.longestProbe {
                fallback = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($0.element, Int32($0.offset)) })
                slots = []
                return numberByDictionary(name)
            }
        }
        let next = Int32(names.count)
        names.append(name)
        slots[slot] = Slot(hash: hash, number: next)
        if names.count * 2 > slots.count { grow() }
        return next
    }

    private mutating func numberByDictionary(_ name: String) -> Int32 {
        if let known = fallback![name] { return known }
        let next = Int32(names.count)
        fallback![name] = next
        names.append(name)
        return next
    }

    private mutating func grow() {
        let old = slots
        slots = [Slot](repeating: Slot(), count: old.count * 2)
        let mask = slots.count - 1
        for filled in old where filled.number >= 0 {
            var slot = Int(truncatingIfNeeded: filled.hash) & mask
            while slots[slot].number >= 0 { slot = (slot + 1) & mask }
            slots[slot] = filled
        }
    }
}
