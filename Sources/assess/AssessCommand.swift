import ArgumentParser
import Foundation

/// `assess`: grade engineering work against YAML rubrics.
@main
struct AssessCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assess",
        abstract: "Grade engineering work against YAML rubrics.",
        discussion: "Exit codes: 0 passed, 1 failed, 2 usage or rubric error, 3 internal error.",
        subcommands: [
            GradeCommand.self, CheckCommand.self, InitCommand.self, BatchCommand.self, MergeCommand.self,
            RubricCommand.self, GradersCommand.self,
        ])

    /// Runs the command line with the exit codes DESIGN fixes: a usage error is 2 (not
    /// ArgumentParser's 64), and an unexpected error is 3 (not 1, which means "failed").
    static func main() async {
        // A plugin that closes its stdin, or a reader that closes ours, must end in an error
        // that is reported (EPIPE), not in a silent death by SIGPIPE halfway through a batch.
        signal(SIGPIPE, SIG_IGN)
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let code as ExitCode {
            Foundation.exit(code.rawValue)
        } catch {
            switch exitCode(for: error) {
            case .validationFailure:
                CLIExit.printError(fullMessage(for: error))
                Foundation.exit(CLIExit.usage.rawValue)
            case .success:
                exit(withError: error)  // --help, --version
            default:
                CLIExit.printError("error: internal error: \(error)")
                Foundation.exit(CLIExit.internalError.rawValue)
            }
        }
    }
}
