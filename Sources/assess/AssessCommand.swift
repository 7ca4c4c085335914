import ArgumentParser
import Foundation

/// `assess`: grade engineering work against YAML rubrics.
@main
struct AssessCommand: AsyncParsableCommand {
    /// This build's version (`assess --version`).
    static let version = "0.3.0"

    static let configuration = CommandConfiguration(
        commandName: "assess",
        abstract: "Grade engineering work against YAML rubrics.",
        discussion: "Exit codes: 0 passed, 1 failed, 2 usage or rubric error, 3 internal error.",
        version: version,
        subcommands: [
            GradeCommand.self, CheckCommand.self, InitCommand.self, BatchCommand.self, MergeCommand.self,
            RubricCommand.self, GradersCommand.self, IntegrityCommand.self, ServeCommand.self,
        ])

    /// Runs the command line with the exit codes DESIGN fixes: a usage error is 2 (not
    /// ArgumentParser's 64), and an unexpected error is 3 (not 1, which means "failed"). A
    /// usage error found while a subcommand runs shows that subcommand's usage, not the root's.
    static func main() async {
        // A plugin that closes its stdin, or a reader that closes ours, must end in an error
        // that is reported (EPIPE), not in a silent death by SIGPIPE halfway through a batch.
        signal(SIGPIPE, SIG_IGN)
        var command: any ParsableCommand
        do {
            command = try parseAsRoot()
        } catch {
            fail(error, in: nil)
        }
        do {
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            fail(error, in: type(of: command))
        }
    }

    private static func fail(_ error: any Error, in subcommand: ParsableCommand.Type?) -> Never {
        if let code = error as? ExitCode { Foundation.exit(code.rawValue) }
        switch exitCode(for: error) {
        case .validationFailure:
            if let subcommand, ObjectIdentifier(subcommand) != ObjectIdentifier(AssessCommand.self) {
                let path = commandPath(to: subcommand).joined(separator: " ")
                CLIExit.printError(
                    "Error: \(message(for: error))\nUsage: \(usageString(for: subcommand))\n  See 'assess \(path) --help' for more information."
                )
            } else {
                CLIExit.printError(fullMessage(for: error))
            }
            Foundation.exit(CLIExit.usage.rawValue)
        case .success:
            exit(withError: error)  // --help, --version
        default:
            CLIExit.printError("error: internal error: \(error)")
            Foundation.exit(CLIExit.internalError.rawValue)
        }
    }

    /// The subcommand names from the root to `target` (`["rubric", "impact"]`).
    static func commandPath(to target: ParsableCommand.Type, from root: ParsableCommand.Type = AssessCommand.self)
        -> [String]
    {
        for child in root.configuration.subcommands {
            let name = child.configuration.commandName ?? "\(child)"
            if ObjectIdentifier(child) == ObjectIdentifier(target) { return [name] }
            let below = commandPath(to: target, from: child)
            if !below.isEmpty { return [name] + below }
        }
        return []
    }
}
