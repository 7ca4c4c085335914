import AssessTestSupport
import Foundation
import Testing

/// A reference tool the conformance corpora under `Tests/Conformance/` were recorded with:
/// run through the corpus's own `verdict.py`, which prints one JSON line per case.
struct ReferenceTool {
    /// `Tests/Conformance/<corpus>`.
    let folder: String
    /// A command that exits 0 only where the tool is installed.
    let probe: [String]
    /// What to say when it is not.
    let installHint: String

    init(corpus: String, probe: [String], installHint: String) {
        folder = repositoryRoot + "/Tests/Conformance/" + corpus
        self.probe = probe
        self.installHint = installHint
    }

    var isInstalled: Bool {
        (try? Self.run(probe).status) == 0
    }

    /// The verdict lines `verdict.py` prints for these case files, keyed by case file name;
    /// the calling test is skipped, with a message, where the tool is not installed.
    func verdicts(of cases: [String]) throws -> [String: [String: JSONValue]] {
        guard isInstalled else {
            try Test.cancel("\(probe.joined(separator: " ")) failed: the reference tool is not installed (\(installHint)); recorded verdicts not re-checked")
        }
        let result = try Self.run(["python3", folder + "/verdict.py"] + cases.map { folder + "/cases/" + $0 })
        var found: [String: [String: JSONValue]] = [:]
        for line in result.output.split(separator: "\n") {
            let object = try JSONDecoder().decode([String: JSONValue].self, from: Data(line.utf8))
            if case .string(let name)? = object["case"] { found[name] = object }
        }
        return found
    }

    static func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}

/// The JSON values a verdict file holds.
enum JSONValue: Decodable, Hashable {
    case string(String)
    case strings([String])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            self = .string(text)
        } else {
            self = .strings(try container.decode([String].self))
        }
    }
}
