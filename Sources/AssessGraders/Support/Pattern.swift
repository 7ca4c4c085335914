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

    init(_ source: String, ignoreCase: Bool = false) throws {
        self.source = source
        var options: NSRegularExpression.Options = [.anchorsMatchLines]
        if ignoreCase { options.insert(.caseInsensitive) }
        regex = try NSRegularExpression(pattern: source, options: options)
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
