import AssessCore
import AssessFormats
import Testing

@testable import AssessGraders

/// `code.layers` judges import lists held here (scanned from a line of text each), and asks
/// for a file's imports only when the file is in a layer.
@Suite struct CodeLayersJudgingTests {
    static let with =
        "layers: { domain: { paths: ['app/domain/**'] }, web: { paths: ['app/web/**'] } }\nallow: { web: [domain] }"

    /// A Go module's files, one import each.
    static let sources: [String: String] = [
        "app/domain/order.go": "package domain\nimport \"time\"\n",
        "app/web/handler.go": "package web\nimport \"example.com/shop/app/domain\"\n",
        "app/domain/leak.go": "package domain\nimport \"example.com/shop/app/web\"\n",
        "tools/gen.go": "package main\nimport \"example.com/shop/app/web\"\n",
    ]

    func judge(_ paths: [String], asked: inout [String]) throws -> Outcome {
        let grader = try configured(CodeLayersGrader.self, Self.with)
        var seen: [String] = []
        let outcome = grader.judge(paths: paths) { path, language in
            seen.append(path)
            return ImportScanner.imports(in: Self.sources[path] ?? "", language: language, file: path)
        }
        asked = seen
        return outcome
    }

    @Test func inwardImportsPassAndFilesOutsideTheLayersAreNeverRead() throws {
        var asked: [String] = []
        let outcome = try judge(["app/domain/order.go", "app/web/handler.go", "tools/gen.go"], asked: &asked)
        #expect(outcome.status == .passed, "\(outcome.findings)")
        #expect(asked == ["app/domain/order.go", "app/web/handler.go"])
    }

    @Test func theDomainImportingTheWebLayerIsNamedAtItsLine() throws {
        var asked: [String] = []
        let outcome = try judge(["app/domain/order.go", "app/web/handler.go", "app/domain/leak.go"], asked: &asked)
        #expect(outcome.status == .partial)
        #expect(abs(outcome.score - 2.0 / 3) < 1e-9)
        let error = try #require(outcome.findings.first { $0.severity == .error })
        #expect(error.location?.file == "app/domain/leak.go")
        #expect(error.location?.line == 2)
        #expect(error.message.hasPrefix("domain imports web"))
    }
}
