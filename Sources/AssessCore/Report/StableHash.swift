/// Hashes that are the same on every machine and every run (Swift's `hashValue` is seeded per
/// process): for shard assignment, fingerprints that CI tools compare across runs, and
/// winnowing. One copy, so the constants cannot drift apart.
public enum StableHash {
    /// FNV-1a, 64-bit, over `bytes`.
    public static func fnv1a(_ bytes: some Sequence<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return hash
    }

    /// FNV-1a of `text`'s UTF-8 as 16 hex digits.
    public static func fingerprint(_ text: String) -> String {
        let hex = String(fnv1a(text.utf8), radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}

extension Sequence<UInt8> {
    /// Lower-case hex, two digits a byte: how SHA-256 digests are written in reports and rows.
    public var hexString: String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for byte in self {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
