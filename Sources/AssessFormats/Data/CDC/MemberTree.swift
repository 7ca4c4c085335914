internal import CMemberWalk
import Foundation

/// The member names an envelope walk keeps (`source.lsn`, `after.order_id`…), level by level:
/// each name with its value's slot and the level below it.
///
/// A change event has some thirty members, and every one of them is looked up, on both cores, a
/// million times a stream. The lookup is the C++ one in `Sources/CMemberWalk` (names as words,
/// 64 buckets per level, so a member named nowhere costs one load), which the simdjson walk
/// calls in place; the Swift walk calls it here, so both walks look names up one way.
final class MemberTree: @unchecked Sendable {
    /// Each kept path's slot (`source.lsn`, and every path leading to one: `source`).
    let slots: [String: Int]
    /// The names, levels and slots in C++; written once, in `init`, and only read after (hence
    /// `@unchecked Sendable`).
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
    }

    /// The slot and the level below of the member `name` of `level`.
    func find(_ name: UnsafeRawBufferPointer, in level: Int) -> (slot: Int, below: Int)? {
        lookUp(name, in: level, assess_member_find)
    }

    /// `find`, and a name with dots in it (`"source.lsn"`) names the same path as the members
    /// nested that way.
    func locate(_ name: UnsafeRawBufferPointer, in level: Int) -> (slot: Int, below: Int)? {
        lookUp(name, in: level, assess_member_locate)
    }

    private func lookUp(
        _ name: UnsafeRawBufferPointer, in level: Int,
        _ lookUp: (
            OpaquePointer?, Int32, UnsafePointer<UInt8>?, Int, UnsafeMutablePointer<Int32>?,
            UnsafeMutablePointer<Int32>?
        ) -> Int32
    ) -> (slot: Int, below: Int)? {
        guard name.count > 0, let base = name.baseAddress else { return nil }
        var slot: Int32 = 0
        var below: Int32 = 0
        guard
            lookUp(native, Int32(level), base.assumingMemoryBound(to: UInt8.self), name.count, &slot, &below) != 0
        else { return nil }
        return (Int(slot), Int(below))
    }
}
