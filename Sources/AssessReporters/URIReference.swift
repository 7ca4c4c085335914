/// A file path as an RFC 3986 URI reference: each path segment percent-encoded (UTF-8), so a
/// file named `shop manifest#1.yaml` stays one valid reference instead of a URI with a
/// fragment. Absolute paths become `file://` URIs.
enum URIReference {
    /// Characters a path segment keeps as they are: RFC 3986 unreserved, plus the
    /// sub-delimiters and `@` that `pchar` allows (`:` is encoded so that no first segment
    /// reads as a scheme).
    private static let kept = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=@".utf8)

    static func encode(path: String) -> String {
        let encoded = path.split(separator: "/", omittingEmptySubsequences: false).map(segment).joined(separator: "/")
        return path.hasPrefix("/") ? "file://" + encoded : encoded
    }

    static func segment(_ text: Substring) -> String {
        var out = ""
        for byte in text.utf8 {
            if kept.contains(byte) {
                out.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                let hex = String(byte, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return out
    }
}
