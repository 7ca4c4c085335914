internal import CMemberWalk
import Foundation

/// The member names an envelope walk keeps (`source.lsn`, `after.order_id`…), level by level:
/// each name with its value's slot and the level below it.
///
/// A change event has some thirty members, and every one of them is looked up here, on both
/// cores, a million times a stream. So a level is a flat run of plain entries, with no array
/// or string inside to retain on the way: a name of up to sixteen bytes (nearly all of them)
/// is two words compared at once, and each level keeps, for 64 buckets of a name's words, its
/// names in the bucket as bits, so a member named nowhere costs one load.
final class MemberTree: @unchecked Sendable {
    /// One name: its length and first sixteen bytes as two little-endian words (zero past its
    /// end), the slot of its value, the level below it (-1 when none) and, for a name longer
    /// than sixteen bytes, its place in `longNames` (-1 otherwise).
    struct Entry {
        var count: Int
        var head: UInt64
        var tail: UInt64
        var slot: Int
        var below: Int
        var long: Int
    }

    /// Every level's entries, one level after another; written once, in `init`, and only read
    /// after (hence `@unchecked Sendable`).
    private let entries: UnsafeMutableBufferPointer<Entry>
    /// Where each level's entries start, and one past the last level's end.
    private let levelStarts: UnsafeMutableBufferPointer<Int>
    /// 64 buckets per level; bit i of a bucket is the level's i-th name. Levels of more than 64
    /// names are searched entry by entry.
    private let buckets: UnsafeMutableBufferPointer<UInt64>
    private let longNames: [[UInt8]]
    /// Each kept path's slot (`source.lsn`, and every path leading to one: `source`).
    let slots: [String: Int]
    /// The same names, levels and slots for `SimdJSONWalk`, built once here so both walks
    /// always keep the same members.
    let native: OpaquePointer

    /// The tree of `paths` (dotted member paths): every path and every path leading to one
    /// gets a slot, numbered in the order of the sorted paths.
    init(paths: Set<String>) {
        struct Level {
            var names: [[UInt8]] = []
            var slots: [Int] = []
            var below: [Int] = []
        }
        var levels = [Level()]
        var slots: [String: Int] = [:]
        for path in paths.sorted() {
            var level = 0
            var prefix = ""
            let parts = path.split(separator: ".").map(String.init)
            for (depth, part) in parts.enumerated() {
                prefix = prefix.isEmpty ? part : prefix + "." + part
                let bytes = Array(part.utf8)
                let index: Int
                if let found = levels[level].names.firstIndex(of: bytes) {
                    index = found
                } else {
                    levels[level].names.append(bytes)
                    levels[level].slots.append(slots.count)
                    levels[level].below.append(-1)
                    slots[prefix] = slots.count
                    index = levels[level].names.count - 1
                }
                if depth < parts.count - 1 {
                    if levels[level].below[index] < 0 {
                        levels.append(Level())
                        levels[level].below[index] = levels.count - 1
                    }
                    level = levels[level].below[index]
                }
            }
        }
        self.slots = slots
        let total = levels.reduce(0) { $0 + $1.names.count }
        entries = .allocate(capacity: total)
        levelStarts = .allocate(capacity: levels.count + 1)
        buckets = .allocate(capacity: levels.count * 64)
        buckets.initialize(repeating: 0)
        var longNames: [[UInt8]] = []
        var next = 0
        for (number, level) in levels.enumerated() {
            levelStarts[number] = next
            for (index, name) in level.names.enumerated() {
                let (head, tail) = name.withUnsafeBytes { Self.words($0) }
                var long = -1
                if name.count > 16 {
                    long = longNames.count
                    longNames.append(name)
                }
                (entries.baseAddress! + next).initialize(
                    to: Entry(
                        count: name.count, head: head, tail: tail, slot: level.slots[index],
                        below: level.below[index], long: long))
                if index < 64 { buckets[number * 64 + Self.bucket(name.count, head, tail)] |= 1 << index }
                next += 1
            }
        }
        levelStarts[levels.count] = next
        self.longNames = longNames
        let names = levels.flatMap(\.names)
        let numbers = levels.enumerated().flatMap { number, level in level.names.map { _ in Int32(number) } }
        let joined = names.flatMap { $0 }
        let lengths = names.map { Int32($0.count) }
        let slotsOf = levels.flatMap { $0.slots.map(Int32.init) }
        let belows = levels.flatMap { $0.below.map(Int32.init) }
        native = joined.withUnsafeBufferPointer { bytes in
            var offset = 0
            let starts: [UnsafePointer<UInt8>?] = names.map { name in
                defer { offset += name.count }
                return bytes.baseAddress.map { $0 + offset }
            }
            return assess_member_tree_create(Int32(names.count), numbers, starts, lengths, slotsOf, belows)
        }
    }

    deinit {
        assess_member_tree_destroy(native)
        entries.deallocate()
        levelStarts.deallocate()
        buckets.deallocate()
    }

    /// A name's length and first sixteen bytes as two little-endian words, zero past its end,
    /// read without touching a byte outside it.
    @inline(__always) static func words(_ name: UnsafeRawBufferPointer) -> (UInt64, UInt64) {
        let count = name.count
        guard let base = name.baseAddress else { return (0, 0) }
        if count >= 16 {
            return (
                base.loadUnaligned(as: UInt64.self).littleEndian,
                base.loadUnaligned(fromByteOffset: 8, as: UInt64.self).littleEndian
            )
        }
        if count >= 8 {
            return (base.loadUnaligned(as: UInt64.self).littleEndian, partial(base + 8, count - 8))
        }
        return (partial(base, count), 0)
    }

    /// The first `count` (< 8) bytes at `base` as a little-endian word: two overlapping loads
    /// of four bytes, or the first, middle and last byte of a shorter run.
    @inline(__always) static func partial(_ base: UnsafeRawPointer, _ count: Int) -> UInt64 {
        if count >= 4 {
            let low = UInt64(base.loadUnaligned(as: UInt32.self).littleEndian)
            let high = UInt64(base.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self).littleEndian)
            return low | high << UInt64((count - 4) * 8)
        }
        if count == 0 { return 0 }
        let first = UInt64(base.load(as: UInt8.self))
        let middle = UInt64(base.load(fromByteOffset: count >> 1, as: UInt8.self))
        let last = UInt64(base.load(fromByteOffset: count - 1, as: UInt8.self))
        return first | middle << UInt64((count >> 1) * 8) | last << UInt64((count - 1) * 8)
    }

    @inline(__always) static func bucket(_ count: Int, _ head: UInt64, _ tail: UInt64) -> Int {
        // The top six bits of the product, its best mixed.
        let mixed = ((head ^ (tail &* 0x9E37_79B9)) &+ UInt64(count)) &* 0x9E37_79B9_7F4A_7C15
        return Int(truncatingIfNeeded: mixed >> 58)
    }

    /// The slot and the level below of the member `name` of `level`.
    @inline(__always) func find(_ name: UnsafeRawBufferPointer, in level: Int) -> (slot: Int, below: Int)? {
        guard name.count > 0 else { return nil }
        let (head, tail) = Self.words(name)
        return find(name, head, tail, in: level)
    }

    /// `find`, given the name's words.
    @inline(__always) private func find(_ name: UnsafeRawBufferPointer, _ head: UInt64, _ tail: UInt64, in level: Int)
        -> (slot: Int, below: Int)?
    {
        let count = name.count
        let start = levelStarts[level]
        let end = levelStarts[level + 1]
        if end - start <= 64 {
            var candidates = buckets[level * 64 + Self.bucket(count, head, tail)]
            while candidates != 0 {
                let entry = entries[start + candidates.trailingZeroBitCount]
                candidates &= candidates - 1
                if entry.count == count, entry.head == head, entry.tail == tail, isLongMatch(entry, name) {
                    return (entry.slot, entry.below)
                }
            }
            return nil
        }
        for index in start..<end {
            let entry = entries[index]
            if entry.count == count, entry.head == head, entry.tail == tail, isLongMatch(entry, name) {
                return (entry.slot, entry.below)
            }
        }
        return nil
    }

    /// Whether a word holds a `.` (the zero bytes past a name's end do not read as one).
    @inline(__always) static func hasDot(_ word: UInt64) -> Bool {
        let dots = word ^ 0x2E2E_2E2E_2E2E_2E2E
        return (dots &- 0x0101_0101_0101_0101) & ~dots & 0x8080_8080_8080_8080 != 0
    }

    /// Past the two words: the rest of a long name.
    @inline(__always) private func isLongMatch(_ entry: Entry, _ name: UnsafeRawBufferPointer) -> Bool {
        guard entry.long >= 0 else { return true }
        return longNames[entry.long].withUnsafeBytes { memcmp($0.baseAddress!, name.baseAddress!, name.count) == 0 }
    }

    /// `find`, and a name with dots in it (`"source.lsn"`) names the same path as the members
    /// nested that way.
    func locate(_ name: UnsafeRawBufferPointer, in level: Int) -> (slot: Int, below: Int)? {
        guard name.count > 0 else { return nil }
        let (head, tail) = Self.words(name)
        if let found = find(name, head, tail, in: level) { return found }
        // Most members are named nowhere: whether one holds a dot is read off its words.
        if name.count <= 16 {
            guard Self.hasDot(head) || Self.hasDot(tail) else { return nil }
        } else if memchr(name.baseAddress!, 0x2E, name.count) == nil {
            return nil
        }
        var current = level
        var found: (slot: Int, below: Int)?
        for part in name.split(separator: 0x2E, omittingEmptySubsequences: false) {
            guard current >= 0, let member = find(UnsafeRawBufferPointer(rebasing: part), in: current) else {
                return nil
            }
            found = member
            current = member.below
        }
        return found
    }
}
