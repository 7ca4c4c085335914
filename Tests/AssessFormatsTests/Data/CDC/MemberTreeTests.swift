import AssessTestSupport
import Foundation
import Testing

@testable import AssessFormats

/// `MemberTree` compares names as two words and buckets: held here against plain string
/// lookup, on names of every length around the word edges (3/4, 7/8, 15/16/17 bytes) and on
/// near misses that share all but one byte.
@Suite struct MemberTreeTests {
    func find(_ tree: MemberTree, _ name: String, level: Int = 0) -> (slot: Int, below: Int)? {
        Array(name.utf8).withUnsafeBytes { tree.find($0, in: level) }
    }

    @Test func everyNameIsFoundAndEveryNearMissIsNot() {
        // Names of 1 to 40 bytes, each with neighbours one byte off at its first, middle and last byte.
        let names = (1...40).map { length in String((0..<length).map { Character(Unicode.Scalar(97 + $0 % 26)!) }) }
        let tree = MemberTree(paths: Set(names))
        for name in names {
            let found = find(tree, name)
            #expect(found?.slot == tree.slots[name], "\(name)")
            #expect(found?.below == -1)
            var bytes = Array(name.utf8)
            for index in Set([0, bytes.count / 2, bytes.count - 1]) {
                let kept = bytes[index]
                bytes[index] = kept == 0x7A ? 0x41 : kept + 1
                let miss = String(decoding: bytes, as: UTF8.self)
                #expect(find(tree, miss) == nil, "\(miss) is no name")
                bytes[index] = kept
            }
            // A name run on by a byte is another name.
            #expect(find(tree, name + "_") == nil)
        }
        #expect(find(tree, "") == nil)
    }

    @Test func longNamesThatShareTheirFirstSixteenBytesStayApart() {
        let stem = "customer_order_identifier"
        let names = [stem, stem + "s", String(stem.dropLast()) + "X", "customer_order_i"]
        let tree = MemberTree(paths: Set(names))
        for name in names { #expect(find(tree, name)?.slot == tree.slots[name], "\(name)") }
        #expect(find(tree, String(stem.dropLast()) + "Y") == nil)
        #expect(find(tree, "customer_order_id") == nil)
    }

    @Test func aDottedNameIsFoundWhereverItsDotIs() {
        // Dots in the first word, the second word and past sixteen bytes (where memchr looks).
        let paths: Set<String> = [
            "transaction.id", "source.commit_lsn", "source.event_serial_no", "payload.source.lsn", "op",
        ]
        let tree = MemberTree(paths: paths)
        for path in paths {
            let found = Array(path.utf8).withUnsafeBytes { tree.locate($0, in: 0) }
            #expect(found?.slot == tree.slots[path], "\(path)")
        }
        for miss in [".", "transaction.", "source.event_serial_nos", "payload.source.lsn.x", "op.x"] {
            #expect(Array(miss.utf8).withUnsafeBytes { tree.locate($0, in: 0) } == nil, "\(miss)")
        }
    }

    @Test func namesThatDifferOnlyInLengthStayApart() {
        // A trailing zero byte adds nothing to the words: only the length tells these apart.
        let names = ["ab", "ab\u{0}", "abcdefghijklmnopq", "abcdefghijklmnopq\u{0}"]
        let tree = MemberTree(paths: Set(names))
        for name in names { #expect(find(tree, name)?.slot == tree.slots[name], "\(name.utf8.count) bytes") }
        #expect(Set(names.map { find(tree, $0)?.slot }).count == names.count)
    }

    @Test func aLevelOfMoreThanSixtyFourNamesIsSearchedWhole() {
        var random = SplitMix64(seed: 24)
        let names = (0..<150).map { index in
            "f\(index)_"
                + String(
                    (0..<Int(random.next() % 20)).map { _ in Character(Unicode.Scalar(97 + UInt8(random.next() % 26))) }
                )
        }
        let extended = ["abcdefghijklmnopq", "abcdefghijklmnopq\u{0}", "xy", "xy\u{0}"]
        let tree = MemberTree(paths: Set(names + extended))
        for name in names + extended { #expect(find(tree, name)?.slot == tree.slots[name], "\(name)") }
        #expect(find(tree, "f150_") == nil)
    }

    @Test func nestedPathsLeadLevelByLevelAndADottedNameNamesThemToo() throws {
        let tree = MemberTree(paths: ["source.lsn", "source.ts_ms", "after.order_id", "op"])
        let source = try #require(find(tree, "source"))
        #expect(source.slot == tree.slots["source"])
        #expect(source.below >= 0)
        #expect(find(tree, "lsn", level: source.below)?.slot == tree.slots["source.lsn"])
        #expect(find(tree, "lsn") == nil, "lsn is a member of source, not of the record")
        let dotted = Array("source.ts_ms".utf8).withUnsafeBytes { tree.locate($0, in: 0) }
        #expect(dotted?.slot == tree.slots["source.ts_ms"])
        #expect(Array("source.nothing".utf8).withUnsafeBytes { tree.locate($0, in: 0) } == nil)
        #expect(find(tree, "op")?.below == -1)
        // A name read in place, between the bytes of its record: the bytes past it do not count.
        let record = Array(#"{"op":"u","source":{"lsn":24023128}}"#.utf8)
        record.withUnsafeBytes { bytes in
            #expect(tree.find(UnsafeRawBufferPointer(rebasing: bytes[2..<4]), in: 0)?.slot == tree.slots["op"])
            #expect(tree.find(UnsafeRawBufferPointer(rebasing: bytes[11..<17]), in: 0)?.slot == tree.slots["source"])
            #expect(tree.find(UnsafeRawBufferPointer(rebasing: bytes[11..<16]), in: 0) == nil)
        }
    }
}
