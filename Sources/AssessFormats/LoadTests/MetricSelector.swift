import Foundation

/// A k6 metric with an optional tag filter, as thresholds name it:
/// `http_req_duration`, `http_req_duration{name:/orders}`, `http_reqs{status:200,method:GET}`.
public struct MetricSelector: Sendable, Hashable, CustomStringConvertible {
    public struct Tag: Sendable, Hashable {
        public var key: String
        public var value: String
    }

    public var name: String
    /// In the order written; matching ignores order.
    public var tags: [Tag]

    public init(name: String, tags: [Tag] = []) {
        self.name = name
        self.tags = tags
    }

    public init(parsing text: String) throws(ThresholdSyntaxError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let brace = trimmed.firstIndex(of: "{") else {
            guard !trimmed.isEmpty, !trimmed.contains("}") else {
                throw ThresholdSyntaxError(text: text, reason: "expected a metric name such as 'http_req_duration'")
            }
            self.init(name: trimmed)
            return
        }
        guard trimmed.hasSuffix("}") else {
            throw ThresholdSyntaxError(text: text, reason: "the tag filter is not closed with '}'")
        }
        let name = String(trimmed[..<brace])
        let body = trimmed[trimmed.index(after: brace)..<trimmed.index(before: trimmed.endIndex)]
        var tags: [Tag] = []
        for pair in body.split(separator: ",") {
            guard let colon = pair.firstIndex(of: ":") else {
                throw ThresholdSyntaxError(text: text, reason: "expected 'tag:value' in the filter, found '\(pair)'")
            }
            let key = pair[..<colon].trimmingCharacters(in: .whitespaces)
            let value = pair[pair.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            tags.append(Tag(key: key, value: value))
        }
        guard !name.isEmpty else { throw ThresholdSyntaxError(text: text, reason: "the metric name is missing") }
        self.init(name: name, tags: tags)
    }

    /// Whether a sample with these tags belongs to the selection.
    public func matches(_ lookup: (String) -> String?) -> Bool {
        tags.allSatisfy { lookup($0.key) == $0.value }
    }

    public var description: String {
        tags.isEmpty ? name : "\(name){\(tags.map { "\($0.key):\($0.value)" }.joined(separator: ","))}"
    }
}
