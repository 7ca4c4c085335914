import ArgumentParser
import AssessCore
import AssessGraders
import AssessPlugins
import AssessReporters
import Foundation

/// `assess check SUBMISSION`: a learner's pre-check.
struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check", abstract: "Pre-check a submission: what to fix, where, and what is still attainable.")

    @OptionGroup var target: SubmissionOptions

    @Flag(help: "Check again whenever a file of the submission changes (Ctrl-C to stop).")
    var watch = false

    func run() async throws {
        var last = ""
        repeat {
            let fingerprint = Self.fingerprint(target.submission)
            if fingerprint != last {
                last = fingerprint
                let (opened, loaded) = try target.open()
                let report = await Engine().grade(opened, against: loaded)
                if watch { print("\u{1B}[2J\u{1B}[H", terminator: "") }
                do {
                    try ReportWriter.write(PreCheck(report: report).render(), to: nil)
                } catch {
                    CLIExit.printError("error: the pre-check: \(error)")
                    throw CLIExit.internalError.code
                }
                if !watch, !report.canStillPass { throw CLIExit.failed.code }
            }
            if watch { try await Task.sleep(for: .seconds(1)) }
        } while watch
    }

    /// Paths, sizes and modification times of every file: changes when the learner saves.
    static func fingerprint(_ root: String) -> String {
        let files = (FileManager.default.enumerator(atPath: root)?.allObjects as? [String] ?? []).sorted()
        return files.map { file -> String in
            let attributes = try? FileManager.default.attributesOfItem(atPath: root + "/" + file)
            return
                "\(file):\((attributes?[.size] as? NSNumber)?.intValue ?? 0):\((attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0)"
        }.joined(separator: "\n")
    }
}
