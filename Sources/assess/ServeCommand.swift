import ArgumentParser
import AssessBatch
import AssessCore
import AssessServer
import Foundation

/// `assess serve COHORT --rubric R`: reviewers grade a cohort's manual criteria in the browser;
/// `assess serve --add-user NAME --role ROLE` creates an account. The app lives in AssessServer.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the review app: reviewers grade a cohort's manual criteria in the browser.",
        discussion:
            "Accounts: assess serve [COHORT] --add-user NAME --role instructor|reviewer|learner [--learner SUBMISSION-ID]; the password is read from ASSESS_PASSWORD or the first line of standard input."
    )

    @Argument(help: "The cohort folder.", completion: .directory)
    var cohort: String?

    @Option(help: "A rubric file, or a rubric id looked up in --rubrics.", completion: ShellCompletion.rubric)
    var rubric: String?

    @Option(help: "Where rubric ids are looked up.", completion: .directory)
    var rubrics: String = "Rubrics"

    @Option(help: "The SQLite database (default: COHORT/assess.sqlite).", completion: .file())
    var db: String?

    @Option(help: "Address to listen on.")
    var host: String = "127.0.0.1"

    @Option(help: "Port to listen on (0 picks a free one).")
    var port: Int = 8080

    @Flag(help: "Mark the session cookie Secure (when served behind TLS).")
    var secureCookies = false

    @Option(help: "Create an account with this name instead of serving.")
    var addUser: String?

    @Option(help: "The new account's role: instructor, reviewer or learner.")
    var role: String?

    @Option(help: "A learner account's submission id (its folder or archive name in the cohort).")
    var learner: String?

    func database() throws -> String {
        if let db { return db }
        guard let cohort else { throw ValidationError("give the cohort folder or --db") }
        return cohort + "/assess.sqlite"
    }

    func run() async throws {
        if let addUser {
            guard let role, let chosen = Role(rawValue: role) else {
                throw ValidationError("--role is one of instructor, reviewer, learner")
            }
            let password =
                ProcessInfo.processInfo.environment["ASSESS_PASSWORD"] ?? readLine(strippingNewline: true) ?? ""
            let database = try database()
            do {
                try ReviewApp.addUser(
                    database: database, name: addUser, role: chosen, password: password, submission: learner)
            } catch {
                throw ValidationError(error.description)
            }
            CLIExit.printError("added \(chosen.rawValue) '\(addUser)'")
            return
        }
        guard let cohort, let rubric else { throw ValidationError("assess serve COHORT --rubric R") }
        guard FileManager.default.fileExists(atPath: cohort) else {
            throw ValidationError("cohort folder '\(cohort)' does not exist")
        }
        let loaded: Rubric
        do {
            loaded = try RubricCatalog(directory: rubrics, loader: .commandLine).rubric(for: rubric, submission: nil)
        } catch {
            throw CLIExit.rubric(error)
        }
        var options = ReviewApp.Options()
        options.secureCookies = secureCookies
        let progress = ProgressPrinter()
        let app: ReviewApp
        do {
            app = try await ReviewApp.open(
                rubric: loaded, cohort: cohort, database: try database(), options: options
            ) { done, total in progress.update(done: done, total: total) }
        } catch {
            CLIExit.printError("error: \(error)")
            throw CLIExit.internalError.code
        }
        let host = self.host
        try await app.run(host: host, port: port) { bound in
            CLIExit.printError("assess serve: \(app.cohort.ids.count) submissions on http://\(host):\(bound)/")
        }
    }
}
