import AssessTestSupport
import Foundation
import Testing

/// Shell and command-line conventions: `--version`, a subcommand's own usage on its errors,
/// help text, and completions that complete (run in a real bash against the generated script).
@Suite struct ConventionsCLITests {
    @Test func versionPrintsAndExitsZero() throws {
        let run = try CLIRun(["--version"])
        #expect(run.status == 0)
        #expect(run.stdout.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ".").count == 3)
    }

    @Test func anErrorInsideASubcommandShowsThatSubcommandsUsage() throws {
        let run = try CLIRun(["grade", "Submissions/quickstart-fail", "--format", "json", "--format", "sarif"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("Usage: assess grade <submission>"), "\(run.stderr)")
        #expect(run.stderr.contains("See 'assess grade --help'"))
        #expect(!run.stderr.contains("SUBCOMMANDS"))
        let nested = try CLIRun(["rubric", "impact", "a.yaml", "b.yaml", "--against", "/nonexistent", "--cohort", "x"])
        #expect(nested.status == 2)
    }

    @Test func batchHelpStatesEachDefaultOnce() throws {
        let run = try CLIRun(["batch", "--help"])
        #expect(run.status == 0)
        #expect(!run.stdout.contains("(default: the number of cores). (default:"))
        let from = try #require(run.stdout.range(of: "  --jobs <jobs>  "))
        let to = try #require(run.stdout.range(of: "  --format <format>  "))
        let jobs = run.stdout[from.upperBound..<to.lowerBound]
        #expect(jobs.components(separatedBy: "(default:").count == 2, "\(jobs)")
    }

    /// `assess grade Subm<TAB>`, `--rubric <TAB>` and `--format <TAB>` completed nothing.
    @Test func bashCompletesFoldersFormatsAndRubricIds() throws {
        let tree = try TemporaryTree()
        let script = try tree.write("assess.bash", try CLIRun(["--generate-completion-script", "bash"]).stdout)
        func complete(_ line: String) throws -> [String] {
            // As bash calls a completion function: the words so far, then (command, current, previous).
            let body = """
                source "\(script)"
                read -ra COMP_WORDS <<< "$1"
                [ "${1: -1}" = " " ] && COMP_WORDS+=("")
                COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); COMP_LINE="$1"; COMP_POINT=${#COMP_LINE}
                _assess assess "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
                printf '%s\\n' "${COMPREPLY[@]}"
                """
            let folder = (CLIRun.binary as NSString).deletingLastPathComponent
            let output = try CLIRun.shell(
                ["/bin/bash", "-c", body, "complete", line],
                environment: ["PATH": folder + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")])
            return output.split(separator: "\n").map(String.init)
        }
        #expect(try complete("assess grade Subm") == ["Submissions"])
        #expect(try complete("assess grade --format ") == ["terminal", "json", "markdown", "html", "junit", "sarif", "github", "gradescope", "codequality"])
        #expect(try complete("assess grade --format sa") == ["sarif"])
        let ids = try complete("assess grade Submissions/phase1-fail --rubric phase")
        #expect(ids == ["phase1-service-design", "phase2-communication", "phase3-data", "phase4-operations"])
        #expect(try complete("assess batch cohort --rubric Rubrics/l") == ["Rubrics/labs/"])
        #expect(try complete("assess gr") == ["grade", "graders"])
    }
}
