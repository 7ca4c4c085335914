/// A path pattern relative to a submission root: `*` and `?` within one path segment,
/// `[abc]` classes, `**` for any number of directories, and `{a,b}` alternatives.
public struct Glob: Sendable, Hashable, CustomStringConvertible {
    public let pattern: String
    /// One entry per brace alternative, each a list of path segments.
    private let alternatives: [[String]]
    /// The same segments as characters, split once here rather than at every match: a rubric's
    /// patterns are matched against every file of every submission.
    private let segments: [[[Character]]]

    public init(_ pattern: String) {
        self.pattern = pattern
        alternatives = Glob.expandBraces(pattern).map {
            $0.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        }
        segments = alternatives.map { $0.map(Array.init) }
    }

    public var description: String { pattern }

    /// Why a pattern can never match inside a submission (absolute, or climbing out with `..`).
    public var problem: String? {
        if pattern.hasPrefix("/") {
            return "path pattern '\(pattern)' is absolute; patterns are relative to the submission root"
        }
        if alternatives.contains(where: { $0.contains("..") }) {
            return "path pattern '\(pattern)' climbs out of the submission with '..'"
        }
        if pattern.isEmpty { return "path pattern is empty" }
        return nil
    }

    public func matches(_ path: String) -> Bool { matches(segments: Glob.segments(of: path)) }

    /// `path` split into segments as `matches(_:)` splits it, for one path matched against
    /// several patterns.
    static func segments(of path: String) -> [[Character]] {
        path.split(separator: "/").map(Array.init)
    }

    /// Whether the path split by `segments(of:)` matches.
    func matches(segments path: [[Character]]) -> Bool {
        segments.contains { Glob.match($0[...], path[...]) }
    }

    private static let anyFolders: [Character] = ["*", "*"]

    private static func match(_ pattern: ArraySlice<[Character]>, _ path: ArraySlice<[Character]>) -> Bool {
        guard let head = pattern.first else { return path.isEmpty }
        if head == anyFolders {
            let rest = pattern.dropFirst()
            var remaining = path
            while true {
                if match(rest, remaining) { return true }
                guard !remaining.isEmpty else { return false }
                remaining = remaining.dropFirst()
            }
        }
        guard let segment = path.first, matchSegment(head, segment) else { return false }
        return match(pattern.dropFirst(), path.dropFirst())
    }

    /// Matches one segment with `*`, `?` and `[...]` (iterative, with backtracking on `*`).
    private static func matchSegment(_ p: [Character], _ s: [Character]) -> Bool {
        var pi = 0, si = 0
        var star: Int? = nil, starMatch = 0
        while si < s.count {
            if pi < p.count {
                switch p[pi] {
                case "*":
                    star = pi
                    starMatch = si
                    pi += 1
                    continue
                case "?":
                    pi += 1
                    si += 1
                    continue
                case "[":
                    if let (matched, next) = matchClass(p, pi, s[si]) {
                        if matched {
                            pi = next
                            si += 1
                            continue
                        }
                    } else if s[si] == "[" {
                        pi += 1
                        si += 1
                        continue
                    }
                default:
                    if p[pi] == s[si] {
                        pi += 1
                        si += 1
                        continue
                    }
                }
            }
            guard let starIndex = star else { return false }
            pi = starIndex + 1
            starMatch += 1
            si = starMatch
        }
        while pi < p.count, p[pi] == "*" { pi += 1 }
        return pi == p.count
    }

    /// `[abc]`, `[a-z]`, `[!x]`: whether `c` matches, and the index after the class.
    private static func matchClass(_ p: [Character], _ start: Int, _ c: Character) -> (Bool, Int)? {
        var i = start + 1
        var negate = false
        if i < p.count, p[i] == "!" || p[i] == "^" {
            negate = true
            i += 1
        }
        var matched = false
        var first = true
        while i < p.count, p[i] != "]" || first {
            first = false
            if i + 2 < p.count, p[i + 1] == "-", p[i + 2] != "]" {
                if p[i] <= c && c <= p[i + 2] { matched = true }
                i += 3
            } else {
                if p[i] == c { matched = true }
                i += 1
            }
        }
        guard i < p.count else { return nil }
        return (matched != negate, i + 1)
    }

    /// `a/{b,c}/*.{md,txt}` → the four plain patterns it stands for.
    static func expandBraces(_ pattern: String) -> [String] {
        let chars = Array(pattern)
        guard let open = chars.firstIndex(of: "{") else { return [pattern] }
        var depth = 0
        var close: Int?
        var commas: [Int] = []
        for i in open..<chars.count {
            switch chars[i] {
            case "{": depth += 1
            case "}":
                depth -= 1
                if depth == 0 { close = i }
            case "," where depth == 1: commas.append(i)
            default: break
            }
            if close != nil { break }
        }
        guard let close else { return [pattern] }
        let prefix = String(chars[..<open])
        let suffix = String(chars[(close + 1)...])
        let bounds = [open] + commas + [close]
        var results: [String] = []
        for k in 0..<(bounds.count - 1) {
            let option = String(chars[(bounds[k] + 1)..<bounds[k + 1]])
            results += expandBraces(prefix + option + suffix)
        }
        return results
    }
}
