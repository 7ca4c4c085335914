import AssessCore
import AssessGraders
import AssessTestSupport
import Foundation
import Testing

/// DESIGN's rules between modules, read from the code itself: each module imports only what its
/// row of the module table allows, C libraries only with `internal import` (no C type in a
/// public API), and the engine never names a grader kind. A new dependency is a decision: it
/// fails here until the table below (and DESIGN's) says so.
@Suite struct ModuleRulesTests {
    /// What each module of `Sources/` may import, besides the system (Foundation, Glibc, Darwin,
    /// Synchronization, Dispatch).
    static let allowed: [String: Set<String>] = [
        "AssessYAML": ["CLibYAML"],
        "AssessCore": ["AssessYAML", "Crypto"],
        "AssessFormats": [
            "AssessYAML", "CCmarkGFM", "CMemberWalk", "Histogram", "OpenAPIKit", "OpenAPIKit30", "OpenAPIKitCompat",
            "GraphQL",
        ],
        "AssessGraders": ["AssessCore", "AssessFormats", "AssessYAML"],
        "AssessReporters": ["AssessCore", "AssessYAML"],
        "AssessPlugins": ["AssessCore", "AssessYAML", "Crypto", "WasmKit", "WasmKitWASI", "WAT", "WASI"],
        "AssessBatch": ["AssessCore", "AssessFormats", "AssessReporters", "AssessYAML", "CLibArchive", "Crypto"],
        "AssessServer": [
            "AssessBatch", "AssessCore", "AssessFormats", "AssessReporters", "AssessYAML", "Crypto", "GRDB",
            "HTTPTypes", "Hummingbird",
            "HummingbirdBcrypt", "HummingbirdCore", "NIOCore", "NIOHTTPTypes", "Logging",
        ],
        "assess": [
            "ArgumentParser", "AssessBatch", "AssessCore", "AssessFormats", "AssessGraders", "AssessPlugins",
            "AssessReporters", "AssessServer", "AssessYAML",
        ],
    ]
    static let system: Set<String> = [
        "Foundation", "Glibc", "Darwin", "Synchronization", "Dispatch", "FoundationEssentials", "FoundationXML",
    ]
    /// The C (and C-headed C++) targets: imported only `internal`ly.
    static let cLibraries: Set<String> = ["CLibYAML", "CCmarkGFM", "CLibArchive", "CMemberWalk"]

    struct Import {
        var module: String
        var file: String
        var line: Int
        var text: String
        var imported: String
    }

    /// Every `import` line of every Swift file under Sources/, with where it is.
    static func imports() throws -> [Import] {
        let sources = repositoryRoot + "/Sources"
        let pattern = try NSRegularExpression(
            pattern:
                #"^\s*(?:@[A-Za-z_]+(?:\([^)]*\))?\s+)*(?:(?:public|package|internal|private|fileprivate)\s+)?import\s+(?:(?:struct|class|enum|func|protocol|var|let|typealias)\s+)?([A-Za-z0-9_]+)"#
        )
        var found: [Import] = []
        for module in try FileManager.default.contentsOfDirectory(atPath: sources) {
            let root = sources + "/" + module
            for relative in FileManager.default.enumerator(atPath: root)?.allObjects as? [String] ?? []
            where relative.hasSuffix(".swift") {
                let text = try String(contentsOfFile: root + "/" + relative, encoding: .utf8)
                for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                    let line = String(line)
                    let range = NSRange(line.startIndex..., in: line)
                    guard let match = pattern.firstMatch(in: line, range: range),
                        let name = Range(match.range(at: 1), in: line)
                    else { continue }
                    found.append(
                        Import(
                            module: module, file: "Sources/\(module)/\(relative)", line: index + 1,
                            text: line.trimmingCharacters(in: .whitespaces), imported: String(line[name])))
                }
            }
        }
        return found
    }

    @Test func everyModuleImportsOnlyWhatDesignAllows() throws {
        let imports = try Self.imports()
        #expect(imports.count > 300)
        for entry in imports where !Self.system.contains(entry.imported) {
            guard let allowed = Self.allowed[entry.module] else {
                Issue.record("\(entry.file): module '\(entry.module)' is not in DESIGN's module table")
                continue
            }
            #expect(
                allowed.contains(entry.imported),
                "\(entry.file):\(entry.line): '\(entry.module)' may not import '\(entry.imported)'")
        }
    }

    @Test func formatsNeverImportTheEngineAndNothingImportsTheExecutable() throws {
        let imports = try Self.imports()
        let formats = imports.filter { $0.module == "AssessFormats" }.map(\.imported)
        #expect(!formats.isEmpty)
        #expect(!formats.contains("AssessCore") && !formats.contains("AssessGraders"))
        #expect(!imports.contains { $0.imported == "assess" })
    }

    @Test func cLibrariesAreImportedInternallyOnly() throws {
        for entry in try Self.imports() where Self.cLibraries.contains(entry.imported) {
            #expect(entry.text.hasPrefix("internal import"), "\(entry.file):\(entry.line): \(entry.text)")
        }
    }

    /// The engine looks graders up in the registry; it never names a kind (`"manual"`), so a
    /// grader can be added, renamed or removed without touching Core.
    @Test func coreNamesNoGraderKind() throws {
        let kinds = GraderRegistry.builtIn.kinds
        let core = repositoryRoot + "/Sources/AssessCore"
        for relative in FileManager.default.enumerator(atPath: core)?.allObjects as? [String] ?? []
        where relative.hasSuffix(".swift") {
            let text = try String(contentsOfFile: core + "/" + relative, encoding: .utf8)
            for kind in kinds {
                #expect(!text.contains("\"\(kind)\""), "Sources/AssessCore/\(relative) names the grader kind '\(kind)'")
            }
        }
    }

    /// Graders get their bytes through `GradingJob` and the evidence readers, inside the
    /// submission's fence: none opens a file or parses YAML or JSON itself.
    @Test func gradersNeitherOpenFilesNorParseBytes() throws {
        let graders = repositoryRoot + "/Sources/AssessGraders"
        let forbidden = [
            "contentsOfFile", "contentsOf:", "FileManager", "fopen(", "YAMLParser(", "JSONReader(", "open(\"",
        ]
        for relative in FileManager.default.enumerator(atPath: graders)?.allObjects as? [String] ?? []
        where relative.hasSuffix(".swift") {
            let text = try String(contentsOfFile: graders + "/" + relative, encoding: .utf8)
            for word in forbidden {
                #expect(!text.contains(word), "Sources/AssessGraders/\(relative) uses \(word)")
            }
            // A submission's bytes reach a reader only through the fence `evidenceFile` builds.
            if relative != "Support/Evidence.swift" {
                for word in [
                    "submission.open(", "submission.read(", "submission.text(", "LoadTestSource(", "MarkdownParser(",
                ] {
                    #expect(!text.contains(word), "Sources/AssessGraders/\(relative) uses \(word)")
                }
            }
        }
    }
}
