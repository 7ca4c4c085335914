import ArgumentParser
import AssessCore
import AssessGraders
import AssessPlugins

extension RubricLoader {
    /// The loader every command uses: the built-in graders and plugin graders run by `PluginRunner`.
    static var commandLine: RubricLoader { RubricLoader(registry: .builtIn, plugins: PluginRunner()) }
}

/// A submission and the rubric that grades it, as `grade` and `check` take them.
struct SubmissionOptions: ParsableArguments {
    @Argument(help: "The submission directory.", completion: .directory)
    var submission: String

    @Option(
        help: "A rubric file, or a rubric id looked up in --rubrics. Default: the id in the submission's assess.yaml.",
        completion: ShellCompletion.rubric)
    var rubric: String?

    @Option(help: "Where rubric ids are looked up.", completion: .directory)
    var rubrics: String = "Rubrics"

    /// Opens the submission (a usage error when it is not a folder) and loads its rubric (a
    /// rubric error, printed with every diagnostic, exit 2).
    func open() throws -> (Submission, Rubric) {
        let opened: Submission
        do { opened = try Submission(path: submission) } catch { throw ValidationError("submission \(error)") }
        do {
            return (
                opened,
                try RubricCatalog(directory: rubrics, loader: .commandLine).rubric(for: rubric, submission: opened)
            )
        } catch {
            throw CLIExit.rubric(error)
        }
    }
}
