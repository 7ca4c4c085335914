import AssessBatch
import AssessCore
import Foundation
import Hummingbird
import HummingbirdBcrypt
import HummingbirdCore
import Logging
import NIOCore
import Synchronization

/// `assess serve`: one cohort, one rubric, one SQLite file. Holds no global state: everything
/// a request needs is in this value, handed to the routes.
public struct ReviewApp: Sendable {
    /// Settings the command line may change.
    public struct Options: Sendable {
        /// bcrypt's work factor (2^cost rounds); tests lower it to keep sign-in fast.
        public var bcryptCost: UInt8 = 12
        /// Mark the session cookie `Secure` (serve behind TLS).
        public var secureCookies = false
        /// Largest request body read, in bytes; a bigger one is refused with 413.
        public var bodyLimit = 64 << 10
        /// Failed sign-ins allowed per account name within `loginWindow` before it is refused.
        public var loginAttempts = 5
        public var loginWindow: Duration = .seconds(300)
        /// Submissions graded at once when the cohort is graded.
        public var jobs = 2
        /// Time a request may take to arrive whole (head and body) before its connection is
        /// closed, so that slow clients cannot hold connections open.
        public var requestTimeout: Duration = .seconds(30)
        /// Time a kept-alive connection may stay silent between requests.
        public var idleTimeout: Duration = .seconds(60)

        public init() {}
    }

    public let store: ReviewStore
    public let cohort: ReviewCohort
    public let options: Options
    let limiter: LoginLimiter
    let assignments = AssignmentCache()
    let opened = SubmissionCache()
    let fragments = FragmentCache()

    /// Opens the database and grades the cohort (automated criteria through `BatchRunner`,
    /// resuming earlier rows; manual ones from the scores already saved).
    public static func open(
        rubric: Rubric, cohort: String, database: String, options: Options = Options(),
        progress: @escaping @Sendable (Int, Int) -> Void = { _, _ in }
    ) async throws(ReviewError) -> ReviewApp {
        let store = try ReviewStore(path: database)
        let work = Self.workFolder(database: database)
        let scores: [StoredScore]
        do { scores = try await store.allScores() } catch {
            throw ReviewError.database(path: database, message: "\(error)")
        }
        let ids: [String]
        do { ids = try BatchRunner.entries(in: cohort, skipping: work).map(\.id) } catch {
            throw ReviewError.cohort(path: cohort, message: "cannot list the cohort: \(error)")
        }
        try ReviewExport.writeReviews(scores, ids: ids, rubric: rubric, to: work + "/reviews")
        let graded = try await ReviewCohort.grade(
            rubric: rubric, cohort: cohort, work: work, reviews: work + "/reviews", jobs: options.jobs,
            progress: progress)
        return ReviewApp(store: store, cohort: graded, options: options, limiter: LoginLimiter())
    }

    /// The app's working folder beside its database, hidden (a leading dot) so that a database
    /// kept inside the cohort folder never makes it a submission.
    static func workFolder(database: String) -> String {
        let url = URL(fileURLWithPath: database)
        return url.deletingLastPathComponent().path + "/." + url.lastPathComponent + "-work"
    }

    /// Adds an account (`assess serve --add-user`). A learner's account names its submission.
    public static func addUser(
        database: String, name: String, role: Role, password: String, submission: String?, cost: UInt8 = 12
    ) throws(ReviewError) {
        guard !name.isEmpty, name.count <= 64 else { throw ReviewError.usage("an account name is 1 to 64 characters") }
        guard password.count >= 8 else { throw ReviewError.usage("a password has at least 8 characters") }
        if role == .learner, submission == nil {
            throw ReviewError.usage("a learner's account needs --learner SUBMISSION-ID")
        }
        if role != .learner, submission != nil { throw ReviewError.usage("--learner is for learner accounts") }
        let store = try ReviewStore(path: database)
        try store.addAccount(
            name: name, role: role, passwordHash: Bcrypt.hash(password, cost: cost), submission: submission)
    }

    // MARK: operations the routes call

    /// Reviewer accounts by name, for assignment.
    func reviewers() async throws -> [String] {
        try await store.accounts().filter { $0.role == .reviewer }.map(\.name).sorted()
    }

    /// Submission id → assigned reviewer, for the reviewers there are now.
    func assignment() async throws -> [String: String] {
        let reviewers = try await reviewers()
        return assignments.map(for: reviewers, ids: cohort.ids)
    }

    /// Checks a review as `assess grade --reviews` would, then saves it unless someone saved
    /// since `expectedVersion`.
    func save(_ entry: ScoreEntry, expectedVersion: Int, actor: String) async throws -> SaveResult {
        guard let criterion = cohort.rubric.criteria.first(where: { $0.id == entry.criterion }),
            let grader = criterion.grader as? any ReviewedGrader
        else { return .invalid(["no manual criterion '\(entry.criterion)'"]) }
        let problems = grader.problems(in: Review(level: entry.level, points: entry.points))
        if !problems.isEmpty { return .invalid(problems.map(\.message)) }
        switch try await store.save(
            entry, expectedVersion: expectedVersion, actor: actor, digests: cohort.digests(of: entry.submission))
        {
        case .saved(let score): return .saved(score)
        case .conflict(let current): return .conflict(current: current, yours: entry)
        }
    }

    enum SaveResult: Sendable {
        case saved(StoredScore)
        case conflict(current: StoredScore, yours: ScoreEntry)
        case invalid([String])
    }

    func editBank(id: Int64, text: String, actor: String) async throws -> Int {
        let cohort = self.cohort
        return try await store.editBankComment(id: id, text: text, actor: actor) { cohort.digests(of: $0) }
    }

    func release(_ ids: [String], actor: String) async throws {
        let cohort = self.cohort
        try await store.release(ids, actor: actor) { cohort.digests(of: $0) }
    }

    /// A submission opened through its confinement, listed once and kept: the grading page
    /// shows the files the cohort was graded on at start.
    func submission(_ id: String) throws -> Submission {
        if let hit = opened.get(id) { return hit }
        let submission = try cohort.submission(id)
        opened.put(id, submission)
        return submission
    }

    /// The submission's report as it stands now.
    func report(of id: String) async throws -> Report? {
        await cohort.report(of: id, scores: try await store.scores(for: id))
    }

    /// Writes the reviews files, the gradebook, the LMS imports and the audit log to `folder`
    /// (see `ReviewExport`).
    public func export(to folder: String) async throws(ReviewError) -> Gradebook {
        try await ReviewExport(app: self).write(to: folder)
    }
}

/// The assignment of the cohort to its reviewers, worked out once per set of reviewers (an
/// account added while the app runs makes a new one) instead of hashing on every page.
final class AssignmentCache: Sendable {
    private let cached = Mutex<(reviewers: [String], map: [String: String])?>(nil)

    func map(for reviewers: [String], ids: [String]) -> [String: String] {
        if let hit = cached.withLock({ $0 }), hit.reviewers == reviewers { return hit.map }
        var map: [String: String] = [:]
        for id in ids { map[id] = ReviewCohort.assignee(of: id, among: reviewers) }
        cached.withLock { $0 = (reviewers, map) }
        return map
    }
}

/// Submissions opened so far, by id.
final class SubmissionCache: Sendable {
    private let table = Mutex<[String: Submission]>([:])

    func get(_ id: String) -> Submission? { table.withLock { $0[id] } }
    func put(_ id: String, _ submission: Submission) { table.withLock { $0[id] = submission } }
}

/// Parts of pages that depend only on what the cohort was graded with (a file with its
/// findings, the automated criteria's table), rendered once. Bounded: past `limit` entries it
/// starts again empty rather than growing with every file of a large cohort.
final class FragmentCache: Sendable {
    private let table = Mutex<[String: String]>([:])
    let limit = 4096

    func get(_ key: String) -> String? { table.withLock { $0[key] } }

    func put(_ key: String, _ html: String) {
        table.withLock { table in
            if table.count >= limit { table.removeAll(keepingCapacity: true) }
            table[key] = html
        }
    }
}

/// Counts failed sign-ins per account name; past the limit within the window, sign-in for that
/// name is refused until the window passes, whatever the password.
final class LoginLimiter: Sendable {
    private let failures = Mutex<[String: [ContinuousClock.Instant]]>([:])

    func allows(_ name: String, limit: Int, window: Duration) -> Bool {
        let now = ContinuousClock.now
        return failures.withLock { table in
            let recent = (table[name] ?? []).filter { now - $0 < window }
            table[name] = recent
            return recent.count < limit
        }
    }

    func failed(_ name: String) {
        failures.withLock { $0[name, default: []].append(ContinuousClock.now) }
    }

    func succeeded(_ name: String) {
        failures.withLock { _ = $0.removeValue(forKey: name) }
    }
}

extension ReviewApp {
    /// The router of every page and form, for a server or for in-process tests.
    public func router() -> Router<BasicRequestContext> { ReviewRoutes(app: self).router() }

    /// Serves the app until the process is interrupted (SIGINT or SIGTERM stop it gracefully).
    /// `onRunning` receives the port bound (useful with port 0).
    public func run(host: String, port: Int, onRunning: @escaping @Sendable (Int) -> Void = { _ in }) async throws {
        var logger = Logger(label: "assess.serve")
        logger.logLevel = .warning
        let requestLimit = TimeAmount(options.requestTimeout)
        let server = HTTP1Channel.Configuration(
            additionalChannelHandlers: [RequestDeadline(limit: requestLimit)],
            idleTimeout: TimeAmount(options.idleTimeout))
        let application = Application(
            router: router(), server: .http1(configuration: server),
            configuration: ApplicationConfiguration(address: .hostname(host, port: port)),
            onServerRunning: { channel in onRunning(channel.localAddress?.port ?? port) }, logger: logger)
        try await application.runService()
    }
}
