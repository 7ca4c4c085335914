import AssessBatch
import AssessCore
import Crypto
import Foundation

/// A cohort as the review app sees it: every submission graded once by `BatchRunner` (the
/// same rows, reports and resume as `assess batch`), its automated results kept in memory, and
/// its manual criteria re-scored on every change through the same `Engine` and `Scoring`, so
/// the page shows what `assess grade --reviews` would print.
public struct ReviewCohort: Sendable {
    public var rubric: Rubric
    public var cohort: String
    /// Where the app keeps its batch output and the reviews files it writes (hidden, so the
    /// cohort listing never takes it for a submission).
    public var work: String
    /// Submission ids, sorted.
    public var ids: [String]
    /// One entry per submission id.
    var entries: [String: BatchRunner.Entry]
    /// The batch's report per submission; absent when the submission could not be graded.
    var reports: [String: Report]
    var rows: [String: GradebookRow]
    /// Pseudonym ↔ id: reviewers see and address submissions by pseudonym only.
    var pseudonyms: [String: String]
    var byPseudonym: [String: String]
    var digests: [String: String]
    /// The criteria a reviewer scores, in rubric order, with their levels.
    public var manual: [ManualCriterion]
    /// Passages and evidence shared between submissions (`assess integrity`), shown to
    /// reviewers beside a submission: flags, never part of a score. Nil when it could not run.
    var integrity: IntegrityReport?
    let manualRubric: Rubric
    /// Manual criteria read no file, so they are graded against an empty folder rather than
    /// re-listing the submission on every save.
    let empty: Submission
    let engine = Engine(concurrency: 1)

    /// Grades the cohort (resuming an earlier run's rows) with the reviews in `reviews` (one
    /// file per id, as `assess batch --reviews` reads them).
    public static func grade(
        rubric: Rubric, cohort: String, work: String, reviews: String, jobs: Int = 2,
        progress: @escaping @Sendable (Int, Int) -> Void = { _, _ in }
    ) async throws(ReviewError) -> ReviewCohort {
        let runner = BatchRunner(
            rubric: rubric, cohort: cohort, out: work + "/batch", jobs: jobs, reviews: reviews)
        let outcome: BatchRunner.Outcome
        let entries: [BatchRunner.Entry]
        let empty: Submission
        do {
            try FileManager.default.createDirectory(atPath: reviews, withIntermediateDirectories: true)
            try FileManager.default.createDirectory(atPath: work + "/empty", withIntermediateDirectories: true)
            empty = try Submission(path: work + "/empty")
            entries = try runner.entries()
            outcome = try await runner.run(progress: progress)
        } catch {
            throw ReviewError.cohort(path: cohort, message: "cannot grade the cohort: \(error)")
        }
        var reports: [String: Report] = [:]
        for row in outcome.gradebook.rows {
            let path = work + "/batch/reports/\(row.id).json"
            if let data = FileManager.default.contents(atPath: path),
                let report = try? JSONDecoder().decode(Report.self, from: data)
            {
                reports[row.id] = report
            }
        }
        var graded = ReviewCohort(
            rubric: rubric, cohort: cohort, work: work, entries: entries, reports: reports,
            rows: Dictionary(uniqueKeysWithValues: outcome.gradebook.rows.map { ($0.id, $0) }), empty: empty)
        // The same scan as `assess integrity`; a cohort it cannot read still opens for review.
        graded.integrity = try? IntegrityScan(rubric: rubric, cohort: cohort).run()
        return graded
    }

    /// What a reviewer should look at about `id` beside its grade, one line each, naming the
    /// other submission by its pseudonym only (grading stays anonymous).
    func integrityFlags(for id: String) -> [String] {
        guard let integrity else { return [] }
        var flags: [String] = []
        for pair in integrity.pairs where pair.a == id || pair.b == id {
            let other = pair.a == id ? pair.b : pair.a
            flags.append(
                "shares \(Int((pair.score * 100).rounded())) % of its document fingerprints with \(pseudonyms[other] ?? "another submission")"
            )
        }
        for shared in integrity.evidence where shared.a == id || shared.b == id {
            let other = shared.a == id ? shared.b : shared.a
            let mine = shared.matches.map { match in
                let side = shared.a == id ? match.a : match.b
                return "\(match.shared) \(match.kind.rawValue) at \(side.file):\(side.line)"
            }
            flags.append(
                "handed in the same evidence as \(pseudonyms[other] ?? "another submission"): \(mine.joined(separator: "; "))"
            )
        }
        return flags
    }

    init(
        rubric: Rubric, cohort: String, work: String, entries: [BatchRunner.Entry], reports: [String: Report],
        rows: [String: GradebookRow], empty: Submission
    ) {
        self.empty = empty
        self.rubric = rubric
        self.cohort = cohort
        self.work = work
        self.entries = Dictionary(uniqueKeysWithValues: entries.map { ($0.id, $0) })
        ids = entries.map(\.id).sorted()
        self.reports = reports
        self.rows = rows
        manual = rubric.criteria.filter { $0.grader is any ReviewedGrader }.map(ManualCriterion.init)
        var manualRubric = rubric
        manualRubric.criteria = rubric.criteria.filter { $0.grader is any ReviewedGrader }
        manualRubric.inputs = []
        self.manualRubric = manualRubric
        var pseudonyms: [String: String] = [:]
        var byPseudonym: [String: String] = [:]
        var digests: [String: String] = [:]
        for id in ids {
            let learner = reports[id]?.submission.learner ?? id
            var name = Self.pseudonym(learner: learner, rubric: rubric.id)
            // Two learners whose hashes meet (or one learner handing in twice) still get two names.
            var salt = 1
            while byPseudonym[name] != nil {
                name = Self.pseudonym(learner: "\(learner)#\(salt)", rubric: rubric.id)
                salt += 1
            }
            pseudonyms[id] = name
            byPseudonym[name] = id
            var hasher = SHA256()
            for file in reports[id]?.submission.files ?? [] {
                hasher.update(data: Data("\(file.path)\0\(file.sha256)\0".utf8))
            }
            hasher.update(data: Data((rows[id]?.key ?? "").utf8))
            digests[id] = hasher.finalize().hexString
        }
        self.pseudonyms = pseudonyms
        self.byPseudonym = byPseudonym
        self.digests = digests
    }

    /// A stable name for a learner under one rubric: the same in every session and every
    /// restart, different across rubrics so two checkpoints' pseudonyms cannot be joined.
    static func pseudonym(learner: String, rubric: String) -> String {
        let digest = SHA256.hash(data: Data("assess-pseudonym\0\(rubric)\0\(learner)".utf8))
        let bytes = Array(digest)
        let adjectives = [
            "amber", "brisk", "calm", "deft", "eager", "fair", "gentle", "hardy", "ivory", "jolly", "keen", "lucid",
            "merry", "noble", "olive", "proud", "quiet", "rapid", "sage", "tidy", "umber", "vivid", "warm", "young",
        ]
        let animals = [
            "otter", "heron", "lynx", "marten", "finch", "ibex", "koala", "lemur", "moose", "newt", "orca", "panda",
            "quail", "raven", "seal", "tapir", "urial", "viper", "wren", "yak", "zebu", "bison", "crane", "dingo",
        ]
        let number = (Int(bytes[2]) << 8 | Int(bytes[3])) % 1000
        return "\(adjectives[Int(bytes[0]) % adjectives.count])-\(animals[Int(bytes[1]) % animals.count])-\(number)"
    }

    public func pseudonym(of id: String) -> String { pseudonyms[id] ?? id }

    public func id(forPseudonym name: String) -> String? { byPseudonym[name] }

    /// The learner a submission names (its `assess.yaml`), else its id.
    public func learner(of id: String) -> String { reports[id]?.submission.learner ?? id }

    func digests(of id: String) -> Digests {
        Digests(rubric: rubric.sha256, submission: digests[id] ?? "")
    }

    /// The reviewer a submission is assigned to, by rendezvous hashing of (reviewer, id): an
    /// even split, stable across restarts, that moves only a share of submissions when a
    /// reviewer joins.
    public static func assignee(of id: String, among reviewers: [String]) -> String? {
        guard !reviewers.isEmpty else { return nil }
        // Rendezvous hashing: each reviewer bids a hash of (reviewer, submission); the highest wins.
        return reviewers.max { a, b in bid(a, id) < bid(b, id) }
    }

    static func bid(_ reviewer: String, _ id: String) -> UInt64 {
        let digest = Array(SHA256.hash(data: Data("\(reviewer)\0\(id)".utf8)))
        return digest.prefix(8).reduce(0) { $0 << 8 | UInt64($1) }
    }

    /// The reviews a submission's saved scores amount to, in the `--reviews` model.
    func reviews(from scores: [String: StoredScore]) -> Reviews {
        var entries: [String: Review] = [:]
        for criterion in manual {
            guard let score = scores[criterion.id] else { continue }
            entries[criterion.id] = Review(
                level: score.level, points: score.points, comment: score.fullComment, reviewer: score.reviewer)
        }
        return Reviews(entries: entries)
    }

    /// The submission's report with its manual criteria scored from `scores`: the batch's
    /// automated results, the manual criteria graded by the engine, the total by `Scoring`.
    func report(of id: String, scores: [String: StoredScore]) async -> Report? {
        guard let automated = reports[id] else { return nil }
        let manualReport = await engine.grade(empty, against: manualRubric, reviews: reviews(from: scores))
        let manualResults = Dictionary(uniqueKeysWithValues: manualReport.criteria.map { ($0.id, $0) })
        let criteria = automated.criteria.map { manualResults[$0.id] ?? $0 }
        let summary = Scoring.summarize(criteria, rubric: rubric)
        return Report(
            rubric: automated.rubric, submission: automated.submission, criteria: criteria, score: summary.score,
            verdict: summary.verdict, band: summary.band, failedGates: summary.failedGates)
    }

    /// The submission opened through its confinement (`Submission`): its file list, and every
    /// read refused outside its root or through a link out. An archive is unpacked once into
    /// the work folder.
    func submission(_ id: String) throws -> Submission {
        guard let entry = entries[id] else { throw ReviewError.usage("no submission '\(id)'") }
        var root = cohort + "/" + entry.source
        if entry.isArchive {
            root = work + "/unpacked/" + id
            if !FileManager.default.fileExists(atPath: root) {
                let scratch = root + ".part"
                try? FileManager.default.removeItem(atPath: scratch)
                try ArchiveUnpacker().unpack(cohort + "/" + entry.source, into: scratch)
                try FileManager.default.moveItem(atPath: scratch, toPath: root)
            }
        }
        return try Submission(path: root)
    }

    func row(of id: String) -> GradebookRow? { rows[id] }
}

/// A criterion a reviewer scores, with the levels its `with:` block names (best first) or the
/// points it is out of.
public struct ManualCriterion: Sendable, Hashable {
    public var id: String
    public var title: String
    public var description: String?
    public var weight: Double
    public var levels: [(name: String, score: Double)]
    public var points: Double?

    init(_ criterion: Criterion) {
        id = criterion.id
        title = criterion.title
        description = criterion.description
        weight = criterion.weight
        var levels: [(name: String, score: Double)] = []
        for pair in criterion.options?["levels"]?.mapping ?? [] {
            if let name = pair.key.string, let score = pair.value.double { levels.append((name, score)) }
        }
        // As the manual grader orders them: best first, so key 1 is the top level.
        self.levels = levels.sorted { $0.score > $1.score }
        points = criterion.options?["points"]?.double
    }

    public static func == (a: ManualCriterion, b: ManualCriterion) -> Bool {
        a.id == b.id && a.levels.map(\.name) == b.levels.map(\.name) && a.points == b.points
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(id) }
}
