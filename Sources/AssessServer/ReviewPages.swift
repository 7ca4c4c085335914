import AssessBatch
import AssessCore
import AssessFormats
import Foundation

/// The HTML of each page: pure functions of the values a route gathered, every piece of
/// submission, rubric or user text escaped on the way in.
enum ReviewPages {
    static func login(error: String?, token: String) -> String {
        page(
            "Sign in", session: nil,
            body: """
                <h1>Sign in</h1>
                \(error.map { "<p class=\"error\">\(esc($0))</p>" } ?? "")
                <form method="post" action="/login" class="panel narrow">
                <input type="hidden" name="csrf" value="\(esc(token))">
                <p><label>Name<br><input name="name" id="name" autocomplete="username" autofocus required></label></p>
                <p><label>Password<br><input name="password" id="password" type="password" autocomplete="current-password" required></label></p>
                <p><button id="signin">Sign in</button></p>
                </form>
                """)
    }

    static func message(_ title: String, _ text: String, session: Session?) -> String {
        page(title, session: session, body: "<h1>\(esc(title))</h1><p>\(esc(text))</p><p><a href=\"/\">Back</a></p>")
    }

    static func bar(_ done: Int, _ total: Int) -> String {
        "<progress value=\"\(done)\" max=\"\(max(total, 1))\"></progress> \(done)/\(total)"
    }

    struct DashboardRow {
        var pseudonym: String
        var id: String
        var learner: String
        var assignee: String?
        var scored: Int
        var released: Bool
        var error: Bool
    }

    static func dashboard(
        session: Session, cohort: ReviewCohort, perCriterion: [(ManualCriterion, Int)],
        perReviewer: [(name: String, assigned: Int, scored: Int)], rows: [DashboardRow], openRegrades: Int,
        reveal: Bool
    ) -> String {
        let instructor = session.account.role == .instructor
        var body = "<h1>\(esc(cohort.rubric.title))</h1>"
        body += "<p class=\"muted\">\(cohort.ids.count) submissions · rubric \(esc(cohort.rubric.id)) · "
        body += "grading is anonymous\(reveal ? " (names revealed)" : "")"
        if instructor {
            body += reveal ? " · <a href=\"/\">hide names</a>" : " · <a href=\"/?reveal=1\">reveal names</a>"
        }
        body += "</p>"
        body += "<h2>Grade by criterion</h2><table><tr><th>criterion</th><th>progress</th><th></th></tr>"
        for (criterion, done) in perCriterion {
            body += "<tr><td>\(esc(criterion.title)) <span class=\"muted\">\(esc(criterion.id))</span></td>"
            body += "<td>\(bar(done, cohort.ids.count))</td>"
            body += "<td><a class=\"queue\" href=\"/queue/\(urlPart(criterion.id))\">next ungraded</a></td></tr>"
        }
        body += "</table>"
        body += "<h2>Reviewers</h2><table><tr><th>reviewer</th><th>assigned</th><th>scores saved</th></tr>"
        for reviewer in perReviewer {
            body += "<tr><td>\(esc(reviewer.name))</td><td>\(reviewer.assigned)</td><td>\(reviewer.scored)</td></tr>"
        }
        body += "</table>"
        body += "<p><a href=\"/regrades\">Regrade requests</a> (\(openRegrades) open)"
        if instructor {
            body += " · <a href=\"/export\">Export</a></p>"
            body +=
                "<form method=\"post\" action=\"/release\">\(csrfField(session))<input type=\"hidden\" name=\"all\" value=\"1\"><button id=\"release-all\">Release every report</button></form>"
        } else {
            body += "</p>"
        }
        body += "<h2>Submissions</h2><table><tr><th>submission</th>\(reveal ? "<th>id</th><th>learner</th>" : "")"
        body += "<th>assigned to</th><th>manual criteria scored</th><th>released</th></tr>"
        for row in rows {
            body += "<tr><td><a href=\"/s/\(urlPart(row.pseudonym))\">\(esc(row.pseudonym))</a>"
            body += row.error ? " <span class=\"error\">not fully graded</span>" : ""
            body += "</td>"
            if reveal { body += "<td>\(esc(row.id))</td><td>\(esc(row.learner))</td>" }
            body += "<td>\(esc(row.assignee ?? "—"))\(row.assignee == session.account.name ? " (you)" : "")</td>"
            body += "<td>\(row.scored)/\(cohort.manual.count)</td><td>\(row.released ? "yes" : "")</td></tr>"
        }
        body += "</table>"
        return page("Cohort", session: session, body: body)
    }

    /// The grading page: the submission's files on the left (the chosen one with line numbers
    /// and the automated findings at their lines), the rubric on the right.
    struct Grading {
        var session: Session
        var cohort: ReviewCohort
        var id: String
        var pseudonym: String
        var report: Report?
        var row: GradebookRow?
        var scores: [String: StoredScore]
        var bank: [BankComment]
        var files: [String]
        var file: String?
        /// The chosen file as numbered lines with its findings (`sourceView`).
        var fileHTML: String?
        /// The automated criteria's table (`automated`).
        var automatedHTML: String
        var fileNote: String?
        var active: String?
        var previous: String?
        var next: String?
        var queue: String?
        var assignee: String?
        var released: Bool
        var reveal: Bool
    }

    static func grading(_ g: Grading) -> String {
        var body = "<div class=\"panel\"><h1>\(esc(g.pseudonym))"
        if g.reveal { body += " <span class=\"muted\">\(esc(g.id)) · \(esc(g.cohort.learner(of: g.id)))</span>" }
        body += "</h1>"
        if let report = g.report {
            body += "<p>Score <b id=\"score\">\(report.score.percent.shown)%</b>"
            if let range = report.score.range {
                body += " · attainable <span id=\"range\">\(range.min.shown)–\(range.max.shown)%</span>"
            }
            body +=
                " · verdict <span id=\"verdict\" class=\"verdict \(report.verdict.rawValue)\">\(report.verdict.rawValue)</span>"
            if let band = report.band { body += " (\(esc(band)))" }
            body += " · pass mark \(report.score.pass.shown)%</p>"
        }
        if let row = g.row, !row.errors.isEmpty {
            body += "<p class=\"error\">Not fully graded: \(esc(row.errors.joined(separator: "; ")))</p>"
        }
        let flags = g.cohort.integrityFlags(for: g.id)
        if !flags.isEmpty {
            body +=
                "<div class=\"flags\" id=\"integrity\"><b>For the reviewer (integrity; no effect on the score):</b><ul>"
                + flags.map { "<li>\(esc($0))</li>" }.joined() + "</ul></div>"
        }
        body += "<p class=\"muted\">Assigned to \(esc(g.assignee ?? "nobody")) · "
        body += g.released ? "released to the learner" : "not released"
        body += " · <a href=\"/s/\(urlPart(g.pseudonym))/history\">history</a>"
        let queue = g.queue.map { "&q=\(urlPart($0))" } ?? ""
        if let previous = g.previous {
            body += " · <a id=\"previous\" href=\"\(esc(previous))\">previous</a> <kbd>p</kbd>"
        }
        if let next = g.next { body += " · <a id=\"next\" href=\"\(esc(next))\">next</a> <kbd>n</kbd>" }
        body += "</p>"
        if g.session.account.role == .instructor, !g.released {
            body +=
                "<form method=\"post\" action=\"/release\">\(csrfField(g.session))<input type=\"hidden\" name=\"submission\" value=\"\(esc(g.pseudonym))\"><button id=\"release\">Release this report</button></form>"
        }
        body += "<p class=\"keys\">Keys: <kbd>1</kbd>–<kbd>9</kbd> level · <kbd>Shift</kbd>+digit bank comment · "
        body +=
            "<kbd>c</kbd> comment (<kbd>Ctrl</kbd>+<kbd>Enter</kbd> saves) · <kbd>j</kbd>/<kbd>k</kbd> criterion · <kbd>n</kbd>/<kbd>p</kbd> submission</p>"
        body += "</div><div class=\"grading\"><section>"
        // Files.
        body += "<div class=\"panel files\"><h2>Files</h2>"
        for file in g.files {
            body +=
                "<a href=\"/s/\(urlPart(g.pseudonym))?file=\(urlPart(file))\(queue)\"\(file == g.file ? " class=\"current\"" : "")>\(esc(file))</a>"
        }
        body += "</div>"
        if let file = g.file {
            body += "<div class=\"panel\"><h2>\(esc(file))</h2>"
            if let note = g.fileNote { body += "<p class=\"muted\">\(esc(note))</p>" }
            for criterion in g.cohort.manual {
                guard let score = g.scores[criterion.id], let place = score.anchorPlace, place.file == file else {
                    continue
                }
                body +=
                    "<p class=\"anchored\">\(esc(criterion.title)), <a href=\"#L\(place.line)\">line \(place.line)</a>: \(esc(score.fullComment ?? ""))</p>"
            }
            body += g.fileHTML ?? ""
            body += "</div>"
        }
        body += "</section><section>"
        // Manual criteria.
        body += "<div class=\"panel\"><h2>Scored by you</h2>"
        let active =
            g.active ?? g.cohort.manual.first { g.scores[$0.id]?.isScored != true }?.id ?? g.cohort.manual.first?.id
        for criterion in g.cohort.manual {
            body += manualCriterion(criterion, g: g, active: criterion.id == active, queue: g.queue)
        }
        body += "</div>"
        body += g.automatedHTML
        body += "</section></div>"
        return page(g.pseudonym, session: g.session, body: body)
    }

    /// The automated criteria: status, points, findings linked to their lines and each
    /// measurement beside its limit. It depends only on the batch's report, so the app renders
    /// it once per submission.
    static func automated(_ report: Report, manual: [ManualCriterion], pseudonym: String) -> String {
        var body = "<div class=\"panel\"><h2>Graded automatically</h2><table id=\"automated\">"
        body += "<tr><th>criterion</th><th>status</th><th>points</th><th>what was found</th></tr>"
        let manualIDs = Set(manual.map(\.id))
        for result in report.criteria where !manualIDs.contains(result.id) {
            body += "<tr><td>\(esc(result.title))<br><span class=\"muted\">\(esc(result.id))</span></td>"
            body += "<td class=\"status-\(result.status.rawValue)\">\(result.status.rawValue)</td>"
            body += "<td>\(result.points.shown)/\(result.weight.shown)</td><td>\(esc(result.summary))"
            if !result.measurements.isEmpty {
                body += "<table class=\"measurements\"><tr><th>measure</th><th>value</th><th>limit</th></tr>"
                for m in result.measurements {
                    body += "<tr><td>\(esc(m.name))</td><td>\(m.value.shown)\(m.unit.map { " " + esc($0) } ?? "")</td>"
                    body += "<td>\(esc(m.limit ?? "—"))</td></tr>"
                }
                body += "</table>"
            }
            for finding in result.findings.prefix(20) {
                body += "<div class=\"muted\">\(esc(finding.severity.rawValue)): \(esc(finding.message))"
                if let location = finding.location {
                    body +=
                        " <a href=\"/s/\(urlPart(pseudonym))?file=\(urlPart(location.file))#L\(location.line)\">\(esc(location.description))</a>"
                }
                body += "</div>"
            }
            body += "</td></tr>"
        }
        return body + "</table></div>"
    }

    static func manualCriterion(_ criterion: ManualCriterion, g: Grading, active: Bool, queue: String?) -> String {
        let score = g.scores[criterion.id]
        let action = "/s/\(urlPart(g.pseudonym))/score"
        var html =
            "<div class=\"criterion\(active ? " active" : "")\" id=\"criterion-\(esc(criterion.id))\" data-criterion=\"\(esc(criterion.id))\">"
        html +=
            "<h3>\(esc(criterion.title)) <span class=\"muted\">\(esc(criterion.id)) · weight \(criterion.weight.shown)</span></h3>"
        if let description = criterion.description { html += "<p class=\"muted\">\(esc(description))</p>" }
        html += "<form method=\"post\" action=\"\(action)\">\(csrfField(g.session))"
        html += hidden("criterion", criterion.id) + hidden("version", String(score?.version ?? 0))
        html +=
            hidden("current_level", score?.level ?? "") + hidden("current_bank", score?.bankId.map(String.init) ?? "")
        if let queue { html += hidden("q", queue) }
        for (index, level) in criterion.levels.enumerated() {
            let chosen = score?.level == level.name
            html +=
                "<button class=\"level\(chosen ? " chosen" : "")\" name=\"level\" value=\"\(esc(level.name))\"><kbd>\(index + 1)</kbd> \(esc(level.name)) <span class=\"muted\">\((level.score * 100).shown)%</span></button>"
        }
        if let most = criterion.points {
            html +=
                "<label>points (of \(most.shown)) <input name=\"points\" type=\"number\" step=\"any\" min=\"0\" max=\"\(most.shown)\" value=\"\(score?.points.map(\.shown) ?? "")\"></label>"
        }
        html +=
            "<p><label>Comment <kbd>c</kbd><textarea name=\"comment\">\(esc(score?.comment ?? ""))</textarea></label>"
        html += hidden("current_anchor", score?.anchor ?? "")
        if let file = g.file {
            let line = score?.anchorPlace.flatMap { $0.file == file ? String($0.line) : nil } ?? ""
            html += hidden("anchor_file", file)
            html +=
                "<label class=\"anchor\">at line <input name=\"anchor_line\" type=\"number\" min=\"1\" value=\"\(line)\"> of \(esc(file))</label> "
        }
        html += "<button name=\"action\" value=\"comment\">Save</button>"
        if let score {
            html += " <span class=\"muted\">saved by \(esc(score.reviewer)), version \(score.version)</span>"
        }
        html += "</p>"
        let bank = g.bank.filter { $0.criterion == criterion.id }
        if !bank.isEmpty {
            html += "<div class=\"bank-list\">"
            for (index, comment) in bank.enumerated() {
                let chosen = score?.bankId == comment.id
                html +=
                    "<button class=\"bank\(chosen ? " chosen" : "")\" name=\"bank\" value=\"\(comment.id)\"><kbd>⇧\(index + 1)</kbd> \(esc(comment.text))</button>"
            }
            html += "</div>"
        }
        html += "</form>"
        if let place = score?.anchorPlace {
            html +=
                "<p class=\"muted\">Comment points at <a class=\"anchor-link\" href=\"/s/\(urlPart(g.pseudonym))?file=\(urlPart(place.file))&c=\(urlPart(criterion.id))#L\(place.line)\">\(esc(place.file)):\(place.line)</a></p>"
        }
        if let text = score?.bankText {
            html += "<p class=\"muted\">Bank comment in use: \(esc(text))</p>"
        }
        html += "<details><summary>Comment bank</summary>"
        for comment in bank {
            html += "<form method=\"post\" action=\"/bank/\(comment.id)\">\(csrfField(g.session))"
            html += hidden("back", "/s/\(g.pseudonym)?c=\(criterion.id)")
            html +=
                "<input name=\"text\" value=\"\(esc(comment.text))\" class=\"bank-text\"> <button>Update everywhere</button></form>"
        }
        html += "<form method=\"post\" action=\"/bank\">\(csrfField(g.session))"
        html += hidden("criterion", criterion.id) + hidden("back", "/s/\(g.pseudonym)?c=\(criterion.id)")
        html +=
            "<input name=\"text\" class=\"new-bank\" placeholder=\"A comment to reuse\"> <button>Add to bank</button></form>"
        html += "</details></div>"
        return html
    }

    static func hidden(_ name: String, _ value: String) -> String {
        "<input type=\"hidden\" name=\"\(esc(name))\" value=\"\(esc(value))\">"
    }

    /// Findings of the report located in `file`, by line.
    static func findings(in file: String, report: Report?) -> [Int: [Finding]] {
        var byLine: [Int: [Finding]] = [:]
        for criterion in report?.criteria ?? [] {
            for finding in criterion.findings {
                guard let location = finding.location,
                    location.file == file || location.file.hasSuffix("/" + file)
                else { continue }
                byLine[location.line, default: []].append(finding)
            }
        }
        return byLine
    }

    /// A Markdown file as a reviewer reads it: rendered through cmark-gfm (raw HTML in it left
    /// out, so a `<script>` in a design is text at most), then each mermaid diagram's source
    /// beside the nodes and edges Assess parsed from it, which are what its graders judged.
    static func markdownView(_ text: String, file: String) -> String {
        var html = "<div class=\"rendered\">" + MarkdownHTML.render(text) + "</div>"
        let diagrams = MarkdownParser().parse(text, file: file).mermaidDiagrams
        for diagram in diagrams {
            html += "<div class=\"diagram\"><h3>\(esc(diagram.type)) at line \(diagram.location.line)</h3>"
            if !diagram.isParsed {
                html += "<p class=\"muted\">Kept as source: Assess does not read this diagram type.</p>"
            }
            html += "<table><tr><th>node</th><th>label</th></tr>"
            html += diagram.nodes.map { "<tr><td><code>\(esc($0.id))</code></td><td>\(esc($0.label))</td></tr>" }
                .joined()
            html += "</table><table><tr><th>from</th><th>to</th><th>label</th></tr>"
            html += diagram.edges.map {
                "<tr><td><code>\(esc($0.from))</code></td><td><code>\(esc($0.to))</code></td><td>\(esc($0.label ?? ""))</td></tr>"
            }.joined()
            html += "</table>"
            for problem in diagram.problems {
                html +=
                    "<p class=\"finding\">▲ line \(problem.location?.line ?? diagram.location.line): \(esc(problem.message))</p>"
            }
            html += "</div>"
        }
        return html
    }

    /// A file as numbered lines, each finding shown under its line.
    static func sourceView(_ text: String, file: String, findings: [Int: [Finding]]) -> String {
        var html = "<pre class=\"source\">"
        var lines = text.lines
        if lines.last?.isEmpty == true { lines.removeLast() }
        for (index, line) in lines.enumerated() {
            let number = index + 1
            let hits = findings[number] ?? []
            let shown = line.hasSuffix("\r") ? line.dropLast() : line
            html +=
                "<span id=\"L\(number)\"\(hits.isEmpty ? "" : " class=\"hit\"")><span class=\"ln\">\(number)</span>\(esc(String(shown)))</span>\n"
            for finding in hits {
                html += "<span class=\"finding\">▲ \(esc(finding.severity.rawValue)): \(esc(finding.message))</span>"
            }
        }
        return html + "</pre>"
    }

    static func conflict(
        session: Session, pseudonym: String, criterion: ManualCriterion, current: StoredScore, yours: ScoreEntry,
        queue: String?
    ) -> String {
        func describe(level: String?, points: Double?, comment: String?) -> String {
            var parts: [String] = []
            if let level { parts.append("level <b>\(esc(level))</b>") }
            if let points { parts.append("<b>\(points.shown)</b> points") }
            parts.append(comment.map { "comment “\(esc($0))”" } ?? "no comment")
            return parts.joined(separator: ", ")
        }
        var body = "<div class=\"panel conflict\"><h1>Someone saved this score first</h1>"
        body += "<p>\(esc(criterion.title)) of \(esc(pseudonym)) was saved by <b>\(esc(current.reviewer))</b> "
        body += "(version \(current.version)) while you were looking at an older version.</p>"
        body += "<table><tr><th></th><th>score</th></tr>"
        body +=
            "<tr><td>Saved (theirs)</td><td id=\"theirs\">\(describe(level: current.level, points: current.points, comment: current.fullComment))</td></tr>"
        body +=
            "<tr><td>Yours (not saved)</td><td id=\"yours\">\(describe(level: yours.level, points: yours.points, comment: yours.comment))</td></tr></table>"
        body += "<p>Which one stands?</p>"
        body += "<form method=\"post\" action=\"/s/\(urlPart(pseudonym))/score\" class=\"inline\">\(csrfField(session))"
        body += hidden("criterion", yours.criterion) + hidden("version", String(current.version))
        body += hidden("level", yours.level ?? "") + hidden("points", yours.points.map(\.shown) ?? "")
        body += hidden("comment", yours.comment ?? "") + hidden("bank", yours.bankId.map(String.init) ?? "")
        body += hidden("current_anchor", yours.anchor ?? "")
        if let queue { body += hidden("q", queue) }
        body += "<button id=\"keep-mine\">Save mine over theirs</button></form> "
        body +=
            "<a id=\"keep-theirs\" href=\"/s/\(urlPart(pseudonym))?c=\(urlPart(criterion.id))\">Keep theirs</a></div>"
        return page("Conflict", session: session, body: body)
    }

    static func history(session: Session, pseudonym: String, rows: [AuditRow]) -> String {
        var body =
            "<h1>History of \(esc(pseudonym))</h1><p><a href=\"/s/\(urlPart(pseudonym))\">back to grading</a></p>"
        body +=
            "<table id=\"history\"><tr><th>when</th><th>who</th><th>criterion</th><th>what</th><th>old</th><th>new</th><th>rubric</th><th>submission</th></tr>"
        for row in rows {
            body += "<tr><td>\(esc(row.at))</td><td>\(esc(row.actor))</td><td>\(esc(row.criterion ?? ""))</td>"
            body +=
                "<td>\(esc(row.action))</td><td><code>\(esc(row.old ?? ""))</code></td><td><code>\(esc(row.new ?? ""))</code></td>"
            body +=
                "<td><code>\(esc(String(row.rubricSHA256.prefix(12))))</code></td><td><code>\(esc(String(row.submissionSHA256.prefix(12))))</code></td></tr>"
        }
        body += "</table>"
        return page("History", session: session, body: body)
    }

    /// A learner's own released report: the learner view (hidden criteria left out), the
    /// reviewers' comments, and a regrade form per manual criterion.
    static func learnerReport(
        session: Session, report: Report, manual: [ManualCriterion], regrades: [RegradeRequest]
    ) -> String {
        let view = report.learnerView
        var body = "<h1>\(esc(view.rubric.title))</h1>"
        body +=
            "<p>Score <b id=\"score\">\(view.score.percent.shown)%</b> · verdict <span id=\"verdict\" class=\"verdict \(view.verdict.rawValue)\">\(view.verdict.rawValue)</span>"
        if let band = view.band { body += " (\(esc(band)))" }
        body += " · pass mark \(view.score.pass.shown)%</p>"
        body += "<table id=\"report\"><tr><th>criterion</th><th>status</th><th>points</th><th>notes</th></tr>"
        for result in view.criteria {
            body +=
                "<tr><td>\(esc(result.title))</td><td class=\"status-\(result.status.rawValue)\">\(result.status.rawValue)</td>"
            body += "<td>\(result.points.shown)/\(result.weight.shown)</td><td>\(esc(result.summary))"
            if let comment = result.review?.comment {
                body += "<div class=\"comment\">\(esc(comment))</div>"
            }
            for finding in result.findings.prefix(10) where finding.severity != .info {
                body += "<div class=\"muted\">\(esc(finding.message))</div>"
            }
            if let hint = result.hint, result.status != .passed {
                body += "<div class=\"muted\">Hint: \(esc(hint))</div>"
            }
            body += "</td></tr>"
        }
        body += "</table>"
        if !regrades.isEmpty {
            body +=
                "<h2>Your regrade requests</h2><table><tr><th>criterion</th><th>your message</th><th>state</th><th>reply</th></tr>"
            for request in regrades {
                body +=
                    "<tr><td>\(esc(request.criterion))</td><td>\(esc(request.message))</td><td>\(esc(request.state))</td><td>\(esc(request.reply ?? ""))</td></tr>"
            }
            body += "</table>"
        }
        body +=
            "<h2>Ask for a regrade</h2><form method=\"post\" action=\"/my/regrade\" class=\"panel\">\(csrfField(session))"
        body += "<p><label>Criterion <select name=\"criterion\">"
        for criterion in manual { body += "<option value=\"\(esc(criterion.id))\">\(esc(criterion.title))</option>" }
        body +=
            "</select></label></p><p><label>Why<textarea name=\"message\" required></textarea></label></p><button>Send</button></form>"
        return page("Your report", session: session, body: body)
    }

    static func regrades(session: Session, cohort: ReviewCohort, requests: [RegradeRequest]) -> String {
        var body =
            "<h1>Regrade requests</h1><table id=\"regrades\"><tr><th>submission</th><th>criterion</th><th>message</th><th>state</th><th>answer</th></tr>"
        for request in requests {
            let pseudonym = cohort.pseudonym(of: request.submission)
            body +=
                "<tr><td><a href=\"/s/\(urlPart(pseudonym))?c=\(urlPart(request.criterion))\">\(esc(pseudonym))</a></td>"
            body +=
                "<td>\(esc(request.criterion))</td><td>\(esc(request.message))</td><td>\(esc(request.state))</td><td>"
            if request.state == "open" {
                let levels = cohort.manual.first { $0.id == request.criterion }?.levels ?? []
                body += "<form method=\"post\" action=\"/regrades/\(request.id)\">\(csrfField(session))"
                body += "<select name=\"level\"><option value=\"\">(points)</option>"
                for level in levels { body += "<option>\(esc(level.name))</option>" }
                body += "</select> <input name=\"points\" size=\"4\" placeholder=\"points\"> "
                body += "<input name=\"reply\" placeholder=\"reply\" required> "
                body += "<button name=\"action\" value=\"accept\">Accept with this score</button> "
                body += "<button name=\"action\" value=\"decline\">Decline</button></form>"
            } else {
                body += esc(request.reply ?? "")
            }
            body += "</td></tr>"
        }
        body += "</table>"
        return page("Regrades", session: session, body: body)
    }

    static func export(session: Session, written: String?) -> String {
        var body = "<h1>Export</h1>"
        body += "<p>Writes one reviews file per submission (the format of <code>assess grade --reviews</code>), "
        body +=
            "the gradebook that <code>assess batch COHORT --reviews reviews/</code> gives, the Canvas and Moodle imports, and the audit log.</p>"
        body +=
            "<form method=\"post\" action=\"/export\">\(csrfField(session))<button id=\"export\">Export now</button></form>"
        if let written {
            body += "<p>Written to <code>\(esc(written))</code>:</p><ul>"
            for file in ReviewRoutes.exportFiles {
                body += "<li><a href=\"/export/\(file)\">\(file)</a></li>"
            }
            body += "</ul>"
        }
        return page("Export", session: session, body: body)
    }
}
