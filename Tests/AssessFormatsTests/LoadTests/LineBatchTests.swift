import AssessFormats
import Foundation
import Testing

/// A stream of several megabytes is parsed a batch at a time on two threads, each batch while
/// the one before is delivered: every record and problem must still come out once, in file
/// order, with its own line, across the batches' and shares' seams; for a change stream and for
/// an event log, each with what it counts as blank.
@Suite struct LineBatchTests {
    /// Line `i` is a PostgreSQL change of key `i`; every 1,009th line is broken and every
    /// 1,013th blank (neither an event nor a problem).
    static func stream(lines: Int) -> (text: String, expected: [String]) {
        var text = ""
        var expected: [String] = []
        for line in 1...lines {
            if line % 1_013 == 0 {
                text += line % 2 == 0 ? "\n" : "\r\r\n"  // blank to a change stream, carriage return and all
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

    /// What the change-stream reader gives for `text`, an event or a problem per line.
    static func changes(in text: String) -> [String] {
        var seen: [String] = []
        DebeziumReader.read(
            LoadTestSource(file: "orders.jsonl", text: text), fields: ChangeFields(key: "id"),
            problem: { seen.append("problem \($0.line)") }
        ) { event in
            seen.append("event \(event.line) key \(event.key ?? "-")")
        }
        return seen
    }

    @Test func eventsAndProblemsOfManyBatchesComeOutOnceInFileOrder() throws {
        let (text, expected) = Self.stream(lines: 30_000)
        #expect(text.utf8.count > 4 << 20)  // several batches of a megabyte
        let seen = Self.changes(in: text)
        #expect(seen.count == expected.count)
        #expect(seen == expected)
    }

    /// A consistency checker's log: line `i` a read of key `i`; every 1,009th line broken,
    /// every 1,013th blank, and every 1,019th a lone carriage return, which an event log does
    /// not count as blank (it is a line that is not a record).
    @Test func recordsOfAnEventLogOfManyBatchesComeOutOnceInFileOrder() throws {
        var text = ""
        var expected: [String] = []
        for line in 1...60_000 {
            if line % 1_013 == 0 {
                text += "  \n"
            } else if line % 1_019 == 0 {
                text += "\r\r\n"
                expected.append("problem \(line)")
            } else if line % 1_009 == 0 {
                text += #"{"event":"read","key":"cart:\#(line)","version":"# + "\n"
                expected.append("problem \(line)")
            } else {
                text +=
                    #"{"event":"read","key":"cart:\#(line)","version":\#(line % 7),"replica":"r\#(line % 3)","ts":\#(1_714_550_400_000 + line)}"#
                    + "\n"
                expected.append("record \(line) cart:\(line) \(line % 7) r\(line % 3)")
            }
        }
        #expect(text.utf8.count > 4 << 20)
        var seen: [String] = []
        EventLog.read(
            LoadTestSource(file: "replicas.jsonl", text: text),
            fields: EventFields(key: "key", sequence: "version", partition: "replica", time: "ts"),
            problem: { seen.append("problem \($0.line)") }
        ) { record in
            seen.append(
                "record \(record.line) \(record.key ?? "-") \(record.sequence.map(String.init) ?? "-") \(record.partition ?? "-")"
            )
        }
        #expect(seen.count == expected.count)
        #expect(seen == expected)
    }

    /// A line longer than a batch (one share alone), and the lines after it.
    @Test func aLineLongerThanABatchIsParsedAloneAndTheRestAfterIt() throws {
        let long =
            #"{"before":null,"after":{"id":1,"note":""# + String(repeating: "x", count: 2 << 20)
            + #""},"source":{"connector":"postgresql","table":"orders","lsn":8,"ts_ms":1700000000000},"op":"c","ts_ms":1700000000005}"#
        let (rest, expected) = Self.stream(lines: 300)
        let seen = Self.changes(in: long + "\n" + rest)
        #expect(seen.first == "event 1 key 1")
        // The stream's lines come one later, after the long line.
        let shifted = expected.map { entry in
            var words = entry.split(separator: " ").map(String.init)
            words[1] = String(Int(words[1])! + 1)
            return words.joined(separator: " ")
        }
        #expect(Array(seen.dropFirst()) == shifted)
    }

    @Test func anEmptyStreamHasNothing() {
        #expect(Self.changes(in: "").isEmpty)
        #expect(Self.changes(in: "\n \n").isEmpty)
    }

    @Test func aStreamOfOneShortBatchIsReadAlike() throws {
        let (text, expected) = Self.stream(lines: 2_100)
        let seen = Self.changes(in: text)
        #expect(seen == expected)
    }
}
