import AssessCore
import Foundation

/// A regular expression checked when the rubric loads. `^` and `$` match at line starts and
/// ends, as a reviewer reading a document expects.
///
/// `@unchecked Sendable`: `NSRegularExpression` is immutable once made and documented as safe
/// to use from several threads at once.
struct Pattern: @unchecked Sendable, Hashable {
    let source: String
    let regex: NSRegularExpression
    /// Lowercase ASCII letters and digits every match holds, in any case, when the pattern was
    /// built so that they are known (a concept's synonym): a text without them is passed over
    /// without running the regex, which on Linux goes through ICU and was most of what a
    /// concept check cost.
    let literal: [UInt8]?

    init(_ source: String, ignoreCase: Bool = false, literal: [UInt8]? = nil) throws {
        self.source = source
        var options: NSRegularExpression.Options = [.anchorsMatchLines]
        if ignoreCase { options.insert(.caseInsensitive) }
        regex = try NSRegularExpression(pattern: source, options: options)
        self.literal = literal.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Reads and compiles the option `key`, logging an error at its node when it is no regex.
    static func read(_ key: String, from reader: MappingReader, required: Bool = false, ignoreCase: Bool = false)
        -> Pattern?
    {
        guard let text = reader.string(key, required: required) else { return nil }
        do {
            return try Pattern(text, ignoreCase: ignoreCase)
        } catch {
            reader.log.error(at: reader.node(key)?.location, "'\(text)' is not a valid regular expression for '\(key)'")
            return nil
        }
    }

    /// Every match in `text`. ICU cannot be interrupted from outside, so the search asks for
    /// progress calls (ICU's match callback, made every few thousand steps even inside one
    /// backtracking match) and stops at the first one past `deadline` or after its task is
    /// cancelled: a pattern that goes quadratic on a hostile file gives its thread back when
    /// the criterion's time runs out. The deadline is checked here, not left to the engine's
    /// timer, because runaway matches on every core leave that timer no thread to run on.
    func matches(_ text: String, deadline: ContinuousClock.Instant? = nil) throws(PatternTimeout) -> [NSRange] {
        var found: [NSRange] = []
        var overran = false
        regex.enumerateMatches(in: text, options: [.reportProgress], range: NSRange(text.startIndex..., in: text)) {
            result, _, stop in
            if let result { found.append(result.range) }
            if Task.isCancelled {
                stop.pointee = true
            } else if let deadline, ContinuousClock.now > deadline {
                overran = true
                stop.pointee = true
            }
        }
        if overran { throw PatternTimeout(source: source) }
        return found
    }

    /// Whether the pattern matches somewhere in `text`; a text that cannot hold the pattern's
    /// literal is answered without the regex.
    func firstMatch(in text: SearchText) -> Bool {
        if let literal, !text.mayContain(literal) { return false }
        return firstMatch(in: text.text)
    }

    func firstMatch(in text: String) -> Bool {
        var matched = false
        regex.enumerateMatches(in: text, options: [.reportProgress], range: NSRange(text.startIndex..., in: text)) {
            result, _, stop in
            if result != nil { matched = true }
            if matched || Task.isCancelled { stop.pointee = true }
        }
        return matched
    }

    static func == (a: Pattern, b: Pattern) -> Bool { a.source == b.source && a.regex.options == b.regex.options }
    func hash(into hasher: inout Hasher) { hasher.combine(source) }
}

/// A text searched by several patterns, with a copy folded to lowercase ASCII for their
/// literals. Case-insensitive matching also folds some letters from beyond ASCII onto ASCII
/// ones (`ß` matches `ss`, the Kelvin sign `k`, `ſ` `s`, the ligature `ﬁ` `fi`), so the copy
/// is made only when every other character is one that case folding never turns into ASCII
/// (punctuation such as curly quotes and dashes, symbols, arrows, emoji), which then cannot
/// stand for a letter of a literal; for any other text the regex always runs.
struct SearchText {
    let text: String
    /// Lowercase ASCII, each other character as a zero byte; nil when the text has characters
    /// that case folding might turn into ASCII.
    let folded: [UInt8]?

    init(_ text: String) {
        self.text = text
        var folded: [UInt8] = []
        folded.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if value < 0x80 {
                let byte = UInt8(value)
                folded.append(byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte)
            } else if Self.neverFoldsToASCII(value) {
                folded.append(0)
            } else {
                self.folded = nil
                return
            }
        }
        self.folded = folded
    }

    /// Blocks whose characters case folding never turns into ASCII: Latin-1 punctuation and
    /// signs, General Punctuation (dashes, quotes, ellipsis), arrows through dingbats (maths,
    /// technical, circled letters, which fold to circled letters, box drawing, shapes,
    /// symbols), CJK punctuation, and emoji. Letterlike Symbols (the Kelvin sign) are not
    /// among them.
    static func neverFoldsToASCII(_ value: UInt32) -> Bool {
        (0xA0...0xBF).contains(value) || value == 0xD7 || value == 0xF7 || (0x2000...0x206F).contains(value)
            || (0x2190...0x2BFF).contains(value) || (0x3000...0x303F).contains(value)
            || (0x1F000...0x1FAFF).contains(value)
    }

    /// False only when the text cannot hold `literal` in any case.
    func mayContain(_ literal: [UInt8]) -> Bool {
        guard let folded, !literal.isEmpty else { return true }
        guard folded.count >= literal.count else { return false }
        return folded.withUnsafeBytes { text in
            literal.withUnsafeBytes { want in
                // Each place the first byte stands, then the rest compared.
                var from = 0
                let last = text.count - want.count
                while from <= last, let hit = memchr(text.baseAddress! + from, Int32(want[0]), last - from + 1) {
                    let at = UnsafeRawPointer(hit) - text.baseAddress!
                    if memcmp(text.baseAddress! + at, want.baseAddress!, want.count) == 0 { return true }
                    from = at + 1
                }
                return false
            }
        }
    }
}

/// A search stopped at the criterion's time limit.
struct PatternTimeout: Error, CustomStringConvertible {
    var source: String
    var description: String {
        "the search for /\(source)/ ran past the criterion's time limit and was stopped (a pattern that backtracks on every line of this input?)"
    }
}

/// Maps UTF-16 offsets (what `NSRange` gives) to 1-based line and column.
struct LineIndex {
    private let lineStarts: [Int]

    init(_ text: String) {
        var starts = [0]
        var offset = 0
        for unit in text.utf16 {
            offset += 1
            if unit == 0x0A { starts.append(offset) }
        }
        lineStarts = starts
    }

    func location(ofUTF16Offset offset: Int, file: String) -> SourceLocation {
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        return SourceLocation(file: file, line: low + 1, column: offset - lineStarts[low] + 1)
    }
}

extension Finding {
    /// A finding about a whole file, pointed at its first line.
    static func about(_ path: String, _ message: String, severity: Finding.Severity = .error, hint: String? = nil)
        -> Finding
    {
        Finding(severity, message, at: SourceLocation(file: path, line: 1, column: 1), hint: hint)
    }
}

/// `1 file`, `3 files`.
func plural(_ count: Int, _ noun: String) -> String {
    "\(count) \(noun)\(count == 1 ? "" : "s")"
}
