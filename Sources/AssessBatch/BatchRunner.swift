public import AssessCore
import AssessReporters
import Crypto
import Foundation

/// Grades every submission of a cohort folder (sub-folders and `.zip` / `.tar.gz` archives)
/// in parallel, writes each one's reports atomically under `OUT/reports/`, and the cohort's
/// gradebook and summaries under `OUT/`. A row is written only after its reports, so a batch
/// killed at any moment resumes by re-grading what has no row or whose content changed.
public struct BatchRunner: Sendable {
    public var rubric: Rubric
    public var cohort: String
    public var out: String
    public var jobs: Int
    /// Extra per-submission formats besides JSON (`terminal`, …).
    public var formats: [String]
    public var shard: Shard?
    /// A folder of reviews files, `ID.yaml` per submission id in the `--reviews` format; nil
    /// grades every manual criterion as pending. A submission with no file has no scores yet.
    public var reviews: String?
    public var engine: Engine
    public var unpacker: ArchiveUnpacker

    public init(
        rubric: Rubric, cohort: String, out: String, jobs: Int = 2, formats: [String] = [], shard: Shard? = nil,
        reviews: String? = nil, unpacker: ArchiveUnpacker = ArchiveUnpacker()
    ) {
        self.rubric = rubric
        self.cohort = cohort
        self.out = out
        self.jobs = max(1, jobs)
        self.formats = formats
        self.shard = shard
        self.reviews = reviews
        self.engine = Engine(concurrency: 1)
        self.unpacker = unpacker
    }

    /// A submission found in the cohort folder.
    public struct Entry: Sendable, Hashable {
        public var id: String
        /// Relative to the cohort folder.
        public var source: String
        public var isArchive: Bool
    }

    /// Every submission in the cohort folder, by id. Hidden entries and the output folder are skipped.
    public func entries() throws -> [Entry] { try Self.entries(in: cohort, skipping: out) }

    /// Every submission in `cohort`, by id, leaving out hidden entries and the folder `skipping`
    /// (an output folder inside the cohort); `assess integrity` reads a cohort the same way.
    public static func entries(in cohort: String, skipping out: String? = nil) throws -> [Entry] {
        let names = try FileManager.default.contentsOfDirectory(atPath: cohort).sorted()
        let outName = out.map { URL(fileURLWithPath: $0).standardized.path }
        var seen = Set<String>()
        var result: [Entry] = []
        for name in names where !name.hasPrefix(".") {
            let path = cohort + "/" + name
            if URL(fileURLWithPath: path).standardized.path == outName { continue }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { continue }
            var entry: Entry
            if isDirectory.boolValue {
                entry = Entry(id: name, source: name, isArchive: false)
            } else if ArchiveUnpacker.isArchive(name) {
                entry = Entry(id: ArchiveUnpacker.stem(name), source: name, isArchive: true)
                // `x.zip` beside `x.tar.gz`: both are graded, the second under its whole name,
                // rather than one dropped without a word. (A folder beside its own archive
                // still wins: the archive is taken for its packed copy.)
                if seen.contains(entry.id), !FileManager.default.fileExists(atPath: cohort + "/" + entry.id) {
                    entry.id = name
                }
            } else {
                continue
            }
            guard seen.insert(entry.id).inserted else { continue }  // a folder and its archive: the folder wins (listed first)
            result.append(entry)
        }
        return result
    }

    /// What a run did.
    public struct Outcome: Sendable {
        public var gradebook: Gradebook
        public var summary: CohortSummary
        /// Rows taken over from an earlier run because nothing changed.
        public var reused: Int
        /// 0 every submission passed or is provisional and can still pass, 1 some failed, 3
        /// something could not be graded.
        public var exitCode: Int32
    }

    /// Runs the batch. `progress` is called after each submission with (done, total).
    public func run(progress: @escaping @Sendable (Int, Int) -> Void = { _, _ in }) async throws -> Outcome {
        let all = try entries()
        let mine = all.filter { shard?.contains($0.id) ?? true }
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let lock = try OutputLock(folder: out)
        defer { withExtendedLifetime(lock) {} }
        for folder in ["reports", "rows", ".scratch", ".scratch/.writes"] {
            try FileManager.default.createDirectory(atPath: out + "/" + folder, withIntermediateDirectories: true)
        }
        let total = mine.count
        var rows: [GradebookRow] = []
        var reused = 0
        try await withThrowingTaskGroup(of: (GradebookRow, Bool).self) { group in
            var next = 0
            func startNext() {
                guard next < mine.count else { return }
                let entry = mine[next]
                next += 1
                group.addTask { try await self.row(for: entry) }
            }
            for _ in 0..<jobs { startNext() }
            for try await (row, wasReused) in group {
                rows.append(row)
                if wasReused { reused += 1 }
                progress(rows.count, total)
                startNext()
            }
        }
        let gradebook = Gradebook(rubric: rubric, cohort: all.map(\.id), rows: rows)
        let summary = try Self.writeCohortFiles(gradebook, to: out)
        try? FileManager.default.removeItem(atPath: out + "/.scratch")
        return Outcome(gradebook: gradebook, summary: summary, reused: reused, exitCode: Self.exitCode(gradebook.rows))
    }

    /// Writes `gradebook.csv`, `gradebook.json`, the LMS imports (`canvas.csv`, `moodle.csv`)
    /// and the summaries; returns the summary.
    @discardableResult
    public static func writeCohortFiles(_ gradebook: Gradebook, to out: String) throws -> CohortSummary {
        let summary = CohortSummary(gradebook)
        try Data(gradebook.csv.utf8).write(to: URL(fileURLWithPath: out + "/gradebook.csv"), options: .atomic)
        try Data(LMSExport.canvas(gradebook, assignment: gradebook.title ?? gradebook.rubric).utf8).write(
            to: URL(fileURLWithPath: out + "/canvas.csv"), options: .atomic)
        try Data(LMSExport.moodle(gradebook).utf8).write(
            to: URL(fileURLWithPath: out + "/moodle.csv"), options: .atomic)
        try gradebook.json.write(to: URL(fileURLWithPath: out + "/gradebook.json"), options: .atomic)
        try summary.json.write(to: URL(fileURLWithPath: out + "/summary.json"), options: .atomic)
        try Data(summary.markdown.utf8).write(to: URL(fileURLWithPath: out + "/summary.md"), options: .atomic)
        try Data(summary.html.utf8).write(to: URL(fileURLWithPath: out + "/summary.html"), options: .atomic)
        return summary
    }

    /// The file extension of a per-submission report in `format`.
    static func reportExtension(_ format: String) -> String {
        switch format {
        case "terminal", "github": return "txt"
        case "markdown": return "md"
        case "junit": return "junit.xml"
        case "gradescope": return "gradescope.json"
        case "codequality": return "codequality.json"
        default: return format
        }
    }

    public static func exitCode(_ rows: [GradebookRow]) -> Int32 {
        if rows.contains(where: { $0.status == .error }) { return 3 }
        // As `grade`: a provisional submission (reviews pending) can still pass, so it fails no build.
        if rows.contains(where: { $0.verdict == .failed || $0.verdict == nil }) { return 1 }
        return 0
    }

    /// One submission's row: reused when its key is unchanged, else graded and written.
    func row(for entry: Entry) async throws -> (GradebookRow, Bool) {
        let sourcePath = cohort + "/" + entry.source
        let key = Self.key(rubric: rubric.sha256, source: sourcePath, reviews: reviewsPath(for: entry))
        let rowPath = out + "/rows/\(entry.id).json"
        if let data = FileManager.default.contents(atPath: rowPath),
            let previous = try? JSONDecoder().decode(GradebookRow.self, from: data), previous.key == key,
            // A row that ended in error (a timeout under load, say) is graded again, and so is
            // one missing a report asked for this time, or left empty by a machine that went down
            // before the report reached the disk (reports are not synced one by one).
            previous.status == .graded,
            ([JSONReporter.identifier] + formats).allSatisfy({
                Self.isNonEmptyFile(out + "/reports/\(entry.id).\(Self.reportExtension($0))")
            })
        {
            return (previous, true)
        }
        let row = await grade(entry, sourcePath: sourcePath, key: key)
        try BatchOutputFile.replace(rowPath, with: StableJSON.encode(row, pretty: false), staging: stagingFolder)
        return (row, false)
    }

    /// Where a report or row is written before it is renamed into place: inside the output
    /// folder, so the rename stays on one file system, and in a folder no submission id can name
    /// (ids never start with a dot).
    var stagingFolder: String { out + "/.scratch/.writes" }

    /// Whether `path` is a file with something in it.
    static func isNonEmptyFile(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && info.st_size > 0
    }

    /// The reviews file of `entry` when a reviews folder was given: `REVIEWS/ID.yaml`.
    func reviewsPath(for entry: Entry) -> String? {
        reviews.map { $0 + "/" + entry.id + ".yaml" }
    }

    /// The reviewer's scores for `entry`: none when no folder was given or it holds no file for
    /// this id; a file that does not read (a typo in a level, an unknown criterion) is its
    /// errors, each at its line and column, and fails this row alone.
    func loadReviews(for entry: Entry) -> Result<Reviews, RubricError> {
        guard let path = reviewsPath(for: entry), FileManager.default.fileExists(atPath: path) else {
            return .success(Reviews())
        }
        do {
            return .success(try Reviews.load(path, rubric: rubric))
        } catch {
            return .failure(error)
        }
    }

    func grade(_ entry: Entry, sourcePath: String, key: String) async -> GradebookRow {
        var row = GradebookRow(
            id: entry.id, learner: nil, status: .error, score: nil, verdict: nil, band: nil, points: [:],
            statuses: [:], errors: [], source: entry.source, key: key)
        let reviewScores: Reviews
        switch loadReviews(for: entry) {
        case .success(let loaded): reviewScores = loaded
        case .failure(let error):
            row.errors = error.diagnostics.map(\.description)
            return row
        }
        var root = sourcePath
        if entry.isArchive {
            root = out + "/.scratch/\(entry.id)"
            try? FileManager.default.removeItem(atPath: root)
            do {
                try unpacker.unpack(sourcePath, into: root)
            } catch {
                row.errors = [error.description]
                return row
            }
        }
        defer { if entry.isArchive { try? FileManager.default.removeItem(atPath: root) } }
        let submission: Submission
        do {
            submission = try Submission(path: root)
        } catch {
            row.errors = ["submission \(error)"]
            return row
        }
        var report = await engine.grade(submission, against: rubric, reviews: reviewScores)
        report.submission.name = entry.id
        row.learner = report.submission.learner
        row.score = report.score.percent
        row.verdict = report.verdict
        row.band = report.band
        row.attainable = report.score.range
        for criterion in report.criteria {
            row.points[criterion.id] = criterion.points
            row.statuses[criterion.id] = criterion.status
            if criterion.status == .error { row.errors.append("\(criterion.id): \(criterion.summary)") }
        }
        if let broken = submission.manifestError {
            row.errors.append(contentsOf: broken.diagnostics.map(\.description))
        }
        row.errors += report.submission.refused ?? []
        row.status = row.errors.isEmpty ? .graded : .error
        do {
            try BatchOutputFile.replace(
                out + "/reports/\(entry.id).json", with: JSONReporter().render(report), staging: stagingFolder)
            for format in formats where format != JSONReporter.identifier {
                guard let reporter = ReporterCatalogue.reporter(for: format, options: ReporterOptions()) else {
                    continue
                }
                try BatchOutputFile.replace(
                    out + "/reports/\(entry.id).\(Self.reportExtension(format))", with: reporter.render(report),
                    staging: stagingFolder)
            }
        } catch {
            row.errors.append("cannot write the report: \(error.localizedDescription)")
            row.status = .error
        }
        return row
    }

    /// sha256 of the rubric digest and the submission's content (every file's path and
    /// bytes for a folder; the bytes for an archive), and, when a reviews folder is given, of
    /// the submission's reviews file (absent or not), so a changed review regrades its row on
    /// resume. Without a reviews folder the key is what it always was.
    static func key(rubric: String, source: String, reviews: String? = nil) -> String {
        var hasher = SHA256()
        hasher.update(data: Data(rubric.utf8))
        if let reviews {
            hasher.update(data: Data("\0reviews\0".utf8))
            if FileManager.default.fileExists(atPath: reviews) {
                hashContents(of: reviews, into: &hasher)
            } else {
                hasher.update(data: Data("\0none\0".utf8))
            }
        }
        var isDirectory: ObjCBool = false
        _ = FileManager.default.fileExists(atPath: source, isDirectory: &isDirectory)
        if isDirectory.boolValue {
            let files = (FileManager.default.enumerator(atPath: source)?.allObjects as? [String] ?? []).sorted()
            for file in files {
                let full = source + "/" + file
                // Only a link has a destination; asking of every file costs a thrown error each.
                var info = stat()
                let isLink = lstat(full, &info) == 0 && info.st_mode & S_IFMT == S_IFLNK
                let destination = isLink ? try? FileManager.default.destinationOfSymbolicLink(atPath: full) : nil
                hasher.update(data: Data("\0\(file)\0\(destination ?? "")\0".utf8))
                if destination == nil { hashContents(of: full, into: &hasher) }
            }
        } else {
            hashContents(of: source, into: &hasher)
        }
        return hasher.finalize().hexString
    }

    /// Feeds a regular file's bytes to `hasher` a block at a time, so a 4 GB file in a
    /// submission costs a 1 MiB buffer, not 4 GB. Anything else (a folder, a FIFO that would
    /// block the read forever, a device) adds nothing.
    static func hashContents(of path: String, into hasher: inout SHA256) {
        var info = stat()
        guard lstat(path, &info) == 0, info.st_mode & 0o170000 == 0o100000 else { return }
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard fd >= 0 else { return }
        defer { close(fd) }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 64)
        defer { buffer.deallocate() }
        while true {
            let got = read(fd, buffer.baseAddress!, buffer.count)
            if got < 0, errno == EINTR { continue }
            guard got > 0 else { return }
            hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: buffer[0..<got]))
        }
    }
}
