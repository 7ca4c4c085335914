import Foundation

/// The one JSON encoding every file Assess writes uses: sorted keys (so equal values are equal
/// bytes, which reports, gradebooks and resume digests rely on), no escaped slashes, and a
/// closing newline.
public enum StableJSON {
    public static func encode(_ value: some Encodable, pretty: Bool = true) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting =
            pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        // Assess encodes only its own models (strings, numbers, arrays, maps): this cannot fail.
        return ((try? encoder.encode(value)) ?? Data("{}".utf8)) + Data("\n".utf8)
    }
}
