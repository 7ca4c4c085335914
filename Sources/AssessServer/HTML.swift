import AssessReporters
import Foundation

/// Text made safe for HTML: everything from a submission, a rubric, a comment or an account
/// name passes through here, so a `<script>` in a design doc is shown, never run.
func esc(_ text: String) -> String { HTMLText.escape(text, quotes: true) }

/// A percent-encoded path or query component (`/s/amber-otter-12?file=docs%2Fa.md`).
func urlPart(_ text: String) -> String {
    var allowed = CharacterSet.alphanumerics
    allowed.insert(charactersIn: "-._~")
    return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
}

/// The frame every page shares: the stylesheet and script served by the app itself (the
/// Content-Security-Policy allows nothing else), the signed-in account and a sign-out form.
func page(_ title: String, session: Session?, body: String) -> String {
    let user =
        session.map {
            """
            <span class="who">\(esc($0.account.name)) · \($0.account.role.rawValue)</span>
            <form method="post" action="/logout" class="inline"><input type="hidden" name="csrf" value="\(esc($0.csrf))"><button>Sign out</button></form>
            """
        } ?? ""
    return """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(esc(title)) · assess</title><link rel="stylesheet" href="/static/review.css"></head>
        <body><header><a class="brand" href="/">assess review</a>\(user)</header>
        <main>\(body)</main><script src="/static/review.js"></script></body></html>
        """
}

/// A hidden field carrying the session's CSRF token: every form has one.
func csrfField(_ session: Session) -> String {
    "<input type=\"hidden\" name=\"csrf\" value=\"\(esc(session.csrf))\">"
}

/// Fields of a form body or a query string (`a=1&b=two+words`), percent-decoded; a repeated
/// name keeps its first value.
struct FormFields: Sendable {
    var values: [String: String] = [:]

    /// Lenient, for query strings: a pair that cannot be decoded reads as empty.
    init(_ encoded: String) {
        for pair in encoded.split(separator: "&", omittingEmptySubsequences: true) {
            let (name, value) = Self.decode(pair)
            if let name, values[name] == nil { values[name] = value ?? "" }
        }
    }

    /// Strict, for form bodies: nil when the body is not UTF-8 or a name or value is not valid
    /// percent-encoding, which no browser sends; the route answers 400 rather than guessing.
    init?(body: some Collection<UInt8>) {
        guard let encoded = String(validating: body, as: UTF8.self) else { return nil }
        for pair in encoded.split(separator: "&", omittingEmptySubsequences: true) {
            let (name, value) = Self.decode(pair)
            guard let name, let value else { return nil }
            if values[name] == nil { values[name] = value }
        }
    }

    private static func decode(_ pair: Substring) -> (name: String?, value: String?) {
        let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
        let decode = { (text: Substring) in
            String(text).replacingOccurrences(of: "+", with: " ").removingPercentEncoding
        }
        return (decode(parts[0]), parts.count > 1 ? decode(parts[1]) : "")
    }

    subscript(_ name: String) -> String? { values[name] }

    /// A value with surrounding white space removed; nil when empty.
    func text(_ name: String) -> String? {
        guard let value = values[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else {
            return nil
        }
        return value
    }
}

extension Double {
    /// `3`, `2.5`, `87.25`: as reports print numbers.
    var shown: String {
        self == rounded() && abs(self) < 1e15
            ? String(Int(self))
            : String(format: "%.2f", self)
                .replacingOccurrences(of: #"0+$"#, with: "", options: .regularExpression)
    }
}
