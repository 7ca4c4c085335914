import Foundation

/// What went wrong in an XML file, in words: Foundation's `XMLParser` on Linux describes its
/// errors as "The operation could not be completed. (NSXMLParserErrorDomain error 4.)",
/// which tells a learner nothing. The codes are libxml2's (`xmlParserErrors`), which
/// `XMLParser.ErrorCode` mirrors; the common ones are named, the rest keep their number.
public enum XMLErrorText {
    public static func describe(_ error: (any Error)?) -> String {
        guard let error else { return "malformed XML" }
        let code = (error as NSError).code
        if let text = known[code] { return text }
        let description = (error as NSError).localizedDescription
        if !description.contains("NSXMLParserErrorDomain") { return description }
        return "malformed XML (parser error \(code))"
    }

    static let known: [Int: String] = [
        4: "the document is empty",
        5: "the document ends before it is complete",
        9: "a character that XML does not allow",
        26: "an entity that is not declared",
        27: "an entity that is not declared",
        38: "'<' inside an attribute value",
        39: "an attribute value is not quoted",
        41: "an attribute has no value",
        42: "an attribute is written twice",
        64: "an XML declaration that is not at the start of the file",
        68: "a name was expected",
        72: "'<' expected",
        73: "'>' expected",
        76: "an end tag does not match its start tag",
        77: "a tag is not finished",
        85: "the elements are not closed in order (or the document ends inside one)",
        86: "content after the root element",
        89: "an entity refers to itself",
        90: "an entity is not well formed",
    ]
}
