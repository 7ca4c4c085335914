import AssessYAML
import Foundation
import Testing

@testable import AssessFormats

/// The event-log reader on JSON lines of every shape it meets, against what it read before its
/// member matching was rewritten for speed (`Fixtures/event-log-shapes.expected`, printed by
/// the reader of that time): nested fields, escaped names, arrays, nulls, repeated members,
/// missing and malformed values, a record cut short.
@Suite struct EventLogShapesTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Data/Fixtures").path

    func describe(_ source: LoadTestSource, fields: EventFields) -> String {
        var lines: [String] = []
        EventLog.read(
            source, fields: fields, problem: { lines.append("problem \($0.line):\($0.column) \($0.message)") }
        ) {
            record in
            let parts: [String?] = [
                "\(record.line)", record.key.map { "key=\($0)" }, record.sequence.map { "sequence=\($0)" },
                record.partition.map { "partition=\($0)" }, record.time.map { "time=\($0)" },
                record.consumedTime.map { "consumed=\($0)" }, record.id.map { "id=\($0)" },
            ]
            lines.append(parts.compactMap { $0 }.joined(separator: " "))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    @Test func everyLineShapeReadsAsBefore() throws {
        let path = Self.fixtures + "/event-log-shapes.jsonl"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        for (fields, expected) in [
            (
                EventFields(key: "key", sequence: "version", partition: "replica", time: "ts", id: "event"),
                "event-log-shapes.expected"
            ),
            (
                EventFields(key: "meta.key", partition: "meta.replica.name", id: "event"),
                "event-log-shapes-nested.expected"
            ),
            (EventFields(key: "key", id: "key"), "event-log-shapes-twice.expected"),
        ] {
            let want = try String(contentsOfFile: Self.fixtures + "/" + expected, encoding: .utf8)
            let inMemory = describe(LoadTestSource(file: "log.jsonl", text: text), fields: fields)
            #expect(inMemory == want, "\(expected):\n\(inMemory)")
            let blocks = try #require(FileBlocks(path: path, blockSize: 64))
            #expect(describe(LoadTestSource(file: "log.jsonl", blocks: blocks), fields: fields) == want)
        }
    }
}

/// `EventLog.seconds` reads whole epoch numbers as integers (the fast way) and everything else
/// through the decimal reader or RFC 3339, each to the Double the decimal reader gives.
@Suite struct EventLogTimestampTests {
    @Test(arguments: [
        "1714550400", "1714550400005", "1714550400005123", "1714550400005123456", "-86400", "+42", "0",
        "1714550400.25", "1.7145504e12", "9007199254740993",
    ])
    func aWholeNumberReadsAsTheDecimalReaderReadsIt(_ text: String) throws {
        let number = try #require(Double(text))
        #expect(EventLog.seconds(text) == EventLog.seconds(number))
    }

    @Test func unitsAreToldApartBySizeAndTextIsNotANumber() {
        #expect(EventLog.seconds("1714550400005") == 1_714_550_400.005)
        #expect(EventLog.seconds("1714550400") == 1_714_550_400)
        #expect(EventLog.seconds("2024-05-01T08:00:00.005Z") == 1_714_550_400.005)
        #expect(EventLog.seconds("12 May") == nil)
        #expect(EventLog.seconds("") == nil)
        for notATime in ["nan", "NaN", "-nan", "inf", "-inf", "infinity", "1e400"] {
            #expect(EventLog.seconds(notATime) == nil)
        }
    }
}

/// Numbers read from a value's bytes (`EventLog.FieldText`) agree with the text's reading,
/// whole numbers and times alike, on every shape a log writes and on the edges of the fast way.
@Suite struct EventLogFieldBytesTests {
    static let texts = [
        "0", "-0", "7", "007", "-42", "+42", "1714550400", "1714550400005", "1714550400005123456",
        "999999999999999999", "-999999999999999999", "9223372036854775807", "9223372036854775808",
        "12345678901234567890", "7.0", "7.5", "1e3", "-", "", " 7", "7 ", "0x1F", "٣", "null",
        "2024-05-01T08:00:00.005Z",
    ]

    @Test(arguments: texts)
    func bytesReadAsTheTextReads(_ text: String) {
        let fromText = EventLog.FieldText(text)
        var copy = text
        copy.withUTF8 { bytes in
            let fromBytes = EventLog.FieldText(bytes: UnsafeRawBufferPointer(bytes))
            #expect(fromBytes.wholeNumber == fromText.wholeNumber)
            #expect(fromBytes.seconds == fromText.seconds)
            #expect(fromBytes.string == text)
        }
        #expect(fromText.seconds == EventLog.seconds(text))
        #expect(
            fromText.wholeNumber == Int64(text)
                ?? Double(text).flatMap { $0.rounded() == $0 ? Int64(exactly: $0) : nil })
    }
}

/// Escaped values read through a line's spans end to end: a version and a time written with
/// `\u` escapes read as the same numbers written plainly, and an escaped key as its text.
@Suite struct EventLogEscapedValuesTests {
    @Test func escapedNumbersAndKeysReadAsPlainOnes() {
        let lines = [
            #"{"k": "c\u0061rt:1", "v": "\u0035", "t": "17145\u00350400"}"#,
            #"{"k": "cart:1", "v": 5, "t": 1714550400}"#,
            #"{"k": "cart:1", "v": "\u0035.0", "t": "2024-05-01T08:00:00Z"}"#,
        ]
        var records: [EventRecord] = []
        var problems: [ReadProblem] = []
        EventLog.read(
            LoadTestSource(file: "log.jsonl", bytes: Array(lines.joined(separator: "\n").utf8)),
            fields: EventFields(key: "k", sequence: "v", time: "t"), problem: { problems.append($0) }
        ) { records.append($0) }
        #expect(problems.isEmpty)
        #expect(records.map(\.key) == ["cart:1", "cart:1", "cart:1"])
        #expect(records.map(\.sequence) == [5, 5, 5])
        #expect(records.map(\.time) == [1_714_550_400, 1_714_550_400, 1_714_550_400])
        #expect(records.map(\.line) == [1, 2, 3])
    }
}
