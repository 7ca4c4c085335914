/// Text made safe for HTML and SVG: every page Assess writes escapes through here.
public enum HTMLText {
    /// `&`, `<`, `>` and (for attribute values, the default) `"`.
    public static func escape(_ text: String, quotes: Bool = true) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"" where quotes: out += "&quot;"
            default: out.append(character)
            }
        }
        return out
    }
}
