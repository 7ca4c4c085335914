import ArgumentParser
import AssessCore
import AssessGraders
import AssessPlugins
import Foundation

/// `assess init --rubric R DIR`: the skeleton of a submission the rubric expects.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init", abstract: "Create a submission folder with the files and headings a rubric expects.")

    @Option(help: "A rubric file, or a rubric id looked up in --rubrics.", completion: ShellCompletion.rubric)
    var rubric: String

    @Option(help: "Where rubric ids are looked up.")
    var rubrics: String = "Rubrics"

    @Argument(help: "The folder to create (existing files are never overwritten).")
    var directory: String

    func run() throws {
        let loaded: Rubric
        do {
            loaded = try RubricCatalog(
                directory: rubrics, loader: .commandLine
            ).rubric(for: rubric, submission: nil)
        } catch {
            throw CLIExit.rubric(error)
        }
        for (path, text) in RubricGuide.scaffold(loaded).sorted(by: { $0.key < $1.key }) {
            let full = directory + "/" + path
            if FileManager.default.fileExists(atPath: full) {
                print("kept     \(path)")
                continue
            }
            try FileManager.default.createDirectory(
                atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: URL(fileURLWithPath: full))
            print("created  \(path)")
        }
    }
}
