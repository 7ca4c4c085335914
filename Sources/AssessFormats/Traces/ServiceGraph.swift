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
        // Keyed by the forest's service numbers and the hop, so no name is hashed per call.
        var found: [Int: Edge] = [:]
        let spans = forest.spans
        let services = forest.serviceIndex
        func add(_ caller: Int, _ callee: Int, link: Bool) {
            let from = Int(services[caller])
            let to = Int(services[callee])
            guard from != to else { return }
            let hop: Hop = spans[caller].kind == .producer || spans[callee].kind == .consumer ? .messaging : .call
            let key = (from << 32 | to) << 1 | (hop == .messaging ? 1 : 0)
            let failed = spans[caller].status == .error || spans[callee].status == .error
            if found[key] == nil {
                found[key] = Edge(
                    caller: forest.serviceNames[from], callee: forest.serviceNames[to], hop: hop, calls: 0, errors: 0,
                    viaLinks: 0)
            }
            found[key]!.calls += 1
            if failed { found[key]!.errors += 1 }
            if link { found[key]!.viaLinks += 1 }
        }
        for index in 0..<spans.count {
            let parent = Int(forest.parents[index])
            if parent >= 0 { add(parent, index, link: false) }
            if spans[index].kind == .consumer {
                for link in spans[index].links {
                    if let producer = forest.span(traceID: link.traceID, spanID: link.spanID),
                        spans[producer].kind == .producer, producer != parent
                    {
                        add(producer, index, link: true)
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
