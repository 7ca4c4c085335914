import ArgumentParser
import AssessCore
import Foundation

/// DESIGN's exit codes.
enum CLIExit: Int32 {
    case passed = 0, failed = 1, usage = 2, internalError = 3

    var code: ExitCode { ExitCode(rawValue) }

    /// Prints a rubric error (every diagnostic, with source lines) and gives the exit code 2.
    static func rubric(_ error: RubricError) -> ExitCode {
        printError(error.description)
        return CLIExit.usage.code
    }

    static func printError(_ text: String) {
        // A closed or full standard error must not crash the run: there is nowhere left to say so.
        try? FileHandle.standardError.write(contentsOf: Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
    }
}
