import Foundation
import GRDB

/// Everything the review app remembers, in one SQLite file through GRDB: accounts, sessions,
/// scores (with a version column for optimistic concurrency), the comment bank, the
/// append-only audit log, releases and regrade requests. A `DatabasePool` keeps the file in
/// WAL mode, so page loads read while a save writes.
public struct ReviewStore: Sendable {
    let pool: DatabasePool

    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    public init(path: String) throws(ReviewError) {
        do {
            var configuration = Configuration()
            configuration.busyMode = .timeout(5)
            pool = try DatabasePool(path: path, configuration: configuration)
            try Self.migrator.migrate(pool)
        } catch {
            throw ReviewError.database(path: path, message: "\(error)")
        }
    }

    /// The schema, one migration per change, so a database made by an older `assess serve`
    /// opens in a newer one.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE account (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        name TEXT NOT NULL UNIQUE,
                        role TEXT NOT NULL CHECK (role IN ('instructor', 'reviewer', 'learner')),
                        passwordHash TEXT NOT NULL,
                        submission TEXT
                    );
                    CREATE TABLE session (
                        token TEXT PRIMARY KEY,
                        accountId INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
                        csrf TEXT NOT NULL,
                        created REAL NOT NULL
                    );
                    CREATE TABLE bankComment (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        criterion TEXT NOT NULL,
                        text TEXT NOT NULL
                    );
                    CREATE TABLE score (
                        submission TEXT NOT NULL,
                        criterion TEXT NOT NULL,
                        level TEXT,
                        points REAL,
                        comment TEXT,
                        bankId INTEGER REFERENCES bankComment(id),
                        reviewer TEXT NOT NULL,
                        version INTEGER NOT NULL,
                        PRIMARY KEY (submission, criterion)
                    );
                    CREATE INDEX scoreByCriterion ON score(criterion);
                    CREATE INDEX scoreByBank ON score(bankId);
                    CREATE TABLE audit (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        at TEXT NOT NULL,
                        actor TEXT NOT NULL,
                        submission TEXT NOT NULL,
                        criterion TEXT,
                        action TEXT NOT NULL,
                        old TEXT,
                        new TEXT,
                        rubricSHA256 TEXT NOT NULL,
                        submissionSHA256 TEXT NOT NULL
                    );
                    CREATE INDEX auditBySubmission ON audit(submission);
                    CREATE TRIGGER auditNoUpdate BEFORE UPDATE ON audit
                        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
                    CREATE TRIGGER auditNoDelete BEFORE DELETE ON audit
                        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
                    CREATE TABLE release (
                        submission TEXT PRIMARY KEY,
                        at TEXT NOT NULL,
                        actor TEXT NOT NULL
                    );
                    CREATE TABLE regrade (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        submission TEXT NOT NULL,
                        criterion TEXT NOT NULL,
                        message TEXT NOT NULL,
                        state TEXT NOT NULL CHECK (state IN ('open', 'accepted', 'declined')),
                        reply TEXT,
                        learner TEXT NOT NULL,
                        at TEXT NOT NULL
                    );
                    """)
        }
        migrator.registerMigration("v2: comments anchored to a file and line") { db in
            try db.execute(sql: "ALTER TABLE score ADD COLUMN anchor TEXT")
        }
        return migrator
    }

    static func now() -> String {
        Date().formatted(.iso8601)
    }

    // MARK: accounts and sessions

    /// Adds an account; the password is hashed by the caller (`Passwords`).
    public func addAccount(name: String, role: Role, passwordHash: String, submission: String?) throws(ReviewError) {
        do {
            try pool.write { db in
                try db.execute(
                    sql: "INSERT INTO account (name, role, passwordHash, submission) VALUES (?, ?, ?, ?)",
                    arguments: [name, role.rawValue, passwordHash, submission])
            }
        } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE {
            throw ReviewError.usage("an account named '\(name)' exists already")
        } catch {
            throw ReviewError.database(path: pool.path, message: "\(error)")
        }
    }

    func account(named name: String) async throws -> (Account, hash: String)? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM account WHERE name = ?", arguments: [name]).map {
                (Account(row: $0), $0["passwordHash"] as String)
            }
        }
    }

    func accounts() async throws -> [Account] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM account ORDER BY name").map(Account.init(row:))
        }
    }

    func createSession(token: String, csrf: String, account: Int64) async throws {
        try await pool.write { db in
            try db.execute(
                sql: "INSERT INTO session (token, accountId, csrf, created) VALUES (?, ?, ?, ?)",
                arguments: [token, account, csrf, Date().timeIntervalSince1970])
        }
    }

    /// How long a sign-in lasts.
    static let sessionLifetime: TimeInterval = 12 * 3600

    /// The live session of `token`: one older than `sessionLifetime` is over.
    func session(token: String) async throws -> Session? {
        let oldest = Date().timeIntervalSince1970 - Self.sessionLifetime
        return try await pool.read { db in
            try Row.fetchOne(
                db,
                sql:
                    "SELECT account.*, session.csrf, session.token FROM session JOIN account ON account.id = session.accountId WHERE token = ? AND created > ?",
                arguments: [token, oldest]
            ).map { Session(token: $0["token"], csrf: $0["csrf"], account: Account(row: $0)) }
        }
    }

    func deleteSession(token: String) async throws {
        try await pool.write { db in try db.execute(sql: "DELETE FROM session WHERE token = ?", arguments: [token]) }
    }

    // MARK: scores

    func scores(for submission: String) async throws -> [String: StoredScore] {
        try await pool.read { db in
            try Dictionary(
                uniqueKeysWithValues: Self.scoreRows(db, where: "score.submission = ?", [submission]).map {
                    ($0.criterion, $0)
                })
        }
    }

    func allScores() async throws -> [StoredScore] {
        try await pool.read { db in try Self.scoreRows(db, where: "1", []) }
    }

    /// Submissions with a score for `criterion` (the queue skips them).
    func scoredSubmissions(criterion: String) async throws -> Set<String> {
        try await pool.read { db in
            Set(
                try String.fetchAll(
                    db,
                    sql:
                        "SELECT submission FROM score WHERE criterion = ? AND (level IS NOT NULL OR points IS NOT NULL)",
                    arguments: [criterion]))
        }
    }

    static func scoreRows(_ db: Database, where condition: String, _ arguments: StatementArguments) throws
        -> [StoredScore]
    {
        try Row.fetchAll(
            db,
            sql: """
                SELECT score.*, bankComment.text AS bankText FROM score
                LEFT JOIN bankComment ON bankComment.id = score.bankId
                WHERE \(condition) ORDER BY score.submission, score.criterion
                """, arguments: arguments
        ).map(StoredScore.init(row:))
    }

    /// Saves a score if nobody saved that criterion of that submission since the version the
    /// reviewer's page showed; otherwise saves nothing and returns what is there now. Either
    /// way an audit row says what happened.
    func save(_ entry: ScoreEntry, expectedVersion: Int, actor: String, digests: Digests) async throws -> SaveOutcome {
        try await pool.write { db in
            let current = try Self.scoreRows(
                db, where: "score.submission = ? AND score.criterion = ?", [entry.submission, entry.criterion]
            ).first
            if (current?.version ?? 0) != expectedVersion, let current {
                try Self.audit(
                    db, actor: actor, submission: entry.submission, criterion: entry.criterion, action: "conflict",
                    old: current.auditText,
                    new: entry.auditText
                        + " (not saved: based on version \(expectedVersion), found \(current.version))",
                    digests: digests)
                return .conflict(current: current)
            }
            let version = (current?.version ?? 0) + 1
            try db.execute(
                sql: """
                    INSERT INTO score (submission, criterion, level, points, comment, bankId, reviewer, version, anchor)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (submission, criterion) DO UPDATE SET level = excluded.level,
                        points = excluded.points, comment = excluded.comment, bankId = excluded.bankId,
                        reviewer = excluded.reviewer, version = excluded.version, anchor = excluded.anchor
                    """,
                arguments: [
                    entry.submission, entry.criterion, entry.level, entry.points, entry.comment, entry.bankId, actor,
                    version, entry.anchor,
                ])
            let saved = try Self.scoreRows(
                db, where: "score.submission = ? AND score.criterion = ?", [entry.submission, entry.criterion]
            )[0]
            try Self.audit(
                db, actor: actor, submission: entry.submission, criterion: entry.criterion, action: "score",
                old: current?.auditText, new: saved.auditText, digests: digests)
            return .saved(saved)
        }
    }

    // MARK: comment bank

    func bank() async throws -> [BankComment] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM bankComment ORDER BY criterion, id").map {
                BankComment(id: $0["id"], criterion: $0["criterion"], text: $0["text"])
            }
        }
    }

    func addBankComment(criterion: String, text: String) async throws -> Int64 {
        try await pool.write { db in
            try db.execute(
                sql: "INSERT INTO bankComment (criterion, text) VALUES (?, ?)", arguments: [criterion, text])
            return db.lastInsertedRowID
        }
    }

    /// Changes a bank comment's text: every score that uses it shows the new text, and each of
    /// them gets an audit row, since its comment changed.
    func editBankComment(id: Int64, text: String, actor: String, digests: @Sendable (String) -> Digests) async throws
        -> Int
    {
        try await pool.write { db in
            let users = try Self.scoreRows(db, where: "score.bankId = ?", [id])
            try db.execute(sql: "UPDATE bankComment SET text = ? WHERE id = ?", arguments: [text, id])
            for old in users {
                var new = old
                new.bankText = text
                try Self.audit(
                    db, actor: actor, submission: old.submission, criterion: old.criterion, action: "bank-edit",
                    old: old.auditText, new: new.auditText, digests: digests(old.submission))
            }
            return users.count
        }
    }

    // MARK: audit

    static func audit(
        _ db: Database, actor: String, submission: String, criterion: String?, action: String, old: String?,
        new: String?, digests: Digests
    ) throws {
        try db.execute(
            sql: """
                INSERT INTO audit (at, actor, submission, criterion, action, old, new, rubricSHA256, submissionSHA256)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                now(), actor, submission, criterion, action, old, new, digests.rubric, digests.submission,
            ])
    }

    func audit(submission: String?) async throws -> [AuditRow] {
        try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: "SELECT * FROM audit \(submission == nil ? "" : "WHERE submission = ?") ORDER BY id",
                arguments: submission.map { [$0] } ?? []
            ).map(AuditRow.init(row:))
        }
    }

    // MARK: releases and regrades

    func releases() async throws -> Set<String> {
        try await pool.read { db in Set(try String.fetchAll(db, sql: "SELECT submission FROM release")) }
    }

    func isReleased(_ submission: String) async throws -> Bool {
        try await pool.read { db in
            try Bool.fetchOne(db, sql: "SELECT 1 FROM release WHERE submission = ?", arguments: [submission]) ?? false
        }
    }

    func release(_ submissions: [String], actor: String, digests: @Sendable (String) -> Digests) async throws {
        try await pool.write { db in
            for submission in submissions {
                let existed =
                    try Bool.fetchOne(db, sql: "SELECT 1 FROM release WHERE submission = ?", arguments: [submission])
                    ?? false
                if existed { continue }
                try db.execute(
                    sql: "INSERT INTO release (submission, at, actor) VALUES (?, ?, ?)",
                    arguments: [submission, Self.now(), actor])
                try Self.audit(
                    db, actor: actor, submission: submission, criterion: nil, action: "release", old: nil,
                    new: "released", digests: digests(submission))
            }
        }
    }

    func openRegrade(
        submission: String, criterion: String, message: String, learner: String, digests: Digests
    ) async throws {
        try await pool.write { db in
            try db.execute(
                sql:
                    "INSERT INTO regrade (submission, criterion, message, state, learner, at) VALUES (?, ?, ?, 'open', ?, ?)",
                arguments: [submission, criterion, message, learner, Self.now()])
            try Self.audit(
                db, actor: learner, submission: submission, criterion: criterion, action: "regrade-request", old: nil,
                new: message, digests: digests)
        }
    }

    func regrades(submission: String? = nil) async throws -> [RegradeRequest] {
        try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: "SELECT * FROM regrade \(submission == nil ? "" : "WHERE submission = ?") ORDER BY id",
                arguments: submission.map { [$0] } ?? []
            ).map(RegradeRequest.init(row:))
        }
    }

    func regrade(id: Int64) async throws -> RegradeRequest? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM regrade WHERE id = ?", arguments: [id]).map(
                RegradeRequest.init(row:))
        }
    }

    /// Closes a regrade request (accepted or declined) with the reviewer's reply, audited.
    func closeRegrade(id: Int64, accepted: Bool, reply: String, actor: String, digests: Digests) async throws {
        try await pool.write { db in
            guard
                let request = try Row.fetchOne(db, sql: "SELECT * FROM regrade WHERE id = ?", arguments: [id]).map(
                    RegradeRequest.init(row:))
            else { return }
            try db.execute(
                sql: "UPDATE regrade SET state = ?, reply = ? WHERE id = ?",
                arguments: [accepted ? "accepted" : "declined", reply, id])
            try Self.audit(
                db, actor: actor, submission: request.submission, criterion: request.criterion,
                action: accepted ? "regrade-accepted" : "regrade-declined", old: request.message, new: reply,
                digests: digests)
        }
    }
}

/// Who may do what: an instructor everything, a reviewer grading, a learner reading their own
/// released report.
public enum Role: String, Sendable, Hashable, Codable, CaseIterable {
    case instructor, reviewer, learner
}

/// A signed-up person. A learner's account names the one submission that is theirs.
public struct Account: Sendable, Hashable {
    public var id: Int64
    public var name: String
    public var role: Role
    public var submission: String?

    init(row: Row) {
        id = row["id"]
        name = row["name"]
        role = Role(rawValue: row["role"]) ?? .learner
        submission = row["submission"]
    }

    var grades: Bool { role != .learner }
}

/// A signed-in browser: its account and the token every form of that session must carry.
struct Session: Sendable {
    var token: String
    var csrf: String
    var account: Account
}

/// What a reviewer enters for one criterion of one submission.
public struct ScoreEntry: Sendable, Hashable {
    public var submission: String
    public var criterion: String
    public var level: String?
    public var points: Double?
    public var comment: String?
    public var bankId: Int64?
    /// Where in the submission the comment points: `design.md:12`.
    public var anchor: String?

    var auditText: String {
        AuditValue(level: level, points: points, comment: comment, bank: bankId, bankText: nil, anchor: anchor).text
    }
}

/// A saved score with the version a later save must name.
public struct StoredScore: Sendable, Hashable {
    public var submission: String
    public var criterion: String
    public var level: String?
    public var points: Double?
    public var comment: String?
    public var bankId: Int64?
    public var bankText: String?
    public var reviewer: String
    public var version: Int
    public var anchor: String?

    init(row: Row) {
        submission = row["submission"]
        criterion = row["criterion"]
        level = row["level"]
        points = row["points"]
        comment = row["comment"]
        bankId = row["bankId"]
        anchor = row["anchor"]
        bankText = row["bankText"]
        reviewer = row["reviewer"]
        version = row["version"]
    }

    /// The comment a learner reads: the bank comment (as it reads now) and the reviewer's own
    /// words, led by the file and line it points at, if any (`design.md:12: …`).
    public var fullComment: String? {
        let parts = [bankText, comment].compactMap { $0?.isEmpty == false ? $0 : nil }
        guard !parts.isEmpty else { return nil }
        return (anchor.map { "\($0): " } ?? "") + parts.joined(separator: "\n")
    }

    /// The anchor's file and line.
    var anchorPlace: (file: String, line: Int)? {
        guard let anchor, let colon = anchor.lastIndex(of: ":"), let line = Int(anchor[anchor.index(after: colon)...])
        else { return nil }
        return (String(anchor[..<colon]), line)
    }

    var isScored: Bool { level != nil || points != nil }

    var auditText: String {
        AuditValue(level: level, points: points, comment: comment, bank: bankId, bankText: bankText, anchor: anchor)
            .text
    }

    /// How the reviewer's page shows it.
    var summary: String {
        [level, points.map { "\($0) points" }].compactMap { $0 }.joined(separator: ", ")
    }
}

/// One score as the audit log keeps it: stable JSON (sorted keys), so old and new compare.
struct AuditValue: Codable {
    var level: String?
    var points: Double?
    var comment: String?
    var bank: Int64?
    var bankText: String?
    var anchor: String?

    var text: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? String(decoding: encoder.encode(self), as: UTF8.self)) ?? ""
    }
}

/// What `save` did.
enum SaveOutcome: Sendable {
    case saved(StoredScore)
    /// Someone saved since the version the page showed: nothing was written.
    case conflict(current: StoredScore)
}

/// A reusable comment of one criterion.
public struct BankComment: Sendable, Hashable {
    public var id: Int64
    public var criterion: String
    public var text: String
}

/// The digests an audit row records, so a later reader knows which rubric and which files a
/// judgement was made on.
public struct Digests: Sendable, Hashable {
    public var rubric: String
    public var submission: String
}

/// One append-only line of the audit log.
public struct AuditRow: Sendable, Hashable {
    public var id: Int64
    public var at: String
    public var actor: String
    public var submission: String
    public var criterion: String?
    public var action: String
    public var old: String?
    public var new: String?
    public var rubricSHA256: String
    public var submissionSHA256: String

    init(row: Row) {
        id = row["id"]
        at = row["at"]
        actor = row["actor"]
        submission = row["submission"]
        criterion = row["criterion"]
        action = row["action"]
        old = row["old"]
        new = row["new"]
        rubricSHA256 = row["rubricSHA256"]
        submissionSHA256 = row["submissionSHA256"]
    }
}

/// A learner's request to look at one criterion again, and how it ended.
public struct RegradeRequest: Sendable, Hashable {
    public var id: Int64
    public var submission: String
    public var criterion: String
    public var message: String
    public var state: String
    public var reply: String?
    public var learner: String
    public var at: String

    init(row: Row) {
        id = row["id"]
        submission = row["submission"]
        criterion = row["criterion"]
        message = row["message"]
        state = row["state"]
        reply = row["reply"]
        learner = row["learner"]
        at = row["at"]
    }
}
