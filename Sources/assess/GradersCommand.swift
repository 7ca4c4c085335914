import ArgumentParser
import AssessCore
import AssessGraders

/// `assess graders`: every grader kind with its options and an example.
struct GradersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "graders", abstract: "List every grader kind, its options and an example.")

    @Flag(help: "Print the Markdown reference (docs/graders.md).")
    var markdown = false

    func run() {
        print(markdown ? GraderDocumentation.markdown(.builtIn) : GraderDocumentation.text(.builtIn), terminator: "")
    }
}
