public import AssessCore
import Foundation

/// Where a report's files sit relative to the place a consumer resolves paths from (GitHub
/// and GitLab resolve against the repository root): the submission folder's path from that
/// base, and the line of each criterion in the rubric. SARIF, GitLab Code Quality and GitHub
/// annotations point at the file a finding concerns through this, and at the criterion's
/// line in the rubric when a finding names no file, so every result has a place.
public struct ReportPaths: Sendable, Hashable {
    /// The submission folder relative to the base (`""` when it is the base), or an absolute
    /// path when the submission lies outside the base.
    public var submission: String
    /// Criterion id → where the criterion is written in its rubric (relative to the base, or absolute).
    public var criteria: [String: SourceLocation]

    public init(submission: String = "", criteria: [String: SourceLocation] = [:]) {
        self.submission = submission
        self.criteria = criteria
    }

    /// The paths of `rubric` and the submission at `submission`, relative to `base`.
    public init(rubric: Rubric, submission: String, base: String) {
        let root = Self.absolute(base)
        self.submission = Self.relative(Self.absolute(submission), to: root)
        var criteria: [String: SourceLocation] = [:]
        for criterion in rubric.criteria {
            var location = criterion.location
            location.file = Self.relative(Self.absolute(location.file), to: root)
            criteria[criterion.id] = location
        }
        self.criteria = criteria
    }

    /// The path of a file named relative to the submission, from the base.
    public func file(_ path: String) -> String {
        if path.hasPrefix("/") || submission.isEmpty || submission == "." { return path }
        return submission.hasSuffix("/") ? submission + path : submission + "/" + path
    }

    /// The nearest folder at or above `path` that holds `.git` (a repository root), if any.
    public static func repositoryRoot(containing path: String) -> String? {
        var folder = URL(fileURLWithPath: absolute(path))
        while true {
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent(".git").path) {
                return folder.path
            }
            let parent = folder.deletingLastPathComponent()
            if parent.path == folder.path { return nil }
            folder = parent
        }
    }

    /// `path` made absolute against the working folder, `.`/`..` and symbolic links resolved.
    static func absolute(_ path: String) -> String {
        let url =
            path.hasPrefix("/")
            ? URL(fileURLWithPath: path)
            : URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(path)
        return url.standardizedFileURL.resolvingSymlinksInPath().path
    }

    /// `path` relative to `base` when it lies under it, else `path` unchanged (absolute).
    static func relative(_ path: String, to base: String) -> String {
        if path == base { return "" }
        let prefix = base.hasSuffix("/") ? base : base + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }
}
