/// Data for a picture a report can draw where people would rather look than read: a series
/// (latency percentiles, throughput per second), a histogram, a trace waterfall, a service
/// graph. Graders fill it; each reporter draws what it can (HTML as SVG, Markdown the graph
/// as mermaid) and the JSON carries it for anyone else.
public struct Chart: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable {
        case series, histogram, waterfall, graph
    }

    public var kind: Kind
    public var title: String
    /// Unit of the values (`ms`, `req/s`).
    public var unit: String?
    /// series and histogram: the points (x label, value).
    public var points: [Point]?
    /// waterfall: one bar per span.
    public var spans: [Span]?
    /// graph: caller → callee edges.
    public var edges: [Edge]?

    public struct Point: Sendable, Hashable, Codable {
        public var label: String
        public var value: Double
        public init(_ label: String, _ value: Double) {
            self.label = label
            self.value = value
        }
    }

    public struct Span: Sendable, Hashable, Codable {
        public var name: String
        public var service: String
        public var depth: Int
        /// From the trace's start, and length, in the chart's unit.
        public var offset: Double
        public var duration: Double
        public var failed: Bool
        public init(name: String, service: String, depth: Int, offset: Double, duration: Double, failed: Bool) {
            self.name = name
            self.service = service
            self.depth = depth
            self.offset = offset
            self.duration = duration
            self.failed = failed
        }
    }

    public struct Edge: Sendable, Hashable, Codable {
        public var from: String
        public var to: String
        public var label: String?
        public var count: Int?
        public var errors: Int?
        public init(from: String, to: String, label: String? = nil, count: Int? = nil, errors: Int? = nil) {
            self.from = from
            self.to = to
            self.label = label
            self.count = count
            self.errors = errors
        }
    }

    public init(
        kind: Kind, title: String, unit: String? = nil, points: [Point]? = nil, spans: [Span]? = nil,
        edges: [Edge]? = nil
    ) {
        self.kind = kind
        self.title = title
        self.unit = unit
        self.points = points
        self.spans = spans
        self.edges = edges
    }
}
