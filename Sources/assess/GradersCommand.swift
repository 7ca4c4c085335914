import ArgumentParser
import AssessCore
import AssessFormats
import AssessGraders
import AssessPlugins

/// `assess graders`: every grader kind with its options and an example.
struct GradersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "graders",
        abstract: "List every grader kind, its options and an example, and the evidence formats.")

    @Flag(help: "Print the Markdown reference (docs/graders.md).")
    var markdown = false

    @Option(help: "Also list the plugin graders this rubric declares.")
    var rubric: String?

    func run() throws {
        print(markdown ? GraderDocumentation.markdown(.builtIn) : GraderDocumentation.text(.builtIn), terminator: "")
        print(markdown ? FormatRegistry.builtIn.markdown : FormatRegistry.builtIn.text, terminator: "")
        guard let rubric else { return }
        let loaded: Rubric
        do {
            loaded = try RubricLoader.commandLine.load(file: rubric)
        } catch {
            throw CLIExit.rubric(error)
        }
        let digests = Dictionary(uniqueKeysWithValues: loaded.pluginDigests.map { ($0.name, $0) })
        for plugin in loaded.plugins {
            let program = plugin.exec?.joined(separator: " ") ?? plugin.wasm ?? ""
            let digest = digests[plugin.name].map { " sha256 \($0.sha256.prefix(16))…" } ?? ""
            print(
                "plugin:\(plugin.name)\n  \(plugin.exec != nil ? "exec" : "wasm") plugin from \(loaded.file): \(program)\(digest)\n"
            )
        }
    }
}
