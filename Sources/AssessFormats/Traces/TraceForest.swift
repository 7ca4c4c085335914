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
    private let childStart: [Int32]
    private let childList: [Int32]
    /// Per trace, the spans others can name as parent, sorted by span id (ids and indices).
    private let lookupStart: [Int32]
    private let lookupIDs: [UInt64]
    private let lookupIndex: [Int32]
    private let traceByID: [TraceID: Int32]

    public init(_ set: TraceSet) { self.init(spans: set.spans) }

    public init(spans: [Span]) {
        self.spans = spans
        let count = spans.count
        // 1. Traces, in order of first appearance, and each span's trace.
        var traceByID: [TraceID: Int32] = [:]
        var ids: [TraceID] = []
        var traceIndex = [Int32](repeating: 0, count: count)
        var sizes: [Int32] = []
        for index in 0..<count {
            let id = spans[index].traceID
            if let known = traceByID[id] {
                traceIndex[index] = known
                sizes[Int(known)] += 1
            } else {
                let made = Int32(ids.count)
                traceByID[id] = made
                ids.append(id)
                sizes.append(1)
                traceIndex[index] = made
            }
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
        var sorted: [Int32] = []
        for trace in 0..<ids.count {
            lookupStart[trace] = Int32(lookupIDs.count)
            sorted.removeAll(keepingCapacity: true)
            sorted.append(contentsOf: members[Int(memberStart[trace])..<Int(memberStart[trace + 1])])
            sorted.sort { (spans[Int($0)].spanID.value, $0) < (spans[Int($1)].spanID.value, $1) }
            var group = 0
            while group < sorted.count {
                var next = group + 1
                let id = spans[Int(sorted[group])].spanID.value
                while next < sorted.count, spans[Int(sorted[next])].spanID.value == id { next += 1 }
                var primary = sorted[group]
                if next - group > 1 {
                    // Zipkin's shared span: the server half is the child of the client half, and
                    // children naming the id belong to the server half. Anything else is a duplicate.
                    let halves = sorted[group..<next]
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
            for top in roots[trace] + orphans[trace] {
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
                let span = spans[index]
                start = min(start, span.startNanos)
                end = max(end, span.endNanos)
                if depths[index] < 0 {
                    cyclic.append(member)
                    continue
                }
                let parentIndex = Int(parents[index])
                guard parentIndex >= 0 else { continue }
                let parent = spans[parentIndex]
                guard span.startNanos != 0, parent.startNanos != 0 else { continue }
                let waits = !(span.followsFrom || parent.kind == .producer || span.kind == .consumer)
                if span.startNanos < parent.startNanos || (waits && span.endNanos > parent.endNanos) {
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
        guard let trace = traceByID[traceID] else { return nil }
        var low = Int(lookupStart[Int(trace)])
        let limit = Int(lookupStart[Int(trace) + 1])
        var high = limit
        while low < high {
            let middle = (low + high) / 2
            if lookupIDs[middle] < spanID.value { low = middle + 1 } else { high = middle }
        }
        return low < limit && lookupIDs[low] == spanID.value ? Int(lookupIndex[low]) : nil
    }

    public func trace(id: TraceID) -> Trace? { traceByID[id].map { traces[Int($0)] } }

    /// The services a trace passes through, in order of first appearance.
    public func services(of trace: Trace) -> [String] {
        var seen = Set<String>()
        return spans(of: trace).map { spans[Int($0)].service }.filter { seen.insert($0).inserted }
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
