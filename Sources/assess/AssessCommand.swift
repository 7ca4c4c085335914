import ArgumentParser
import Foundation

/// `assess`: grade engineering work against YAML rubrics.
@main
struct AssessCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assess",
        abstract: "Grade engineering work against YAML rubrics.",
        discussion: "Exit codes: 0 passed, 1 failed, 2 usage or rubric error, 3 internal error.",
        subcommands: [GradeCommand.self, RubricCommand.self, GradersCommand.self])

    /// Runs the command line with the exit codes DESIGN fixes: a usage error is 2, not
    /// ArgumentParser's 64.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(CLIExit.usage.rawValue)
            }
            exit(withError: error)
        }
    }
}
