/// Spans assembled into traces and trees, the way a trace view shows them, with what a trace
/// view would flag: spans whose parent is not in the data (orphans), traces with more than one
/// root, parent chains that loop (cycles), children outside their parent's interval (clock
/// skew), spans exported twice. Also the service dependency graph the parent–child pairs imply.
///
/// Indices are `Int32` into `spans`, so a million spans cost a few arrays of four bytes each.
public struct TraceForest: Sendable {
    public let spans: [Span]
    public let traces: [Trace]
    /// For each span, its parent's index, or -1 (root, orphan, duplicate).
    public let parents: [Int32]
    /// For each span, the index of its trace in `traces`.
    public let traceIndex: [Int32]
    /// For each span, its depth below its tree's top (a root or an orphan); -1 for spans in or
    /// under a cycle and for duplicates.
    public let depths: [Int32]
    public private(set) var serviceGraph: ServiceGraph
    /// The services the spans name, in order of first appearance; `serviceIndex[span]` is the
    /// position of a span's service here (for per-service tallies without hashing names).
    public let serviceNames: [String]
    public let serviceIndex: [Int32]
    private let childStart: [Int32]
    private let childList: [Int32]
    /// Per trace, the spans others can name as parent, sorted by span id (ids and indices).
    private let lookupStart: [Int32]
    private let lookupIDs: [UInt64]
    private let lookupIndex: [Int32]
    private let traceByID: TraceIDTable

    public init(_ set: TraceSet) { self.init(spans: set.spans) }

    public init(spans: [Span]) {
        self.spans = spans
        let count = spans.count
        // 1. Traces, in order of first appearance, and each span's trace; services likewise
        //    (consecutive spans mostly share one, so the name is hashed only when it changes).
        var traceByID = TraceIDTable(expected: max(16, count / 8))
        var ids: [TraceID] = []
        var traceIndex = [Int32](repeating: 0, count: count)
        var sizes: [Int32] = []
        var serviceByName: [String: Int32] = [:]
        var serviceNames: [String] = []
        var serviceIndex = [Int32](repeating: 0, count: count)
        var lastService: String?
        var lastServiceIndex: Int32 = 0
        for index in 0..<count {
            let id = spans[index].traceID
            let (trace, inserted) = traceByID.insert(id, next: Int32(ids.count))
            traceIndex[index] = trace
            if inserted {
                ids.append(id)
                sizes.append(1)
            } else {
                sizes[Int(trace)] += 1
            }
            let service = spans[index].service
            if service != lastService {
                if let known = serviceByName[service] {
                    lastServiceIndex = known
                } else {
                    lastServiceIndex = Int32(serviceNames.count)
                    serviceByName[service] = lastServiceIndex
                    serviceNames.append(service)
                }
                lastService = service
            }
            serviceIndex[index] = lastServiceIndex
        }
        // 2. Spans grouped by trace (a counting sort, file order kept within a trace).
        var memberStart = [Int32](repeating: 0, count: ids.count + 1)
        for trace in 0..<ids.count { memberStart[trace + 1] = memberStart[trace] + sizes[trace] }
        var members = [Int32](repeating: 0, count: count)
        var fill = Array(memberStart.dropLast())
        for index in 0..<count {
            let trace = Int(traceIndex[index])
            members[Int(fill[trace])] = Int32(index)
            fill[trace] += 1
        }
        // 3. Per trace: sort by span id, settle duplicate ids, keep one span per id for lookups.
        var parents = [Int32](repeating: -1, count: count)
        var duplicate = [Bool](repeating: false, count: count)
        var lookupStart = [Int32](repeating: 0, count: ids.count + 1)
        var lookupIDs: [UInt64] = []
        var lookupIndex: [Int32] = []
        lookupIDs.reserveCapacity(count)
        lookupIndex.reserveCapacity(count)
        var sorted: [(id: UInt64, index: Int32)] = []
        for trace in 0..<ids.count {
            lookupStart[trace] = Int32(lookupIDs.count)
            sorted.removeAll(keepingCapacity: true)
            for member in members[Int(memberStart[trace])..<Int(memberStart[trace + 1])] {
                sorted.append((spans[Int(member)].spanID.value, member))
            }
            sorted.sort { $0.id < $1.id || ($0.id == $1.id && $0.index < $1.index) }
            var group = 0
            while group < sorted.count {
                var next = group + 1
                let id = sorted[group].id
                while next < sorted.count, sorted[next].id == id { next += 1 }
                var primary = sorted[group].index
                if next - group > 1 {
                    // Zipkin's shared span: the server half is the child of the client half, and
                    // children naming the id belong to the server half. Anything else is a duplicate.
                    let halves = sorted[group..<next].map(\.index)
                    let server = halves.first { spans[Int($0)].shared }
                    let client = halves.first { !spans[Int($0)].shared }
                    if let server, let client, next - group == 2 {
                        primary = server
                        parents[Int(server)] = client
                    } else {
                        for other in halves where other != primary { duplicate[Int(other)] = true }
                    }
                }
                lookupIDs.append(id)
                lookupIndex.append(primary)
                group = next
            }
        }
        lookupStart[ids.count] = Int32(lookupIDs.count)

        func find(_ trace: Int, _ id: UInt64) -> Int32? {
            var low = Int(lookupStart[trace])
            var high = Int(lookupStart[trace + 1])
            while low < high {
                let middle = (low + high) / 2
                if lookupIDs[middle] < id { low = middle + 1 } else { high = middle }
            }
            return low < Int(lookupStart[trace + 1]) && lookupIDs[low] == id ? lookupIndex[low] : nil
        }

        // 4. Parents; roots and orphans.
        var roots: [[Int32]] = Array(repeating: [], count: ids.count)
        var orphans: [[Int32]] = Array(repeating: [], count: ids.count)
        var duplicates: [[Int32]] = Array(repeating: [], count: ids.count)
        for index in 0..<count {
            let trace = Int(traceIndex[index])
            if duplicate[index] {
                duplicates[trace].append(Int32(index))
                continue
            }
            if parents[index] >= 0 { continue }  // a shared server half, already placed
            guard let parentID = spans[index].parentID else {
                roots[trace].append(Int32(index))
                continue
            }
            if let parent = find(trace, parentID.value) {
                parents[index] = parent
            } else {
                orphans[trace].append(Int32(index))
            }
        }
        // 5. Children lists (compressed rows).
        var childCount = [Int32](repeating: 0, count: count + 1)
        for index in 0..<count where parents[index] >= 0 { childCount[Int(parents[index]) + 1] += 1 }
        for index in 0..<count { childCount[index + 1] += childCount[index] }
        var childList = [Int32](repeating: 0, count: Int(childCount[count]))
        var childFill = Array(childCount.dropLast())
        for index in 0..<count where parents[index] >= 0 {
            let parent = Int(parents[index])
            childList[Int(childFill[parent])] = Int32(index)
            childFill[parent] += 1
        }
        // 6. Depths from each tree's top; what no top reaches is in or under a cycle.
        var depths = [Int32](repeating: -1, count: count)
        var queue: [Int32] = []
        queue.reserveCapacity(64)
        var traces: [Trace] = []
        traces.reserveCapacity(ids.count)
        for trace in 0..<ids.count {
            queue.removeAll(keepingCapacity: true)
            for top in roots[trace] {
                depths[Int(top)] = 0
                queue.append(top)
            }
            for top in orphans[trace] {
                depths[Int(top)] = 0
                queue.append(top)
            }
            var head = 0
            while head < queue.count {
                let span = Int(queue[head])
                head += 1
                for child in childList[Int(childCount[span])..<Int(childCount[span + 1])] where depths[Int(child)] < 0 {
                    depths[Int(child)] = depths[span] + 1
                    queue.append(child)
                }
            }
            var cyclic: [Int32] = []
            var skewed: [Int32] = []
            var start = Int64.max
            var end = Int64.min
            for member in members[Int(memberStart[trace])..<Int(memberStart[trace + 1])] {
                let index = Int(member)
                if duplicate[index] { continue }
                // Fields one by one: a whole `Span` copied here costs a retain per string and array.
                let spanStart = spans[index].startNanos
                let spanEnd = spans[index].endNanos
                start = min(start, spanStart)
                end = max(end, spanEnd)
                if depths[index] < 0 {
                    cyclic.append(member)
                    continue
                }
                let parentIndex = Int(parents[index])
                guard parentIndex >= 0 else { continue }
                let parentStart = spans[parentIndex].startNanos
                guard spanStart != 0, parentStart != 0 else { continue }
                let waits =
                    !(spans[index].followsFrom || spans[parentIndex].kind == .producer
                    || spans[index].kind == .consumer)
                if spanStart < parentStart || (waits && spanEnd > spans[parentIndex].endNanos) {
                    skewed.append(member)
                }
            }
            if start > end { (start, end) = (0, 0) }
            traces.append(
                Trace(
                    id: ids[trace], memberRange: Int(memberStart[trace])..<Int(memberStart[trace + 1]),
                    roots: roots[trace], orphans: orphans[trace], cyclic: cyclic, skewed: skewed,
                    duplicates: duplicates[trace], startNanos: start, endNanos: end))
        }
        self.traces = traces
        self.parents = parents
        self.traceIndex = traceIndex
        self.depths = depths
        self.childStart = childCount
        self.childList = childList
        self.lookupStart = lookupStart
        self.lookupIDs = lookupIDs
        self.lookupIndex = lookupIndex
        self.traceByID = traceByID
        self.members = members
        self.serviceNames = serviceNames
        self.serviceIndex = serviceIndex
        self.serviceGraph = ServiceGraph()
        self.serviceGraph = ServiceGraph(self)
    }

    /// Spans grouped by trace; a trace's spans are `members[trace.memberRange]`.
    public let members: [Int32]

    /// The spans of `trace` (duplicates included; see `Trace.duplicates`).
    public func spans(of trace: Trace) -> ArraySlice<Int32> { members[trace.memberRange] }

    public func children(of span: Int) -> ArraySlice<Int32> {
        childList[Int(childStart[span])..<Int(childStart[span + 1])]
    }

    /// The span a link or a parent id names, in any trace of the set.
    public func span(traceID: TraceID, spanID: SpanID) -> Int? {
        guard let trace = traceByID.find(traceID) else { return nil }
        var low = Int(lookupStart[Int(trace)])
        let limit = Int(lookupStart[Int(trace) + 1])
        var high = limit
        while low < high {
            let middle = (low + high) / 2
            if lookupIDs[middle] < spanID.value { low = middle + 1 } else { high = middle }
        }
        return low < limit && lookupIDs[low] == spanID.value ? Int(lookupIndex[low]) : nil
    }

    public func trace(id: TraceID) -> Trace? { traceByID.find(id).map { traces[Int($0)] } }

    /// The services a trace passes through, in order of first appearance.
    public func services(of trace: Trace) -> [String] {
        var seen: [Int32] = []
        for member in spans(of: trace) where !seen.contains(serviceIndex[Int(member)]) {
            seen.append(serviceIndex[Int(member)])
        }
        return seen.map { serviceNames[Int($0)] }
    }

    /// The span a trace view puts at the top: the one root, else the earliest top.
    public func top(of trace: Trace) -> Int? {
        if trace.roots.count == 1 { return Int(trace.roots[0]) }
        return (trace.roots + trace.orphans).min { spans[Int($0)].startNanos < spans[Int($1)].startNanos }.map(Int.init)
    }
}

/// One trace: where its spans are, and what is wrong with its shape.
public struct Trace: Sendable, Hashable {
    public var id: TraceID
    /// Where its spans sit in `TraceForest.members`.
    public var memberRange: Range<Int>
    /// Spans with no parent id.
    public var roots: [Int32]
    /// Spans whose parent is not in the data: the context reached them, the parent did not.
    public var orphans: [Int32]
    /// Spans whose parent chain loops, and the spans under them.
    public var cyclic: [Int32]
    /// Children that start before their parent, or (when the parent waits for them) end after it.
    public var skewed: [Int32]
    /// Spans whose id another span of the trace already has (left out of the tree).
    public var duplicates: [Int32]
    public var startNanos: Int64
    public var endNanos: Int64

    public var spanCount: Int { memberRange.count }
    public var durationNanos: Int64 { max(0, endNanos &- startNanos) }
    /// One root, no orphans, no cycles: the context went everywhere the request did.
    public var isWhole: Bool { roots.count == 1 && orphans.isEmpty && cyclic.isEmpty }
}

/// Trace ids to trace numbers: open addressing over the ids' own bits (already random), so the
/// million lookups of an assembly cost a multiply and a compare each, not a string of hashing.
struct TraceIDTable: Sendable {
    private var highs: [UInt64]
    private var lows: [UInt64]
    /// -1 for an empty slot.
    private var values: [Int32]
    private var mask: Int
    private var count = 0

    init(expected: Int) {
        var size = 16
        while size < expected * 2 { size <<= 1 }
        highs = Array(repeating: 0, count: size)
        lows = Array(repeating: 0, count: size)
        values = Array(repeating: -1, count: size)
        mask = size - 1
    }

    @inline(__always)
    private func slot(_ id: TraceID) -> Int {
        let mixed = (id.low ^ (id.high &* 0x9E37_79B9_7F4A_7C15)) &* 0xFF51_AFD7_ED55_8CCD
        return Int(truncatingIfNeeded: mixed >> 20) & mask
    }

    func find(_ id: TraceID) -> Int32? {
        var at = slot(id)
        while values[at] >= 0 {
            if lows[at] == id.low && highs[at] == id.high { return values[at] }
            at = (at + 1) & mask
        }
        return nil
    }

    /// The id's number, or `next` when the id is new (then stored under it).
    mutating func insert(_ id: TraceID, next: Int32) -> (Int32, inserted: Bool) {
        var at = slot(id)
        while values[at] >= 0 {
            if lows[at] == id.low && highs[at] == id.high { return (values[at], false) }
            at = (at + 1) & mask
        }
        highs[at] = id.high
        lows[at] = id.low
        values[at] = next
        count += 1
        if count * 2 > values.count { grow() }
        return (next, true)
    }

    private mutating func grow() {
        let old = (highs, lows, values)
        let size = values.count * 2
        highs = Array(repeating: 0, count: size)
        lows = Array(repeating: 0, count: size)
        values = Array(repeating: -1, count: size)
        mask = size - 1
        for index in 0..<old.2.count where old.2[index] >= 0 {
            var at = slot(TraceID(high: old.0[index], low: old.1[index]))
            while values[at] >= 0 { at = (at + 1) & mask }
            highs[at] = old.0[index]
            lows[at] = old.1[index]
            values[at] = old.2[index]
        }
    }
}
