import AssessBatch
import AssessCore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdBcrypt

/// The app's routes. Every handler finds the session first and checks the role; a learner's
/// routes take no submission id at all (theirs comes from their account), so no URL reaches
/// another learner's report, file, pseudonym or comment.
struct ReviewRoutes: Sendable {
    let app: ReviewApp

    static let sessionCookie = "assess_session"
    static let loginCookie = "assess_login"
    static let exportFiles = ["gradebook.csv", "gradebook.json", "canvas.csv", "moodle.csv", "audit.csv", "summary.md"]

    func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.add(middleware: SecurityHeaders())
        router.get("/static/review.css") { _, _ in Self.asset(StaticAssets.css, type: "text/css; charset=utf-8") }
        router.get("/static/review.js") { _, _ in
            Self.asset(StaticAssets.javascript, type: "text/javascript; charset=utf-8")
        }
        router.get("/login") { _, _ in self.loginPage(error: nil) }
        router.post("/login") { request, _ in try await self.login(request) }
        router.post("/logout") { request, _ in try await self.logout(request) }
        router.get("/") { request, _ in try await self.dashboard(request) }
        router.get("/queue/{criterion}") { request, context in
            try await self.queue(request, criterion: context.parameters.require("criterion"))
        }
        router.get("/s/{p}") { request, context in try await self.grading(request, p: context.parameters.require("p")) }
        router.post("/s/{p}/score") { request, context in
            try await self.score(request, p: context.parameters.require("p"))
        }
        router.get("/s/{p}/history") { request, context in
            try await self.history(request, p: context.parameters.require("p"))
        }
        router.post("/bank") { request, _ in try await self.addBank(request) }
        router.post("/bank/{id}") { request, context in
            try await self.editBank(request, id: context.parameters.require("id"))
        }
        router.post("/release") { request, _ in try await self.release(request) }
        router.get("/regrades") { request, _ in try await self.regrades(request) }
        router.post("/regrades/{id}") { request, context in
            try await self.answerRegrade(request, id: context.parameters.require("id"))
        }
        router.get("/my") { request, _ in try await self.myReport(request) }
        router.post("/my/regrade") { request, _ in try await self.requestRegrade(request) }
        router.get("/export") { request, _ in try await self.exportPage(request) }
        router.post("/export") { request, _ in try await self.export(request) }
        router.get("/export/{file}") { request, context in
            try await self.exportFile(request, file: context.parameters.require("file"))
        }
        return router
    }

    // MARK: responses

    static func html(_ text: String, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.contentType] = "text/html; charset=utf-8"
        fields[.cacheControl] = "no-store"
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    static func asset(_ text: String, type: String) -> Response {
        Response(
            status: .ok, headers: [.contentType: type, .cacheControl: "max-age=3600"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    static func redirect(_ location: String, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.location] = location
        return Response(status: .seeOther, headers: fields)
    }

    func cookie(_ name: String, _ value: String, maxAge: Int? = nil) -> String {
        var text = "\(name)=\(value); Path=/; HttpOnly; SameSite=Strict"
        if let maxAge { text += "; Max-Age=\(maxAge)" }
        if app.options.secureCookies { text += "; Secure" }
        return text
    }

    static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }

    // MARK: sessions and forms

    /// Who is asking, or nil when nobody is signed in.
    func session(_ request: Request) async throws -> Session? {
        guard let token = request.cookies[Self.sessionCookie]?.value, !token.isEmpty else { return nil }
        return try await app.store.session(token: token)
    }

    /// The session if its role is one of `roles`; otherwise the response to send instead (the
    /// sign-in page for nobody, 403 for the wrong role).
    func gate(_ request: Request, _ roles: Set<Role>) async throws -> Result<Session, Refusal> {
        guard let session = try await session(request) else { return .failure(Refusal(Self.redirect("/login"))) }
        guard roles.contains(session.account.role) else {
            return .failure(
                Refusal(
                    Self.html(
                        ReviewPages.message("Not yours", "This page is not open to your account.", session: session),
                        status: .forbidden)))
        }
        return .success(session)
    }

    struct Refusal: Error {
        var response: Response
        init(_ response: Response) { self.response = response }
    }

    /// A POST's fields, read up to the body limit (413 past it; 400 when the body is not a form's
    /// encoding), with its CSRF token checked against the session's.
    func form(_ request: Request, session: Session?) async throws -> Result<FormFields, Refusal> {
        var request = request
        let buffer = try await request.collectBody(upTo: app.options.bodyLimit)
        guard let fields = FormFields(body: buffer.readableBytesView) else {
            return .failure(
                Refusal(
                    Self.html(
                        ReviewPages.message("Bad request", "The form could not be read.", session: session),
                        status: .badRequest)))
        }
        let expected = session?.csrf ?? request.cookies[Self.loginCookie]?.value
        guard let expected, let given = fields["csrf"], Self.constantTimeEqual(given, expected) else {
            return .failure(
                Refusal(
                    Self.html(
                        ReviewPages.message("Form expired", "Reload the page and try again.", session: session),
                        status: .forbidden)))
        }
        return .success(fields)
    }

    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }

    func query(_ request: Request) -> FormFields { FormFields(request.uri.query ?? "") }

    /// Runs `body` for a session of one of `roles`, turning a refusal into its response.
    func with(
        _ request: Request, _ roles: Set<Role>, _ body: (Session) async throws -> Response
    ) async throws -> Response {
        switch try await gate(request, roles) {
        case .failure(let refusal): return refusal.response
        case .success(let session): return try await body(session)
        }
    }

    /// As `with`, for a POST: the form is read and its CSRF token checked first.
    func posting(
        _ request: Request, _ roles: Set<Role>, _ body: (Session, FormFields) async throws -> Response
    ) async throws -> Response {
        try await with(request, roles) { session in
            switch try await form(request, session: session) {
            case .failure(let refusal): return refusal.response
            case .success(let fields): return try await body(session, fields)
            }
        }
    }

    static let graders: Set<Role> = [.instructor, .reviewer]

    // MARK: sign-in

    func loginPage(error: String?, status: HTTPResponse.Status = .ok) -> Response {
        let token = Self.randomToken()
        return Self.html(
            ReviewPages.login(error: error, token: token), status: status,
            headers: [.setCookie: cookie(Self.loginCookie, token)])
    }

    func login(_ request: Request) async throws -> Response {
        let fields: FormFields
        switch try await form(request, session: nil) {
        case .failure(let refusal): return refusal.response
        case .success(let read): fields = read
        }
        let name = fields["name"] ?? ""
        let password = fields["password"] ?? ""
        guard app.limiter.allows(name, limit: app.options.loginAttempts, window: app.options.loginWindow) else {
            return loginPage(
                error: "Too many failed attempts for this name; wait a few minutes.", status: .tooManyRequests)
        }
        guard let (account, hash) = try await app.store.account(named: name), Bcrypt.verify(password, hash: hash) else {
            app.limiter.failed(name)
            return loginPage(error: "Wrong name or password.", status: .unauthorized)
        }
        app.limiter.succeeded(name)
        let token = Self.randomToken()
        try await app.store.createSession(token: token, csrf: Self.randomToken(), account: account.id)
        var headers = HTTPFields()
        headers.append(HTTPField(name: .setCookie, value: cookie(Self.sessionCookie, token)))
        headers.append(HTTPField(name: .setCookie, value: cookie(Self.loginCookie, "", maxAge: 0)))
        return Self.redirect(account.role == .learner ? "/my" : "/", headers: headers)
    }

    func logout(_ request: Request) async throws -> Response {
        try await posting(request, Set(Role.allCases)) { session, _ in
            try await app.store.deleteSession(token: session.token)
            return Self.redirect("/login", headers: [.setCookie: cookie(Self.sessionCookie, "", maxAge: 0)])
        }
    }

    // MARK: reviewers

    func dashboard(_ request: Request) async throws -> Response {
        guard let session = try await session(request) else { return Self.redirect("/login") }
        if session.account.role == .learner { return Self.redirect("/my") }
        let cohort = app.cohort
        let scores = try await app.store.allScores()
        let reviewers = try await app.reviewers()
        let assignment = try await app.assignment()
        let released = try await app.store.releases()
        let openRegrades = try await app.store.regrades().filter { $0.state == "open" }.count
        var scoredPer: [String: Int] = [:]
        var scoredBy: [String: Int] = [:]
        var scoredOf: [String: Int] = [:]
        for score in scores where score.isScored {
            scoredPer[score.criterion, default: 0] += 1
            scoredBy[score.reviewer, default: 0] += 1
            scoredOf[score.submission, default: 0] += 1
        }
        var assigned: [String: Int] = [:]
        let rows = cohort.ids.map { id in
            let assignee = assignment[id]
            if let assignee { assigned[assignee, default: 0] += 1 }
            return ReviewPages.DashboardRow(
                pseudonym: cohort.pseudonym(of: id), id: id, learner: cohort.learner(of: id), assignee: assignee,
                scored: scoredOf[id] ?? 0, released: released.contains(id),
                error: cohort.row(of: id)?.status == .error)
        }.sorted { $0.pseudonym < $1.pseudonym }
        let names = Set(reviewers).union(scoredBy.keys).sorted()
        let reveal = session.account.role == .instructor && query(request)["reveal"] == "1"
        return Self.html(
            ReviewPages.dashboard(
                session: session, cohort: cohort,
                perCriterion: cohort.manual.map { ($0, scoredPer[$0.id] ?? 0) },
                perReviewer: names.map { ($0, assigned[$0] ?? 0, scoredBy[$0] ?? 0) }, rows: rows,
                openRegrades: openRegrades, reveal: reveal))
    }

    /// The next submission with no score for `criterion`: the reviewer's own assignments
    /// first, then anyone's, starting after `skip` so that passing one over moves on.
    func queue(_ request: Request, criterion: String) async throws -> Response {
        try await with(request, Self.graders) { session in
            let cohort = app.cohort
            guard cohort.manual.contains(where: { $0.id == criterion }) else {
                return Self.html(
                    ReviewPages.message("No such criterion", "No manual criterion '\(criterion)'.", session: session),
                    status: .notFound)
            }
            let scored = try await app.store.scoredSubmissions(criterion: criterion)
            let assignment = try await app.assignment()
            var order = cohort.ids
            if let skip = query(request)["skip"].flatMap(cohort.id(forPseudonym:)), let at = order.firstIndex(of: skip)
            {
                order = Array(order[(at + 1)...] + order[...at]).filter { $0 != skip }
            }
            let open = order.filter { !scored.contains($0) }
            let mine = open.first { assignment[$0] == session.account.name }
            guard let id = mine ?? open.first else {
                return Self.html(
                    ReviewPages.message(
                        "All scored", "Every submission has a score for '\(criterion)'.", session: session))
            }
            return Self.redirect(
                "/s/\(urlPart(cohort.pseudonym(of: id)))?c=\(urlPart(criterion))&q=\(urlPart(criterion))")
        }
    }

    func submissionID(_ pseudonym: String, session: Session) -> Result<String, Refusal> {
        guard let id = app.cohort.id(forPseudonym: pseudonym) else {
            return .failure(
                Refusal(
                    Self.html(
                        ReviewPages.message("Not found", "No submission '\(pseudonym)'.", session: session),
                        status: .notFound)))
        }
        return .success(id)
    }

    func grading(_ request: Request, p: String) async throws -> Response {
        try await with(request, Self.graders) { session in
            let id: String
            switch submissionID(p, session: session) {
            case .failure(let refusal): return refusal.response
            case .success(let found): id = found
            }
            let cohort = app.cohort
            let asked = query(request)
            let scores = try await app.store.scores(for: id)
            let report = await cohort.report(of: id, scores: scores)
            let assignment = try await app.assignment()
            var files: [String] = []
            var file: String?
            var fileHTML: String?
            var fileNote: String?
            do {
                let submission = try app.submission(id)
                files = submission.files
                file = asked.text("file") ?? files.first { $0.lowercased().hasSuffix(".md") } ?? files.first
                if let chosen = file {
                    switch submission.check(chosen) {
                    case .failure(let error):
                        fileNote = "\(error)"
                    case .success(let opened) where opened.size > 1 << 20:
                        fileNote = "\(opened.size) bytes: too large to show here"
                    case .success(let opened):
                        let key = "file\0\(id)\0\(opened.path)"
                        if let cached = app.fragments.get(key) {
                            fileHTML = cached
                        } else {
                            do {
                                let text = try submission.text(opened)
                                var html = ReviewPages.sourceView(
                                    text, file: opened.path,
                                    findings: ReviewPages.findings(in: opened.path, report: cohort.reports[id]))
                                if opened.path.lowercased().hasSuffix(".md") {
                                    html =
                                        "<details open><summary>Rendered</summary>"
                                        + ReviewPages.markdownView(text, file: opened.path)
                                        + "</details><details open><summary>Source, with the findings at their lines</summary>"
                                        + html + "</details>"
                                }
                                app.fragments.put(key, html)
                                fileHTML = html
                            } catch {
                                fileNote = "\(error)"
                            }
                        }
                    }
                }
            } catch {
                fileNote = "the submission's files cannot be opened: \(error)"
            }
            let index = cohort.ids.firstIndex(of: id) ?? 0
            let queue = asked.text("q").flatMap { q in cohort.manual.contains { $0.id == q } ? q : nil }
            let next: String? =
                queue.map { "/queue/\(urlPart($0))?skip=\(urlPart(p))" }
                ?? (index + 1 < cohort.ids.count ? "/s/\(urlPart(cohort.pseudonym(of: cohort.ids[index + 1])))" : nil)
            let previous: String? =
                index > 0
                ? "/s/\(urlPart(cohort.pseudonym(of: cohort.ids[index - 1])))\(queue.map { "?q=\(urlPart($0))" } ?? "")"
                : nil
            let grading = ReviewPages.Grading(
                session: session, cohort: cohort, id: id, pseudonym: p, report: report, row: cohort.row(of: id),
                scores: scores, bank: try await app.store.bank(), files: files, file: file, fileHTML: fileHTML,
                automatedHTML: automated(id, p, report),
                fileNote: fileNote, active: asked.text("c"), previous: previous, next: next, queue: queue,
                assignee: assignment[id],
                released: try await app.store.isReleased(id),
                reveal: session.account.role == .instructor && asked["reveal"] == "1")
            return Self.html(ReviewPages.grading(grading))
        }
    }

    /// The automated criteria's table of a submission, rendered once and kept.
    func automated(_ id: String, _ pseudonym: String, _ report: Report?) -> String {
        guard let report = app.cohort.reports[id] ?? report else { return "" }
        let key = "automated\0\(id)"
        if let cached = app.fragments.get(key) { return cached }
        let html = ReviewPages.automated(report, manual: app.cohort.manual, pseudonym: pseudonym)
        app.fragments.put(key, html)
        return html
    }

    func score(_ request: Request, p: String) async throws -> Response {
        try await posting(request, Self.graders) { session, fields in
            let id: String
            switch submissionID(p, session: session) {
            case .failure(let refusal): return refusal.response
            case .success(let found): id = found
            }
            guard let criterionID = fields.text("criterion"),
                let criterion = app.cohort.manual.first(where: { $0.id == criterionID })
            else {
                return Self.html(
                    ReviewPages.message(
                        "No such criterion", "That criterion is not scored by a reviewer.", session: session),
                    status: .unprocessableContent)
            }
            let points = fields.text("points").flatMap(Double.init)
            let entry = ScoreEntry(
                submission: id, criterion: criterionID,
                level: fields.text("level") ?? (points == nil ? fields.text("current_level") : nil), points: points,
                comment: fields.text("comment").map { String($0.prefix(4000)) },
                bankId: (fields.text("bank") ?? fields.text("current_bank")).flatMap { Int64($0) },
                anchor: anchor(fields, id: id))
            let version = fields.text("version").flatMap { Int($0) } ?? 0
            let queue = fields.text("q")
            switch try await app.save(entry, expectedVersion: version, actor: session.account.name) {
            case .saved:
                return Self.redirect(
                    "/s/\(urlPart(p))?c=\(urlPart(criterionID))\(queue.map { "&q=\(urlPart($0))" } ?? "")")
            case .conflict(let current, let yours):
                return Self.html(
                    ReviewPages.conflict(
                        session: session, pseudonym: p, criterion: criterion, current: current, yours: yours,
                        queue: queue),
                    status: .conflict)
            case .invalid(let problems):
                return Self.html(
                    ReviewPages.message("Not saved", problems.joined(separator: "; "), session: session),
                    status: .unprocessableContent)
            }
        }
    }

    /// Where a comment points, from the score form: the file on screen and the line typed; an
    /// empty line clears an anchor into that file and keeps one into another. Only a file of
    /// the submission and a positive line are taken.
    func anchor(_ fields: FormFields, id: String) -> String? {
        let files = Set((try? app.submission(id).files) ?? [])
        func valid(_ file: String, _ line: Int) -> String? {
            files.contains(file) && line >= 1 ? "\(file):\(line)" : nil
        }
        let shown = fields.text("anchor_file")
        if let shown, let line = fields.text("anchor_line").flatMap({ Int($0) }) { return valid(shown, line) }
        guard let current = fields.text("current_anchor"), let colon = current.lastIndex(of: ":"),
            let line = Int(current[current.index(after: colon)...])
        else { return nil }
        let file = String(current[..<colon])
        return file == shown ? nil : valid(file, line)
    }

    func history(_ request: Request, p: String) async throws -> Response {
        try await with(request, Self.graders) { session in
            switch submissionID(p, session: session) {
            case .failure(let refusal): return refusal.response
            case .success(let id):
                return Self.html(
                    ReviewPages.history(session: session, pseudonym: p, rows: try await app.store.audit(submission: id))
                )
            }
        }
    }

    /// Only a path of this app is followed after a form, never one a form names elsewhere
    /// (`//host`, `/\host`, which browsers read as another site) nor one that could break
    /// out of the Location header.
    static func back(_ fields: FormFields) -> String {
        guard let back = fields.text("back"), back.hasPrefix("/"), !back.hasPrefix("//"),
            !back.contains("\\"), !back.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7f })
        else { return "/" }
        return back
    }

    func addBank(_ request: Request) async throws -> Response {
        try await posting(request, Self.graders) { session, fields in
            guard let criterion = fields.text("criterion"), app.cohort.manual.contains(where: { $0.id == criterion }),
                let text = fields.text("text")
            else { return Self.redirect(Self.back(fields)) }
            _ = try await app.store.addBankComment(criterion: criterion, text: String(text.prefix(2000)))
            return Self.redirect(Self.back(fields))
        }
    }

    func editBank(_ request: Request, id: String) async throws -> Response {
        try await posting(request, Self.graders) { session, fields in
            guard let number = Int64(id), let text = fields.text("text") else {
                return Self.redirect(Self.back(fields))
            }
            _ = try await app.editBank(id: number, text: String(text.prefix(2000)), actor: session.account.name)
            return Self.redirect(Self.back(fields))
        }
    }

    func release(_ request: Request) async throws -> Response {
        try await posting(request, [.instructor]) { session, fields in
            if fields["all"] == "1" {
                try await app.release(app.cohort.ids, actor: session.account.name)
                return Self.redirect("/")
            }
            switch submissionID(fields["submission"] ?? "", session: session) {
            case .failure(let refusal): return refusal.response
            case .success(let id):
                try await app.release([id], actor: session.account.name)
                return Self.redirect("/s/\(urlPart(fields["submission"] ?? ""))")
            }
        }
    }

    func regrades(_ request: Request) async throws -> Response {
        try await with(request, Self.graders) { session in
            Self.html(
                ReviewPages.regrades(session: session, cohort: app.cohort, requests: try await app.store.regrades()))
        }
    }

    /// Accepting saves the new score as any save does (on the version there now, audited);
    /// declining keeps the score. Either way the reply reaches the learner.
    func answerRegrade(_ request: Request, id: String) async throws -> Response {
        try await posting(request, Self.graders) { session, fields in
            guard let number = Int64(id), let regrade = try await app.store.regrade(id: number), regrade.state == "open"
            else { return Self.redirect("/regrades") }
            let reply = fields.text("reply") ?? ""
            let digests = app.cohort.digests(of: regrade.submission)
            if fields["action"] == "accept" {
                let current = try await app.store.scores(for: regrade.submission)[regrade.criterion]
                let entry = ScoreEntry(
                    submission: regrade.submission, criterion: regrade.criterion, level: fields.text("level"),
                    points: fields.text("points").flatMap(Double.init), comment: current?.comment,
                    bankId: current?.bankId, anchor: current?.anchor)
                switch try await app.save(entry, expectedVersion: current?.version ?? 0, actor: session.account.name) {
                case .saved: break
                case .conflict: return Self.redirect("/regrades")
                case .invalid(let problems):
                    return Self.html(
                        ReviewPages.message("Not saved", problems.joined(separator: "; "), session: session),
                        status: .unprocessableContent)
                }
                try await app.store.closeRegrade(
                    id: number, accepted: true, reply: reply, actor: session.account.name, digests: digests)
            } else {
                try await app.store.closeRegrade(
                    id: number, accepted: false, reply: reply, actor: session.account.name, digests: digests)
            }
            return Self.redirect("/regrades")
        }
    }

    // MARK: learners

    func myReport(_ request: Request) async throws -> Response {
        try await with(request, [.learner]) { session in
            guard let id = session.account.submission, app.cohort.ids.contains(id),
                try await app.store.isReleased(id), let report = try await app.report(of: id)
            else {
                return Self.html(
                    ReviewPages.message("Not released yet", "Your report has not been released yet.", session: session))
            }
            return Self.html(
                ReviewPages.learnerReport(
                    session: session, report: report, manual: app.cohort.manual,
                    regrades: try await app.store.regrades(submission: id)))
        }
    }

    func requestRegrade(_ request: Request) async throws -> Response {
        try await posting(request, [.learner]) { session, fields in
            guard let id = session.account.submission, try await app.store.isReleased(id),
                let criterion = fields.text("criterion"), app.cohort.manual.contains(where: { $0.id == criterion }),
                let message = fields.text("message")
            else {
                return Self.html(
                    ReviewPages.message("Not sent", "Choose a criterion and say why.", session: session),
                    status: .unprocessableContent)
            }
            try await app.store.openRegrade(
                submission: id, criterion: criterion, message: String(message.prefix(2000)),
                learner: session.account.name, digests: app.cohort.digests(of: id))
            return Self.redirect("/my")
        }
    }

    // MARK: export

    var exportFolder: String { app.cohort.work + "/export" }

    func exportPage(_ request: Request) async throws -> Response {
        try await with(request, [.instructor]) { session in
            let written = FileManager.default.fileExists(atPath: exportFolder + "/gradebook.csv") ? exportFolder : nil
            return Self.html(ReviewPages.export(session: session, written: written))
        }
    }

    func export(_ request: Request) async throws -> Response {
        try await posting(request, [.instructor]) { session, _ in
            _ = try await app.export(to: exportFolder)
            return Self.redirect("/export")
        }
    }

    func exportFile(_ request: Request, file: String) async throws -> Response {
        try await with(request, [.instructor]) { session in
            guard Self.exportFiles.contains(file),
                let data = FileManager.default.contents(atPath: exportFolder + "/" + file)
            else {
                return Self.html(ReviewPages.message("Not found", "Export first.", session: session), status: .notFound)
            }
            let type =
                file.hasSuffix(".csv")
                ? "text/csv; charset=utf-8"
                : file.hasSuffix(".json") ? "application/json" : "text/markdown; charset=utf-8"
            return Response(
                status: .ok,
                headers: [
                    .contentType: type, .contentDisposition: "attachment; filename=\"\(file)\"",
                    .cacheControl: "no-store",
                ],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
        }
    }
}

/// Headers every response carries: scripts and styles from this app only, no framing, no
/// sniffing, no referrer leaking a pseudonym to another site.
struct SecurityHeaders<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        var response = try await next(request, context)
        response.headers[.contentSecurityPolicy] =
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
        response.headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
        return response
    }
}
