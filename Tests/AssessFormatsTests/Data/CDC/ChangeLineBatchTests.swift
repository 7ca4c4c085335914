import AssessFormats
import Foundation
import Testing

/// A stream of several megabytes is parsed a batch at a time on two threads, each batch while
/// the one before is delivered: every event and problem must still come out once, in file
/// order, with its own line, across the batches' and shares' seams.
@Suite struct ChangeLineBatchTests {
    /// Line `i` is a PostgreSQL change of key `i`; every 1,009th line is broken and every
    /// 1,013th blank (neither an event nor a problem).
    static func stream(lines: Int) -> (text: String, expected: [String]) {
        var text = ""
        var expected: [String] = []
        for line in 1...lines {
            if line % 1_013 == 0 {
                text += "\n"
            } else if line % 1_009 == 0 {
                text += "{\"op\":\"c\",\"after\":{broken\n"
                expected.append("problem \(line)")
            } else {
                text +=
                    #"{"before":null,"after":{"id":\#(line),"status":"NEW"},"source":{"connector":"postgresql","table":"orders","lsn":\#(line * 8),"ts_ms":1700000000000},"op":"c","ts_ms":1700000000005}"#
                    + "\n"
                expected.append("event \(line) key \(line)")
            }
        }
        return (text, expected)
    }

    @Test func eventsAndProblemsOfManyBatchesComeOutOnceInFileOrder() throws {
        let (text, expected) = Self.stream(lines: 30_000)
        #expect(text.utf8.count > 4 << 20)  // several batches of a megabyte
        var seen: [String] = []
        DebeziumReader.read(
            LoadTestSource(file: "orders.jsonl", text: text), fields: ChangeFields(key: "id"),
            problem: { seen.append("problem \($0.line)") }
        ) { event in
            seen.append("event \(event.line) key \(event.key ?? "-")")
        }
        #expect(seen.count == expected.count)
        #expect(seen == expected)
    }

    @Test func aStreamOfOneShortBatchIsReadAlike() throws {
        let (text, expected) = Self.stream(lines: 2_100)
        var seen: [String] = []
        DebeziumReader.read(
            LoadTestSource(file: "orders.jsonl", text: text), fields: ChangeFields(key: "id"),
            problem: { seen.append("problem \($0.line)") }
        ) { event in
            seen.append("event \(event.line) key \(event.key ?? "-")")
        }
        #expect(seen == expected)
    }
}
