extension StringProtocol where SubSequence == Substring {
    /// The lines of the text, split at each line feed, each without its line end (a carriage
    /// return before the line feed is dropped too). `split(separator: "\n")` is not this:
    /// "\r\n" is one `Character`, so it never splits a text written with CRLF line ends — a
    /// Windows editor's — and every line number after the first would be wrong.
    public var lines: [Substring] {
        var result: [Substring] = []
        let bytes = utf8
        var start = bytes.startIndex
        var carriageReturn: Index?  // of the byte just before, when it was "\r"
        var index = start
        while index != bytes.endIndex {
            let byte = bytes[index]
            if byte == 0x0A {
                result.append(self[start..<(carriageReturn ?? index)])
                start = bytes.index(after: index)
            }
            carriageReturn = byte == 0x0D ? index : nil
            index = bytes.index(after: index)
        }
        result.append(self[start..<(carriageReturn ?? bytes.endIndex)])
        return result
    }
}
