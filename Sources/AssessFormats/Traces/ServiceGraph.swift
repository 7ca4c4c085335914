/// Which service calls which, as the traces show it: every parent–child pair across two
/// services is a call (CLIENT → SERVER, or any pair when a side is not instrumented with
/// kinds), PRODUCER → CONSUMER pairs and consumer links are messaging hops. Errors count calls
/// where either side has status ERROR. Jaeger's dependency view is built the same way.
public struct ServiceGraph: Sendable, Hashable {
    public enum Hop: String, Sendable, Hashable, Comparable {
        case call, messaging

        public static func < (a: Hop, b: Hop) -> Bool { a.rawValue < b.rawValue }
    }

    public struct Edge: Sendable, Hashable {
        public var caller: String
        public var callee: String
        public var hop: Hop
        public var calls: Int
        public var errors: Int
        /// Messaging hops that were joined by a span link rather than by parenthood.
        public var viaLinks: Int
    }

    /// Sorted by caller, callee, hop.
    public var edges: [Edge]

    public init(edges: [Edge] = []) { self.edges = edges }

    public init(_ forest: TraceForest) {
        struct Key: Hashable {
            var caller: String
            var callee: String
            var hop: Hop
        }
        var found: [Key: Edge] = [:]
        func add(_ caller: Span, _ callee: Span, link: Bool) {
            guard caller.service != callee.service else { return }
            let hop: Hop = caller.kind == .producer || callee.kind == .consumer ? .messaging : .call
            let key = Key(caller: caller.service, callee: callee.service, hop: hop)
            var edge =
                found[key]
                ?? Edge(caller: caller.service, callee: callee.service, hop: hop, calls: 0, errors: 0, viaLinks: 0)
            edge.calls += 1
            if caller.status == .error || callee.status == .error { edge.errors += 1 }
            if link { edge.viaLinks += 1 }
            found[key] = edge
        }
        let spans = forest.spans
        for index in 0..<spans.count {
            let parent = Int(forest.parents[index])
            if parent >= 0 { add(spans[parent], spans[index], link: false) }
            if spans[index].kind == .consumer {
                for link in spans[index].links {
                    if let producer = forest.span(traceID: link.traceID, spanID: link.spanID),
                        spans[producer].kind == .producer, producer != parent
                    {
                        add(spans[producer], spans[index], link: true)
                    }
                }
            }
        }
        edges = found.values.sorted { ($0.caller, $0.callee, $0.hop) < ($1.caller, $1.callee, $1.hop) }
    }

    /// Every service that calls or is called.
    public var services: [String] { Array(Set(edges.flatMap { [$0.caller, $0.callee] })).sorted() }

    public func edge(from caller: String, to callee: String) -> Edge? {
        edges.first { $0.caller == caller && $0.callee == callee }
    }
}
