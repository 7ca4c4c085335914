import AssessYAML
import Foundation

/// A learner's hand-in: a directory whose files are listed once, resolved against a rubric's
/// inputs by glob, and read only through `read(_:)`, which keeps every read inside the root.
public struct Submission: Sendable {
    /// The root as given.
    public let path: String
    /// The root with every symlink resolved: the fence reads must stay inside.
    public let canonicalRoot: String
    /// Short name for reports: the root's last path component.
    public let name: String
    /// Every file (and symlink) under the root, relative, sorted; `.git` and tool folders
    /// (`.venv`, `node_modules`, …; see `toolFolders`) are left out.
    public let files: [String]
    public let manifest: SubmissionManifest?
    /// True when the listing stopped at `limits.maxFiles`: inputs that found nothing say so.
    public let truncated: Bool
    /// Why `assess.yaml` could not be read, when it exists but is broken.
    public let manifestError: RubricError?
    public let limits: SubmissionLimits
    /// The bytes read whole so far, shared by every copy of this value: one budget per
    /// submission per run, however many criteria read.
    let budget = ReadBudget()

    /// Lists `path`. Throws when it is not a readable directory.
    public init(path: String, limits: SubmissionLimits = .default) throws(SubmissionError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw SubmissionError(path: path, reason: "is not a directory")
        }
        guard let canonical = Submission.realPath(path) else {
            throw SubmissionError(path: path, reason: "cannot be resolved")
        }
        self.path = path
        self.canonicalRoot = canonical
        self.limits = limits
        let trimmed = path.hasSuffix("/") && path.count > 1 ? String(path.dropLast()) : path
        self.name = URL(fileURLWithPath: trimmed).lastPathComponent
        var listed: [String] = []
        Submission.walk(canonical, relative: "", into: &listed, cap: limits.maxFiles)
        self.files = listed.sorted()
        self.truncated = listed.count >= limits.maxFiles
        var manifest: SubmissionManifest?
        var manifestError: RubricError?
        if listed.contains("assess.yaml") {
            let shown = (trimmed as NSString).appendingPathComponent("assess.yaml")
            // Read through the same fence as every other file: a manifest that links out of the
            // submission is refused, never read (or echoed in an error).
            let probe = Submission.fenced(canonical: canonical, relative: "assess.yaml", limits: limits)
            switch probe {
            case .success(let data):
                do {
                    manifest = try SubmissionManifest(text: String(decoding: data, as: UTF8.self), file: shown)
                } catch {
                    manifestError = error
                }
            case .failure(let refusal):
                manifestError = RubricError([
                    .error(at: SourceLocation(file: shown, line: 1, column: 1), "assess.yaml \(refusal.reason)")
                ])
            }
        }
        self.manifest = manifest
        self.manifestError = manifestError
    }

    /// Folders that hold a tool's or a package manager's files, never the learner's work:
    /// a checked-in `.venv` or `node_modules` of 25,000 files would otherwise fill the listing
    /// before `design.md` is reached. A folder named `venv` or `env` is one when it holds a
    /// `pyvenv.cfg`.
    static let toolFolders: Set<String> = [
        ".git", ".hg", ".svn", ".venv", "node_modules", "__pycache__", ".tox", ".nox", ".mypy_cache",
        ".pytest_cache", ".ruff_cache", ".gradle", ".build", ".terraform", ".next", ".cache", ".idea",
    ]

    /// Lists the tree breadth first (a folder's own files before anything deeper), so the
    /// files a rubric names near the top are listed even when a deep tree passes the cap.
    private static func walk(_ root: String, relative: String, into files: inout [String], cap: Int) {
        var folders = [(full: root, relative: relative)]
        var next = 0
        while next < folders.count {
            let (directory, relative) = folders[next]
            next += 1
            guard let entries = try? FileManager.default.contentsOfDirectory(atPath: directory) else { continue }
            for entry in entries.sorted() where !toolFolders.contains(entry) {
                if files.count >= cap { return }
                let full = directory + "/" + entry
                let rel = relative.isEmpty ? entry : relative + "/" + entry
                // `lstat`, not `FileManager.attributesOfItem`: that one also looks up the owner's
                // and group's names (a passwd and group lookup per file) for a listing that
                // needs only the type.
                var info = stat()
                guard lstat(full, &info) == 0 else { continue }
                let type = info.st_mode & S_IFMT
                if type == S_IFDIR {
                    if (entry == "venv" || entry == "env"), FileManager.default.fileExists(atPath: full + "/pyvenv.cfg")
                    {
                        continue
                    }
                    folders.append((full, rel))
                } else if type == S_IFREG || type == S_IFLNK {
                    files.append(rel)
                }
            }
            // Folders already walked are dropped, so the queue holds only what is still to come.
            if next > 1024 {
                folders.removeFirst(next)
                next = 0
            }
        }
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// The files an input names, in the order its patterns give, each checked against the
    /// fence and the size cap; what is refused comes back as findings, not as files.
    public func resolve(_ spec: InputSpec) -> ResolvedInput {
        var matched: [String] = []
        var seen = Set<String>()
        // Each file split once for every pattern of the input.
        let split = files.map(Glob.segments(of:))
        for pattern in spec.paths.map(Glob.init) {
            for (index, file) in files.enumerated() where pattern.matches(segments: split[index]) {
                if seen.insert(file).inserted { matched.append(file) }
            }
            if !spec.many, !matched.isEmpty { break }
        }
        var accepted: [SubmissionFile] = []
        var refusals: [Finding] = []
        for relative in matched {
            switch Submission.check(
                canonical: canonicalRoot, relative: relative, limits: limits, maxBytes: spec.maxBytes)
            {
            case .success(let file): accepted.append(file)
            case .failure(let error):
                refusals.append(
                    .error(
                        error.reason.isEmpty ? error.description : "'\(relative)' \(error.reason)",
                        at: SourceLocation(file: relative, line: 1, column: 1)))
            }
            if !spec.many, !accepted.isEmpty { break }
        }
        if accepted.isEmpty, truncated {
            refusals.append(
                .error(
                    "the submission holds more than \(limits.maxFiles) files; listing stopped there, so '\(spec.paths.joined(separator: "', '"))' may lie beyond it"
                ))
        }
        return ResolvedInput(name: spec.name, files: accepted, refusals: refusals, tried: spec.paths)
    }

    /// The bytes of `relative` under `canonical`, when the fence and the size cap allow.
    static func fenced(canonical: String, relative: String, limits: SubmissionLimits) -> Result<Data, SubmissionError> {
        let probe = Submission.check(canonical: canonical, relative: relative, limits: limits)
        return probe.flatMap { file in
            guard let data = FileManager.default.contents(atPath: canonical + "/" + file.path) else {
                return .failure(SubmissionError(path: relative, reason: "cannot be read"))
            }
            return .success(data)
        }
    }

    /// Whether `relative` may be read: it must resolve inside the root, be a regular file and
    /// be within the size cap.
    public func check(_ relative: String) -> Result<SubmissionFile, SubmissionError> {
        Submission.check(canonical: canonicalRoot, relative: relative, limits: limits)
    }

    static func check(
        canonical canonicalRoot: String, relative: String, limits: SubmissionLimits, maxBytes: Int? = nil
    ) -> Result<SubmissionFile, SubmissionError> {
        let full = canonicalRoot + "/" + relative
        guard let resolved = Submission.realPath(full) else {
            return .failure(SubmissionError(path: relative, reason: "is a broken link or cannot be resolved"))
        }
        guard resolved.hasPrefix(canonicalRoot + "/") else {
            return .failure(
                SubmissionError(path: relative, reason: "leads outside the submission; refused and not read"))
        }
        // The type and size from `lstat` alone (see `walk`): this runs for every file an input
        // names and again at every read.
        var info = stat()
        guard lstat(resolved, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            return .failure(SubmissionError(path: relative, reason: "is not a regular file"))
        }
        let size = Int(info.st_size)
        let cap = maxBytes ?? limits.maxFileBytes
        if size > cap {
            return .failure(
                SubmissionError(
                    path: relative,
                    reason: "is \(size) bytes, over the \(cap)-byte limit per file; not read"
                        + (maxBytes == nil ? " (an input may raise it with 'max_size')" : "")))
        }
        return .success(SubmissionFile(path: relative, size: size))
    }

    /// The bytes of a file of this submission, re-checked against the fence at read time and
    /// charged to the submission's read budget (a file already read is not charged again).
    public func read(_ file: SubmissionFile) throws(SubmissionError) -> Data {
        let checked = try check(file.path).get()
        try budget.charge(checked, limit: limits.maxReadBytes)
        do {
            return try Data(contentsOf: URL(fileURLWithPath: canonicalRoot + "/" + checked.path))
        } catch {
            throw SubmissionError(path: file.path, reason: "cannot be read: \(error.localizedDescription)")
        }
    }

    /// Opens a file for reading in blocks, for inputs too big to load (the fence is checked
    /// here; the size was checked against the input's cap when it was resolved).
    public func open(_ file: SubmissionFile) throws(SubmissionError) -> FileBlocks {
        let resolved = canonicalRoot + "/" + file.path
        guard let real = Submission.realPath(resolved), real.hasPrefix(canonicalRoot + "/") else {
            throw SubmissionError(path: file.path, reason: "leads outside the submission; refused and not read")
        }
        guard let blocks = FileBlocks(path: real) else {
            throw SubmissionError(path: file.path, reason: "cannot be opened")
        }
        return blocks
    }

    /// The text of a file, decoded as UTF-8 (invalid bytes are replaced, never fatal).
    public func text(_ file: SubmissionFile) throws(SubmissionError) -> String {
        let data = try read(file)
        return String(decoding: data, as: UTF8.self)
    }
}

/// Caps on what a submission may hand the engine.
public struct SubmissionLimits: Sendable, Hashable {
    public var maxFileBytes: Int
    public var maxFiles: Int
    /// Bytes of distinct files one submission may have read whole in one run: the memory
    /// budget per submission. Models are built from what is read, so capping the reads caps
    /// them; files read in blocks (traces, load tests, change streams) are streamed and not
    /// charged. Honest hand-ins read a few megabytes; many large files matched by a broad
    /// glob would otherwise each be held at once.
    public var maxReadBytes: Int

    public init(maxFileBytes: Int = 16 << 20, maxFiles: Int = 20_000, maxReadBytes: Int = 64 << 20) {
        self.maxFileBytes = maxFileBytes
        self.maxFiles = maxFiles
        self.maxReadBytes = maxReadBytes
    }

    public static let `default` = SubmissionLimits()
}

/// A file of a submission that passed the fence and size checks when it was resolved.
public struct SubmissionFile: Sendable, Hashable, Codable {
    /// Relative to the submission root: what findings and reports show.
    public var path: String
    public var size: Int

    public init(path: String, size: Int) {
        self.path = path
        self.size = size
    }
}

/// An input's files after resolution.
public struct ResolvedInput: Sendable, Hashable {
    public var name: String
    public var files: [SubmissionFile]
    /// Files that matched but were refused (outside the root, too large, not a file).
    public var refusals: [Finding]
    /// The patterns that were tried, for "missing" findings.
    public var tried: [String]
}

/// A submission path that cannot be used, and why.
public struct SubmissionError: Error, Sendable, Hashable, CustomStringConvertible {
    public var path: String
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "'\(path)' \(reason)" }
}

/// `assess.yaml` in a submission: which rubric grades it and whose it is.
public struct SubmissionManifest: Sendable, Hashable {
    public var rubric: String?
    public var learner: String?

    public init(rubric: String? = nil, learner: String? = nil) {
        self.rubric = rubric
        self.learner = learner
    }

    public init(text: String, file: String) throws(RubricError) {
        let node: YAMLNode
        do { node = try YAMLParser().parse(text, file: file) } catch { throw RubricError(error) }
        let log = DiagnosticLog()
        guard let reader = MappingReader(node, keys: ["rubric", "learner"], context: "assess.yaml", log: log) else {
            throw RubricError(log.diagnostics, sources: [file: text])
        }
        rubric = reader.string("rubric")
        learner = reader.string("learner")
        if log.hasErrors { throw RubricError(log.diagnostics, sources: [file: text]) }
    }
}
