import ArgumentParser
import AssessCore
import AssessGraders
import AssessPlugins
import Foundation

/// `assess rubric …`: work on rubric files.
struct RubricCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rubric", abstract: "Check and explain rubrics.",
        subcommands: [
            LintCommand.self, ExplainCommand.self, CoverageCommand.self, SchemaCommand.self, ImpactCommand.self,
        ])
}

/// `assess rubric lint FILE…`: every error and warning of each rubric, as a compiler prints them.
struct LintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint", abstract: "Check rubric files; print every error and warning with its line.")

    @Argument(help: "Rubric files.")
    var files: [String]

    func run() throws {
        var loader = RubricLoader.commandLine
        loader.describePlugins = true
        var failed = false
        for file in files {
            do {
                let rubric = try loader.lint(file: file)
                for warning in rubric.warnings {
                    CLIExit.printError(warning.rendered(source: warning.location.flatMap { rubric.sources[$0.file] }))
                }
                let expects =
                    rubric.expectedInputs.isEmpty
                    ? ""
                    : "; reads input\(rubric.expectedInputs.count == 1 ? "" : "s") \(rubric.expectedInputs.map { "'\($0)'" }.joined(separator: ", ")) of the rubrics that extend it"
                print(
                    "\(file): ok (\(rubric.id.isEmpty ? "shared part, " : "")\(rubric.criteria.count) criteria, \(rubric.warnings.count) warning\(rubric.warnings.count == 1 ? "" : "s")\(expects))"
                )
            } catch {
                failed = true
                CLIExit.printError(error.description)
                let errors = error.diagnostics.filter { $0.severity == .error }.count
                CLIExit.printError("\(file): \(errors) error\(errors == 1 ? "" : "s")")
            }
        }
        if failed { throw CLIExit.usage.code }
    }
}

/// `assess rubric explain R`: the rubric as a learner-facing Markdown brief.
struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain", abstract: "Write a rubric as a learner-facing brief (Markdown).")

    @Argument(help: "A rubric file.")
    var file: String

    func run() throws {
        do {
            print(
                RubricGuide.explain(try RubricLoader.commandLine.load(file: file)),
                terminator: "")
        } catch {
            throw CLIExit.rubric(error)
        }
    }
}

/// `assess rubric coverage R…`: per objective, the criteria and weight that assess it.
struct CoverageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coverage",
        abstract: "Print, per objective, the criteria and share of the weight that assess it.",
        discussion: "Exits 1 when an objective of any rubric is covered by no criterion.")

    @Argument(help: "Rubric files.")
    var files: [String]

    @Flag(help: "A Markdown table per rubric instead of text.")
    var markdown = false

    func run() throws {
        var uncovered = false
        for (index, file) in files.enumerated() {
            let rubric: Rubric
            do {
                rubric = try RubricLoader.commandLine.load(file: file)
            } catch {
                throw CLIExit.rubric(error)
            }
            let coverage = RubricCoverage(rubric)
            if index > 0 { print() }
            if markdown {
                print("### \(rubric.title) (`\(rubric.id)`, pass mark \(rubric.pass.compact)%)\n")
                print(coverage.markdown(), terminator: "")
            } else {
                print(coverage.text(), terminator: "")
            }
            uncovered = uncovered || !coverage.uncovered.isEmpty
        }
        if uncovered { throw CLIExit.failed.code }
    }
}

/// `assess rubric schema`: the JSON Schema of the rubric format (schema/rubric.schema.json).
struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema", abstract: "Print the JSON Schema of the rubric format.")

    func run() {
        print(RubricGuide.schema(.builtIn), terminator: "")
    }
}
