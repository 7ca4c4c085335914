/// Where a trace's time goes: each span's self time (its duration less the time its children
/// cover) and the critical path (the chain of work the end-to-end duration waited on).
extension TraceForest {
    /// The span's duration less the union of its children's intervals, clipped to the span.
    public func selfNanos(of index: Int) -> Int64 {
        let children = self.children(of: index)
        let duration = spans[index].durationNanos
        guard !children.isEmpty else { return duration }
        let (start, end) = (spans[index].startNanos, spans[index].endNanos)
        if children.count == 1 {
            let child = Int(children.first!)
            let covered = min(spans[child].endNanos, end) - max(spans[child].startNanos, start)
            return max(0, duration - max(0, covered))
        }
        var intervals: [(Int64, Int64)] = []
        intervals.reserveCapacity(children.count)
        for child in children {
            let interval = (max(spans[Int(child)].startNanos, start), min(spans[Int(child)].endNanos, end))
            if interval.0 < interval.1 { intervals.append(interval) }
        }
        intervals.sort { $0.0 < $1.0 }
        var covered: Int64 = 0
        var current: (Int64, Int64)?
        for interval in intervals {
            if let open = current, interval.0 <= open.1 {
                current = (open.0, max(open.1, interval.1))
            } else {
                if let open = current { covered += open.1 - open.0 }
                current = interval
            }
        }
        if let open = current { covered += open.1 - open.0 }
        return max(0, duration - covered)
    }

    /// One stretch of the critical path: the span, and how much of the end-to-end time it accounts for.
    public struct PathStep: Sendable, Hashable {
        public var span: Int
        public var nanos: Int64
    }

    /// The critical path from `top` down: walking back from the span's end, the child that
    /// finished last is what the parent waited for; the gaps between are the parent's own time.
    /// Steps are merged per span, in the order the path first reaches them.
    public func criticalPath(from top: Int) -> [PathStep] {
        var raw: [PathStep] = []
        walk(top, until: spans[top].endNanos, depth: 0, into: &raw)
        var order: [Int] = []
        var total: [Int: Int64] = [:]
        for step in raw {
            if total[step.span] == nil { order.append(step.span) }
            total[step.span, default: 0] += step.nanos
        }
        return order.compactMap { total[$0]! > 0 ? PathStep(span: $0, nanos: total[$0]!) : nil }
    }

    private func walk(_ index: Int, until limit: Int64, depth: Int, into steps: inout [PathStep]) {
        let span = spans[index]
        var cursor = min(span.endNanos, limit)
        guard depth < 512 else {
            steps.append(PathStep(span: index, nanos: max(0, cursor - span.startNanos)))
            return
        }
        let children = self.children(of: index).sorted { spans[Int($0)].endNanos > spans[Int($1)].endNanos }
        steps.append(PathStep(span: index, nanos: 0))
        var own: Int64 = 0
        for child in children {
            let c = spans[Int(child)]
            let childEnd = min(c.endNanos, cursor)
            guard childEnd > span.startNanos, c.startNanos < cursor else { continue }
            own += cursor - childEnd
            walk(Int(child), until: childEnd, depth: depth + 1, into: &steps)
            cursor = max(c.startNanos, span.startNanos)
        }
        own += max(0, cursor - span.startNanos)
        steps.append(PathStep(span: index, nanos: own))
    }
}
