/// Words in a text: runs of characters between Unicode white space, as
/// `split(whereSeparator: \.isWhitespace).count` counts them. Counting over `Character`s costs
/// a grapheme break and a property lookup per character (4 MB/s: three seconds for a hostile
/// 12 MB paragraph); ASCII text, nearly every document, is counted over its bytes instead.
enum WordCount {
    static func of(_ text: String) -> Int {
        var text = text
        let ascii: Int? = text.withUTF8 { bytes in
            var count = 0
            var inWord = false
            for byte in bytes {
                if byte >= 0x80 { return nil }
                // Unicode's White_Space in ASCII: tab, line feed, vertical tab, form feed,
                // carriage return and space.
                let space = byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)
                if !space && !inWord { count += 1 }
                inWord = !space
            }
            return count
        }
        return ascii ?? text.split(whereSeparator: { $0.isWhitespace }).count
    }
}
