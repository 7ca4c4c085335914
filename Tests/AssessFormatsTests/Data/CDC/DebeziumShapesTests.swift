import AssessFormats
import AssessYAML
import Foundation
import Testing

/// Every field the reader gives, one line per event or problem, so a change to how records are
/// walked shows as a changed line.
func describeChanges(_ source: LoadTestSource, fields: ChangeFields) -> String {
    var lines: [String] = []
    DebeziumReader.read(
        source, fields: fields, problem: { lines.append("problem \($0.line):\($0.column) \($0.message)") }
    ) { event in
        let parts: [String?] = [
            "\(event.line)", event.operation.rawValue, event.key.map { "key=\($0)" },
            event.version.map { "version=\($0)" },
            event.position.map { "position=\($0.names.joined(separator: "/"))=\($0.parts.map(\.description))" },
            event.sourceTime.map { "source_ts=\($0)" }, event.processedTime.map { "ts=\($0)" },
            event.snapshot ? "snapshot" : nil, event.table.map { "table=\($0)" },
            event.transactionID.map { "tx=\($0)" },
        ]
        lines.append(parts.compactMap { $0 }.joined(separator: " "))
    }
    return lines.joined(separator: "\n") + "\n"
}

/// The reader on every shape it accepts, against what it read when the shapes were written
/// down: `Fixtures/debezium-shapes.jsonl` (and `-array.json`) made by a script after the
/// Debezium docs and the corpus samples (see Fixtures/README.md); the `.expected` files were
/// printed by the reader before the walker was rewritten for speed, and must not move.
@Suite struct DebeziumShapesTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures").path

    func check(_ name: String, fields: ChangeFields, expected: String) throws {
        let path = Self.fixtures + "/" + name
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let want = try String(contentsOfFile: Self.fixtures + "/" + expected, encoding: .utf8)
        let inMemory = describeChanges(LoadTestSource(file: name, text: text), fields: fields)
        #expect(inMemory == want, "\(inMemory)")
        // Streamed from disk in blocks smaller than a line: the same events and problems.
        let blocks = try #require(FileBlocks(path: path, blockSize: 64))
        #expect(describeChanges(LoadTestSource(file: name, blocks: blocks), fields: fields) == want)
    }

    @Test func everyLineShapeReadsAsBefore() throws {
        try check(
            "debezium-shapes.jsonl", fields: ChangeFields(key: "id", version: "v"),
            expected: "debezium-shapes.expected")
        try check("debezium-shapes.jsonl", fields: ChangeFields(), expected: "debezium-shapes-nofields.expected")
    }

    @Test func aPrettyPrintedArrayReadsAsBefore() throws {
        try check(
            "debezium-shapes-array.json", fields: ChangeFields(key: "id", version: "v"),
            expected: "debezium-shapes-array.expected")
    }
}
