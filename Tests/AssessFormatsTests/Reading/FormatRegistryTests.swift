import AssessFormats
import AssessYAML
import Foundation
import Testing

/// The registry recognises real tool outputs from their first bytes, and every reader reads a
/// file given to it as an `EvidenceFile`, never a path of its own.
@Suite struct FormatRegistryTests {
    let registry = FormatRegistry.builtIn
    let formats = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()

    func head(_ relative: String) throws -> (head: [UInt8], path: String) {
        let data = try Data(contentsOf: formats.appendingPathComponent(relative))
        return (Array(data.prefix(4096)), relative)
    }

    func file(_ relative: String, declared: String = "auto") -> EvidenceFile {
        let url = formats.appendingPathComponent(relative)
        return EvidenceFile(
            path: relative, declaredFormat: declared,
            bytes: { () throws(ReadFailure) -> Data in
                guard let data = try? Data(contentsOf: url) else {
                    throw ReadFailure(.error("cannot be read", at: nil))
                }
                return data
            },
            blocks: { () throws(ReadFailure) -> FileBlocks in
                guard let blocks = FileBlocks(path: url.path) else {
                    throw ReadFailure(.error("cannot be opened", at: nil))
                }
                return blocks
            })
    }

    @Test(
        "real exports are recognised as their own format",
        arguments: [
            ("Traces/Fixtures/checkout.otlp.json", "otlp"),
            ("Traces/Fixtures/checkout.otlp.jsonl", "otlp"),
            ("Traces/Fixtures/checkout.jaeger.json", "jaeger"),
            ("Traces/Fixtures/checkout.zipkin.json", "zipkin"),
            ("LoadTests/Fixtures/locust_stats.csv", "locust-stats-csv"),
            ("LoadTests/Fixtures/locust_stats_history.csv", "locust-stats-history-csv"),
            ("LoadTests/Fixtures/gatling_stats.json", "gatling-stats-json"),
            ("LoadTests/Fixtures/vegeta-results.json", "vegeta-results-json"),
            ("LoadTests/Fixtures/wrk-timeouts.txt", "wrk-text"),
            ("LoadTests/Fixtures/kafka-producer-perf.txt", "kafka-producer-perf-text"),
            ("Data/Fixtures/debezium-shapes.jsonl", "debezium"),
            ("Data/Fixtures/debezium-shapes-array.json", "debezium"),
            ("Data/Fixtures/temporal/checkout-o-3002.json", "temporal-history"),
        ])
    func sniffs(_ path: String, _ expected: String) throws {
        let (head, path) = try head(path)
        #expect(registry.sniff(head: head, path: path)?.id == expected)
    }

    @Test func sniffsByContentAndName() {
        #expect(registry.sniff(head: Array("# Design\n".utf8), path: "docs/design.md")?.id == "markdown")
        #expect(registry.sniff(head: Array("openapi: 3.1.0\ninfo:\n".utf8), path: "api/orders.yaml")?.id == "openapi")
        #expect(registry.sniff(head: Array("asyncapi: 3.0.0\n".utf8), path: "events/orders.yaml")?.id == "asyncapi")
        #expect(
            registry.sniff(head: Array("services:\n  api: {}\n".utf8), path: "deploy/compose.yaml")?.id == "compose")
        #expect(registry.sniff(head: Array("kind: Deployment\n".utf8), path: "k8s/app.yaml")?.id == "yaml")
        let junit = Array("<?xml version=\"1.0\"?>\n<testsuites><testsuite name=\"a\">".utf8)
        #expect(registry.sniff(head: junit, path: "build/test-results/TEST-a.xml")?.id == "junit")
    }

    @Test func idsAreUniqueAndAutoComesFirst() {
        let ids = registry.ids
        #expect(ids.first == "auto")
        #expect(Set(ids).count == ids.count)
        #expect(ids.contains("markdown") && ids.contains("k6-json-lines") && ids.contains("jmeter-xml"))
    }

    @Test func declaredFormatsAcceptWhatTheyRefine() throws {
        let otlp = try #require(registry.format("otlp"))
        #expect(registry.accepts(declared: "auto", for: otlp))
        #expect(registry.accepts(declared: "json", for: otlp))
        #expect(!registry.accepts(declared: "markdown", for: otlp))
    }

    @Test func readersReadThroughTheFileTheyAreGiven() throws {
        let traces = try TraceReader().read(file("Traces/Fixtures/checkout.jaeger.json"))
        #expect(!traces.model.spans.isEmpty)
        #expect(traces.problems.isEmpty)
        let run = try LoadTestReader().read(file("LoadTests/Fixtures/locust_stats.csv"))
        #expect(!run.model.endpoints.isEmpty)
        let markdown = try MarkdownReader().read(
            EvidenceFile(path: "design.md", contents: "---\ntitle: [unclosed\n---\n# Design\n"))
        #expect(markdown.model.sections.first?.title == "Design")
        #expect(markdown.problems.count == 1)
        #expect(markdown.problems.first?.location?.file == "design.md")
    }

    @Test func unreadableYAMLFailsWithItsPlace() {
        #expect {
            _ = try ComposeReader().read(EvidenceFile(path: "compose.yaml", contents: "services:\n  api: [\n"))
        } throws: { error in
            guard let failure = error as? ReadFailure else { return false }
            return failure.problems.first?.location?.file == "compose.yaml"
                && failure.problems.first?.severity == .error
        }
        let empty = try? ComposeReader().read(EvidenceFile(path: "compose.yaml", contents: "version: '3'\n"))
        #expect(empty?.model.services.isEmpty == true)
        #expect(empty?.problems.first?.message == "compose.yaml has no 'services' mapping")
    }
}
